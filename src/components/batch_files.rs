//! The files part of the batch page: summary, failures by cause, export
//! and the table, all over the same outcomes.

use crate::components::cause_list::CauseList;
use crate::components::file_results::FileResults;
use crate::components::files_export::FilesExport;
use crate::components::outcome_summary::OutcomeSummary;
use crate::hooks::use_batch_outcomes::UseBatchOutcomesReturn;
use batches_core::detail_filters::FileView;
use batches_core::model::Batch;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything below the batch's facts that is about its files.
#[component]
pub fn BatchFiles(
    batch: Batch,
    /// What the address says to show.
    #[prop(into)]
    view: Signal<FileView>,
    /// The files' outcomes and what follows from them.
    found: UseBatchOutcomesReturn,
    /// The address narrowing the table to one cause.
    cause_href: Callback<String, String>,
) -> impl IntoView {
    // Export only once there are files to export.
    let export = batch.results.as_ref().filter(|r| !r.is_empty()).map(|r| {
        view! {
            <FilesExport
                batch_id=batch.id.clone()
                results=Arc::new(r.clone())
                directory_id=batch.source_directory_id.clone()
                outcomes=found.outcomes
                view=view
            />
        }
    });
    let has_files = batch.results.as_ref().is_some_and(|r| !r.is_empty());
    view! {
        {has_files.then(|| view! {
            <OutcomeSummary summary=found.summary unavailable=found.unavailable on_retry=found.retry />
            <CauseList
                causes=found.causes
                href=cause_href
                current=Signal::derive(move || view.with(|v| v.cause.clone()))
            />
        })}
        {export}
        <FileResults
            results=batch.results
            status=batch.status
            outcomes=found.outcomes
            directory_id=batch.source_directory_id
            view=Some(view)
            actions=true
        />
    }
    .into_any()
}
