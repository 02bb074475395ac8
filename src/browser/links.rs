//! Which clicks on links the app handles itself (no page load) and which it
//! leaves to the browser: the same rules a router library applies.

use wasm_bindgen::JsCast;
use web_sys::{HtmlAnchorElement, MouseEvent};

/// The in-app address (`/batches/bat-1?tz=utc`) a click should open without
/// a page load, or `None` when the browser must handle it: a modified or
/// non-primary click, an already handled one, a link with a `target`, a
/// `download` or `rel="external"`, or one that leaves this origin.
pub fn in_app_destination(ev: &MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let a: HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    let external = a
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
    if !a.target().is_empty() || a.has_attribute("download") || external {
        return None;
    }
    let origin = super::window()?.location().origin().ok()?;
    // `a.href` is the resolved absolute address.
    let url = web_sys::Url::new(&a.href()).ok()?;
    if url.origin() != origin {
        return None;
    }
    Some(format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}
