//! Previous / next page controls for a cursor-paged list.

use leptos::prelude::*;

/// The pager. Buttons are disabled, not hidden, where there is nowhere to go,
/// so keyboard users keep their bearings.
#[component]
pub fn Pager(
    /// Whether a page before this one exists.
    #[prop(into)]
    has_previous: Signal<bool>,
    /// Whether the API sent a cursor for a following page.
    #[prop(into)]
    has_next: Signal<bool>,
    #[prop(into)] on_previous: Callback<()>,
    #[prop(into)] on_next: Callback<()>,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pagination">
            <button
                type="button"
                disabled=move || !has_previous.get()
                on:click=move |_| on_previous.run(())
            >
                "Previous page"
            </button>
            <button
                type="button"
                disabled=move || !has_next.get()
                on:click=move |_| on_next.run(())
            >
                "Next page"
            </button>
        </nav>
    }
    .into_any()
}
