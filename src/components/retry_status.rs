//! The visible side of an automatic retry: what failed and when the next
//! try starts, so a wait never looks like a hang.

use batches_core::retry::RetryNotice;
use batches_core::retry::{seconds_label, MAX_RETRIES};
use leptos::prelude::*;

/// "The API is rate limiting requests (429 …). Retrying in 2 s… (retry 1 of 2)".
#[component]
pub fn RetryStatus(notice: RetryNotice) -> impl IntoView {
    let when = format!(
        "Retrying in {}… (retry {} of {})",
        seconds_label(notice.wait_ms),
        notice.retry,
        MAX_RETRIES
    );
    view! {
        <div class="alert retrying" role="alert">
            <p class="alert-headline">{notice.error.headline()}</p>
            <p>{when}</p>
        </div>
    }
    .into_any()
}
