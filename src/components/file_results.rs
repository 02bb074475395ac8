//! The per-file results of one batch: which files got a job and which failed, and why.

use crate::model::{BatchStatus, FileResult};
use crate::text;
use leptos::prelude::*;

/// The nested table shown when a batch is expanded.
#[component]
pub fn FileResults(
    /// `results` from `expand=results`: `None` while the API has none yet.
    results: Option<Vec<FileResult>>,
    /// The batch's status, to explain a missing result set.
    status: Option<BatchStatus>,
) -> impl IntoView {
    let Some(results) = results else {
        let why = match &status {
            Some(s) if !s.is_terminal() => {
                format!("Results are not available yet while the batch is {s}.")
            }
            _ => "The API returned no per-file results for this batch.".to_string(),
        };
        return view! { <p class="files-note">{why}</p> }.into_any();
    };
    if results.is_empty() {
        return view! { <p class="files-note">"No files."</p> }.into_any();
    }
    let total = results.len() as u64;
    let errors = results.iter().filter(|r| r.error_message.is_some()).count() as u64;
    let jobs = results.iter().filter(|r| r.job_reference.is_some()).count() as u64;
    let incomplete = (status == Some(BatchStatus::Failed)).then(|| {
        view! {
            <p class="files-note">
                "The batch FAILED during orchestration: this list may not include every file."
            </p>
        }
    });
    let rows: Vec<(usize, FileResult)> = results.into_iter().enumerate().collect();
    view! {
        <p class="files-summary">
            {text::count(total, "file", "files")} " · "
            {text::count(errors, "with an error", "with errors")} " · "
            {text::count(jobs, "job created", "jobs created")}
        </p>
        {incomplete}
        <div class="table-scroll">
            <table class="files">
                <thead>
                    <tr>
                        <th scope="col">"File"</th>
                        <th scope="col">"Outcome"</th>
                        <th scope="col">"Error"</th>
                        <th scope="col">"Job"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.clone()
                        key=|(i, r)| r.source_directory_file_id.clone().unwrap_or_else(|| format!("#{i}"))
                        children=|(_, r)| view! { <FileRow result=r /> }
                    />
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn FileRow(result: FileResult) -> impl IntoView {
    let (outcome, class) = match (&result.job_reference, &result.error_message) {
        (Some(_), None) => ("Job created", "outcome-ok"),
        (Some(_), Some(_)) => ("Job failed", "outcome-error"),
        (None, Some(_)) => ("No job: error", "outcome-error"),
        (None, None) => ("No job", "outcome-none"),
    };
    let file = result
        .source_directory_file_id
        .unwrap_or_else(|| "—".into());
    let error = result.error_message.unwrap_or_else(|| "—".into());
    let job = match result.job_reference {
        Some(j) => {
            let kind = j.job_type.map(|t| t.to_string()).unwrap_or_default();
            view! { <code>{j.id}</code> " " <span class="muted">{kind}</span> }.into_any()
        }
        None => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <td><code>{file}</code></td>
            <td><span class=format!("outcome {class}")>{outcome}</span></td>
            <td class="error-text">{error}</td>
            <td>{job}</td>
        </tr>
    }
}
