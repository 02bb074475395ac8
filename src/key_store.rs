//! Where a personal API key lives in the browser: sessionStorage (gone when
//! the tab closes) unless the person asks to remember it on this device.
//!
//! The key is only ever read here and put into an `Authorization` header for
//! the page's own origin: never into a URL, a log line or the page's text.

use crate::browser::storage::{self, Store};

const STORAGE_KEY: &str = "batches-dashboard.api-key";

/// Where the current key is kept, if there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    ThisTab,
    ThisDevice,
}

/// The key to send, if one is saved.
pub fn load() -> Option<String> {
    [Store::Tab, Store::Device]
        .into_iter()
        .find_map(|s| storage::get(s, STORAGE_KEY))
        .filter(|k| !k.is_empty())
}

/// Where the key is kept, for the settings panel to say so.
pub fn kept() -> Option<Kept> {
    let has = |s| storage::get(s, STORAGE_KEY).is_some_and(|k| !k.is_empty());
    if has(Store::Tab) {
        Some(Kept::ThisTab)
    } else if has(Store::Device) {
        Some(Kept::ThisDevice)
    } else {
        None
    }
}

/// Saves a key, replacing any other; `remember` keeps it across tabs and restarts.
pub fn save(key: &str, remember: bool) -> Result<(), String> {
    forget();
    let store = if remember { Store::Device } else { Store::Tab };
    storage::set(store, STORAGE_KEY, key, "the key")
}

/// Removes the key from both storages.
pub fn forget() {
    storage::remove(Store::Tab, STORAGE_KEY);
    storage::remove(Store::Device, STORAGE_KEY);
}
