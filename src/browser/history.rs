//! The current history entry: where the page is and what state it carries.

/// `history.state` of the current entry, if it is a string. The list keeps
/// its "Previous page" cursor trail there: per tab, never in a shared URL.
pub fn state() -> Option<String> {
    super::window()?.history().ok()?.state().ok()?.as_string()
}

/// The current path and query (`/?status=FAILED`), as the address bar shows them.
pub fn here() -> Option<String> {
    let location = super::window()?.location();
    Some(format!(
        "{}{}",
        location.pathname().ok()?,
        location.search().unwrap_or_default()
    ))
}

/// The current path (`/batches/bat-1`), where a new query is written.
pub fn path() -> Option<String> {
    super::window()?.location().pathname().ok()
}

/// The full address, for a reload link that keeps the view.
pub fn href() -> Option<String> {
    super::window()?.location().href().ok()
}

/// The current query without its `?` (`status=FAILED`), as the pages parse it.
pub fn search() -> String {
    super::window()
        .and_then(|w| w.location().search().ok())
        .map(|s| s.strip_prefix('?').map(str::to_owned).unwrap_or(s))
        .unwrap_or_default()
}

/// Moves the address to `url` (same origin) without loading a page: a new
/// history entry, or the current one rewritten (`replace`); `state` becomes
/// the entry's `history.state` (the list's cursor trail).
pub fn go(url: &str, replace: bool, state: Option<&str>) {
    let Some(history) = super::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let state = state.map_or(wasm_bindgen::JsValue::NULL, wasm_bindgen::JsValue::from_str);
    // Fails only for a cross-origin URL, which the router never passes.
    let _ = if replace {
        history.replace_state_with_url(&state, "", Some(url))
    } else {
        history.push_state_with_url(&state, "", Some(url))
    };
}

/// Scrolls the page to its top, as a newly opened page starts.
pub fn scroll_to_top() {
    if let Some(w) = super::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The page's origin (`https://dash.example`), the start of a shared link.
pub fn origin() -> String {
    super::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
