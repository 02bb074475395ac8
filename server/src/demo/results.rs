//! The demo's job results: what `GET /api/v2/parse/{id}?expand=…` and
//! `GET /api/v2/extract/{id}` hold for a finished job, generated on request
//! from the batch's seed and the file's index (never stored: a 2,000-page
//! result costs its pages only while one request is answered).
//!
//! Parse results have 1 to 2,000 pages of plausible Markdown (headings,
//! paragraphs, a table, a list) and its plain text; some jobs have failed
//! pages (`{page_number, error, success: false}`). Extract results follow a
//! small invoice schema, per document (an object) or per page (an array).
//! Only COMPLETED jobs have a result.
//!
//! Fixed for tests, in the newest COMPLETED batch of each job type with at
//! least 20 files (the "results showcase", see [`super::data`]): parse file
//! 6 has 40 pages of which 7 and 23 failed, file 7 hostile HTML in its text,
//! file 8 2,000 pages, file 9 a result too large to send inline; extract
//! file 6 one invoice with nested fields, file 7 one invoice per page.

use super::data::{fnv1a, DemoBatch, Rng};
use batches_core::model::{Job, JobStatus};
use batches_core::result::json::Node;
use batches_core::result::{
    ContentMetadata, ExtractAnswer, MarkdownPage, Pages, ParseAnswer, TextPage,
};

/// The files of the results showcase whose results are fixed.
pub const FIXED_FILES: std::ops::RangeInclusive<u32> = 6..=9;

/// Hostile markup in a parse result: it must show as text.
pub const HOSTILE_MARKDOWN: &str = "# Invoice <script>alert(\"page\")</script>\n\n<img src=x onerror=alert(1)>\n\n[Pay now](javascript:alert(document.cookie)) or <a href=\"javascript:alert(2)\">here</a>";

/// How one parse result is made.
struct Doc {
    pages: u32,
    failed: Vec<u32>,
    hostile: bool,
    too_large: bool,
}

fn rng_for(b: &DemoBatch, file: u32, what: &[u8]) -> Rng {
    Rng::new(fnv1a(&[&b.seed.to_le_bytes(), &file.to_le_bytes(), what]))
}

fn doc(b: &DemoBatch, file: u32) -> Doc {
    let fixed = |pages, failed: &[u32], hostile, too_large| Doc {
        pages,
        failed: failed.to_vec(),
        hostile,
        too_large,
    };
    if b.results_showcase {
        match file {
            6 => return fixed(40, &[7, 23], false, false),
            7 => return fixed(3, &[], true, false),
            8 => return fixed(2_000, &[], false, false),
            9 => return fixed(1_200, &[], false, true),
            _ => {}
        }
    }
    let mut rng = rng_for(b, file, b"pages");
    let pages = if rng.below(25) == 0 {
        100 + rng.below(1_901) as u32
    } else {
        1 + rng.below(30) as u32
    };
    let mut failed = Vec::new();
    if rng.unit() < 0.15 {
        for _ in 0..1 + rng.below(3) {
            failed.push(1 + rng.below(pages as u64) as u32);
        }
        failed.sort_unstable();
        failed.dedup();
    }
    fixed(pages, &failed, false, false)
}

const TOPICS: [&str; 6] = [
    "Payment terms",
    "Scope of services",
    "Delivery schedule",
    "Warranty and liability",
    "Pricing summary",
    "Contact details",
];

const SENTENCES: [&str; 8] = [
    "The supplier shall deliver the goods to the address named in the order within 30 days.",
    "Invoices are payable within 45 days of receipt, by bank transfer to the account below.",
    "Either party may end this agreement with 90 days' written notice.",
    "All amounts are in euros and exclude VAT unless stated otherwise.",
    "Late payments accrue interest at 1.5% per month on the outstanding balance.",
    "The warranty covers defects in materials and workmanship for 24 months.",
    "Questions about this document go to accounts@example.com or +33 4 72 00 00 00.",
    "Quantities below reflect the purchase order of 2 November 2026.",
];

const ITEMS: [(&str, f64); 6] = [
    ("Printer paper A4, 80 g", 4.2),
    ("Toner cartridge, black", 61.0),
    ("Consulting hours", 120.0),
    ("Shipping and handling", 15.5),
    ("Laptop stand", 34.9),
    ("Annual support plan", 480.0),
];

