//! A file's job on the batch page: its id with a Copy button, and on
//! demand its own status and error message (see [`crate::hooks::use_job`]).

use crate::components::copy_button::CopyButton;
use crate::components::error_alert::ErrorAlert;
use crate::components::retry_status::RetryStatus;
use crate::components::status_badge::StatusBadge;
use crate::hooks::use_job::{use_job, JobLoad};
use batches_core::model::{BatchStatus, JobReference};
use leptos::prelude::*;

/// A file's job: its id, and on demand its own status and error message,
/// fetched from the job's endpoint (parse or extract) when first opened and
/// kept while the row is shown.
#[component]
pub fn JobDetails(job: JobReference) -> impl IntoView {
    // `None` until first opened; then whether it is open.
    let open = RwSignal::new(None::<bool>);
    let kind = job
        .job_type
        .as_ref()
        .map(|t| t.to_string())
        .unwrap_or_default();
    let panel_id = format!("job-{}", job.id);
    let copy_label = format!("Copy job id {}", job.id);
    let id = job.id.clone();
    let lookup = use_job(job);
    let toggle = move |_| {
        let first = open.get_untracked().is_none();
        open.set(Some(!open.get_untracked().unwrap_or(false)));
        if first {
            lookup.load.run(());
        }
    };
    let panel = move || {
        if open.get() != Some(true) {
            return None;
        }
        Some(match lookup.state.get()? {
            JobLoad::Loading => {
                view! { <p class="loading" role="status">"Loading job…"</p> }.into_any()
            }
            JobLoad::Retrying(n) => view! { <RetryStatus notice=n /> }.into_any(),
            JobLoad::Done(Ok(s)) => {
                let status = s.status.as_deref().map(BatchStatus::from_api);
                let error = s
                    .error_message
                    .map(|e| view! { <p class="error-text">{e}</p> });
                view! {
                    <p class="job-state">"Job status: " <StatusBadge status=status /></p>
                    {error}
                }
                .into_any()
            }
            JobLoad::Done(Err(e)) => {
                view! { <ErrorAlert error=e on_retry=lookup.load /> }.into_any()
            }
        })
    };
    view! {
        <button
            type="button"
            class="job-toggle"
            aria-expanded=move || (open.get() == Some(true)).to_string()
            aria-controls=panel_id.clone()
            on:click=toggle
        >
            "Job " <code>{id.clone()}</code>
        </button>
        <CopyButton value=id.clone() label=copy_label />
        " " <span class="muted">{kind}</span>
        <div id=panel_id class="job-panel">{panel}</div>
    }
    .into_any()
}
