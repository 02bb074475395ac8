//! The list's first request, started by `index.html`'s inline script before
//! the wasm ran, when the server named it in the page (server/src/preload.rs).
//! Taken at most once: by the list's first request if it is the same.

use batches_core::time::Instant;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

const GLOBAL: &str = "batchesFirstList";

/// A request the page already sent: its pending response and its abort switch.
pub struct Started {
    /// The request's path and query, as the app computed it too.
    pub path: String,
    /// `fetch()`'s promise of a `Response`.
    pub response: js_sys::Promise,
    /// Aborts it (a newer view, a timeout).
    pub abort: web_sys::AbortController,
}

/// The page's early list request, if it is the one `path_at` gives at the
/// instant the server resolved it with (so a relative range resolves to the
/// same bounds). The early request is taken off the page either way; one that
/// does not match is aborted, so the list still costs one request.
pub fn take(path_at: impl FnOnce(Instant) -> String) -> Option<Started> {
    let window: JsValue = super::window()?.into();
    let key = JsValue::from_str(GLOBAL);
    let early = Reflect::get(&window, &key).ok().filter(|v| v.is_object())?;
    let _ = Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    let field = |name: &str| Reflect::get(&early, &JsValue::from_str(name)).ok();
    let abort: web_sys::AbortController = field("abort")?.dyn_into().ok()?;
    let path = field("path").and_then(|v| v.as_string());
    let now = field("now")
        .and_then(|v| v.as_f64())
        .filter(|n| n.is_finite());
    let path = match (path, now) {
        (Some(p), Some(n)) if path_at(Instant(n as i64)) == p => p,
        _ => {
            abort.abort();
            return None;
        }
    };
    let response = field("response")?.dyn_into().ok()?;
    Some(Started {
        path,
        response,
        abort,
    })
}
