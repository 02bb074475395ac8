//! One batch's row in the list: its state while its id is on the page, and
//! its view. The batch id links to the batch's own page (`/batches/{id}`),
//! which can be shared.
//!
//! A list shows up to 1,000 rows, so a row holds reactive state only for
//! what changes on its own (the batch when a refresh brings a new version,
//! open or closed, the Copy feedback, the change flash) and has four
//! effects: the row's cells (one block, rebuilt in place: a click or a
//! refresh diffs one row's texts and attributes), the row group's class,
//! the files row's `hidden` and its panel. Its buttons answer through the
//! table's one click listener.

use crate::browser;
use crate::components::result_panel::row_link::ResultLinks;
use crate::components::row_files::RowFiles;
use crate::components::row_marks::RowMarks;
use crate::components::timestamp::stamp_view;
use crate::hooks::use_batch_files::{use_batch_files, UseBatchFilesReturn};
use batches_core::detail_filters::DetailLinks;
use batches_core::duration;
use batches_core::filters::Zone;
use batches_core::model::{Batch, BatchStatus};
use batches_core::time::Instant;
use leptos::prelude::*;
use std::time::Duration;

/// One batch's row state while its id stays on the page. The table keeps
/// it per id, so a refresh updates the row in place (focus, scroll and open
/// files stay); reference-counted, so it outlives the views built from it.
#[derive(Clone)]
pub struct RowState {
    /// The batch id: the row's key.
    pub id: String,
    batch: ArcRwSignal<Batch>,
    open: ArcRwSignal<bool>,
    flash: ArcRwSignal<bool>,
    copied: ArcRwSignal<Option<&'static str>>,
    files: UseBatchFilesReturn,
}

impl RowState {
    /// The state of a batch seen for the first time.
    pub fn new(batch: Batch) -> Self {
        Self {
            id: batch.id.clone(),
            files: use_batch_files(batch.id.clone()),
            batch: ArcRwSignal::new(batch),
            open: ArcRwSignal::new(false),
            flash: ArcRwSignal::new(false),
            copied: ArcRwSignal::new(None),
        }
    }

    /// Takes a fresher version of the batch, if it differs in anything: only
    /// then does the row redraw. A new status or `updated_at` also flashes
    /// the row for three seconds.
    pub fn refresh(&self, fresh: &Batch) {
        let moved = self.batch.with_untracked(|b| {
            (b != fresh).then(|| b.status != fresh.status || b.updated_at != fresh.updated_at)
        });
        let Some(moved) = moved else { return };
        self.batch.set(fresh.clone());
        if moved {
            self.flash.set(true);
            let flash = self.flash.clone();
            set_timeout(move || flash.set(false), Duration::from_secs(3));
        }
    }

    /// Opens or closes the row's files; the first opening loads them.
    pub fn toggle(&self) {
        let open = !self.open.get_untracked();
        self.open.set(open);
        if open {
            self.files.load_once();
        }
    }

    /// Copies the batch id and says "Copied" (or why not) for two seconds.
    pub fn copy(&self) {
        let copied = self.copied.clone();
        browser::clipboard::copy_with_feedback(self.id.clone(), move |said| copied.set(said));
    }

    /// The batch as it is now, for the Watch button.
    pub fn batch(&self) -> Batch {
        self.batch.get_untracked()
    }
}

/// What every row of one view reads besides its own state: memos made per
/// view, so a row never subscribes to a source that outlives its view
/// (reactive_graph keeps a dead subscriber until its source next changes).
#[derive(Clone, Copy)]
pub struct RowContext {
    pub zone: Memo<Zone>,
    /// Each batch's own page, in the list's zone (a list read in UTC opens
    /// the batch in UTC).
    pub links: Memo<DetailLinks>,
    /// The page's clock (through the view's memo), read only by unfinished
    /// batches' rows.
    pub now: Signal<Instant>,
    /// Whether each row is watched, and its failed-files badge.
    pub marks: RowMarks,
}

