//! A batch status as a badge: coloured, but always with its name as text,
//! so colour is never the only signal.

use batches_core::model::BatchStatus;
use leptos::prelude::*;

/// The status badge; a missing status shows an em dash. A plain value: the
/// row or panel that shows it is re-rendered when the status changes.
#[component]
pub fn StatusBadge(
    /// The status to show; unknown values keep their text and a neutral style.
    status: Option<BatchStatus>,
) -> impl IntoView {
    match status {
        Some(s) => {
            let class = format!("badge status-{}", s.css_class());
            view! { <span class=class>{s.as_str().to_string()}</span> }.into_any()
        }
        None => view! { <span class="badge status-other">"—"</span> }.into_any(),
    }
}
