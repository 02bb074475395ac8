//! The per-file results of one batch: which files got a job and which failed, and why.
//!
//! Used twice: in an expanded list row (every file) and on the batch's own
//! page, where the URL narrows it (`files=`, `q=`, see
//! [`batches_core::detail_filters`]). Rows are keyed by their place in the batch,
//! so filtering adds and removes rows without re-creating the ones that stay,
//! and a file's name, when it arrives, changes only its own cell.

use crate::components::copy_button::CopyButton;
use crate::components::job_details::JobDetails;
use crate::names;
use batches_core::detail_filters::{self, FileView};
use batches_core::model::{BatchStatus, FileResult};
use batches_core::text;
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use std::sync::Arc;

type Name = Option<ArcReadSignal<Option<String>>>;

/// The nested table shown when a batch is expanded, and on the batch's page.
#[component]
pub fn FileResults(
    /// `results` from `expand=results`: `None` while the API has none yet.
    results: Option<Vec<FileResult>>,
    /// The batch's status, to explain a missing result set.
    status: Option<BatchStatus>,
    /// The batch's source directory: with it, file names are looked up and shown.
    #[prop(optional_no_strip)]
    directory_id: Option<String>,
    /// Which files to show; every file when absent.
    #[prop(optional_no_strip, into)]
    view: Option<Signal<FileView>>,
    /// Give every file and job id a "Copy" button, and every job a button
    /// that shows its own status. The batch's own page does; an expanded
    /// list row does not (it links to that page): 2,000 more buttons, each
    /// with its own state, would triple the time a 1,000-file batch takes to expand.
    #[prop(optional)]
    actions: bool,
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
    let counts = detail_filters::counts(&results);
    let incomplete = (status == Some(BatchStatus::Failed)).then(|| {
        view! {
            <p class="files-note">
                "The batch FAILED during orchestration: this list may not include every file."
            </p>
        }
    });
    let rows = Arc::new(results);
    let shown = {
        let rows = Arc::clone(&rows);
        move |names: &[Name], track_names: bool, v: &FileView| -> Vec<usize> {
            let rule = v.rule();
            rows.iter()
                .enumerate()
                .filter(|(i, r)| {
                    rule.admits(r, || match (&names[*i], track_names) {
                        (Some(n), true) => n.get(),
                        (Some(n), false) => n.get_untracked(),
                        (None, _) => None,
                    })
                })
                .map(|(i, _)| i)
                .collect()
        }
    };
    // Names are asked for in the order people see them: the rows this view
    // shows first, then the rest (so a search can find them by name).
    let first = view
        .map(|v| v.with_untracked(|v| shown(&vec![None; rows.len()], false, v)))
        .unwrap_or_default();
    let names: Arc<Vec<Name>> = Arc::new(match &directory_id {
        Some(dir) => names::names_by_row(dir, &rows, &first),
        None => vec![None; rows.len()],
    });
    let visible = view.map({
        let names = Arc::clone(&names);
        move |v| (v, Memo::new(move |_| v.with(|v| shown(&names, true, v))))
    });
    let summary = view! {
        <p class="files-summary" aria-live="polite">
            {text::count(counts.files, "file", "files")} " · "
            {text::count(counts.errors, "with an error", "with errors")} " · "
            {text::count(counts.jobs, "job created", "jobs created")}
            {visible.map(|(v, visible)| move || v.with(FileView::is_filtered).then(|| format!(
                " · showing {} of {}",
                text::thousands(visible.with(Vec::len) as u64),
                text::thousands(counts.files),
            )))}
        </p>
        {incomplete}
    };
    let Some((_, visible)) = visible else {
        // Every file, once: an expanded list row never filters, so its rows
        // are made in one pass with no keys, memo or copies of the results.
        let names = Arc::try_unwrap(names).unwrap_or_else(|n| (*n).clone());
        let rows = Arc::try_unwrap(rows).unwrap_or_else(|r| (*r).clone());
        let body = rows
            .into_iter()
            .zip(names)
            .map(|(result, name)| file_row(result, name, actions))
            .collect_view();
        return view! { {summary} {files_table(body)} }.into_any();
    };
    let body = move || {
        let rows = Arc::clone(&rows);
        let names = Arc::clone(&names);
        view! {
            <For
                each=move || visible.get()
                key=|i| *i
                children=move |i| file_row(rows[i].clone(), names[i].clone(), actions)
            />
        }
    };
    view! {
        {summary}
        <Show
            when=move || !visible.with(Vec::is_empty)
            fallback=|| view! { <p class="files-note">"No files match these filters."</p> }
        >
            {files_table(body())}
        </Show>
    }
    .into_any()
}

/// The files table around its rows.
fn files_table(body: impl IntoView) -> impl IntoView {
    view! {
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
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// One file's row: a plain function rather than a component, since a batch
/// has up to 1,000 of them and it needs no props builder.
fn file_row(result: FileResult, name: Name, actions: bool) -> impl IntoView {
    let (outcome, class) = match (&result.job_reference, &result.error_message) {
        (Some(_), None) => ("Job created", "outcome outcome-ok"),
        (Some(_), Some(_)) => ("Job failed", "outcome outcome-error"),
        (None, Some(_)) => ("No job: error", "outcome outcome-error"),
        (None, None) => ("No job", "outcome outcome-none"),
    };
    // Either, not `into_any()`: a 1,000-file batch makes 2,000 of these
    // cells, and each boxed view costs an allocation and a dynamic build.
    let file = match result.source_directory_file_id {
        Some(id) => {
            let copy = actions.then(|| {
                let label = format!("Copy file id {id}");
                view! { <CopyButton value=id.clone() label=label /> }
            });
            let name = name.map(|n| {
                move || {
                    n.get()
                        .map(|n| view! { <span class="file-name">{n}</span> })
                }
            });
            Either::Left(view! {
                {name}
                <code class="file-id">{id}</code>
                {copy}
            })
        }
        None => Either::Right(view! { <span class="muted">"—"</span> }),
    };
    let error = result.error_message.unwrap_or_else(|| "—".into());
    let job = match result.job_reference {
        Some(j) if actions => EitherOf3::A(view! { <JobDetails job=j /> }),
        Some(j) => {
            let kind = j
                .job_type
                .as_ref()
                .map(|t| t.as_str().to_string())
                .unwrap_or_default();
            EitherOf3::B(view! { <code>{j.id}</code> " " <span class="muted">{kind}</span> })
        }
        None => EitherOf3::C(view! { <span class="muted">"—"</span> }),
    };
    view! {
        <tr>
            <td class="file">{file}</td>
            <td><span class=class>{outcome}</span></td>
            <td class="error-text">{error}</td>
            <td class="job">{job}</td>
        </tr>
    }
}
