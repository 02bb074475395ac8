//! The list's first request, started by `index.html`'s inline script before
//! the wasm ran, when the server named it in the page (server/src/preload.rs).
//! Taken at most once: by the list's first request if it is the same.

use batches_core::time::Instant;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

const GLOBAL: &str = "batchesFirstList";

/// A request the page already sent: its pending answer and its abort switch.
pub struct Started {
    /// The request's path and query, as the app computed it too.
    pub path: String,
    /// What it answers.
    pub answer: Answer,
    /// Aborts it (a newer view, a timeout).
    pub abort: web_sys::AbortController,
}

/// An answer the page is already reading. The page reads the body as well
/// as the head: when the wasm starts after the answer came in, both are
/// settled, so the first rows are filled before the browser paints the empty
/// page (reading the body from here took a task, and a frame, of its own).
pub struct Answer {
    /// `fetch()`'s promise of a `Response`: its status and headers.
    pub response: js_sys::Promise,
    /// The promise of its body's bytes (an `ArrayBuffer`).
    pub body: js_sys::Promise,
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
    let answer = Answer {
        response: field("response")?.dyn_into().ok()?,
        body: field("body")?.dyn_into().ok()?,
    };
    Some(Started {
        path,
        answer,
        abort,
    })
}
