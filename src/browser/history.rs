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

/// The current query with its `?` (empty when there is none): the saved
/// default view applies only to an address without parameters.
pub fn search() -> String {
    super::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's origin (`https://dash.example`), the start of a shared link.
pub fn origin() -> String {
    super::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
