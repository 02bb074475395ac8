//! "Export CSV" and "Export JSON" for the filtered list: every page the
//! view's filters match, not just the one shown, with a progress bar, a
//! Cancel button, a cap and the dashboard's usual error words.
//!
//! Like a batch row fetching its files, this view makes its own requests:
//! an export lives and dies with the button that started it. The paging
//! rules are in [`batches_core::export::BatchExport`], the saving in [`crate::download`].

use crate::api::{self, LatestOnly, RetryNotice};
use crate::browser;
use crate::components::retry_status::RetryStatus;
use crate::download;
use batches_core::api_error::ApiError;
use batches_core::export::{self, BatchExport, Format, Progress, MAX_EXPORT};
use batches_core::filters::Filters;
use batches_core::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What went wrong, in the words an error alert uses.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    headline: String,
    detail: Option<String>,
    advice: String,
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

#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
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

/// The export buttons and, while one runs, its progress.
#[component]
pub fn ExportPanel(
    /// The view's filters; an export takes them as they are when it starts.
    #[prop(into)]
    filters: Signal<Filters>,
) -> impl IntoView {
    let phase = RwSignal::new(Phase::Idle);
    let progress = RwSignal::new(Progress { done: 0, of: None });
    let retrying = RwSignal::new(None::<RetryNotice>);
    let slot = LatestOnly::new();
    // Which export is current: Cancel (or a new export) moves it on, and an
    // answer for an older one is dropped even if it lands after the abort.
    let run = StoredValue::new(0u64);
    on_cleanup(move || slot.abort());

    // A finished export's message belongs to the filters it exported.
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

    let start = move |format: Format| {
        if matches!(phase.get_untracked(), Phase::Running(_)) {
            return;
        }
        let view = filters.get_untracked();
        // One instant for the whole export: a relative range means the same
        // thing on the last page as on the first, and it stamps the file.
        let mut job = BatchExport::new(&view, browser::now(), MAX_EXPORT);
        let me = run.get_value() + 1;
        run.set_value(me);
        let current = move || run.try_get_value() == Some(me);
        retrying.set(None);
        progress.set(job.progress());
        phase.set(Phase::Running(format));
        spawn_local(async move {
            while let Some(path) = job.next_path() {
                let answer = api::batch_page_at(&path, slot, move |n| {
                    if current() {
                        let _ = retrying.try_set(n);
                    }
                })
                .await;
                // Cancelled, superseded or unmounted: Cancel already said so.
                if !current() {
                    return;
                }
                if let Err(e) = answer.and_then(|page| job.accept(page)) {
                    let _ = retrying.try_set(None);
                    let _ = phase.try_set(match e {
                        ApiError::Cancelled => Phase::Cancelled,
                        e => Phase::Failed {
                            format,
                            problem: Problem::from(&e),
                        },
                    });
                    return;
                }
                let _ = progress.try_set(job.progress());
            }
            let file = export::file_name(&view, job.at(), format);
            let body = match format {
                Format::Csv => export::batches_csv(job.batches()),
                Format::Json => export::batches_json(job.batches()),
            };
            let _ = phase.try_set(match download::save(&file, format.mime(), &body) {
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
            });
        });
    };

    let csv_button = NodeRef::<leptos::html::Button>::new();
    let json_button = NodeRef::<leptos::html::Button>::new();
    let cancel = Callback::new(move |_| {
        run.update_value(|r| *r += 1);
        slot.abort();
        retrying.set(None);
        // Cancel is about to vanish: keep keyboard focus where the export began.
        let origin = match phase.get_untracked() {
            Phase::Running(Format::Json) => json_button,
            _ => csv_button,
        };
        phase.set(Phase::Cancelled);
        if let Some(b) = origin.get_untracked() {
            let _ = b.focus();
        }
    });
    // `aria-disabled` rather than `disabled`: a disabled button drops the
    // keyboard focus it has; `start` ignores clicks while an export runs.
    let running = move || matches!(phase.get(), Phase::Running(_)).then_some("true");

    view! {
        <section class="export" aria-label="Export">
            <div class="export-buttons">
                <button
                    type="button"
                    node_ref=csv_button
                    aria-disabled=running
                    on:click=move |_| start(Format::Csv)
                >
                    "Export CSV"
                </button>
                <button
                    type="button"
                    node_ref=json_button
                    aria-disabled=running
                    on:click=move |_| start(Format::Json)
                >
                    "Export JSON"
                </button>
                <span class="export-hint">
                    {format!(
                        "every batch these filters match, up to {}",
                        text::thousands(MAX_EXPORT as u64),
                    )}
                </span>
            </div>
            {move || retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Running(format) => {
                    view! { <ExportProgress format=format progress=progress on_cancel=cancel /> }
                        .into_any()
                }
                Phase::Saved { file, count, capped } => view! {
                    <p class="export-done" role="status">
                        {format!("Saved {} to ", text::count(count, "batch", "batches"))}
                        <code>{file}</code>
                        "."
                    </p>
                    {capped.map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
                }
                .into_any(),
                Phase::Cancelled => view! {
                    <p class="export-done" role="status">"Export cancelled; no file was saved."</p>
                }
                .into_any(),
                Phase::Failed { format, problem } => view! {
                    <div class="alert" role="alert">
                        <p class="alert-headline">{format!("The export failed. {}", problem.headline)}</p>
                        {problem.detail.map(|d| view! { <p class="alert-detail">{d}</p> })}
                        <p class="alert-advice">{problem.advice}</p>
                        <button type="button" on:click=move |_| start(format)>"Retry export"</button>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The bar, the count and Cancel while an export runs. Determinate when the
/// API sent a total; otherwise indeterminate, counting what has arrived.
#[component]
fn ExportProgress(
    format: Format,
    #[prop(into)] progress: Signal<Progress>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let max = move || progress.get().of.map(|n| n.to_string());
    let now = move || {
        let p = progress.get();
        p.of.map(|_| p.done.to_string())
    };
    let label = move || progress.get().label();
    view! {
        <div class="export-progress">
            <div
                class="export-bar"
                role="progressbar"
                aria-label="Export progress"
                aria-valuemin="0"
                aria-valuemax=max
                aria-valuenow=now
                aria-valuetext=label
            >
                // The native bar only draws; the wrapper carries the semantics.
                <progress aria-hidden="true" max=max value=now></progress>
            </div>
            <span class="export-count">{move || format!("Exporting {}: {}", format.label(), label())}</span>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel export"</button>
        </div>
    }
}