/// Page `n`'s Markdown: a heading, paragraphs, a table and a list.
fn page_markdown(b: &DemoBatch, file: u32, n: u32) -> String {
    let mut rng = Rng::new(fnv1a(&[
        &b.seed.to_le_bytes(),
        &file.to_le_bytes(),
        &n.to_le_bytes(),
    ]));
    let topic = TOPICS[rng.below(6) as usize];
    let mut s = format!("## {n}. {topic}\n\n");
    for _ in 0..2 {
        s.push_str(SENTENCES[rng.below(8) as usize]);
        s.push(' ');
        s.push_str(SENTENCES[rng.below(8) as usize]);
        s.push_str("\n\n");
    }
    s.push_str("| Item | Qty | Amount |\n|---|---:|---:|\n");
    for _ in 0..2 + rng.below(3) {
        let (item, price) = ITEMS[rng.below(6) as usize];
        let qty = 1 + rng.below(12);
        s.push_str(&format!("| {item} | {qty} | {:.2} |\n", price * qty as f64));
    }
    s.push_str("\n- Reference: PO-");
    s.push_str(&format!("{:05}", rng.below(100_000)));
    s.push_str("\n- Status: approved\n");
    s
}

/// The plain text of a page's Markdown, as a parser's text output reads.
fn plain(markdown: &str) -> String {
    markdown
        .lines()
        .filter(|l| !l.starts_with("|---"))
        .map(|l| {
            let l = l.trim_start_matches('#').trim_start();
            let l = l.strip_prefix("- ").unwrap_or(l);
            if l.starts_with('|') {
                l.trim_matches('|')
                    .split('|')
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("    ")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What `GET /api/v2/parse/{id}` answers for `job` (file `file` of `b`)
/// with `expand` = markdown and/or text.
pub fn parse_answer(b: &DemoBatch, file: u32, job: Job, markdown: bool, text: bool) -> ParseAnswer {
    let mut answer = ParseAnswer {
        job,
        markdown: None,
        text: None,
        result_content_metadata: None,
    };
    if answer.job.status != JobStatus::Completed || !(markdown || text) {
        return answer;
    }
    let d = doc(b, file);
    if d.too_large {
        let meta = |kind: &str, size| {
            let url = format!(
                "https://demo-results.invalid/{}/{kind}.json?X-Amz-Signature=demo",
                answer.job.id
            );
            (
                kind.to_string(),
                ContentMetadata {
                    size_bytes: size,
                    exists: Some(true),
                    presigned_url: Some(url),
                },
            )
        };
        let mut m = std::collections::BTreeMap::new();
        if markdown {
            m.extend([meta("markdown", 48_213_504)]);
        }
        if text {
            m.extend([meta("text", 31_457_280)]);
        }
        answer.result_content_metadata = Some(m);
        return answer;
    }
    let mut md_pages = Vec::new();
    let mut text_pages = Vec::new();
    for n in 1..=d.pages {
        if d.failed.contains(&n) {
            md_pages.push(MarkdownPage {
                page_number: n,
                success: Some(false),
                error: Some(format!(
                    "Page {n} could not be parsed: the OCR worker timed out after 120 s"
                )),
                ..MarkdownPage::default()
            });
            continue;
        }
        let md = if d.hostile && n == 1 {
            HOSTILE_MARKDOWN.to_string()
        } else if n == 1 {
            format!("# {}\n\n{}", b.batch.id, page_markdown(b, file, n))
        } else {
            page_markdown(b, file, n)
        };
        text_pages.push(TextPage {
            page_number: n,
            text: if d.hostile && n == 1 {
                md.clone()
            } else {
                plain(&md)
            },
        });
        md_pages.push(MarkdownPage {
            page_number: n,
            markdown: Some(md),
            success: Some(true),
            ..MarkdownPage::default()
        });
    }
    answer.markdown = markdown.then_some(Pages { pages: md_pages });
    answer.text = text.then_some(Pages { pages: text_pages });
    answer
}

/// One invoice as the extraction schema has it.
fn invoice(rng: &mut Rng, page: Option<u32>, nested: bool) -> Node {
    let vendors = [
        "Acme Supplies SARL",
        "Globex GmbH",
        "Initech Ltd",
        "Umbrella <Corp> & Sons",
    ];
    let lines: Vec<Node> = (0..1 + rng.below(4))
        .map(|_| {
            let (item, price) = ITEMS[rng.below(6) as usize];
            let qty = 1 + rng.below(12);
            Node::object([
                ("description", Node::text(item)),
                ("quantity", Node::number(qty as f64)),
                ("unit_price", Node::number(price)),
                (
                    "amount",
                    Node::number((price * qty as f64 * 100.0).round() / 100.0),
                ),
            ])
        })
        .collect();
    let total: f64 = lines
        .iter()
        .filter_map(|l| match l {
            Node::Object(p) => p
                .iter()
                .find(|(k, _)| k == "amount")
                .and_then(|(_, v)| match v {
                    Node::Number(n) => n.as_f64(),
                    _ => None,
                }),
            _ => None,
        })
        .sum();
    let mut pairs = Vec::new();
    if let Some(p) = page {
        pairs.push(("page", Node::number(p as f64)));
    }
    pairs.push(("vendor_name", Node::text(vendors[rng.below(4) as usize])));
    pairs.push((
        "date",
        Node::text(format!(
            "2026-{:02}-{:02}",
            1 + rng.below(11),
            1 + rng.below(28)
        )),
    ));
    pairs.push(("total", Node::number((total * 100.0).round() / 100.0)));
    if nested {
        pairs.push((
            "bill_to",
            Node::object([
                ("name", Node::text("Batches Dashboard Inc.")),
                (
                    "address",
                    Node::object([("city", Node::text("Lyon")), ("country", Node::text("FR"))]),
                ),
            ]),
        ));
    }
    pairs.push(("line_items", Node::Array(lines)));
    Node::object(pairs)
}

/// What `GET /api/v2/extract/{id}` answers for `job` (file `file` of `b`).
pub fn extract_answer(b: &DemoBatch, file: u32, job: Job) -> ExtractAnswer {
    let completed = job.status == JobStatus::Completed;
    let mut rng = rng_for(b, file, b"extract");
    let (per_page, nested) = match (b.results_showcase, file) {
        (true, 6) => (false, true),
        (true, 7) => (true, false),
        _ => (rng.unit() < 0.3, rng.unit() < 0.5),
    };
    let result = completed.then(|| {
        if per_page {
            Node::Array(
                (1..=2 + rng.below(3) as u32)
                    .map(|p| invoice(&mut rng, Some(p), false))
                    .collect(),
            )
        } else {
            invoice(&mut rng, None, nested)
        }
    });
    ExtractAnswer {
        job,
        extract_result: result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::data::generate;
    use crate::demo::jobs;
    use batches_core::model::JobType;
    use batches_core::result::pages::Summary;

    fn showcase(job_type: JobType) -> DemoBatch {
        let all = generate(
            42,
            batches_core::time::parse_rfc3339("2026-11-29T12:00:00Z").unwrap(),
        );
        all.into_iter()
            .find(|b| b.results_showcase && b.batch.job_type() == Some(&job_type))
            .unwrap()
    }

    fn parsed(b: &DemoBatch, i: u32) -> ParseAnswer {
        let job = jobs::file(b, i).unwrap().job.unwrap();
        parse_answer(b, i, job, true, true)
    }

    #[test]
    fn the_fixed_parse_results() {
        let b = showcase(JobType::ParseV2);
        assert_eq!(
            Summary::of(&parsed(&b, 6)).words(),
            "38 of 40 pages parsed · 2 failed"
        );
        let hostile = parsed(&b, 7);
        assert_eq!(
            hostile.markdown.unwrap().pages[0].markdown.as_deref(),
            Some(HOSTILE_MARKDOWN)
        );
        let big = parsed(&b, 8);
        assert_eq!(big.markdown.as_ref().unwrap().pages.len(), 2_000);
        assert_eq!(big.text.as_ref().unwrap().pages.len(), 2_000);
        assert!(big.markdown.unwrap().pages[1]
            .markdown
            .as_ref()
            .unwrap()
            .contains("| Item | Qty | Amount |"));
        let large = parsed(&b, 9);
        assert!(large.markdown.is_none() && large.result_content_metadata.is_some());
    }

    #[test]
    fn results_are_deterministic_and_only_for_completed_jobs() {
        let b = showcase(JobType::ParseV2);
        assert_eq!(parsed(&b, 12), parsed(&b, 12));
        for i in 0..b.file_count.min(60) {
            let Some(job) = jobs::file(&b, i).and_then(|f| f.job) else {
                continue;
            };
            let done = job.status == JobStatus::Completed;
            let a = parse_answer(&b, i, job, true, false);
            assert_eq!(
                a.markdown.is_some() || a.result_content_metadata.is_some(),
                done,
                "file {i}"
            );
            assert!(a.text.is_none(), "text only when asked for");
        }
    }

    #[test]
    fn the_fixed_extract_results() {
        let b = showcase(JobType::ExtractV2);
        let job = |i| jobs::file(&b, i).unwrap().job.unwrap();
        let one = extract_answer(&b, 6, job(6)).extract_result.unwrap();
        let Node::Object(pairs) = &one else {
            panic!("{one:?}")
        };
        let keys: Vec<_> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["vendor_name", "date", "total", "bill_to", "line_items"]
        );
        let per_page = extract_answer(&b, 7, job(7)).extract_result.unwrap();
        assert!(matches!(per_page, Node::Array(ref p) if p.len() >= 2));
    }
}
