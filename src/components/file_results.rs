//! The per-file results of one batch: what became of each file (its job's
//! outcome), and why a file failed.
//!
//! Used twice: in an expanded list row (every file) and on the batch's own
//! page, where the URL narrows it (`files=`, `q=`, see
//! [`batches_core::detail_filters`]). Rows are keyed by their place in the batch,
//! so filtering adds and removes rows without re-creating the ones that stay,
//! and a file's name, when it arrives, changes only its own cell.
//!
//! An expanded list row shows every file, unfiltered and without buttons,
//! with the same [`file_row`] built once per file (the list never changes,
//! so it needs no keys or filter memo); a name or an outcome that arrives
//! changes only its own cells.

use crate::components::file_row::{file_row, files_table, Name};
use crate::names;
use batches_core::detail_filters::FileView;
use batches_core::model::{BatchStatus, FileResult};
use batches_core::outcome::Outcome;
use batches_core::text;
use leptos::prelude::*;
use std::sync::Arc;

/// The nested table shown when a batch is expanded, and on the batch's page.
#[component]
pub fn FileResults(
    /// `results` from `expand=results`: `None` while the API has none yet.
    results: Option<Vec<FileResult>>,
    /// The batch's status, to explain a missing result set.
    status: Option<BatchStatus>,
    /// Each file's outcome as known now, in the batch's order.
    #[prop(into)]
    outcomes: Signal<Vec<Outcome>>,
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
    // Buttons need rows built as views: every file, shown through a view that filters nothing.
    let view = view.or_else(|| actions.then(|| Signal::stored(FileView::default())));
    let Some(results) = results else {
        return view! { <p class="files-note">{no_results(status.as_ref())}</p> }.into_any();
    };
    if results.is_empty() {
        return view! { <p class="files-note">"No files."</p> }.into_any();
    }
    let total = results.len() as u64;
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
        move |names: &[Name], track: bool, v: &FileView| -> Vec<usize> {
            let rule = v.rule();
            let outcomes = if track {
                outcomes.get()
            } else {
                outcomes.get_untracked()
            };
            rows.iter()
                .enumerate()
                .filter(|(i, r)| {
                    let o = outcomes.get(*i).unwrap_or(&Outcome::Checking);
                    rule.admits(r, o, || match (&names[*i], track) {
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
        {visible.map(|(v, visible)| move || v.with(FileView::is_filtered).then(|| view! {
            <p class="files-summary" aria-live="polite">{format!(
                "Showing {} of {}",
                text::thousands(visible.with(Vec::len) as u64),
                text::count(total, "file", "files"),
            )}</p>
        }))}
        {incomplete}
    };
    let outcome_of =
        move |i: usize| move || outcomes.with(|o| o.get(i).cloned().unwrap_or(Outcome::Checking));
    let Some((_, visible)) = visible else {
        // Every file, once and without buttons (an expanded list row).
        let body = (0..rows.len())
            .map(|i| file_row(rows[i].clone(), names[i].clone(), outcome_of(i), false))
            .collect_view();
        return view! { {summary} {files_table(view! { <tbody>{body}</tbody> })} }.into_any();
    };
    let body = move || {
        let rows = Arc::clone(&rows);
        let names = Arc::clone(&names);
        view! {
            <For
                each=move || visible.get()
                key=|i| *i
                children=move |i| file_row(rows[i].clone(), names[i].clone(), outcome_of(i), actions)
            />
        }
    };
    view! {
        {summary}
        <Show
            when=move || !visible.with(Vec::is_empty)
            fallback=|| view! { <p class="files-note">"No files match these filters."</p> }
        >
            {files_table(view! { <tbody>{body()}</tbody> })}
        </Show>
    }
    .into_any()
}

/// Why a batch shows no files table: its results are not there yet, or the
/// API sent none.
fn no_results(status: Option<&BatchStatus>) -> String {
    match status {
        Some(s) if !s.is_terminal() => {
            format!("Results are not available yet while the batch is {s}.")
        }
        _ => "The API returned no per-file results for this batch.".to_string(),
    }
}
