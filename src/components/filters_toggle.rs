//! On a phone the filters fold behind a "Filters" button, so the first
//! batches are on the first screen; on wider screens the button is hidden
//! and the filters always show (CSS decides, by width).

use batches_core::filters::Filters;
use leptos::prelude::*;

/// How many filters narrow the list: status, date range, and each id
/// filter (page size, zone and refresh change how rows look, not which).
pub fn active_count(f: &Filters) -> usize {
    let range = f.created_within.is_some()
        || f.created_at_on_or_after.is_some()
        || f.created_at_on_or_before.is_some();
    [
        f.status.is_some(),
        range,
        f.project_id.is_some(),
        f.organization_id.is_some(),
        f.source_directory_id.is_some(),
    ]
    .into_iter()
    .filter(|on| *on)
    .count()
}

/// The button ("Filters · 2 active") and the panel it opens.
#[component]
pub fn FiltersToggle(
    /// How many filters are active, shown on the button.
    #[prop(into)]
    active: Signal<usize>,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let label = move || match active.get() {
        0 => "Filters".to_string(),
        n => format!("Filters · {n} active"),
    };
    view! {
        <div class="filters-area" class:open=move || open.get()>
            <button
                type="button"
                class="filters-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls="filters-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {label}
            </button>
            <div id="filters-panel" class="filters-panel">{children()}</div>
        </div>
    }
    .into_any()
}
