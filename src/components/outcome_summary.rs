//! The batch summary above its files: what became of them, how far the
//! batch is, what it cost, and whether the job lookup failed.

use crate::components::progress_bar::ProgressBar;
use batches_core::outcome::summary::Summary;
use leptos::prelude::*;

/// Counts by outcome, total credits and a progress bar (finished files of
/// all files), in words as well as in the bar; with a Retry notice while
/// job outcomes are unavailable.
#[component]
pub fn OutcomeSummary(
    #[prop(into)] summary: Signal<Summary>,
    /// Some job lookups were refused or failed.
    #[prop(into)]
    unavailable: Signal<bool>,
    /// Looks the missing outcomes up again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let progress = move || summary.with(Summary::progress_words);
    view! {
        <div class="outcome-summary">
            <p class="files-summary" aria-live="polite">{move || summary.with(Summary::words)}</p>
            <div class="outcome-progress">
                <ProgressBar
                    label="Files finished"
                    class="progress-bar"
                    max=Signal::derive(move || Some(summary.with(|s| s.files)))
                    now=Signal::derive(move || Some(summary.with(|s| s.finished)))
                    text=Signal::derive(progress)
                />
                <span class="progress-text">{progress}</span>
                " · "
                <span class="credits-total">{move || summary.with(Summary::credits_words)}</span>
            </div>
            {move || unavailable.get().then(|| view! {
                <div class="notice outcomes-unavailable" role="alert">
                    <p>
                        "Job outcomes are unavailable for some files: the job lookup was refused or failed. "
                        "Those files show only what the batch itself knows."
                    </p>
                    <button type="button" on:click=move |_| on_retry.run(())>"Retry"</button>
                </div>
            })}
        </div>
    }
    .into_any()
}
