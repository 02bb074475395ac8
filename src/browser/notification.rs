//! Desktop notifications (the Notification API), for watched batches that
//! finish while the person looks elsewhere.

use web_sys::{Notification, NotificationOptions, NotificationPermission};

/// What the browser lets the page do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Never asked (or the question was dismissed): asking is allowed.
    Ask,
    Granted,
    Denied,
    /// No Notification API at all (some embedded browsers, insecure origins).
    Unsupported,
}

fn supported() -> bool {
    super::window().is_some_and(|w| {
        js_sys::Reflect::has(&w, &wasm_bindgen::JsValue::from_str("Notification")).unwrap_or(false)
    })
}

/// The current permission, without asking.
pub fn permission() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match Notification::permission() {
        NotificationPermission::Granted => Permission::Granted,
        NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}

/// Asks the person. Call it from a click: browsers ignore a request that no
/// gesture started.
pub async fn request() -> Permission {
    if !supported() {
        return Permission::Unsupported;
    }
    match Notification::request_permission() {
        Ok(p) => {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            permission()
        }
        Err(_) => permission(),
    }
}

/// Shows a notification when permitted; `false` when it could not be shown.
pub fn show(title: &str, body: &str) -> bool {
    if permission() != Permission::Granted {
        return false;
    }
    let options = NotificationOptions::new();
    options.set_body(body);
    Notification::new_with_options(title, &options).is_ok()
}
