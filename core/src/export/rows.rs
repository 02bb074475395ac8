//! What a row of each export holds: batches, and one batch's files with
//! their job outcomes.

use super::cells::csv;
use crate::model::{Batch, FileResult};
use crate::outcome::Outcome;
use serde::Serialize;

/// The batch CSV's columns, in order.
pub const BATCH_COLUMNS: [&str; 8] = [
    "id",
    "status",
    "job_type",
    "configuration_id",
    "project_id",
    "source_directory_id",
    "created_at",
    "updated_at",
];

/// One batch as CSV cells (before escaping); absent values are empty.
pub fn batch_cells(b: &Batch) -> [String; 8] {
    let text = |v: Option<&str>| v.unwrap_or_default().to_string();
    [
        b.id.clone(),
        text(b.status.as_ref().map(|s| s.as_str())),
        text(b.job_type().map(|t| t.as_str())),
        text(b.configuration_id()),
        text(b.project_id.as_deref()),
        text(b.source_directory_id.as_deref()),
        text(b.created_at.as_deref()),
        text(b.updated_at.as_deref()),
    ]
}

/// The batch list as CSV ([`BATCH_COLUMNS`]).
pub fn batches_csv(batches: &[Batch]) -> String {
    csv(&BATCH_COLUMNS, batches.iter().map(batch_cells))
}

/// The batch list as a pretty JSON array of the batches as the API sent
/// them (reading it back with serde gives the same `Vec<Batch>`).
pub fn batches_json(batches: &[Batch]) -> String {
    // Serialising these types cannot fail: every map key is a string.
    serde_json::to_string_pretty(batches).unwrap_or_default()
}

/// The per-file CSV's columns, in order: the batch's view of each file,
/// then its job's own (status, error, credits), which say whether the file
/// was really processed.
pub const FILE_COLUMNS: [&str; 9] = [
    "source_directory_file_id",
    "display_name",
    "outcome",
    "error_message",
    "job_id",
    "job_type",
    "job_status",
    "job_error",
    "credits",
];

/// One file's row, shared by the CSV and JSON forms.
#[derive(Serialize)]
struct FileRow<'a> {
    source_directory_file_id: Option<&'a str>,
    display_name: Option<String>,
    outcome: String,
    error_message: Option<&'a str>,
    job_id: Option<&'a str>,
    job_type: Option<&'a str>,
    job_status: Option<&'a str>,
    job_error: Option<&'a str>,
    credits: Option<f64>,
}

fn file_rows<'a>(
    results: &'a [FileResult],
    outcomes: &'a [Outcome],
    display_name: impl Fn(&str) -> Option<String> + 'a,
) -> impl Iterator<Item = FileRow<'a>> + 'a {
    results.iter().enumerate().map(move |(i, r)| {
        let job = r.job_reference.as_ref();
        let o = outcomes.get(i).unwrap_or(&Outcome::Checking);
        let job_error = match o {
            Outcome::Job { error, .. } => error.as_deref(),
            _ => None,
        };
        FileRow {
            source_directory_file_id: r.source_directory_file_id.as_deref(),
            display_name: r
                .source_directory_file_id
                .as_deref()
                .and_then(&display_name),
            outcome: o.label(),
            error_message: r.error_message.as_deref(),
            job_id: job.map(|j| j.id.as_str()),
            job_type: job.and_then(|j| j.job_type.as_ref()).map(|t| t.as_str()),
            job_status: o.job_status().map(|s| s.as_str()),
            job_error,
            credits: o.credits(),
        }
    })
}

/// A batch's per-file results as CSV ([`FILE_COLUMNS`]), for the detail page.
///
/// `outcomes[i]` is file `i`'s outcome (e.g. from
/// [`crate::detail_filters::select`], so the export holds the files
/// shown); `display_name` maps a `source_directory_file_id` to the file's
/// name where it is known (pass `|_| None` when no names were looked up,
/// and the column stays empty). Save the text with
/// `download::save(&files_file_name(id, &view, now, Format::Csv), Format::Csv.mime(), &text)`.
pub fn files_csv(
    results: &[FileResult],
    outcomes: &[Outcome],
    display_name: impl Fn(&str) -> Option<String>,
) -> String {
    let rows = file_rows(results, outcomes, display_name).map(|r| {
        let text = |v: Option<&str>| v.unwrap_or_default().to_string();
        [
            text(r.source_directory_file_id),
            r.display_name.unwrap_or_default(),
            r.outcome,
            text(r.error_message),
            text(r.job_id),
            text(r.job_type),
            text(r.job_status),
            text(r.job_error),
            r.credits.map(crate::text::number).unwrap_or_default(),
        ]
    });
    csv(&FILE_COLUMNS, rows)
}

/// A batch's per-file results as a pretty JSON array of objects with the
/// [`FILE_COLUMNS`] as keys (`null` where absent, credits a number);
/// arguments as for [`files_csv`].
pub fn files_json(
    results: &[FileResult],
    outcomes: &[Outcome],
    display_name: impl Fn(&str) -> Option<String>,
) -> String {
    let rows: Vec<FileRow> = file_rows(results, outcomes, display_name).collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}
