//! Bringing an element into view once the page has drawn it: a link to a
//! result's page may first have to render that page (it was beyond the
//! pages shown), so the scroll waits for the next frame.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Scrolls the element with `id` to the top of its scrolling box at the
/// next frame, and moves keyboard focus to it (it must be focusable, e.g.
/// `tabindex="-1"`), so a keyboard user continues from there.
pub fn into_view_next_frame(id: String) {
    let Some(w) = super::window() else { return };
    let go = Closure::once_into_js(move || {
        let Some(el) = super::document().and_then(|d| d.get_element_by_id(&id)) else {
            return;
        };
        el.scroll_into_view_with_bool(true);
        if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    });
    let _ = w.request_animation_frame(go.unchecked_ref());
}
