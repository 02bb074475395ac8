//! The list of batches: one keyed row per batch, and the files of the rows
//! that are open.

use crate::back_link::remember_list_view;
use crate::browser::now as browser_now;
use crate::browser::row_click::{self, RowAction};
use crate::components::batch_row::{batch_row, RowContext, RowState};
use crate::components::row_marks::{RowMarks, Sources};
use crate::components::watch_button::WatchControl;
use batches_core::detail_filters::DetailLinks;
use batches_core::filters::Zone;
use batches_core::model::Batch;
use batches_core::time::Instant;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// The batch table. A row is kept per batch id while the id is on the page:
/// a refresh hands it the batch's newest version and only rows whose batch
/// changed redraw, in place, so rows keep focus, scroll and open files. The
/// rows' buttons and links answer through one click listener here, not four
/// per row.
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
    let views = Memo::new(move |prev: Option<&View>| batches.with(|list| View::after(prev, list)));
    let generation = Memo::new(move |_| views.with(|v| v.generation));
    // Rows live under one owner per view and read the page-wide sources
    // through memos of that view: reactive_graph 0.2 keeps a dead subscriber
    // in a source's list until the source next changes, and a dead child in
    // its owner's list until the owner is cleaned up, so rows subscribed to
    // long-lived sources would each keep ~300 bytes for the table's life.
    let body = move |made_for: u64| {
        let cx = RowContext {
            zone: Memo::new(move |_| zone.get()),
            links: Memo::new(move |_| DetailLinks::new(zone.get())),
            now: Memo::new(move |_| now.get()).into(),
            // The outcome service announces new answers every 200 ms while
            // a lookup runs; only a row whose marks changed is woken.
            marks: RowMarks::new(move || Sources {
                watched: watch.map(|w| w.watched.with(|ids| ids.iter().cloned().collect())),
                badges: batches.with(|list| {
                    list.iter()
                        .filter_map(|b| {
                            crate::outcomes::failed_badge(&b.id).map(|t| (b.id.clone(), t))
                        })
                        .collect()
                }),
            }),
        };
        // A view being replaced keeps its rows until it goes.
        let rows = move || {
            if generation.get() != made_for {
                return Vec::new();
            }
            states(batches, kept)
        };
        view! { <For each=rows key=|s: &RowState| s.id.clone() children=move |s| batch_row(s, cx) /> }
    };
    // Capture: before the router's own click handler (on window) moves the
    // address away from the list, so the list view is remembered first.
    let on_click = move |ev: web_sys::MouseEvent| {
        let Some((id, action)) = row_click::clicked(&ev) else {
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
            <table class="batches" on:click:capture=on_click>
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
                <For each=move || [generation.get()] key=|g| *g children=body />
            </table>
        </div>
    }
    .into_any()
}

/// Which view the rows on screen belong to: a list that shares no id with
/// the one before (a page flip, a new filter) starts a new view; a refresh,
/// or a list that keeps some rows, stays in the same one.
#[derive(Clone, PartialEq)]
struct View {
    generation: u64,
    ids: HashSet<String>,
}

impl View {
    fn after(prev: Option<&View>, list: &[Batch]) -> View {
        let ids: HashSet<String> = list.iter().map(|b| b.id.clone()).collect();
        let generation = match prev {
            Some(p) if p.ids.is_empty() || ids.iter().any(|id| p.ids.contains(id)) => p.generation,
            Some(p) => p.generation + 1,
            None => 0,
        };
        View { generation, ids }
    }
}

/// The state of each batch on the page, in order: kept for ids already
/// shown (refreshed with their newest version), new for the others; ids
/// that left the page are forgotten. One row per id, even if a page repeats
/// one.
fn states(
    batches: Signal<Vec<Batch>>,
    kept: StoredValue<HashMap<String, RowState>>,
) -> Vec<RowState> {
    batches.with(|list| {
        kept.try_update_value(|kept| {
            let mut seen = HashSet::new();
            let list: Vec<&Batch> = list.iter().filter(|b| seen.insert(&b.id)).collect();
            kept.retain(|id, _| seen.contains(id));
            list.into_iter()
                .map(|b| {
                    kept.entry(b.id.clone())
                        .and_modify(|state| state.refresh(b))
                        .or_insert_with(|| RowState::new(b.clone()))
                        .clone()
                })
                .collect()
        })
        .unwrap_or_default()
    })
}
