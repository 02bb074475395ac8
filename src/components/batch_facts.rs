//! What the batch page says about the batch itself: status, job type, ids
//! (each with Copy, since people paste them elsewhere) and times.

use crate::components::copy_button::CopyButton;
use crate::components::status_badge::StatusBadge;
use crate::components::timestamp::Timestamp;
use batches_core::filters::Zone;
use batches_core::model::Batch;
use leptos::prelude::*;

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// An id with its Copy button, or a dash.
fn id_fact(what: &'static str, value: Option<String>) -> impl IntoView {
    match value {
        Some(v) => {
            let label = format!("Copy {what} {v}");
            view! { <code>{v.clone()}</code> <CopyButton value=v label=label /> }.into_any()
        }
        None => view! { <code>"—"</code> }.into_any(),
    }
}

/// The batch's facts as a description list, re-rendered when the batch
/// (a refetch with news) or the zone changes.
#[component]
pub fn BatchFacts(
    /// Nothing is shown until the batch has loaded.
    #[prop(into)]
    batch: Signal<Option<Batch>>,
    #[prop(into)] zone: Signal<Zone>,
) -> impl IntoView {
    (move || {
        let b = batch.get()?;
        let zone = zone.get();
        Some(view! {
            <dl class="facts">
                <div>
                    <dt>"Status"</dt>
                    <dd><StatusBadge status=b.status.clone() /></dd>
                </div>
                <div>
                    <dt>"Job type"</dt>
                    <dd>{or_dash(b.job_type().map(|t| t.to_string()))}</dd>
                </div>
                <div>
                    <dt>"Configuration"</dt>
                    <dd>{id_fact("configuration id", b.configuration_id().map(String::from))}</dd>
                </div>
                <div>
                    <dt>"Project"</dt>
                    <dd>{id_fact("project id", b.project_id.clone())}</dd>
                </div>
                <div>
                    <dt>"Source directory"</dt>
                    <dd>{id_fact("source directory id", b.source_directory_id.clone())}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd><Timestamp value=b.created_at.clone() zone=zone /></dd>
                </div>
                <div>
                    <dt>"Updated"</dt>
                    <dd><Timestamp value=b.updated_at.clone() zone=zone /></dd>
                </div>
            </dl>
        })
    })
    .into_any()
}
