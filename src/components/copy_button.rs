//! A small "Copy" button for ids, with visible feedback, because ids are
//! what people paste into chats, tickets and the API.

use leptos::prelude::*;

/// Copies `value` to the clipboard and says "Copied" (or why it could not).
#[component]
pub fn CopyButton(
    /// The exact text to copy.
    #[prop(into)]
    value: String,
    /// What is copied, for screen readers: "Copy batch id bat-…".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let feedback = RwSignal::new(None::<&'static str>);
    let copy = move |_| {
        crate::browser::clipboard::copy_with_feedback(value.clone(), move |said| {
            let _ = feedback.try_set(said);
        });
    };
    view! {
        <button type="button" class="copy" aria-label=label on:click=copy>
            {move || feedback.get().unwrap_or("Copy")}
        </button>
        <span class="visually-hidden" role="status">{move || feedback.get()}</span>
    }
    .into_any()
}
