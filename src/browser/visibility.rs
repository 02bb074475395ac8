//! Whether anyone can see the page: background work waits while it is hidden.

use wasm_bindgen::JsCast;

/// Whether the tab is hidden (another tab, minimised window).
pub fn hidden() -> bool {
    super::document().is_some_and(|d| d.hidden())
}

/// Returns once the tab is visible (at once if it already is).
pub async fn until_visible() {
    while hidden() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(d) = super::document() {
                let options = web_sys::AddEventListenerOptions::new();
                options.set_once(true);
                let _ = d.add_event_listener_with_callback_and_add_event_listener_options(
                    "visibilitychange",
                    resolve.unchecked_ref(),
                    &options,
                );
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}
