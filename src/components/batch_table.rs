//! The list of batches: one row per batch, filled by the page's script in
//! one call per change, and the files of the rows that are open.

use crate::back_link::remember_list_view;
use crate::browser::now as browser_now;
use crate::browser::row_fill::{self, RowAction, Rows};
use crate::components::batch_row::{RowContext, RowState};
use crate::components::row_files::RowFiles;
use crate::components::watch_button::WatchControl;
use batches_core::detail_filters::DetailLinks;
use batches_core::filters::Zone;
use batches_core::model::Batch;
use batches_core::time::Instant;
use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use std::collections::{HashMap, HashSet};

/// The batch table. A row is kept per batch id while the id is on the page:
/// a refresh hands it the batch's newest version and refills only what
/// changed, so rows keep focus, scroll and open files. The rows' buttons and
/// links answer through one click listener here, not four per row.
#[component]
pub fn BatchTable(
    /// The batches of the current page, in the API's order.
    #[prop(into)]
    batches: Signal<Vec<Batch>>,
    /// The zone times are shown in.
    #[prop(into)]
    zone: Signal<Zone>,
    /// The page's clock for the Duration column (none: the time of mounting).
    #[prop(optional, into)]
    now: Option<Signal<Instant>>,
    /// Each row's Watch button (none: no buttons).
    #[prop(optional)]
    watch: Option<WatchControl>,
) -> impl IntoView {
    let now = now.unwrap_or_else(|| Signal::stored(browser_now()));
    let kept = StoredValue::new(HashMap::<String, RowState>::new());
    // A memo: the outcome service announces new answers every 200 ms while
    // any lookup runs, and only a changed badge should refill the rows.
    let badges = Memo::new(move |_| {
        batches.with(|list| {
            list.iter()
                .filter_map(|b| crate::outcomes::failed_badge(&b.id).map(|t| (b.id.clone(), t)))
                .collect::<HashMap<_, _>>()
        })
    });
    let rows = RowSource {
        rows_changed: ArcTrigger::new(),
        batches,
        zone,
        now,
        watch,
        kept,
        badges,
    };
    // Capture: before the router's own click handler (on window) moves the
    // address away from the list, so the list view is remembered first.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((id, action)) = row_fill::clicked(&ev) else {
            return;
        };
        let Some(state) = kept.with_value(|kept| kept.get(&id).cloned()) else {
            return;
        };
        match action {
            RowAction::Toggle => state.toggle(),
            RowAction::Copy => state.copy(),
            RowAction::Watch => {
                if let Some(w) = watch {
                    w.toggle.run(state.batch());
                }
            }
            RowAction::Open => remember_list_view(),
        }
    };
    view! {
        <div class="table-scroll">
            <table class="batches" on:click:capture=on_click use:sync_rows=rows>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Files"</span></th>
                        <th scope="col">"Batch"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Job type"</th>
                        <th scope="col">"Configuration"</th>
                        <th scope="col">"Project"</th>
                        <th scope="col">"Source directory"</th>
                        <th scope="col">"Created"</th>
                        <th scope="col">"Duration"</th>
                    </tr>
                </thead>
            </table>
        </div>
    }
}

/// What the table's rows are made from.
#[derive(Clone)]
struct RowSource {
    rows_changed: ArcTrigger,
    batches: Signal<Vec<Batch>>,
    zone: Signal<Zone>,
    now: Signal<Instant>,
    watch: Option<WatchControl>,
    kept: StoredValue<HashMap<String, RowState>>,
    badges: Memo<HashMap<String, String>>,
}

impl RowSource {
    /// The state of each batch on the page, in order: kept for ids already
    /// shown (refreshed with their newest version), new for the others;
    /// ids that left the page are forgotten. One row per id, even if a page
    /// repeats one.
    fn states(&self) -> Vec<(String, RowState)> {
        self.batches.with(|list| {
            self.kept
                .try_update_value(|kept| {
                    let mut seen = HashSet::new();
                    let list: Vec<&Batch> = list.iter().filter(|b| seen.insert(&b.id)).collect();
                    kept.retain(|id, _| seen.contains(id));
                    list.into_iter()
                        .map(|b| {
                            let state = kept
                                .entry(b.id.clone())
                                .and_modify(|state| state.refresh(b))
                                .or_insert_with(|| {
                                    RowState::new(b.clone(), self.rows_changed.clone())
                                });
                            (b.id.clone(), state.clone())
                        })
                        .collect()
                })
                .unwrap_or_default()
        })
    }
}

/// Keeps the table's rows the page's: one render effect reads every row's
/// state and hands the whole page's text to the page's script, then shows
/// the files of the open rows. Each open row's files are mounted under the
/// table's owner (not the effect's, which is cleaned at every run) and end
/// when the row closes or leaves the page.
fn sync_rows(table: web_sys::Element, rows: RowSource) {
    let owner = Owner::current();
    let mut panels = HashMap::<String, UnmountHandle<AnyViewState>>::new();
    let effect = RenderEffect::new(move |_| {
        let states = rows.states();
        rows.rows_changed.track();
        let watched = rows.watch.map(|w| w.watched.get());
        let zone = rows.zone.get();
        // Finished batches never read the clock: their duration is fixed.
        let now = if states.iter().any(|(_, s)| s.is_unfinished()) {
            rows.now.get()
        } else {
            rows.now.get_untracked()
        };
        rows.badges.with(|badges| {
            let cx = RowContext {
                zone,
                links: &DetailLinks::new(zone),
                now,
                shown: browser_now(),
                watched: watched.as_deref(),
                badges,
            };
            let mut page = Rows::with_capacity(states.len() * 320);
            for (_, state) in &states {
                state.push(&mut page, &cx);
            }
            row_fill::fill(&table, &page);
        });
        let open: HashMap<String, RowState> =
            states.into_iter().filter(|(_, s)| s.is_open()).collect();
        panels.retain(|id, _| open.contains_key(id));
        for (id, state) in open {
            if panels.contains_key(&id) {
                continue;
            }
            let td = row_fill::panel(&table, &id);
            let files = state.files();
            let mount = move || mount_to(td, move || view! { <RowFiles files=files /> }.into_any());
            let handle = untrack(|| match &owner {
                Some(owner) => owner.with(mount),
                None => mount(),
            });
            panels.insert(id, handle);
        }
    });
    on_cleanup(move || drop(effect));
}
