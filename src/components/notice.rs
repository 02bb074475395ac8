//! A short status line ("That page link is no longer valid…"), shown while
//! there is something to say.

use leptos::prelude::*;

/// The notice box, present only while `text` holds a message.
#[component]
pub fn Notice(#[prop(into)] text: Signal<Option<String>>) -> impl IntoView {
    (move || {
        text.get()
            .map(|t| view! { <div class="notice" role="status"><p>{t}</p></div> })
    })
    .into_any()
}
