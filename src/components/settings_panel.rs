//! The API key settings: for a dashboard reached through a proxy that does
//! not hold a key, each person can use their own.
//!
//! The key is write-only here: the panel says where it is kept, never what it is.

use crate::key_store::{self, Kept};
use leptos::prelude::*;

/// A "Settings" button and the panel it opens.
#[component]
pub fn SettingsPanel(
    /// Called after the key was saved or forgotten, so data can be reloaded with it.
    #[prop(into)]
    on_key_change: Callback<()>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let kept = RwSignal::new(key_store::kept());
    let draft = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let save = move |_| {
        let key = draft.get_untracked().trim().to_string();
        if key.is_empty() {
            message.set(Some("Enter a key first.".into()));
            return;
        }
        match key_store::save(&key, remember.get_untracked()) {
            Ok(()) => {
                draft.set(String::new());
                kept.set(key_store::kept());
                message.set(Some(if key.starts_with("llx-") {
                    "Key saved. Requests now use it.".into()
                } else {
                    "Key saved. LlamaCloud keys usually start with llx-: check it if requests fail."
                        .into()
                }));
                on_key_change.run(());
            }
            Err(e) => message.set(Some(e)),
        }
    };
    let forget = move |_| {
        key_store::forget();
        kept.set(None);
        message.set(Some("Key forgotten.".into()));
        on_key_change.run(());
    };
    let where_kept = move || match kept.get() {
        Some(Kept::ThisTab) => "A key is saved for this tab until it closes.",
        Some(Kept::ThisDevice) => "A key is remembered on this device.",
        None => "No key saved: requests rely on the dashboard's server to hold one.",
    };
    view! {
        <div class="settings">
            <button
                type="button"
                aria-expanded=move || open.get().to_string()
                aria-controls="settings-panel"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "Settings"
            </button>
            <section id="settings-panel" class="settings-panel" hidden=move || !open.get() aria-label="Settings">
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    save(());
                }>
                    <label>
                        "API key"
                        <input
                            type="password"
                            autocomplete="off"
                            spellcheck="false"
                            placeholder="llx-…"
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="inline">
                        <input
                            type="checkbox"
                            prop:checked=move || remember.get()
                            on:change=move |ev| remember.set(event_target_checked(&ev))
                        />
                        "Remember on this device"
                    </label>
                    <div class="buttons">
                        <button type="submit">"Save key"</button>
                        <button type="button" on:click=forget disabled=move || kept.get().is_none()>
                            "Forget key"
                        </button>
                    </div>
                </form>
                <p class="muted">{where_kept}</p>
                <p class="muted">
                    "The key is sent only to this dashboard's server, as an Authorization header. "
                    "It never appears in the address, so shared links never carry it."
                </p>
                <p role="status">{move || message.get()}</p>
            </section>
        </div>
    }
    .into_any()
}
