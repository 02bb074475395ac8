//! The batch list's rows, filled by one call per page.
//!
//! A 1,000-row page built element by element from wasm spent most of its
//! time crossing into JavaScript: every element, attribute and text was its
//! own call with its own string. `window.batchesRow` (an inline script of
//! `index.html`, hashed into the CSP like trunk's loader) clones a template
//! row per batch and sets its text from one string for the whole page; a
//! refresh sets only what changed. Everything it sets is text or an attribute, never HTML. Clicks
//! on the rows' buttons are read back here, once per table.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = batchesRow, js_name = page)]
    fn fill_page(table: &web_sys::Element, rows: &str);
    #[wasm_bindgen(js_namespace = batchesRow, js_name = panel)]
    fn panel_of(table: &web_sys::Element, id: &str) -> web_sys::HtmlElement;
}

/// Separates the fields of one row in the string handed to the page.
const FIELD: char = '\u{1f}';
/// Separates the rows.
const ROW: char = '\u{1e}';

/// A page of rows as the page's script reads them: one string for all of
/// them, so a 1,000-row page crosses into JavaScript once.
#[derive(Default)]
pub struct PageText {
    text: String,
    rows: usize,
}

impl PageText {
    /// Adds a row from its fields, in the order `index.html`'s `fill` reads
    /// them, then whether it has just changed. A separator inside a field
    /// (API text can hold anything) becomes U+FFFD, so fields and rows never
    /// shift.
    pub fn row(&mut self, fields: &[&str]) {
        if self.rows > 0 {
            self.text.push(ROW);
        }
        self.rows += 1;
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.text.push(FIELD);
            }
            if f.contains([FIELD, ROW]) {
                self.text.push_str(&f.replace([FIELD, ROW], "\u{fffd}"));
            } else {
                self.text.push_str(f);
            }
        }
    }
}

/// Makes `table`'s rows (after its head) exactly the page's, in order:
/// new ids get a row, changed rows are refilled in place (focus stays), and
/// ids no longer there lose theirs.
pub fn fill(table: &web_sys::Element, page: &PageText) {
    fill_page(table, &page.text);
}

/// The cell that shows the files of the row for `id` when it is open.
pub fn panel(table: &web_sys::Element, id: &str) -> web_sys::HtmlElement {
    panel_of(table, id)
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
