//! The batch list's one click listener: which row's control a click hit.
//!
//! A 1,000-row page would otherwise hold 4,000 listeners (toggle, Copy,
//! Watch, link) and as many closures; the table listens once and asks here.

use wasm_bindgen::JsCast;

/// What a click in the list asked of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    /// The ▸ toggle: open or close the row's files.
    Toggle,
    /// The batch id's Copy button.
    Copy,
    /// The Watch button.
    Watch,
    /// The batch id's link to its page.
    Open,
}

/// The batch id and action of a click on one of a row's controls; `None`
/// for clicks anywhere else (an open row's files handle their own).
pub fn clicked(ev: &web_sys::Event) -> Option<(String, RowAction)> {
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let control = target.closest("button, a").ok()??;
    let row = control.closest("tr[data-id]").ok()??;
    let action = match control.class_name().as_str() {
        _ if control.tag_name().eq_ignore_ascii_case("a") => RowAction::Open,
        "toggle" => RowAction::Toggle,
        "copy" => RowAction::Copy,
        "watch" => RowAction::Watch,
        _ => return None,
    };
    Some((row.get_attribute("data-id")?, action))
}
