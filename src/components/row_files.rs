//! An expanded list row's files: loading, retrying, the outcomes' summary
//! and the files table, or what went wrong.

use crate::components::error_alert::ErrorAlert;
use crate::components::file_results::FileResults;
use crate::components::outcome_summary::OutcomeSummary;
use crate::components::retry_status::RetryStatus;
use crate::hooks::use_batch_files::{FilesLoad, UseBatchFilesReturn};
use leptos::prelude::*;

/// The contents of an open row's files panel, following its load state.
#[component]
pub fn RowFiles(files: UseBatchFilesReturn) -> impl IntoView {
    let retry = {
        let files = files.clone();
        Callback::new(move |_| files.load())
    };
    (move || match files.state.get() {
        FilesLoad::Idle | FilesLoad::Loading => {
            view! { <p class="loading" role="status">"Loading files…"</p> }.into_any()
        }
        FilesLoad::Retrying(n) => view! { <RetryStatus notice=n /> }.into_any(),
        FilesLoad::Done(Ok(b)) => {
            let found = files.outcomes();
            view! {
                <OutcomeSummary summary=found.summary unavailable=found.unavailable on_retry=found.retry />
                <FileResults
                    results=b.results
                    status=b.status
                    outcomes=found.outcomes
                    directory_id=b.source_directory_id
                />
            }
            .into_any()
        }
        FilesLoad::Done(Err(e)) => view! { <ErrorAlert error=e on_retry=retry /> }.into_any(),
    })
    .into_any()
}
