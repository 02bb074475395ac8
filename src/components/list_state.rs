//! The list's words around its rows: the count line, and what stands in
//! for the rows while loading, on an error, or when nothing matches.

use crate::components::error_alert::ErrorAlert;
use batches_core::api_error::ApiError;
use batches_core::model::BatchPage;
use batches_core::text;
use leptos::prelude::*;

/// The list's answer as the page shows it (`None` before the first).
type Shown = Option<Result<BatchPage, ApiError>>;

/// "2,400 batches", and "Updating…" while a newer answer is on its way.
#[component]
pub fn ListSummary(
    #[prop(into)] shown: Signal<Shown>,
    #[prop(into)] loading: Signal<bool>,
) -> impl IntoView {
    let summary = move || {
        shown.with(|r| match r {
            Some(Ok(p)) => p.total_size.map(|n| text::count(n, "batch", "batches")),
            _ => None,
        })
    };
    let updating = move || {
        (loading.get() && shown.with(Option::is_some))
            .then(|| view! { <span class="loading" role="status">" Updating…"</span> })
    };
    view! { <p class="summary" aria-live="polite">{summary} {updating}</p> }.into_any()
}

/// "3 new batches — show", then loading, the error (with Retry) or "No
/// batches match"; nothing while rows are shown.
#[component]
pub fn ListState(
    #[prop(into)] shown: Signal<Shown>,
    #[prop(into)] new_batches: Signal<usize>,
    /// Fetches the view again (Retry, "show").
    on_refetch: Callback<()>,
) -> impl IntoView {
    let news = move || {
        let n = new_batches.get();
        (n > 0).then(|| {
            view! {
                <div class="new-batches" role="status">
                    {text::count(n as u64, "new batch", "new batches")}
                    " — "
                    <button type="button" on:click=move |_| on_refetch.run(())>"show"</button>
                </div>
            }
        })
    };
    let state = move || {
        shown.with(|r| match r {
            None => {
                Some(view! { <p class="loading" role="status">"Loading batches…"</p> }.into_any())
            }
            Some(Err(e)) => {
                Some(view! { <ErrorAlert error=e.clone() on_retry=on_refetch /> }.into_any())
            }
            Some(Ok(p)) if p.items.is_empty() => {
                Some(view! { <p class="empty">"No batches match these filters."</p> }.into_any())
            }
            Some(Ok(_)) => None,
        })
    };
    view! { {news} {state} }.into_any()
}
