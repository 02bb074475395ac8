//! The list of batches, one keyed row per batch.

use crate::back_link::remember_list_view;
use crate::browser::row_fill::{self, RowAction};
use crate::components::batch_row::{BatchRow, RowState};
use crate::components::watch_button::WatchControl;
use batches_core::filters::Zone;
use batches_core::model::Batch;
use batches_core::time::Instant;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// One row to render: a batch id, the zone its times are in, and the state
/// the table keeps for that id.
#[derive(Clone)]
struct RowItem {
    id: String,
    zone: Zone,
    state: RowState,
}

/// The batch table. Rows are keyed by batch id (and the zone, whose switch
/// re-renders them); a refresh hands each kept row its batch's newest
/// version, so rows update in place and keep focus, scroll and open files.
/// State is kept per id while the id is on the page and dropped when it leaves.
/// The rows' buttons and links answer through one click listener here, not
/// four per row.
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
    /// What the list shows (its filters and page): the rows made for one
    /// view end together when it changes (none: one view for the table's life).
    #[prop(optional, into)]
    view_key: Option<Signal<String>>,
) -> impl IntoView {
    let now = now.unwrap_or_else(|| Signal::stored(crate::browser::now()));
    let kept = StoredValue::new(HashMap::<String, RowState>::new());
    let rows = move || {
        let zone = zone.get();
        batches.with(|list| {
            kept.try_update_value(|kept| {
                // One row per id, even if a page repeats one.
                let mut seen = HashSet::new();
                let list: Vec<&Batch> = list.iter().filter(|b| seen.insert(&b.id)).collect();
                kept.retain(|id, _| seen.contains(id));
                list.into_iter()
                    .map(|b| {
                        let state = match kept.get(&b.id) {
                            Some(state) => {
                                state.refresh(b);
                                state.clone()
                            }
                            None => {
                                let state = RowState::new(b.clone());
                                kept.insert(b.id.clone(), state.clone());
                                state
                            }
                        };
                        RowItem {
                            id: b.id.clone(),
                            zone,
                            state,
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
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
    // Rows live under one owner per view and read the page-wide sources (the
    // watched ids, the outcome service's badges) through memos of that view.
    // reactive_graph 0.2 keeps a dead subscriber in a source's list until the
    // source next changes, and a dead child in its owner's list until the owner
    // is cleaned up: with rows subscribed to those sources directly and made
    // under the table's owner, each row ever shown kept ~300 bytes (three
    // allocations) for as long as the table lived.
    let body = move || {
        let watched = watch.map(|w| Signal::from(Memo::new(move |_| w.watched.get())));
        let badges = Memo::new(move |_| {
            batches.with(|list| {
                list.iter()
                    .filter_map(|b| crate::outcomes::failed_badge(&b.id).map(|t| (b.id.clone(), t)))
                    .collect::<HashMap<_, _>>()
            })
        });
        view! {
            <For
                each=rows
                key=|row| (row.id.clone(), row.zone)
                children=move |row| match watched {
                    Some(w) => view! { <BatchRow state=row.state zone=row.zone now=now badges=badges watched=w /> }.into_any(),
                    None => view! { <BatchRow state=row.state zone=row.zone now=now badges=badges /> }.into_any(),
                }
            />
        }
    };
    let view_key = view_key.unwrap_or_else(|| Signal::stored(String::new()));
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
                <For each=move || [view_key.get()] key=|k| k.clone() children=move |_| body() />
            </table>
        </div>
    }
}
