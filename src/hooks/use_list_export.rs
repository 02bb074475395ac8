//! Exporting every batch the list's filters match, page after page.

use crate::api::{self, LatestOnly};
use crate::browser::{self, download};
use batches_core::api_error::ApiError;
use batches_core::export::{self, BatchExport, Format, Progress, MAX_EXPORT};
use batches_core::filters::Filters;
use batches_core::retry::RetryNotice;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What went wrong, in the words an error alert uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub headline: String,
    pub detail: Option<String>,
    pub advice: String,
}

impl From<&ApiError> for Problem {
    fn from(e: &ApiError) -> Self {
        Problem {
            headline: e.headline(),
            detail: e.detail(),
            advice: e.advice(),
        }
    }
}

/// Where an export is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    /// The count lives in its own signal, so the bar and Cancel stay
    /// mounted (and keep focus) while pages arrive.
    Running(Format),
    Saved {
        file: String,
        count: u64,
        /// The cap notice, when the cap cut the export short.
        capped: Option<String>,
    },
    Cancelled,
    Failed {
        format: Format,
        problem: Problem,
    },
}

/// What [`use_list_export`] returns.
#[derive(Clone, Copy)]
pub struct UseListExportReturn {
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Progress>,
    /// "Retrying in N s…" while a page is being retried.
    pub retrying: RwSignal<Option<RetryNotice>>,
    /// Starts an export in this format (ignored while one runs).
    pub start: Callback<Format>,
    /// Stops the running export; nothing is saved.
    pub cancel: Callback<()>,
}

/// Exports what `filters` match as they are when an export starts: 200 per
/// request following `next_page_token`, with progress, retries and a cap
/// ([`BatchExport`] has the paging rules), then saves the file. A finished
/// export's message belongs to the filters it exported: it ends when they change.
///
/// ```ignore
/// let export = use_list_export(view_filters);
/// view! { <button on:click=move |_| export.start.run(Format::Csv)>"Export CSV"</button> }
/// ```
pub fn use_list_export(filters: Memo<Filters>) -> UseListExportReturn {
    let phase = RwSignal::new(Phase::Idle);
    let progress = RwSignal::new(Progress { done: 0, of: None });
    let retrying = RwSignal::new(None::<RetryNotice>);
    let slot = LatestOnly::new();
    // Which export is current: Cancel (or a new export) moves it on, and an
    // answer for an older one is dropped even if it lands after the abort.
    let run = StoredValue::new(0u64);
    on_cleanup(move || slot.abort());
    let summary = Memo::new(move |_| filters.with(export::filter_summary));
    Effect::new(move |seen: Option<String>| {
        let now = summary.get();
        if seen.is_some_and(|s| s != now) {
            phase.update(|p| {
                if !matches!(p, Phase::Running(_)) {
                    *p = Phase::Idle;
                }
            });
        }
        now
    });
    let start = Callback::new(move |format: Format| {
        if matches!(phase.get_untracked(), Phase::Running(_)) {
            return;
        }
        let view = filters.get_untracked();
        // One instant for the whole export: a relative range means the same
        // thing on the last page as on the first, and it stamps the file.
        let job = BatchExport::new(&view, browser::now(), MAX_EXPORT);
        let me = run.get_value() + 1;
        run.set_value(me);
        let current = move || run.try_get_value() == Some(me);
        retrying.set(None);
        progress.set(job.progress());
        phase.set(Phase::Running(format));
        spawn_local(async move {
            let outcome = fetch_all(job, &view, slot, format, retrying, progress, current).await;
            if current() {
                let _ = retrying.try_set(None);
                let _ = phase.try_set(outcome);
            }
        });
    });
    let cancel = Callback::new(move |_| {
        run.update_value(|r| *r += 1);
        slot.abort();
        retrying.set(None);
        phase.set(Phase::Cancelled);
    });
    UseListExportReturn {
        phase,
        progress,
        retrying,
        start,
        cancel,
    }
}

/// Reads every page of `job` (an export of `view`), then saves the file;
/// the phase it ends in.
async fn fetch_all(
    mut job: BatchExport,
    view: &Filters,
    slot: LatestOnly,
    format: Format,
    retrying: RwSignal<Option<RetryNotice>>,
    progress: RwSignal<Progress>,
    current: impl Fn() -> bool + Copy + 'static,
) -> Phase {
    while let Some(path) = job.next_path() {
        let answer = api::batch_page_at(&path, slot, move |n| {
            if current() {
                let _ = retrying.try_set(n);
            }
        })
        .await;
        // Cancelled, superseded or unmounted: Cancel already said so.
        if !current() {
            return Phase::Cancelled;
        }
        if let Err(e) = answer.and_then(|page| job.accept(page)) {
            return match e {
                ApiError::Cancelled => Phase::Cancelled,
                e => Phase::Failed {
                    format,
                    problem: Problem::from(&e),
                },
            };
        }
        let _ = progress.try_set(job.progress());
    }
    let file = export::file_name(view, job.at(), format);
    let body = match format {
        Format::Csv => export::batches_csv(job.batches()),
        Format::Json => export::batches_json(job.batches()),
    };
    match download::save(&file, format.mime(), &body) {
        Ok(()) => Phase::Saved {
            file,
            count: job.batches().len() as u64,
            capped: job.capped().then(|| export::cap_notice(job.cap())),
        },
        Err(why) => Phase::Failed {
            format,
            problem: Problem {
                headline: why,
                detail: None,
                advice: "Retry; if it persists, allow downloads for this site.".into(),
            },
        },
    }
}
