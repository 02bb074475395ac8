//! A free-text id filter (project, organization, directory).

use super::Change;
use crate::browser::timers::Debounce;
use leptos::prelude::*;
use leptos::web_sys;
use std::time::Duration;

/// How long typing must pause before an id filter applies.
pub const TYPING_DEBOUNCE: Duration = Duration::from_millis(400);

/// A free-text id filter, applied after typing pauses.
#[component]
pub fn IdInput(
    label: &'static str,
    placeholder: &'static str,
    #[prop(into)] value: Signal<Option<String>>,
    on_commit: Callback<(Option<String>, Change)>,
) -> impl IntoView {
    let typing = Debounce::new(TYPING_DEBOUNCE);
    // The first commit of a focus session pushes; later ones replace it.
    let pushed = StoredValue::new(false);
    let commit = move |raw: String| {
        typing.cancel();
        let v = Some(raw.trim().to_string()).filter(|s| !s.is_empty());
        if v == value.get_untracked() {
            return;
        }
        let how = if pushed.get_value() {
            Change::Replace
        } else {
            Change::Push
        };
        pushed.set_value(true);
        on_commit.run((v, how));
    };
    view! {
        <label>
            {label}
            <input
                type="text"
                spellcheck="false"
                autocomplete="off"
                placeholder=placeholder
                prop:value=move || value.get().unwrap_or_default()
                on:focus=move |_| pushed.set_value(false)
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    typing.call(move || commit(v));
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        commit(event_target_value(&ev));
                    }
                }
            />
        </label>
    }
    .into_any()
}
