//! Table rows filled by one call: the batch list's page of rows, and an
//! expanded batch's files.
//!
//! A 1,000-row page built element by element from wasm spent most of its
//! time crossing into JavaScript: every element, attribute and text was its
//! own call with its own string. `window.batchesRow` and
//! `window.batchesFiles` (inline scripts of `index.html`, hashed into the
//! CSP like trunk's loader) clone a template row and set its text from one
//! string for the whole table; a refill sets only what changed. Everything they set is text or
//! an attribute, never HTML. Clicks on the list rows' buttons are read back
//! here, once per table.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = batchesRow, js_name = page)]
    fn fill_page(table: &web_sys::Element, rows: &str);

    #[wasm_bindgen(js_namespace = batchesRow, js_name = panel)]
    fn panel_of(table: &web_sys::Element, id: &str) -> web_sys::HtmlElement;

    #[wasm_bindgen(js_namespace = batchesFiles, js_name = fill)]
    fn fill_file_rows(tbody: &web_sys::Element, rows: &str);
}

/// Separates the fields of one row in the string handed to the page.
const FIELD: char = '\u{1f}';
/// Separates the rows of a table in the string handed to the page.
const ROW: char = '\u{1e}';

/// Rows of fields as the one string the page's fillers split: the one
/// place that keeps API text from shifting fields or rows. A separator
/// inside a field (API text can hold anything) becomes U+FFFD.
#[derive(Default)]
pub struct Rows {
    text: String,
    rows: usize,
}

impl Rows {
    /// Empty, with room for `bytes` of text: a 1,000-file table is one
    /// string of some 100 KB, grown once rather than a dozen times.
    pub fn with_capacity(bytes: usize) -> Self {
        Rows {
            text: String::with_capacity(bytes),
            rows: 0,
        }
    }

    /// Adds one row, its fields in the order the page's filler reads them.
    pub fn push(&mut self, fields: &[&str]) {
        if self.rows > 0 {
            self.text.push(ROW);
        }
        self.rows += 1;
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.text.push(FIELD);
            }
            // A byte scan: both separators are ASCII, and a char-pattern
            // search per field was a visible part of a 1,000-row fill.
            if f.bytes().any(|b| b == FIELD as u8 || b == ROW as u8) {
                self.text.push_str(&f.replace([FIELD, ROW], "\u{fffd}"));
            } else {
                self.text.push_str(f);
            }
        }
    }
}

/// Makes `table`'s rows (after its head) exactly the page's, in order, from
/// `rows` as `index.html`'s `batchesRow.page` reads them: new ids get a row,
/// changed rows are refilled in place (focus stays), and ids no longer there
/// lose theirs.
pub fn fill(table: &web_sys::Element, rows: &Rows) {
    fill_page(table, &rows.text);
}

/// The cell that shows the files of the list row for `id` when it is open.
pub fn panel(table: &web_sys::Element, id: &str) -> web_sys::HtmlElement {
    panel_of(table, id)
}

/// Sets the rows of `tbody` (empty the first time) from `rows`, in the
/// order and with the fields `index.html`'s `batchesFiles.fill` reads; a
/// refill keeps every row element and changes only the texts that differ.
pub fn fill_files(tbody: &web_sys::Element, rows: &Rows) {
    fill_file_rows(tbody, &rows.text);
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
