//! Saving text the page built as a file the browser downloads.
//!
//! The text goes into a Blob behind an object URL, and a temporary
//! `<a download>` is clicked: no server round trip (the data is already in
//! the tab), nothing inline for the Content-Security-Policy to refuse, and
//! the browser's own download UI names the file.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// How long the object URL outlives the click. Chromium and Firefox read
/// the Blob after the click returns; revoking at once can cut a large
/// download short, and keeping it forever leaks the text for the tab's life.
const REVOKE_AFTER_MS: i32 = 60_000;

/// Offers `text` as a download named `filename` with media type `mime`
/// (e.g. `export::Format::Csv.mime()`). The text is stored as UTF-8.
/// `Err` says, in a person's words, why the browser refused.
///
/// For a batch's per-file results (the detail page):
/// ```ignore
/// use batches_core::export::{self, Format};
/// let text = export::files_csv(&shown, &outcomes, |id| names.get(id).cloned());
/// let name = export::files_file_name(&batch_id, &view, browser::now(), Format::Csv);
/// download::save(&name, Format::Csv.mime(), &text)?;
/// ```
pub fn save(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let refused = |what: &str| format!("The browser could not {what}, so the file was not saved.");
    let document = super::window()
        .and_then(|w| w.document())
        .ok_or_else(|| refused("open the page's document"))?;
    let body = document
        .body()
        .ok_or_else(|| refused("find the page body"))?;

    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| refused("hold the file's contents"))?;
    let url = Url::create_object_url_with_blob(&blob).map_err(|_| refused("create the file"))?;

    let link = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
        .ok_or_else(|| refused("create a download link"))?;
    link.set_href(&url);
    link.set_download(filename);
    link.set_hidden(true);
    let clicked = body.append_child(&link).is_ok();
    if clicked {
        link.click();
        link.remove();
    }

    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(w) = super::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            REVOKE_AFTER_MS,
        );
    }
    if clicked {
        Ok(())
    } else {
        Err(refused("start the download"))
    }
}
