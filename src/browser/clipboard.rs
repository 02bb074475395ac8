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
