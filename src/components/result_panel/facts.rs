//! The job's facts on top of a result: status, credits, job id with Copy,
//! created and updated.

use crate::components::copy_button::CopyButton;
use crate::components::status_badge::StatusBadge;
use crate::components::timestamp::Timestamp;
use batches_core::filters::Zone;
use batches_core::model::{BatchStatus, Job};
use leptos::prelude::*;

/// The facts of `job` in zone `zone`: a plain value, re-rendered with the result.
pub fn job_facts(job: &Job, zone: Zone) -> impl IntoView {
    let credits = job
        .credits()
        .map(batches_core::text::number)
        .unwrap_or_else(|| "—".into());
    let id = job.id.clone();
    let label = format!("Copy job id {id}");
    let error = job
        .error_message
        .clone()
        .map(|e| view! { <p class="error-text result-job-error">{e}</p> });
    view! {
        <dl class="facts result-facts">
            <div>
                <dt>"Status"</dt>
                <dd><StatusBadge status=Some(BatchStatus::from_api(job.status.as_str())) /></dd>
            </div>
            <div><dt>"Credits"</dt><dd class="credits">{credits}</dd></div>
            <div>
                <dt>"Job"</dt>
                <dd><code class="result-job-id">{id.clone()}</code> <CopyButton value=id label=label /></dd>
            </div>
            <div><dt>"Created"</dt><dd><Timestamp value=job.created_at.clone() zone=zone /></dd></div>
            <div><dt>"Updated"</dt><dd><Timestamp value=job.updated_at.clone() zone=zone /></dd></div>
        </dl>
        {error}
    }
}
