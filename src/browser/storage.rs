//! The one storage helper: per-tab (sessionStorage) or per-device
//! (localStorage) strings. Storage can be disabled or full in any browser,
//! so every call says whether it worked instead of assuming.

/// Where a value is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// sessionStorage: this tab only, gone when it closes.
    Tab,
    /// localStorage: this browser on this device, until removed.
    Device,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let w = super::window()?;
    match store {
        Store::Tab => w.session_storage().ok()?,
        Store::Device => w.local_storage().ok()?,
    }
}

/// The value under `key`, if any (and if storage can be read at all).
pub fn get(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`. The error is a sentence for people, naming
/// `what` was not kept and why.
pub fn set(store: Store, key: &str, value: &str, what: &str) -> Result<(), String> {
    storage(store)
        .ok_or_else(|| {
            format!("This browser does not allow storing {what} (storage is disabled).")
        })?
        .set_item(key, value)
        .map_err(|_| format!("This browser refused to store {what} (storage is full or disabled)."))
}

/// Removes `key`; nothing happens where storage is unavailable.
pub fn remove(store: Store, key: &str) {
    if let Some(s) = storage(store) {
        let _ = s.remove_item(key);
    }
}
