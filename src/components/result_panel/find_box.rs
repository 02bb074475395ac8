//! Find in the open result (`rq=` in the URL): typed here, applied by the
//! page after a pause, counted over every page.

use super::PanelLinks;
use leptos::prelude::*;

/// The find field, filled from the URL.
pub fn find_box(links: PanelLinks) -> impl IntoView {
    let value = links.view.get_untracked().rq.unwrap_or_default();
    view! {
        <label class="find-box">
            "Find in result "
            <input
                type="search"
                prop:value=value
                maxlength="200"
                on:input=move |ev| links.on_find.run(event_target_value(&ev))
            />
        </label>
    }
}
