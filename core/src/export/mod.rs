//! Exports as files: the filtered batch list (every page, not the one shown)
//! and one batch's per-file results, as CSV or JSON.
//!
//! Pure, with no web code, so the CSV rules, the file names and the paging
//! loop (cap included) are tested natively. The browser side is in
//! the app's `browser::download` (saving) and `hooks::use_list_export`
//! (driving the requests).
//!
//! CSV follows RFC 4180 (header row, CRLF, quoted fields with doubled
//! quotes), and every cell a spreadsheet would read as a formula is
//! neutralised, because exported API text (error messages, ids typed by
//! someone) must never run in the reader's spreadsheet.

mod cells;
mod names;
mod paging;
mod rows;

pub use cells::{csv, csv_cell, neutralise, quote_field};
pub use names::{
    file_name, file_stamp, file_view_summary, files_file_name, filter_summary, safe_name_part,
};
pub use paging::{cap_notice, BatchExport, Progress};
pub use rows::{
    batch_cells, batches_csv, batches_json, files_csv, files_json, BATCH_COLUMNS, FILE_COLUMNS,
};

/// Rows asked for per request while exporting, whatever the view's page
/// size: fewer round trips, and well under the API's limits.
pub const EXPORT_PAGE_SIZE: u32 = 200;
/// The most batches one export collects; beyond this a browser tab holds
/// too much and a spreadsheet becomes unwieldy. Narrower filters get the rest.
pub const MAX_EXPORT: usize = 10_000;
/// Longest file name built here, extension included. Well under the 255
/// bytes file systems allow, so a browser never shortens it on its own.
pub const MAX_FILE_NAME_LEN: usize = 150;

