//! A parse result's pages as the panel lists them: in page order, each with
//! its text or its error, in the Markdown or the plain-text view, and the
//! line that sums them up ("38 of 40 pages parsed · 2 failed").
//!
//! A COMPLETED parse job can hold failed pages (`success: false` entries of
//! `markdown.pages`). The plain text has no failure entries of its own, so a
//! page's failure always comes from the Markdown pages, in both views.

use super::{MarkdownPage, ParseAnswer};
use crate::text;
use std::collections::BTreeMap;

/// Which text of the pages is shown (`view=text` in the URL; Markdown by default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    #[default]
    Markdown,
    Text,
}

/// One page as listed: its number and its text, or why it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub number: u32,
    pub body: Result<String, String>,
}

/// Every page of `answer` in page order, in `mode`'s text. A page the API
/// lists in neither form is not made up; a failed page shows its error.
pub fn list(answer: &ParseAnswer, mode: Mode) -> Vec<Page> {
    let mut by_number: BTreeMap<u32, Result<String, String>> = BTreeMap::new();
    let markdown = answer.markdown.as_ref().map(|m| m.pages.as_slice());
    for p in markdown.unwrap_or_default() {
        let body = if p.failed() {
            Err(failure_text(p))
        } else {
            Ok(with_header_footer(p))
        };
        match (mode, &body) {
            (Mode::Markdown, _) | (Mode::Text, Err(_)) => {
                by_number.insert(p.page_number, body);
            }
            _ => {}
        }
    }
    if mode == Mode::Text {
        for p in answer
            .text
            .as_ref()
            .map(|t| t.pages.as_slice())
            .unwrap_or_default()
        {
            by_number
                .entry(p.page_number)
                .or_insert_with(|| Ok(p.text.clone()));
        }
    }
    by_number
        .into_iter()
        .map(|(number, body)| Page { number, body })
        .collect()
}

fn failure_text(p: &MarkdownPage) -> String {
    p.error
        .clone()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "The API marked this page as failed without saying why.".into())
}

/// A page's Markdown with its running header and footer, as the document has them.
fn with_header_footer(p: &MarkdownPage) -> String {
    let parts = [
        p.header.as_deref(),
        p.markdown.as_deref(),
        p.footer.as_deref(),
    ];
    let kept: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    kept.join("\n\n")
}

/// How many pages a parse result has and which of them failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: u64,
    /// Page numbers of the failed pages, in order.
    pub failed: Vec<u32>,
}

impl Summary {
    /// The pages of `answer`: the Markdown pages, else the text pages.
    pub fn of(answer: &ParseAnswer) -> Self {
        match &answer.markdown {
            Some(m) => {
                let mut failed: Vec<u32> = m
                    .pages
                    .iter()
                    .filter(|p| p.failed())
                    .map(|p| p.page_number)
                    .collect();
                failed.sort_unstable();
                Summary {
                    total: m.pages.len() as u64,
                    failed,
                }
            }
            None => Summary {
                total: answer.text.as_ref().map_or(0, |t| t.pages.len() as u64),
                failed: Vec::new(),
            },
        }
    }

    /// "38 of 40 pages parsed · 2 failed"; without failures "40 of 40 pages parsed".
    pub fn words(&self) -> String {
        let parsed = self.total - self.failed.len() as u64;
        let mut s = format!(
            "{} of {} parsed",
            text::thousands(parsed),
            text::count(self.total, "page", "pages")
        );
        if !self.failed.is_empty() {
            s.push_str(&format!(
                " · {} failed",
                text::thousands(self.failed.len() as u64)
            ));
        }
        s
    }

    /// What a file's row says beside its outcome: "2 pages failed"; `None`
    /// when every page parsed (a COMPLETED file is not a failed file).
    pub fn row_badge(&self) -> Option<String> {
        (!self.failed.is_empty()).then(|| {
            format!(
                "{} failed",
                text::count(self.failed.len() as u64, "page", "pages")
            )
        })
    }
}

