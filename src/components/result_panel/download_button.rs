//! "Download .md" and its kin: the text is built when clicked (a 2,000-page
//! document is not built for nothing) and saved by the browser.

use crate::browser::download;
use batches_core::result::names::Kind;
use leptos::prelude::*;

/// A button that saves `text()` as `name()` (asked at the click: the
/// file's name may have arrived since); says so if the browser refused.
pub fn download_button(
    kind: Kind,
    name: impl Fn() -> String + 'static,
    text: impl Fn() -> String + 'static,
) -> impl IntoView {
    let refused = RwSignal::new(None::<String>);
    let save = move |_| refused.set(download::save(&name(), kind.mime(), &text()).err());
    view! {
        <button type="button" class="download" on:click=save>
            {format!("Download .{}", kind.extension())}
        </button>
        {move || refused.get().map(|e| view! { <span class="error-text" role="alert">{e}</span> })}
    }
}