/// The two file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }

    /// The Blob's media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json",
        }
    }

    /// How people name it: "CSV", "JSON".
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api_error::ApiError;
    use crate::detail_filters::{FileFilter, FileView};
    use crate::filters::{self, Filters};
    use crate::model::{Batch, BatchPage, FileResult};
    use crate::model::{BatchConfig, BatchStatus, JobConfig, JobReference, JobStatus, JobType};
    use crate::outcome::Outcome;
    use crate::span::{Span, Unit};
    use crate::time::parse_rfc3339;
    use crate::time::Instant;

    fn t(s: &str) -> Instant {
        parse_rfc3339(s).unwrap()
    }

    /// A minimal RFC 4180 reader: the test's independent check of the writer.
    /// Refuses anything the RFC does not allow (a bare quote inside an
    /// unquoted field, text after a closing quote, a lone CR or LF).
    fn read_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = s.chars().peekable();
        let mut at_field_start = true;
        while let Some(c) = chars.next() {
            match c {
                '"' if at_field_start => {
                    loop {
                        match chars.next().expect("unterminated quoted field") {
                            '"' if chars.peek() == Some(&'"') => {
                                chars.next();
                                field.push('"');
                            }
                            '"' => break,
                            other => field.push(other),
                        }
                    }
                    assert!(
                        matches!(chars.peek(), Some(',') | Some('\r') | None),
                        "text after a closing quote"
                    );
                    at_field_start = false;
                }
                '"' => panic!("bare quote inside an unquoted field"),
                ',' => {
                    row.push(std::mem::take(&mut field));
                    at_field_start = true;
                }
                '\r' => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                    at_field_start = true;
                }
                '\n' => panic!("LF without CR"),
                other => {
                    field.push(other);
                    at_field_start = false;
                }
            }
        }
        assert!(field.is_empty() && row.is_empty(), "last line lacks CRLF");
        rows
    }

    fn batch(id: &str) -> Batch {
        Batch {
            id: id.into(),
            config: Some(BatchConfig {
                job: Some(JobConfig {
                    configuration_id: Some("cfg-1".into()),
                    job_type: Some(JobType::ParseV2),
                }),
            }),
            project_id: Some("prj-1".into()),
            source_directory_id: Some("dir-1".into()),
            status: Some(BatchStatus::Failed),
            created_at: Some("2026-11-20T09:43:00.117Z".into()),
            updated_at: Some("2026-11-20T09:48:00.117Z".into()),
            results: None,
        }
    }

    #[test]
    fn quotes_only_what_needs_quoting() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("line1\nline2"), "\"line1\nline2\"");
        assert_eq!(csv_cell("line1\r\nline2"), "\"line1\r\nline2\"");
        assert_eq!(csv_cell("ünï©ødé ✓ 文件"), "ünï©ødé ✓ 文件");
        assert_eq!(csv_cell("ünï, ©"), "\"ünï, ©\"");
        assert_eq!(csv_cell("tab\tinside"), "tab\tinside");
    }

    #[test]
    fn formula_leading_cells_are_neutralised() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1+1"), "'-1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tcmd"), "'\tcmd");
        // A leading CR is neutralised and then quoted, as any CR is.
        assert_eq!(csv_cell("\r=1"), "\"'\r=1\"");
        // Quoting applies after neutralising: the quote goes inside.
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
    }

    #[test]
    fn characters_later_in_a_cell_are_left_alone() {
        for s in [
            "2026-11-20T09:43:00.117Z",
            "2026-11-20T09:43:00+01:00",
            "bat-0000000000000001",
            "a=b",
            "x+y",
            "mail@example.com",
            "1-2",
            " =not first",
            "'=already quoted",
        ] {
            assert_eq!(csv_cell(s), s, "{s:?}");
        }
    }

    #[test]
    fn header_row_and_crlf_endings() {
        let out = batches_csv(&[batch("bat-1")]);
        assert_eq!(
            out,
            "id,status,job_type,configuration_id,project_id,source_directory_id,created_at,updated_at\r\n\
             bat-1,FAILED,parse_v2,cfg-1,prj-1,dir-1,2026-11-20T09:43:00.117Z,2026-11-20T09:48:00.117Z\r\n"
        );
        assert_eq!(batches_csv(&[]), format!("{}\r\n", BATCH_COLUMNS.join(",")));
        let bare = Batch {
            id: "bat-2".into(),
            ..Batch::default()
        };
        assert_eq!(batches_csv(&[bare]).lines().nth(1), Some("bat-2,,,,,,,"));
    }

    #[test]
    fn hostile_batches_round_trip_through_a_strict_reader() {
        let nasty = [
            "=cmd|' /C calc'!A0",
            "+1",
            "-1+1",
            "@SUM(A1)",
            "\tlead",
            "\rlead",
            "comma, \"quotes\" and\r\nnewlines\nand\rcarriage",
            "ünï©ødé ✓ 文件 🙂",
            "",
            "trailing,",
            "\"",
        ];
        let batches: Vec<Batch> = nasty
            .iter()
            .enumerate()
            .map(|(i, s)| Batch {
                id: format!("bat-{i}"),
                config: Some(BatchConfig {
                    job: Some(JobConfig {
                        configuration_id: Some(s.to_string()),
                        job_type: Some(JobType::Other(s.to_string())),
                    }),
                }),
                project_id: Some(s.to_string()),
                status: Some(BatchStatus::Other(s.to_string())),
                created_at: Some("2026-11-20T09:43:00.117Z".into()),
                ..Batch::default()
            })
            .collect();
        let rows = read_csv(&batches_csv(&batches));
        assert_eq!(rows.len(), batches.len() + 1);
        assert_eq!(rows[0], BATCH_COLUMNS);
        for (b, row) in batches.iter().zip(&rows[1..]) {
            let want: Vec<String> = batch_cells(b)
                .iter()
                .map(|c| neutralise(c).into_owned())
                .collect();
            assert_eq!(row, &want, "{}", b.id);
        }
        // The neutralised cells read back as the API's text behind a `'`.
        assert_eq!(rows[1][3], "'=cmd|' /C calc'!A0");
        assert_eq!(
            rows[7][3],
            "comma, \"quotes\" and\r\nnewlines\nand\rcarriage"
        );
        assert_eq!(rows[8][4], "ünï©ødé ✓ 文件 🙂");
        assert_eq!(rows[1][6], "2026-11-20T09:43:00.117Z");
    }

    #[test]
    fn json_is_the_batches_as_sent_and_reads_back() {
        let batches = vec![
            batch("bat-1"),
            Batch {
                id: "bat-2".into(),
                status: Some(BatchStatus::Other("ARCHIVED".into())),
                ..Batch::default()
            },
        ];
        let json = batches_json(&batches);
        let back: Vec<Batch> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, batches);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v[0]["config"]["job"]["type"], "parse_v2");
        assert_eq!(v[1]["status"], "ARCHIVED");
        assert_eq!(batches_json(&[]), "[]");
    }

    fn results() -> Vec<FileResult> {
        vec![
            FileResult {
                source_directory_file_id: Some("dfl-1".into()),
                error_message: None,
                job_reference: Some(JobReference {
                    id: "pjb-1".into(),
                    job_type: Some(JobType::ParseV2),
                }),
            },
            FileResult {
                source_directory_file_id: Some("dfl-2".into()),
                error_message: Some("=1+1, \"bad\"\nfile".into()),
                job_reference: None,
            },
            FileResult {
                source_directory_file_id: Some("dfl-3".into()),
                error_message: Some("timeout".into()),
                job_reference: Some(JobReference {
                    id: "ejb-3".into(),
                    job_type: None,
                }),
            },
            FileResult::default(),
        ]
    }

    fn outcomes() -> Vec<Outcome> {
        vec![
            Outcome::Job {
                status: JobStatus::Completed,
                error: None,
                credits: Some(2.5),
            },
            Outcome::NoJob {
                error: Some("=1+1, \"bad\"\nfile".into()),
            },
            Outcome::Job {
                status: JobStatus::Failed,
                error: Some("-schema field 'total' missing, <img src=x>".into()),
                credits: Some(1.0),
            },
            Outcome::NoJob { error: None },
        ]
    }

    #[test]
    fn file_results_as_csv() {
        let names = |id: &str| (id == "dfl-1").then(|| "@report, final.pdf".to_string());
        let rows = read_csv(&files_csv(&results(), &outcomes(), names));
        assert_eq!(rows[0], FILE_COLUMNS);
        assert_eq!(
            rows[1],
            [
                "dfl-1",
                "'@report, final.pdf",
                "COMPLETED",
                "",
                "pjb-1",
                "parse_v2",
                "COMPLETED",
                "",
                "2.5"
            ]
        );
        assert_eq!(
            rows[2],
            [
                "dfl-2",
                "",
                "No job",
                "'=1+1, \"bad\"\nfile",
                "",
                "",
                "",
                "",
                ""
            ]
        );
        assert_eq!(
            rows[3],
            [
                "dfl-3",
                "",
                "FAILED",
                "timeout",
                "ejb-3",
                "",
                "FAILED",
                "'-schema field 'total' missing, <img src=x>",
                "1"
            ]
        );
        assert_eq!(rows[4], ["", "", "No job", "", "", "", "", "", ""]);
        assert_eq!(
            files_csv(&[], &[], |_| None),
            format!("{}\r\n", FILE_COLUMNS.join(","))
        );
    }

    #[test]
    fn file_results_as_json() {
        let json = files_json(&results(), &outcomes(), |id| Some(format!("{id}.pdf")));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 4);
        assert_eq!(
            v[0],
            serde_json::json!({
                "source_directory_file_id": "dfl-1", "display_name": "dfl-1.pdf",
                "outcome": "COMPLETED", "error_message": null,
                "job_id": "pjb-1", "job_type": "parse_v2",
                "job_status": "COMPLETED", "job_error": null, "credits": 2.5
            })
        );
        assert_eq!(
            v[1]["error_message"], "=1+1, \"bad\"\nfile",
            "JSON keeps text exact"
        );
        assert_eq!(
            v[2]["job_error"],
            "-schema field 'total' missing, <img src=x>"
        );
        assert_eq!(v[2]["job_status"], "FAILED");
        assert_eq!(v[3]["source_directory_file_id"], serde_json::Value::Null);
        assert_eq!(v[3]["display_name"], serde_json::Value::Null);
        assert_eq!(v[3]["credits"], serde_json::Value::Null);
    }

    #[test]
    fn the_export_holds_the_files_shown_with_their_outcomes() {
        let view = crate::detail_filters::parse("files=failed").view;
        let (shown, their) =
            crate::detail_filters::select(&results(), &outcomes(), &view, |_| None);
        let rows = read_csv(&files_csv(&shown, &their, |_| None));
        let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            ids,
            ["dfl-2", "dfl-3"],
            "the mapping error and the FAILED job"
        );
        assert_eq!(rows[2][6], "FAILED");
        let with_cause = crate::detail_filters::parse("files=failed&cause=0123456789ab").view;
        assert_eq!(
            file_view_summary(&with_cause),
            "files-failed_cause-0123456789ab"
        );
    }

    #[test]
    fn file_names_carry_filters_and_time() {
        let at = t("2026-11-29T12:00:00.750Z");
        let f = Filters {
            status: Some(BatchStatus::Failed),
            project_id: Some("prj-1".into()),
            created_within: Some(Span::new(24, Unit::Hours)),
            page_size: Some(50),
            page_token: Some("abc".into()),
            ..Filters::default()
        };
        assert_eq!(
            file_name(&f, at, Format::Csv),
            "batches_status-FAILED_project-prj-1_created-within-24h_2026-11-29T12-00-00Z.csv"
        );
        assert_eq!(
            file_name(&Filters::default(), at, Format::Json),
            "batches_all_2026-11-29T12-00-00Z.json"
        );
        let dated = Filters {
            created_at_on_or_after: Some(t("2026-11-01T00:00:00Z")),
            created_at_on_or_before: Some(t("2026-11-20T23:59:59.999Z")),
            organization_id: Some("org:7".into()),
            source_directory_id: Some("dir_9".into()),
            ..Filters::default()
        };
        assert_eq!(
            file_name(&dated, at, Format::Csv),
            "batches_org-org-7_dir-dir_9_created-from-2026-11-01_created-to-2026-11-20\
             _2026-11-29T12-00-00Z.csv"
        );
        let timed = Filters {
            created_at_on_or_after: Some(t("2026-11-01T08:30:15.250Z")),
            ..Filters::default()
        };
        assert_eq!(
            file_name(&timed, at, Format::Csv),
            "batches_created-from-2026-11-01T08-30-15Z_2026-11-29T12-00-00Z.csv"
        );
        assert_eq!(
            files_file_name("bat-1", &FileView::default(), at, Format::Json),
            "batch_bat-1_files-all_2026-11-29T12-00-00Z.json"
        );
        let failed = FileView {
            files: FileFilter::Failed,
            cause: None,
            q: Some("  timed  Out ".into()),
            refresh: None,
        };
        assert_eq!(
            files_file_name("bat-1", &failed, at, Format::Csv),
            "batch_bat-1_files-failed_q-timed-Out_2026-11-29T12-00-00Z.csv"
        );
        let ok = FileView {
            files: FileFilter::Succeeded,
            cause: None,
            q: None,
            refresh: None,
        };
        assert_eq!(
            files_file_name("bat-1", &ok, at, Format::Csv),
            "batch_bat-1_files-ok_2026-11-29T12-00-00Z.csv"
        );
        assert_eq!(
            file_view_summary(&FileView::default().with_search("invoice")),
            "files-all_q-invoice"
        );
    }

    #[test]
    fn file_names_use_only_safe_characters_and_are_capped() {
        let at = t("2026-11-29T12:00:00Z");
        let safe = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        };
        let odd = Filters {
            project_id: Some("../a/b c\\d:é\"<>|*?\0".into()),
            ..Filters::default()
        };
        let name = file_name(&odd, at, Format::Csv);
        assert!(safe(&name), "{name}");
        assert!(!name.contains('/') && !name.contains('\\'));
        assert!(
            name.starts_with("batches_project-..-a-b-c-d_2026"),
            "{name}"
        );
        let long = Filters {
            status: Some(BatchStatus::Completed),
            project_id: Some("p".repeat(200)),
            organization_id: Some("o".repeat(200)),
            ..Filters::default()
        };
        for format in [Format::Csv, Format::Json] {
            let name = file_name(&long, at, format);
            assert!(name.len() <= MAX_FILE_NAME_LEN, "{} {name}", name.len());
            assert!(safe(&name));
            assert!(name.starts_with("batches_status-COMPLETED_project-ppp"));
            assert!(name.ends_with(&format!("_2026-11-29T12-00-00Z.{}", format.extension())));
        }
        let id = format!("bat-{}", "x".repeat(300));
        let name = files_file_name(&id, &FileView::default(), at, Format::Csv);
        assert!(name.len() <= MAX_FILE_NAME_LEN && safe(&name), "{name}");
        // A search is text someone typed: any character, any length.
        let odd = FileView {
            files: FileFilter::Failed,
            cause: None,
            q: Some(format!("../é \"<b>\"\0 {}", "q".repeat(300))),
            refresh: None,
        };
        let name = files_file_name("bat-1", &odd, at, Format::Json);
        assert!(name.len() <= MAX_FILE_NAME_LEN && safe(&name), "{name}");
        assert!(name.starts_with("batch_bat-1_files-failed_q-..-"), "{name}");
        assert!(name.ends_with("qqq_2026-11-29T12-00-00Z.json"), "{name}");
        // Shortening never leaves a dangling separator before the stamp.
        let cut = Filters {
            project_id: Some(format!("{}-_-_-_-_-_-_-_-", "p".repeat(61))),
            ..Filters::default()
        };
        assert!(file_name(&cut, at, Format::Csv).contains("ppp_2026"));
    }

    fn page(ids: std::ops::Range<usize>, next: Option<&str>, total: Option<u64>) -> BatchPage {
        BatchPage {
            items: ids.map(|i| batch(&format!("bat-{i}"))).collect(),
            next_page_token: next.map(String::from),
            total_size: total,
        }
    }

    fn query(path: &str) -> Vec<(String, String)> {
        crate::query::parse_pairs(path.split_once('?').unwrap().1)
    }

    #[test]
    fn pages_are_followed_with_one_resolved_instant() {
        let view = Filters {
            status: Some(BatchStatus::Failed),
            created_within: Some(Span::new(24, Unit::Hours)),
            page_size: Some(20),
            page_token: Some("a-cursor-from-the-view".into()),
            tz: filters::Zone::Utc,
            ..Filters::default()
        };
        let mut e = BatchExport::new(&view, t("2026-11-29T12:00:00Z"), MAX_EXPORT);
        assert_eq!(e.progress(), Progress { done: 0, of: None });
        assert_eq!(
            e.next_path().unwrap(),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T12:00:00Z&page_size=200"
        );
        e.accept(page(0..200, Some("t1"), Some(450))).unwrap();
        assert_eq!(
            e.progress(),
            Progress {
                done: 200,
                of: Some(450)
            }
        );
        assert_eq!(
            e.next_path().unwrap(),
            "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-28T12:00:00Z&page_size=200&page_token=t1"
        );
        e.accept(page(200..400, Some("t2"), None)).unwrap();
        let last = e.next_path().unwrap();
        assert_eq!(
            query(&last)
                .iter()
                .find(|(k, _)| k == "created_at_on_or_after")
                .unwrap()
                .1,
            "2026-11-28T12:00:00Z",
            "every page asks about the same instant"
        );
        e.accept(page(400..450, Some(""), Some(450))).unwrap();
        assert!(e.next_path().is_none());
        assert_eq!(e.next_path(), None);
        assert!(!e.capped());
        assert_eq!(e.batches().len(), 450);
        assert_eq!(e.batches()[449].id, "bat-449");
        assert_eq!(
            e.progress(),
            Progress {
                done: 450,
                of: Some(450)
            }
        );
        assert_eq!(e.at(), t("2026-11-29T12:00:00Z"));
    }

    #[test]
    fn the_cap_stops_the_export_and_says_so() {
        let view = Filters::default();
        // Cap inside a page.
        let mut e = BatchExport::new(&view, Instant(0), 5);
        e.accept(page(0..3, Some("t1"), Some(100))).unwrap();
        assert_eq!(
            e.progress(),
            Progress {
                done: 3,
                of: Some(5)
            }
        );
        e.accept(page(3..6, Some("t2"), Some(100))).unwrap();
        assert!(e.next_path().is_none() && e.capped());
        assert_eq!(e.next_path(), None);
        assert_eq!(e.batches().len(), 5);
        assert_eq!(e.batches()[4].id, "bat-4");
        // Cap at a page's end with more pages behind it.
        let mut e = BatchExport::new(&view, Instant(0), 6);
        e.accept(page(0..3, Some("t1"), None)).unwrap();
        e.accept(page(3..6, Some("t2"), None)).unwrap();
        assert!(e.next_path().is_none() && e.capped());
        // Exactly the cap, and nothing more: not cut short.
        let mut e = BatchExport::new(&view, Instant(0), 6);
        e.accept(page(0..3, Some("t1"), Some(6))).unwrap();
        e.accept(page(3..6, None, Some(6))).unwrap();
        assert!(e.next_path().is_none() && !e.capped());
        // The real cap is 50 full pages.
        let mut e = BatchExport::new(&view, Instant(0), MAX_EXPORT);
        let mut requests = 0;
        while e.next_path().is_some() {
            let from = requests * EXPORT_PAGE_SIZE as usize;
            requests += 1;
            e.accept(page(
                from..from + EXPORT_PAGE_SIZE as usize,
                Some(&format!("t{requests}")),
                Some(24_000),
            ))
            .unwrap();
        }
        assert_eq!(requests, 50);
        assert!(e.capped());
        assert_eq!(
            e.progress(),
            Progress {
                done: 10_000,
                of: Some(10_000)
            }
        );
        assert_eq!(
            cap_notice(MAX_EXPORT),
            "Export stopped at 10,000 batches; narrow the filters to export the rest."
        );
    }

    #[test]
    fn a_repeated_cursor_fails_instead_of_looping() {
        let mut e = BatchExport::new(&Filters::default(), Instant(0), MAX_EXPORT);
        e.accept(page(0..2, Some("same"), None)).unwrap();
        let err = e.accept(page(2..4, Some("same"), None)).unwrap_err();
        assert!(matches!(err, ApiError::Malformed(_)));
        assert!(e.next_path().is_none());
    }

    #[test]
    fn progress_labels() {
        assert_eq!(
            Progress {
                done: 1200,
                of: Some(2400)
            }
            .label(),
            "1,200 of 2,400 batches"
        );
        assert_eq!(
            Progress {
                done: 200,
                of: None
            }
            .label(),
            "200 batches so far"
        );
        assert_eq!(Progress { done: 1, of: None }.label(), "1 batch so far");
        // An estimate smaller than what arrived never shows "300 of 250".
        let mut e = BatchExport::new(&Filters::default(), Instant(0), MAX_EXPORT);
        e.accept(page(0..300, Some("t"), Some(250))).unwrap();
        assert_eq!(e.progress().of, Some(300));
    }
}
