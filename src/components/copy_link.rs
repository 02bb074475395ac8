//! "Copy link": one button, two choices (as shown, or at this exact time).

use batches_core::share_link::LinkMode;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A disclosure with the two choices; `message` says what was copied (or
/// why nothing was), for everyone, screen readers included.
#[component]
pub fn CopyLink(
    on_copy: Callback<LinkMode>,
    #[prop(into)] message: Signal<Option<String>>,
) -> impl IntoView {
    let choose = move |mode: LinkMode| {
        move |ev: leptos::ev::MouseEvent| {
            // Close the menu the choice was made in.
            if let Some(d) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("details").ok().flatten())
            {
                let _ = d.remove_attribute("open");
            }
            on_copy.run(mode);
        }
    };
    view! {
        <div class="copy-link">
            <details class="menu">
                <summary>"Copy link"</summary>
                <div class="menu-panel">
                    <button type="button" on:click=choose(LinkMode::AsShown)>{LinkMode::AsShown.label()}</button>
                    <button type="button" on:click=choose(LinkMode::ExactTime)>{LinkMode::ExactTime.label()}</button>
                </div>
            </details>
            <span class="copy-message" role="status">{move || message.get()}</span>
        </div>
    }
    .into_any()
}
