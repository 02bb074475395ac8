//! Copying text for people to paste elsewhere (chats, tickets, the API).

/// Puts `text` on the clipboard; `false` where the browser refused (no
/// permission, insecure origin, no clipboard at all).
pub async fn copy(text: &str) -> bool {
    match super::window().map(|w| w.navigator().clipboard()) {
        Some(c) => wasm_bindgen_futures::JsFuture::from(c.write_text(text))
            .await
            .is_ok(),
        None => false,
    }
}

/// How long a Copy button says "Copied" (or "Copy failed") before its label
/// comes back.
const FEEDBACK: std::time::Duration = std::time::Duration::from_secs(2);

/// Copies `text` and tells `show` what to say: "Copied" or "Copy failed",
/// then `None` after two seconds. The one Copy behaviour of every Copy button
/// (ids in the list rows, on the batch page and in file rows).
pub fn copy_with_feedback(text: String, show: impl Fn(Option<&'static str>) + 'static) {
    leptos::task::spawn_local(async move {
        let done = copy(&text).await;
        show(Some(if done { "Copied" } else { "Copy failed" }));
        leptos::prelude::set_timeout(move || show(None), FEEDBACK);
    });
}
