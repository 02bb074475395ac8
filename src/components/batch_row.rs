//! One batch in the list, with its own expand state and per-file results.
//!
//! The row is keyed by batch id, so it survives a refetch of the same page:
//! an expanded row stays expanded and its results stay cached while the
//! status and times update in place. The batch id links to the batch's own
//! page (`/batches/{id}`), which can be shared.

use crate::back_link::remember_list_view;
use crate::components::copy_button::CopyButton;
use crate::components::row_files::RowFiles;
use crate::components::status_badge::StatusBadge;
use crate::components::timestamp::Timestamp;
use crate::components::watch_button::{WatchButton, WatchControl};
use crate::hooks::use_batch_files::{use_batch_files, UseBatchFilesReturn};
use batches_core::duration;
use batches_core::filters::Zone;
use batches_core::model::{Batch, BatchStatus};
use batches_core::time::Instant;
use leptos::prelude::*;

/// The batch's own page, in the list's zone (a list read in UTC opens the
/// batch in UTC).
pub fn detail_href(id: &str, zone: Zone) -> String {
    batches_core::detail_filters::detail_path(id, zone)
}

/// One batch's row state while its id stays on the page: its newest
/// version, a brief "changed" flag, open or closed, and its loaded files.
/// The table holds it per id and hands it to the row for that id, so a
/// refresh updates the row in place (focus, scroll and open files stay), and
/// a zone switch, which re-renders rows, opens them as they were.
/// Reference-counted signals: they end with the last row (or the table's map)
/// that holds them, not with the row that made them.
#[derive(Clone)]
pub struct RowState {
    batch: ArcRwSignal<Batch>,
    changed: ArcRwSignal<bool>,
    expanded: ArcRwSignal<bool>,
    files: UseBatchFilesReturn,
}

impl RowState {
    /// The state of a batch seen for the first time.
    pub fn new(batch: Batch) -> Self {
        Self {
            files: use_batch_files(batch.id.clone()),
            batch: ArcRwSignal::new(batch),
            changed: ArcRwSignal::new(false),
            expanded: ArcRwSignal::new(false),
        }
    }

    /// Takes a fresher version of the batch, if it differs in anything. A
    /// new status or `updated_at` also flashes the row for three seconds.
    pub fn refresh(&self, fresh: &Batch) {
        let (differs, moved) = self.batch.with_untracked(|b| {
            (
                b != fresh,
                b.status != fresh.status || b.updated_at != fresh.updated_at,
            )
        });
        if !differs {
            return;
        }
        self.batch.set(fresh.clone());
        if moved {
            self.changed.set(true);
            let changed = self.changed.clone();
            set_timeout(
                move || changed.set(false),
                std::time::Duration::from_secs(3),
            );
        }
    }
}

/// Number of columns in the batch table, for the expanded row's span.
pub const COLUMNS: u32 = 9;

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// A batch row and, below it, its (initially hidden) files row.
///
/// The toggle, the id and the files row are made once; the data cells are
/// one reactive block over the batch's newest version, so a refresh updates
/// their text in place.
#[component]
pub fn BatchRow(
    /// The batch's state, kept by the table while the id is on the page.
    state: RowState,
    /// The zone times are shown in (a switch re-renders the row).
    zone: Zone,
    /// The page's clock, for the Duration cell of unfinished batches.
    now: Signal<Instant>,
    /// The Watch button's state and action (none: no button).
    #[prop(optional)]
    watch: Option<WatchControl>,
) -> impl IntoView {
    let RowState {
        batch,
        changed,
        expanded,
        files,
    } = state;
    let id = batch.with_untracked(|b| b.id.clone());
    let panel_id = format!("files-{id}");
    let toggle = {
        let expanded = expanded.clone();
        let files = files.clone();
        move |_| {
            let open = !expanded.get_untracked();
            expanded.set(open);
            if open {
                files.load_once();
            }
        }
    };
    // Only batches whose outcomes were looked up in this tab say how many
    // files failed; nothing is fetched for the others.
    let badge = {
        let files = files.clone();
        move || {
            files
                .failed_badge()
                .map(|t| view! { <span class="failed-files">{t}</span> })
        }
    };
    let panel = {
        let expanded = expanded.clone();
        move || {
            expanded
                .get()
                .then(|| view! { <RowFiles files=files.clone() /> })
        }
    };
    // Beyond: Watch button and Duration cell (kept apart from the row's own design).
    let watch_button = watch.map(|w| {
        let (batch, for_id) = (batch.clone(), id.clone());
        view! {
            <WatchButton
                id=id.clone()
                watched=Signal::derive(move || w.watched.with(|ids| ids.contains(&for_id)))
                on_toggle=Callback::new(move |_| w.toggle.run(batch.get_untracked()))
            />
        }
    });
    let duration_cell = duration_cell(batch.clone(), now);
    let label = format!("Files of {id}");
    let copy_label = format!("Copy batch id {id}");
    let cells = move || {
        batch.with(|b| {
            let job_type = or_dash(b.job_type().map(|t| t.to_string()));
            let configuration = or_dash(b.configuration_id().map(String::from));
            view! {
                <td><StatusBadge status=b.status.clone() />{badge.clone()}</td>
                <td>{job_type}</td>
                <td><code>{configuration}</code></td>
                <td><code>{or_dash(b.project_id.clone())}</code></td>
                <td><code>{or_dash(b.source_directory_id.clone())}</code></td>
                <td class="times">
                    <Timestamp value=b.created_at.clone() zone=zone />
                    <span class="updated">"updated " <Timestamp value=b.updated_at.clone() zone=zone /></span>
                </td>
            }
        })
    };
    let open = expanded.clone();
    let shut = expanded.clone();
    // One binding for both states: a 1,000-row page has 1,000 of these.
    let class = move || match (expanded.get(), changed.get()) {
        (false, false) => "batch",
        (true, false) => "batch expanded",
        (false, true) => "batch changed",
        (true, true) => "batch expanded changed",
    };
    view! {
        <tbody class=class>
            <tr>
                <td>
                    <button
                        type="button"
                        class="toggle"
                        aria-expanded=move || open.get().to_string()
                        aria-controls=panel_id.clone()
                        aria-label=label
                        on:click=toggle
                    ></button>
                </td>
                <td class="batch-cell">
                    // On the link itself, so it runs before the router's own
                    // click handler (on window) moves the address away from the list.
                    <a href=detail_href(&id, zone) on:click:capture=move |_| remember_list_view()>
                        <code class="batch-id">{id.clone()}</code>
                    </a>
                    <CopyButton value=id.clone() label=copy_label />
                    {watch_button}
                </td>
                {cells}
                {duration_cell}
            </tr>
            <tr id=panel_id class="files-row" hidden=move || !shut.get()>
                <td colspan=COLUMNS>{panel}</td>
            </tr>
        </tbody>
    }
}

/// The Duration cell: finished batches never read the clock (their text is
/// fixed); unfinished ones re-render on each tick of the page's clock. A quiet
/// batch says "no update for N min" in words, not by colour alone.
fn duration_cell(batch: ArcRwSignal<Batch>, now: Signal<Instant>) -> impl IntoView {
    move || {
        batch.with(|b| {
            let finished = b.status.as_ref().is_some_and(BatchStatus::is_terminal);
            let t = if finished {
                now.get_untracked()
            } else {
                now.get()
            };
            let c = duration::cell(b, t);
            view! {
                <td class="duration">
                    {c.text}
                    {c.stale.map(|s| view! { <strong class="stale">" · "{s}</strong> })}
                </td>
            }
        })
    }
}
