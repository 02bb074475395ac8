//! The list of batches, one keyed row per version of each batch.

use crate::components::batch_row::{BatchRow, RowState};
use crate::filters::Zone;
use crate::model::Batch;
use leptos::prelude::*;
use std::collections::HashMap;

/// What identifies a rendered row: the batch, the version of it the row
/// shows, and the zone its times are in. A refresh that changes a batch, or
/// a switch of zone, re-renders that row whole; rows that did not change are
/// left alone.
#[derive(Clone, PartialEq, Eq, Hash)]
struct RowKey {
    id: String,
    updated_at: Option<String>,
    status: Option<String>,
    zone: Zone,
}

/// One row to render.
#[derive(Clone)]
struct RowItem {
    key: RowKey,
    batch: Batch,
    state: RowState,
    changed: bool,
}

/// The batch table. Rows are plain renders of a batch; what must outlive a
/// re-render (open or closed, files already loaded) is kept here per batch
/// id while the id stays on the page, and dropped when it leaves.
#[component]
pub fn BatchTable(
    /// The batches of the current page, in the API's order.
    #[prop(into)]
    batches: Signal<Vec<Batch>>,
    /// The zone times are shown in.
    #[prop(into)]
    zone: Signal<Zone>,
) -> impl IntoView {
    // id → (state, the version last rendered)
    let kept = StoredValue::new(HashMap::<String, (RowState, RowKey)>::new());
    let rows = move || {
        let zone = zone.get();
        batches.with(|list| {
            kept.try_update_value(|kept| {
                kept.retain(|id, _| list.iter().any(|b| &b.id == id));
                list.iter()
                    .map(|b| {
                        let key = RowKey {
                            id: b.id.clone(),
                            updated_at: b.updated_at.clone(),
                            status: b.status.as_ref().map(|s| s.as_str().to_string()),
                            zone,
                        };
                        let (state, changed) = match kept.get_mut(&b.id) {
                            Some((state, seen)) => {
                                let changed =
                                    seen.updated_at != key.updated_at || seen.status != key.status;
                                *seen = key.clone();
                                (state.clone(), changed)
                            }
                            None => {
                                let state = RowState::default();
                                kept.insert(b.id.clone(), (state.clone(), key.clone()));
                                (state, false)
                            }
                        };
                        RowItem {
                            key,
                            batch: b.clone(),
                            state,
                            changed,
                        }
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    view! {
        <div class="table-scroll">
            <table class="batches">
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
                    </tr>
                </thead>
                <For
                    each=rows
                    key=|row| row.key.clone()
                    children=|row| {
                        view! {
                            <BatchRow batch=row.batch state=row.state zone=row.key.zone changed=row.changed />
                        }
                    }
                />
            </table>
        </div>
    }
}
