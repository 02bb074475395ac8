//! One job's own status and error, fetched when a person asks for it.

use crate::api::{self, JobSummary};
use batches_core::api_error::ApiError;
use batches_core::model::JobReference;
use batches_core::retry::RetryNotice;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a job lookup is.
#[derive(Clone)]
pub enum JobLoad {
    Loading,
    Retrying(RetryNotice),
    Done(Result<JobSummary, ApiError>),
}

/// What [`use_job`] returns.
#[derive(Clone, Copy)]
pub struct UseJobReturn {
    /// `None` until first asked for.
    pub state: RwSignal<Option<JobLoad>>,
    /// Fetches the job (again, for Retry).
    pub load: Callback<()>,
}

/// The job `job` refers to, from its own endpoint (parse or extract), only
/// when [`UseJobReturn::load`] is called: a batch page never fetches jobs
/// one by one on its own.
///
/// ```ignore
/// let job = use_job(reference);
/// view! { <button on:click=move |_| job.load.run(())>"Job details"</button> }
/// ```
pub fn use_job(job: JobReference) -> UseJobReturn {
    let state = RwSignal::new(None::<JobLoad>);
    let load = Callback::new(move |_| {
        state.set(Some(JobLoad::Loading));
        let job = job.clone();
        spawn_local(async move {
            let result = api::job_summary(&job, move |n| {
                if let Some(n) = n {
                    let _ = state.try_set(Some(JobLoad::Retrying(n)));
                }
            })
            .await;
            let _ = state.try_set(Some(JobLoad::Done(result)));
        });
    });
    UseJobReturn { state, load }
}
