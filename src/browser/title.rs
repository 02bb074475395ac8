//! The tab's title, which counts finished watches nobody has looked at yet.

/// The title as the page was loaded (`index.html`'s), the base of every count.
pub fn get() -> String {
    super::document().map(|d| d.title()).unwrap_or_default()
}

/// Sets the tab's title.
pub fn set(title: &str) {
    if let Some(d) = super::document() {
        if d.title() != title {
            d.set_title(title);
        }
    }
}
