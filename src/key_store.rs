//! Where a personal API key lives in the browser: sessionStorage (gone when
//! the tab closes) unless the person asks to remember it on this device.
//!
//! The key is only ever read here and put into an `Authorization` header for
//! the page's own origin: never into a URL, a log line or the page's text.

use web_sys::Storage;

const STORAGE_KEY: &str = "batches-dashboard.api-key";

fn session() -> Option<Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Where the current key is kept, if there is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    ThisTab,
    ThisDevice,
}

/// The key to send, if one is saved.
pub fn load() -> Option<String> {
    [session(), local()]
        .into_iter()
        .flatten()
        .find_map(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .filter(|k| !k.is_empty())
}

/// Where the key is kept, for the settings panel to say so.
pub fn kept() -> Option<Kept> {
    let has = |s: Option<Storage>| {
        s.and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .is_some_and(|k| !k.is_empty())
    };
    if has(session()) {
        Some(Kept::ThisTab)
    } else if has(local()) {
        Some(Kept::ThisDevice)
    } else {
        None
    }
}

/// Saves a key, replacing any other; `remember` keeps it across tabs and restarts.
pub fn save(key: &str, remember: bool) -> Result<(), String> {
    forget();
    let store = if remember { local() } else { session() };
    store
        .ok_or_else(|| {
            "This browser does not allow storing the key (storage is disabled).".to_string()
        })?
        .set_item(STORAGE_KEY, key)
        .map_err(|_| {
            "This browser refused to store the key (storage is full or disabled).".to_string()
        })
}

/// Removes the key from both storages.
pub fn forget() {
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(STORAGE_KEY);
    }
}
