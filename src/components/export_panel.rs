//! "Export CSV" and "Export JSON" for the filtered list: every page the
//! view's filters match, not just the one shown, with a progress bar, a
//! Cancel button, a cap and the dashboard's usual error words. The fetching
//! is [`crate::hooks::use_list_export`]'s; this only shows it.

use crate::components::progress_bar::ProgressBar;
use crate::components::retry_status::RetryStatus;
use crate::hooks::use_list_export::{Phase, UseListExportReturn};
use batches_core::export::{Format, Progress, MAX_EXPORT};
use batches_core::text;
use leptos::prelude::*;

/// The export buttons and, while one runs, its progress.
#[component]
pub fn ExportPanel(export: UseListExportReturn) -> impl IntoView {
    let UseListExportReturn {
        phase,
        progress,
        retrying,
        start,
        cancel,
    } = export;
    let csv_button = NodeRef::<leptos::html::Button>::new();
    let json_button = NodeRef::<leptos::html::Button>::new();
    let on_cancel = Callback::new(move |_| {
        // Cancel is about to vanish: keep keyboard focus where the export began.
        let origin = match phase.get_untracked() {
            Phase::Running(Format::Json) => json_button,
            _ => csv_button,
        };
        cancel.run(());
        if let Some(b) = origin.get_untracked() {
            let _ = b.focus();
        }
    });
    // `aria-disabled` rather than `disabled`: a disabled button drops the
    // keyboard focus it has; `start` ignores clicks while an export runs.
    let running = move || matches!(phase.get(), Phase::Running(_)).then_some("true");
    let button = move |format: Format, node: NodeRef<leptos::html::Button>| {
        view! {
            <button type="button" node_ref=node aria-disabled=running on:click=move |_| start.run(format)>
                {format!("Export {}", format.label())}
            </button>
        }
    };
    view! {
        <section class="export" aria-label="Export">
            <div class="export-buttons">
                {button(Format::Csv, csv_button)}
                {button(Format::Json, json_button)}
                <span class="export-hint">
                    {format!("every batch these filters match, up to {}", text::thousands(MAX_EXPORT as u64))}
                </span>
            </div>
            {move || retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Running(format) => {
                    view! { <ExportProgress format=format progress=progress on_cancel=on_cancel /> }.into_any()
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
                        <button type="button" on:click=move |_| start.run(format)>"Retry export"</button>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
    .into_any()
}

/// The bar, the count and Cancel while an export runs. Determinate when the
/// API sent a total; otherwise indeterminate, counting what has arrived.
#[component]
fn ExportProgress(
    format: Format,
    #[prop(into)] progress: Signal<Progress>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let label = move || progress.get().label();
    view! {
        <div class="export-progress">
            <ProgressBar
                label="Export progress"
                class="export-bar"
                max=Signal::derive(move || progress.get().of)
                now=Signal::derive(move || { let p = progress.get(); p.of.map(|_| p.done) })
                text=Signal::derive(label)
            />
            <span class="export-count">{move || format!("Exporting {}: {}", format.label(), label())}</span>
            <button type="button" on:click=move |_| on_cancel.run(())>"Cancel export"</button>
        </div>
    }
    .into_any()
}