/// The whole result as one document to download: every page in order,
/// separated by a line naming the page (failed pages name their error), in
/// `mode`'s text.
pub fn document(pages: &[Page], mode: Mode) -> String {
    let mut out = String::new();
    for p in pages {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let head = match mode {
            Mode::Markdown => format!("<!-- Page {} -->\n\n", p.number),
            Mode::Text => format!("--- Page {} ---\n\n", p.number),
        };
        out.push_str(&head);
        match &p.body {
            Ok(t) => out.push_str(t),
            Err(e) => out.push_str(&format!("[Page {} failed: {e}]", p.number)),
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Pages, TextPage};
    use super::*;
    use crate::model::{Job, JobStatus};

    fn job() -> Job {
        serde_json::from_str(r#"{"id":"pjb-1","project_id":"prj-1","status":"COMPLETED"}"#).unwrap()
    }

    fn answer(n: u32, failed: &[u32]) -> ParseAnswer {
        let pages = (1..=n)
            .map(|i| {
                if failed.contains(&i) {
                    MarkdownPage {
                        page_number: i,
                        success: Some(false),
                        error: Some(format!("OCR timed out on page {i}")),
                        ..MarkdownPage::default()
                    }
                } else {
                    MarkdownPage {
                        page_number: i,
                        markdown: Some(format!("# Page {i}\n\nBody {i}")),
                        success: Some(true),
                        ..MarkdownPage::default()
                    }
                }
            })
            .collect();
        let text = (1..=n)
            .filter(|i| !failed.contains(i))
            .map(|i| TextPage {
                page_number: i,
                text: format!("Page {i} Body {i}"),
            })
            .collect();
        ParseAnswer {
            job: job(),
            markdown: Some(Pages { pages }),
            text: Some(Pages { pages: text }),
            result_content_metadata: None,
        }
    }

    #[test]
    fn the_summary_line_and_the_rows_badge() {
        let s = Summary::of(&answer(40, &[23, 7]));
        assert_eq!(s.failed, [7, 23]);
        assert_eq!(s.words(), "38 of 40 pages parsed · 2 failed");
        assert_eq!(s.row_badge().as_deref(), Some("2 pages failed"));
        let one = Summary::of(&answer(1, &[1]));
        assert_eq!(one.words(), "0 of 1 page parsed · 1 failed");
        assert_eq!(one.row_badge().as_deref(), Some("1 page failed"));
        let clean = Summary::of(&answer(2_000, &[]));
        assert_eq!(clean.words(), "2,000 of 2,000 pages parsed");
        assert_eq!(clean.row_badge(), None, "nothing failed: no badge");
        assert_eq!(job().status, JobStatus::Completed);
    }

    #[test]
    fn failed_pages_stay_where_they_belong_in_both_views() {
        let a = answer(4, &[3]);
        for mode in [Mode::Markdown, Mode::Text] {
            let pages = list(&a, mode);
            let numbers: Vec<u32> = pages.iter().map(|p| p.number).collect();
            assert_eq!(numbers, [1, 2, 3, 4], "{mode:?}");
            assert_eq!(pages[2].body, Err("OCR timed out on page 3".into()));
        }
        assert_eq!(
            list(&a, Mode::Markdown)[0].body,
            Ok("# Page 1\n\nBody 1".into())
        );
        assert_eq!(list(&a, Mode::Text)[0].body, Ok("Page 1 Body 1".into()));
    }

    #[test]
    fn header_footer_and_a_failure_without_words() {
        let mut a = answer(2, &[]);
        let pages = &mut a.markdown.as_mut().unwrap().pages;
        pages[0].header = Some("ACME Corp — Confidential".into());
        pages[0].footer = Some("Page 1 of 2".into());
        pages[1] = MarkdownPage {
            page_number: 2,
            success: Some(false),
            ..MarkdownPage::default()
        };
        let l = list(&a, Mode::Markdown);
        assert_eq!(
            l[0].body,
            Ok("ACME Corp — Confidential\n\n# Page 1\n\nBody 1\n\nPage 1 of 2".into())
        );
        assert!(l[1]
            .body
            .as_ref()
            .unwrap_err()
            .contains("without saying why"));
    }

    #[test]
    fn the_download_holds_every_page_in_order() {
        let a = answer(3, &[2]);
        let md = document(&list(&a, Mode::Markdown), Mode::Markdown);
        assert_eq!(
            md,
            "<!-- Page 1 -->\n\n# Page 1\n\nBody 1\n\n<!-- Page 2 -->\n\n[Page 2 failed: OCR timed out on page 2]\n\n<!-- Page 3 -->\n\n# Page 3\n\nBody 3\n"
        );
        let txt = document(&list(&a, Mode::Text), Mode::Text);
        assert!(txt.starts_with("--- Page 1 ---\n\nPage 1 Body 1\n\n--- Page 2 ---"));
    }

    #[test]
    fn only_text_pages() {
        let mut a = answer(3, &[]);
        a.markdown = None;
        assert_eq!(Summary::of(&a).words(), "3 of 3 pages parsed");
        assert!(list(&a, Mode::Markdown).is_empty());
        assert_eq!(list(&a, Mode::Text).len(), 3);
    }
}
