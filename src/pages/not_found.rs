//! The page for paths the dashboard does not have.

use leptos::prelude::*;

/// Says the path is unknown and links home, instead of a blank page.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"This dashboard has no page at this address."</p>
            <p><a href="/">"Go to the batch list"</a></p>
        </main>
    }
    .into_any()
}
