//! Find in the open result (`rq=` in the URL): typed here, applied by the
//! page after a pause, counted over every page.

use super::PanelLinks;
use leptos::prelude::*;

/// The find field, following the URL (Back/Forward) and typed into.
pub fn find_box(links: PanelLinks) -> impl IntoView {
    let value = move || links.view.with(|v| v.rq.clone()).unwrap_or_default();
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
