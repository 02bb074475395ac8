//! Everything that talks to the browser itself (window, document, storage,
//! timers, clipboard, visibility, downloads, history, notifications, title), in one folder, so the
//! rest of the app reads as plain Rust and nothing else calls `web_sys::window()`.

pub mod clipboard;
pub mod clock;
pub mod download;
pub mod early_list;
pub mod history;
pub mod links;
pub mod notification;
pub mod row_click;
pub mod scroll;
pub mod storage;
pub mod timers;
pub mod title;
pub mod visibility;

// The clock is what most callers want: `browser::now()` reads better than `browser::clock::now()`.
pub use clock::{input_to_instant, instant_to_input, local_zone_name, now, offset_minutes};

/// The page's window; `None` only outside a browser page (e.g. a worker).
pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's document.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// Sends `request` with the page's `fetch()`: the promise of its `Response`.
pub fn fetch(request: &web_sys::Request) -> Option<js_sys::Promise> {
    Some(window()?.fetch_with_request(request))
}
