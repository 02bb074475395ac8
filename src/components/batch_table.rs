//! The list of batches, keyed by id.

use crate::components::batch_row::BatchRow;
use crate::model::Batch;
use leptos::prelude::*;
use std::collections::HashMap;

/// The batch table. Rows are keyed by batch id and read their data through a
/// per-row memo, so a refetch updates changed rows in place and leaves the
/// rest (and their expand state) untouched.
#[component]
pub fn BatchTable(
    /// The batches of the current page, in the API's order.
    #[prop(into)]
    batches: Signal<Vec<Batch>>,
) -> impl IntoView {
    let by_id = Memo::new(move |_| {
        batches.with(|v| {
            v.iter()
                .map(|b| (b.id.clone(), b.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    let ids =
        Memo::new(move |_| batches.with(|v| v.iter().map(|b| b.id.clone()).collect::<Vec<_>>()));
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
                    each=move || ids.get()
                    key=|id| id.clone()
                    children=move |id| {
                        let first = by_id.with_untracked(|m| m.get(&id).cloned());
                        let row = Memo::new(move |prev: Option<&Batch>| {
                            by_id
                                .with(|m| m.get(&id).cloned())
                                .or_else(|| prev.cloned())
                                .or_else(|| first.clone())
                                .unwrap_or_default()
                        });
                        view! { <BatchRow batch=row /> }
                    }
                />
            </table>
        </div>
    }
}
