//! How an API failure is shown: what happened, what to do, and a retry.

use batches_core::api_error::ApiError;
use leptos::prelude::*;

/// An alert for a failed request. The server's own detail is shown as text.
#[component]
pub fn ErrorAlert(
    /// The failure to explain.
    error: ApiError,
    /// Repeats the request; filters and URL stay as they are.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let detail = error.detail();
    view! {
        <div class="alert" role="alert">
            <p class="alert-headline">{error.headline()}</p>
            {detail.map(|d| view! { <p class="alert-detail">{d}</p> })}
            <p class="alert-advice">{error.advice()}</p>
            <button type="button" on:click=move |_| on_retry.run(())>"Retry"</button>
        </div>
    }
    .into_any()
}
