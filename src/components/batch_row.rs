//! One batch's row in the list: its state while its id is on the page, and
//! the fields the page fills the row from.
//!
//! A list shows up to 1,000 rows, so a row is not a component built element
//! by element: the table hands every row's text to the page in one call
//! ([`row_fill`](crate::browser::row_fill)) and reads the clicks on their
//! buttons. The batch id links to the batch's own page (`/batches/{id}`),
//! which can be shared.

use crate::browser::{self, row_fill::Rows};
use crate::components::timestamp::Stamp;
use crate::hooks::use_batch_files::{use_batch_files, UseBatchFilesReturn};
use batches_core::detail_filters::DetailLinks;
use batches_core::duration;
use batches_core::filters::Zone;
use batches_core::model::{Batch, BatchStatus};
use batches_core::time::Instant;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What every row of one page is shown with.
pub struct RowContext<'a> {
    /// The zone times are shown in.
    pub zone: Zone,
    /// Each batch's own page, in the list's zone (a list read in UTC opens
    /// the batch in UTC).
    pub links: &'a DetailLinks,
    /// The page's clock, for the Duration cell of unfinished batches.
    pub now: Instant,
    /// When the page is filled, for the times' ages.
    pub shown: Instant,
    /// Which ids are watched (none: rows have no Watch button).
    pub watched: Option<&'a [String]>,
    /// "N of M files failed" by batch id, for batches whose outcomes this
    /// tab has looked up completely.
    pub badges: &'a HashMap<String, String>,
}

/// One batch's row state while its id stays on the page: its newest
/// version, a brief "changed" flag, open or closed, the Copy button's
/// feedback and its loaded files. The table holds it per id, so a refresh
/// updates the row in place (focus, scroll and open files stay).
///
/// Plain data and the table's one trigger rather than signals per row: the
/// table fills every row in one pass, and 4,000 subscriptions of a 1,000-row
/// page cost it more than refilling from plain data.
#[derive(Clone)]
pub struct RowState {
    row: Arc<Mutex<Row>>,
    /// Notified whenever a row of the table changes on its own (opened,
    /// copied, its flash ended); the table's fill follows it.
    rows_changed: ArcTrigger,
    files: UseBatchFilesReturn,
}

struct Row {
    batch: Batch,
    changed: bool,
    expanded: bool,
    copied: Option<&'static str>,
}

impl RowState {
    /// The state of a batch seen for the first time, in the table whose
    /// rows follow `rows_changed`.
    pub fn new(batch: Batch, rows_changed: ArcTrigger) -> Self {
        Self {
            files: use_batch_files(batch.id.clone()),
            row: Arc::new(Mutex::new(Row {
                batch,
                changed: false,
                expanded: false,
                copied: None,
            })),
            rows_changed,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Row) -> T) -> T {
        f(&mut self.row.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Changes the row and tells the table.
    fn change(&self, f: impl FnOnce(&mut Row)) {
        self.with(f);
        self.rows_changed.notify();
    }

    /// Takes a fresher version of the batch, if it differs in anything (the
    /// table calls it while it fills, so it tells no one). A new status or
    /// `updated_at` also flashes the row for three seconds.
    pub fn refresh(&self, fresh: &Batch) {
        let moved = self.with(|r| {
            if r.batch == *fresh {
                return false;
            }
            let moved = r.batch.status != fresh.status || r.batch.updated_at != fresh.updated_at;
            r.batch = fresh.clone();
            r.changed |= moved;
            moved
        });
        if moved {
            let this = self.clone();
            set_timeout(
                move || this.change(|r| r.changed = false),
                Duration::from_secs(3),
            );
        }
    }

    /// Opens or closes the row's files; the first opening loads them.
    pub fn toggle(&self) {
        let mut open = false;
        self.change(|r| {
            r.expanded = !r.expanded;
            open = r.expanded;
        });
        if open {
            self.files.load_once();
        }
    }

    /// Copies the batch id and says "Copied" (or why not) for two seconds.
    pub fn copy(&self) {
        let this = self.clone();
        let id = self.with(|r| r.batch.id.clone());
        browser::clipboard::copy_with_feedback(id, move |said| this.change(|r| r.copied = said));
    }

    /// The batch as it is now, for the Watch button.
    pub fn batch(&self) -> Batch {
        self.with(|r| r.batch.clone())
    }

    /// Adds this row's fields to the page's text.
    pub fn push(&self, page: &mut Rows, cx: &RowContext) {
        self.with(|r| {
            let b = &r.batch;
            let watched = match cx.watched {
                Some(ids) if ids.contains(&b.id) => "true",
                Some(_) => "false",
                None => "",
            };
            let duration = duration::cell(b, cx.now);
            let (status_class, status) = match &b.status {
                Some(st) => (st.css_class(), st.as_str()),
                None => ("other", "—"),
            };
            let created = stamp(b.created_at.as_deref(), cx.zone, cx.shown);
            let updated = stamp(b.updated_at.as_deref(), cx.zone, cx.shown);
            let href = cx.links.path(&b.id);
            let job_type = b.job_type().map(|t| t.as_str()).unwrap_or("—");
            let failed = cx.badges.get(&b.id).map_or("", String::as_str);
            let mut fields = vec![
                b.id.as_str(),
                &href,
                if r.expanded { "true" } else { "false" },
                r.copied.unwrap_or("Copy"),
                r.copied.unwrap_or(""),
                watched,
                status_class,
                status,
                failed,
                job_type,
                or_dash(b.configuration_id()),
                or_dash(b.project_id.as_deref()),
                or_dash(b.source_directory_id.as_deref()),
            ];
            fields.extend(created.iter().map(String::as_str));
            fields.extend(updated.iter().map(String::as_str));
            fields.push(&duration.text);
            fields.push(duration.stale.as_deref().unwrap_or(""));
            fields.push(if r.changed { "1" } else { "" });
            page.push(&fields);
        });
    }

    /// Whether the batch is still running, so its duration follows the clock.
    pub fn is_unfinished(&self) -> bool {
        self.with(|r| {
            !r.batch
                .status
                .as_ref()
                .is_some_and(BatchStatus::is_terminal)
        })
    }

    /// Whether the row's files are open.
    pub fn is_open(&self) -> bool {
        self.with(|r| r.expanded)
    }

    /// The row's files, for its open panel.
    pub fn files(&self) -> UseBatchFilesReturn {
        self.files.clone()
    }
}

/// A cell's text, or an em dash when the API sent none.
fn or_dash(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}

/// A time's four fields, in the order the page's `stamp` reads them: `t`,
/// its exact instant, how it is shown and its age; `m` when absent; `r` and
/// the text as sent when unparsable.
fn stamp(value: Option<&str>, zone: Zone, now: Instant) -> [String; 4] {
    match Stamp::of(value, zone, now) {
        Stamp::Absent => ["m".into(), String::new(), String::new(), String::new()],
        Stamp::At { iso, shown, ago } => ["t".into(), iso, shown, ago],
        Stamp::AsSent(raw) => ["r".into(), raw, String::new(), String::new()],
    }
}
