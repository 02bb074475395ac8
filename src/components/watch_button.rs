//! The "Watch" button of a batch (its row and its page).

use batches_core::model::Batch;
use leptos::prelude::*;

/// What the batch table hands each row for its Watch button: which ids are
/// watched, and the toggle. `Copy`, so a 1,000-row page shares one.
#[derive(Clone, Copy)]
pub struct WatchControl {
    pub watched: Signal<Vec<String>>,
    pub toggle: Callback<Batch>,
}

/// A toggle button ("Watch", `aria-pressed` when watched: a toggle keeps its
/// name, the state is what changes). Its name says which batch, since a list
/// has one per row; the visible word starts it, so speech input finds it.
#[component]
pub fn WatchButton(
    /// The batch's id, for the accessible name.
    #[prop(into)]
    id: Signal<String>,
    #[prop(into)] watched: Signal<bool>,
    on_toggle: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="watch"
            aria-pressed=move || watched.get().to_string()
            aria-label=move || format!("Watch batch {}", id.get())
            title="Be told when this batch finishes"
            on:click=move |_| on_toggle.run(())
        >
            "Watch"
        </button>
    }
    .into_any()
}
