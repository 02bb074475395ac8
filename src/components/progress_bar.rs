//! A progress bar screen readers can read: the semantics on a wrapper, the
//! native bar only drawing.

use leptos::prelude::*;

/// `now` of `max` (both absent: indeterminate), named `label`, read out as
/// `text`. Used by the list export and the batch's finished files.
#[component]
pub fn ProgressBar(
    label: &'static str,
    /// The CSS class of the wrapper (its width and place).
    class: &'static str,
    #[prop(into)] max: Signal<Option<u64>>,
    #[prop(into)] now: Signal<Option<u64>>,
    #[prop(into)] text: Signal<String>,
) -> impl IntoView {
    let max = move || max.get().map(|n| n.to_string());
    let now = move || now.get().map(|n| n.to_string());
    view! {
        <div class=class role="progressbar" aria-label=label aria-valuemin="0"
            aria-valuemax=max aria-valuenow=now aria-valuetext=move || text.get()>
            <progress aria-hidden="true" max=max value=now></progress>
        </div>
    }
    .into_any()
}
