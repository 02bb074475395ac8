//! "Export CSV" and "Export JSON" for one batch's files, on its own page.
//!
//! An export holds exactly the files the table shows: the same filters
//! ([`batches_core::detail_filters::select`], with the outcomes on screen) over the same names (the ones on
//! screen, [`crate::names::shown_name`]), so what someone saves is what they
//! looked at. The results are already in the tab, so there is no request,
//! progress bar or Cancel as in the list's export; the buttons, wording and
//! file naming are the list's.

use crate::browser;
use crate::browser::download;
use crate::names;
use batches_core::detail_filters::{self, FileView};
use batches_core::export::{self, Format};
use batches_core::model::FileResult;
use batches_core::outcome::Outcome;
use batches_core::text;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Saved { file: String, count: u64 },
    Failed { format: Format, why: String },
}

/// The export buttons for a batch's files, and what the last export did.
#[component]
pub fn FilesExport(
    /// The batch the files belong to; it names the file.
    #[prop(into)]
    batch_id: String,
    /// Every file of the batch, as `expand=results` sent them.
    results: Arc<Vec<FileResult>>,
    /// The batch's source directory, where file names come from.
    directory_id: Option<String>,
    /// Each file's outcome as shown now: the export holds the same.
    #[prop(into)]
    outcomes: Signal<Vec<Outcome>>,
    /// Which files the page shows (the URL's `files=` and `q=`).
    #[prop(into)]
    view: Signal<FileView>,
) -> impl IntoView {
    // What the last export did, and for which view: its message belongs to
    // that view and is not shown once the page shows other files.
    let last = RwSignal::new((view.get_untracked(), Phase::Idle));
    let phase = move || {
        last.with(|(v, p)| {
            if view.with(|now| now == v) {
                p.clone()
            } else {
                Phase::Idle
            }
        })
    };

    let start = move |format: Format| {
        let v = view.get_untracked();
        let name = |id: &str| {
            directory_id
                .as_deref()
                .and_then(|dir| names::shown_name(dir, id))
        };
        let (shown, outcomes) =
            outcomes.with_untracked(|o| detail_filters::select(&results, o, &v, name));
        let body = match format {
            Format::Csv => export::files_csv(&shown, &outcomes, name),
            Format::Json => export::files_json(&shown, &outcomes, name),
        };
        let file = export::files_file_name(&batch_id, &v, browser::now(), format);
        let outcome = match download::save(&file, format.mime(), &body) {
            Ok(()) => Phase::Saved {
                file,
                count: shown.len() as u64,
            },
            Err(why) => Phase::Failed { format, why },
        };
        last.set((v, outcome));
    };
    let start = StoredValue::new(start);

    view! {
        <section class="export" aria-label="Export files">
            <div class="export-buttons">
                <button type="button" on:click=move |_| start.with_value(|s| s(Format::Csv))>
                    "Export CSV"
                </button>
                <button type="button" on:click=move |_| start.with_value(|s| s(Format::Json))>
                    "Export JSON"
                </button>
                <span class="export-hint">"the files shown, with their names where known"</span>
            </div>
            {move || match phase() {
                Phase::Idle => ().into_any(),
                Phase::Saved { file, count } => view! {
                    <p class="export-done" role="status">
                        {format!("Saved {} to ", text::count(count, "file", "files"))}
                        <code>{file}</code>
                        "."
                    </p>
                }
                .into_any(),
                Phase::Failed { format, why } => view! {
                    <div class="alert" role="alert">
                        <p class="alert-headline">{format!("The export failed. {why}")}</p>
                        <p class="alert-advice">"Retry; if it persists, allow downloads for this site."</p>
                        <button type="button" on:click=move |_| start.with_value(|s| s(format))>
                            "Retry export"
                        </button>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
    .into_any()
}
