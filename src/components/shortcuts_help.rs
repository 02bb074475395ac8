//! Keyboard shortcuts for people who live in the list all day, and the
//! dialog that lists them (`?`).
//!
//! `/` focuses the first filter, `g` the "Go to a batch" box, `j`/`k` move
//! between batch rows, `Enter` or `o` opens the focused row. None fire while typing in a field or with a
//! modifier held, so they never steal a keystroke meant for text.

use leptos::ev;
use leptos::prelude::*;
use leptos::web_sys;
use wasm_bindgen::JsCast;

use crate::browser::document;
use crate::components::goto_box::GOTO_INPUT_ID;

/// Whether a key event was aimed at something that takes text.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    matches!(target.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
        || target.closest("[contenteditable]").ok().flatten().is_some()
}

fn focus_first(selector: &str) {
    if let Some(el) = document()
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// On a phone the filters fold behind the "Filters" button: opens them, and
/// says whether it did (the button is not rendered on wider screens).
fn unfold_filters() -> bool {
    let Some(button) = document()
        .and_then(|d| {
            d.query_selector(".filters-toggle[aria-expanded='false']")
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|b| b.offset_parent().is_some())
    else {
        return false;
    };
    button.click();
    true
}

/// Moves focus to the next (`step` = 1) or previous (-1) row's toggle.
fn move_row(step: i32) {
    let Some(doc) = document() else { return };
    let Ok(toggles) = doc.query_selector_all("table.batches button.toggle") else {
        return;
    };
    let count = toggles.length() as i32;
    if count == 0 {
        return;
    }
    let active = doc.active_element();
    let current = (0..count).find(|&i| {
        let t = toggles.item(i as u32);
        match (&t, &active) {
            (Some(t), Some(a)) => a
                .closest("tbody.batch")
                .ok()
                .flatten()
                .is_some_and(|row| row.contains(Some(t))),
            _ => false,
        }
    });
    let next = match current {
        Some(i) => (i + step).clamp(0, count - 1),
        None if step > 0 => 0,
        None => count - 1,
    };
    if let Some(el) = toggles
        .item(next as u32)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Opens the focused row (`o`; `Enter` already activates the focused button).
fn open_row() {
    if let Some(toggle) = document()
        .and_then(|d| d.active_element())
        .and_then(|a| a.closest("tbody.batch").ok().flatten())
        .and_then(|row| row.query_selector("button.toggle").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        toggle.click();
    }
}

/// The "Keyboard shortcuts" button, its dialog, and the shortcuts themselves.
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let open = RwSignal::new(false);
    let opener = NodeRef::<leptos::html::Button>::new();
    let close_button = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        open.set(false);
        if let Some(b) = opener.get_untracked() {
            let _ = b.focus();
        }
    };
    let handle = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        if open.get_untracked() {
            if ev.key() == "Escape" {
                ev.prevent_default();
                close();
            }
            return;
        }
        if typing(&ev) {
            return;
        }
        match ev.key().as_str() {
            "/" => {
                ev.prevent_default();
                if unfold_filters() {
                    // The panel shows once the toggle's state is rendered.
                    set_timeout(
                        || focus_first("form.filters select, form.filters input"),
                        std::time::Duration::ZERO,
                    );
                } else {
                    focus_first("form.filters select, form.filters input");
                }
            }
            "g" => {
                ev.prevent_default();
                focus_first(&format!("#{GOTO_INPUT_ID}"));
            }
            "j" => move_row(1),
            "k" => move_row(-1),
            "o" => open_row(),
            "?" => {
                ev.prevent_default();
                open.set(true);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        if open.get() {
            if let Some(b) = close_button.get() {
                let _ = b.focus();
            }
        }
    });
    view! {
        <button type="button" node_ref=opener on:click=move |_| open.set(true)>
            "Keyboard shortcuts"
        </button>
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| close()></div>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
                <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                <dl class="shortcuts">
                    <dt><kbd>"/"</kbd></dt><dd>"Go to the filters"</dd>
                    <dt><kbd>"g"</kbd></dt><dd>"Go to a batch by its id or link"</dd>
                    <dt><kbd>"j"</kbd>" / "<kbd>"k"</kbd></dt><dd>"Next / previous batch"</dd>
                    <dt><kbd>"Enter"</kbd>" or "<kbd>"o"</kbd></dt><dd>"Show or hide the batch's files"</dd>
                    <dt><kbd>"?"</kbd></dt><dd>"This help"</dd>
                    <dt><kbd>"Esc"</kbd></dt><dd>"Close this help"</dd>
                </dl>
                <p class="muted">"Shortcuts do nothing while you type in a field."</p>
                <button type="button" node_ref=close_button on:click=move |_| close()>"Close"</button>
            </div>
        </Show>
    }
    .into_any()
}