/// A batch's `<tbody>`: its row, and its files row (hidden while closed,
/// with the files mounted while open).
pub fn batch_row(state: RowState, cx: RowContext) -> impl IntoView {
    let RowState {
        id,
        batch,
        open,
        flash,
        copied,
        files,
    } = state;
    let class = {
        let (open, flash) = (open.clone(), flash.clone());
        move || match (open.get(), flash.get()) {
            (false, false) => "batch",
            (true, false) => "batch expanded",
            (false, true) => "batch changed",
            (true, true) => "batch expanded changed",
        }
    };
    // The row's marks wake this row alone (a Watch click, a new badge).
    {
        let id = id.clone();
        on_cleanup(move || cx.marks.forget(&id));
    }
    let cells = {
        let (id, open) = (id.clone(), open.clone());
        move || {
            let (watched, failed) = cx.marks.get(&id);
            let look = Look {
                open: open.get(),
                copied: copied.get(),
                watched,
                failed,
            };
            batch.with(|b| row_cells(&id, b, look, cx))
        }
    };
    let hidden = {
        let open = open.clone();
        move || !open.get()
    };
    let panel = {
        let id = id.clone();
        move || {
            open.get().then(|| {
                // The files' "Open result" links lead to this batch's page with the panel open.
                let id = id.clone();
                provide_context(ResultLinks(Callback::new(move |f: String| {
                    cx.links.with(|l| l.result_path(&id, &f))
                })));
                view! { <RowFiles files=files.clone() /> }
            })
        }
    };
    view! {
        <tbody class=class>
            <tr data-id=id.clone()>{cells}</tr>
            <tr class="files-row" id=format!("files-{id}") hidden=hidden>
                <td colspan="9">{panel}</td>
            </tr>
        </tbody>
    }
}

/// What a row's own controls show besides its batch.
struct Look {
    open: bool,
    copied: Option<&'static str>,
    /// Whether the batch is watched (none: no Watch button).
    watched: Option<bool>,
    /// "37 of 1,000 files failed", once its outcomes are all known.
    failed: Option<String>,
}

/// The row's cells as its batch and its controls' state are now.
fn row_cells(id: &str, b: &Batch, look: Look, cx: RowContext) -> impl IntoView {
    let Look {
        open,
        copied,
        watched,
        failed,
    } = look;
    let zone = cx.zone.get();
    // Finished batches never read the clock: their duration is fixed.
    let unfinished = !b.status.as_ref().is_some_and(BatchStatus::is_terminal);
    let now = if unfinished {
        cx.now.get()
    } else {
        cx.now.get_untracked()
    };
    let shown = browser::now();
    let duration = duration::cell(b, now);
    let (status_class, status) = match &b.status {
        Some(st) => (st.css_class(), st.as_str().to_string()),
        None => ("other", "—".to_string()),
    };
    let watch = watched.map(|pressed| {
        view! {
            <button
                type="button"
                class="watch"
                aria-pressed=if pressed { "true" } else { "false" }
                aria-label=format!("Watch batch {id}")
                title="Be told when this batch finishes"
            >
                "Watch"
            </button>
        }
    });
    view! {
        <td>
            <button
                type="button"
                class="toggle"
                aria-expanded=if open { "true" } else { "false" }
                aria-controls=format!("files-{id}")
                aria-label=format!("Files of {id}")
            ></button>
        </td>
        <td class="batch-cell">
            <a href=cx.links.with(|l| l.path(id))>
                <code class="batch-id">{id.to_string()}</code>
            </a>
            <button type="button" class="copy" aria-label=format!("Copy batch id {id}")>
                {copied.unwrap_or("Copy")}
            </button>
            <span class="visually-hidden" role="status">{copied.unwrap_or("")}</span>
            {watch}
        </td>
        <td>
            <span class=format!("badge status-{status_class}")>{status}</span>
            {failed.map(|t| view! { <span class="failed-files">{t}</span> })}
        </td>
        <td>{or_dash(b.job_type().map(|t| t.as_str()))}</td>
        <td><code>{or_dash(b.configuration_id())}</code></td>
        <td><code>{or_dash(b.project_id.as_deref())}</code></td>
        <td><code>{or_dash(b.source_directory_id.as_deref())}</code></td>
        <td class="times">
            {stamp_view(b.created_at.as_deref(), zone, shown)}
            <span class="updated">"updated " {stamp_view(b.updated_at.as_deref(), zone, shown)}</span>
        </td>
        <td class="duration">
            {duration.text}
            {duration.stale.map(|s| view! { <strong class="stale">" · " {s}</strong> })}
        </td>
    }
}

/// A cell's text, or an em dash when the API sent none.
fn or_dash(v: Option<&str>) -> String {
    v.unwrap_or("—").to_string()
}
