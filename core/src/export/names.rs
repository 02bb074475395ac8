//! File names that say what was exported: the filters (or the batch and
//! its file view) and the time, safe on every file system.

use super::{Format, MAX_FILE_NAME_LEN};
use crate::detail_filters::{FileFilter, FileView};
use crate::filters::Filters;
use crate::time::{Instant, LocalDateTime};

/// `s` with every character outside `[A-Za-z0-9._-]` replaced by `-`, so a
/// name is the same on every file system and cannot name a directory.
pub fn safe_name_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// An instant as a file name carries it: `2026-11-29T12-00-00Z` (UTC, to the
/// second, no colons).
pub fn file_stamp(at: Instant) -> String {
    let l = LocalDateTime::from_instant(at, 0);
    format!(
        "{:04}-{:02}-{:02}T{:02}-{:02}-{:02}Z",
        l.year, l.month, l.day, l.hour, l.minute, l.second
    )
}

/// A filter's bound in a file name: a bare date when it is the start or the
/// end of a UTC day (what a bare date in a link means), else [`file_stamp`].
fn summary_instant(t: Instant) -> String {
    let l = LocalDateTime::from_instant(t, 0);
    let whole_day = matches!(
        (l.hour, l.minute, l.second, l.milli),
        (0, 0, 0, 0) | (23, 59, 59, 999)
    );
    if whole_day {
        format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
    } else {
        file_stamp(t)
    }
}

/// What narrows a view, as file-name words: `status-FAILED_project-prj-1_created-within-24h`,
/// or `all` for an unfiltered list. A relative range is named as the person
/// chose it; the file's time stamp says when it was resolved.
pub fn filter_summary(f: &Filters) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &f.status {
        parts.push(format!("status-{}", s.as_str()));
    }
    for (name, v) in [
        ("project", &f.project_id),
        ("org", &f.organization_id),
        ("dir", &f.source_directory_id),
    ] {
        if let Some(v) = v {
            parts.push(format!("{name}-{v}"));
        }
    }
    if let Some(span) = f.created_within {
        parts.push(format!("created-within-{span}"));
    }
    if let Some(t) = f.created_at_on_or_after {
        parts.push(format!("created-from-{}", summary_instant(t)));
    }
    if let Some(t) = f.created_at_on_or_before {
        parts.push(format!("created-to-{}", summary_instant(t)));
    }
    if parts.is_empty() {
        return "all".into();
    }
    safe_name_part(&parts.join("_"))
}

/// `{prefix}_{middle}_{stamp}.{ext}`, with `middle` shortened so the whole
/// name fits [`MAX_FILE_NAME_LEN`]; prefix, stamp and extension always stay.
fn capped_name(prefix: &str, middle: &str, at: Instant, format: Format) -> String {
    let stamp = file_stamp(at);
    let ext = format.extension();
    let fixed = prefix.len() + 1 + 1 + stamp.len() + 1 + ext.len();
    let room = MAX_FILE_NAME_LEN.saturating_sub(fixed);
    let middle = safe_name_part(middle);
    // ASCII only after `safe_name_part`, so any byte index is a char boundary.
    let middle = middle[..middle.len().min(room)].trim_end_matches(['-', '_', '.']);
    let middle = if middle.is_empty() { "x" } else { middle };
    format!("{prefix}_{middle}_{stamp}.{ext}")
}

/// The file name of a batch-list export: the view's filters and the export's
/// instant, e.g. `batches_status-FAILED_project-prj-1_created-within-24h_2026-11-29T12-00-00Z.csv`.
pub fn file_name(f: &Filters, at: Instant, format: Format) -> String {
    capped_name("batches", &filter_summary(f), at, format)
}

/// What narrows a batch's files, as file-name words: `files-failed_q-timed-out`,
/// or `files-all` when every file is shown. Two exports of one batch under
/// different filters hold different files, so their names differ too.
pub fn file_view_summary(v: &FileView) -> String {
    let files = match v.files {
        FileFilter::All => "all",
        f => f.as_param(),
    };
    let mut out = format!("files-{files}");
    if let Some(cause) = v.cause.as_deref() {
        out.push_str("_cause-");
        out.push_str(cause);
    }
    let search = v.q.as_deref().unwrap_or("").split_whitespace();
    let words: Vec<&str> = search.collect();
    if !words.is_empty() {
        out.push_str("_q-");
        out.push_str(&words.join("-"));
    }
    safe_name_part(&out)
}

/// The file name of one batch's per-file export: the batch, the filters the
/// files were shown under and the export's instant, e.g.
/// `batch_bat-1_files-failed_q-timeout_2026-11-29T12-00-00Z.csv`. A name
/// too long for [`MAX_FILE_NAME_LEN`] is cut from the end of its search
/// words; the time stamp and extension always stay.
pub fn files_file_name(batch_id: &str, view: &FileView, at: Instant, format: Format) -> String {
    capped_name(
        "batch",
        &format!("{batch_id}_{}", file_view_summary(view)),
        at,
        format,
    )
}
