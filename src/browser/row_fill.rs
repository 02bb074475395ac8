//! The batch list's rows, filled by one call each.
//!
//! A 1,000-row page built element by element from wasm spent most of its
//! time crossing into JavaScript: every element, attribute and text was its
//! own call with its own string. `window.batchesRow` (an inline script of
//! `index.html`, hashed into the CSP like trunk's loader) clones a template
//! row and sets its text from one string per row; a refresh sets only what
//! changed. Everything it sets is text or an attribute, never HTML. Clicks
//! on the rows' buttons are read back here, once per table.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = batchesRow, js_name = fill)]
    fn fill_row(tr: &web_sys::Element, fields: &str);
}

/// Separates the fields of one row in the string handed to the page.
const SEP: char = '\u{1f}';

/// Sets the row `tr` (empty the first time) from its fields, in the order
/// `index.html`'s `fill` reads them. A separator inside a field (API text
/// can hold anything) becomes U+FFFD, so fields never shift.
pub fn fill(tr: &web_sys::Element, fields: &[&str]) {
    let mut joined = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            joined.push(SEP);
        }
        if f.contains(SEP) {
            joined.push_str(&f.replace(SEP, "\u{fffd}"));
        } else {
            joined.push_str(f);
        }
    }
    fill_row(tr, &joined);
}

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

/// The batch id and action of a click on one of a filled row's controls;
/// `None` for clicks anywhere else (an open row's files handle their own).
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
