//! One chip per status with the view's count, as links, so a count can be
//! clicked to filter or opened in a new tab.

pub use crate::hooks::use_status_counts::Chip;
use leptos::prelude::*;

/// The row of status chips.
#[component]
pub fn StatusChips(
    /// The chips, in the status filter's order.
    #[prop(into)]
    chips: Signal<Vec<Chip>>,
) -> impl IntoView {
    view! {
        <nav class="chips" aria-label="Batch counts">
            <For
                each=move || chips.get()
                key=|c| (c.status.as_str().to_string(), c.count.clone(), c.current, c.href.clone())
                children=|c| {
                    let class = format!("chip status-{}", c.status.css_class());
                    view! {
                        <a
                            class=class
                            href=c.href
                            aria-current=c.current.then_some("true")
                        >
                            {format!("{} · {}", c.status.as_str(), c.count)}
                        </a>
                    }
                }
            />
        </nav>
    }
    .into_any()
}
