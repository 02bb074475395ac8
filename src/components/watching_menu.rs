//! The "Watching" menu of the top bar: every watched batch, its state, and Unwatch.

use crate::hooks::use_watches::WatchLine;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A disclosure (`<details>`, so keyboards and screen readers know it) that
/// lists the watches. Opening it counts as seeing the finished ones.
#[component]
pub fn WatchingMenu(
    #[prop(into)] lines: Signal<Vec<WatchLine>>,
    /// A sentence to show once (e.g. notifications are blocked).
    notice: RwSignal<Option<String>>,
    on_unwatch: Callback<String>,
    /// Called with each unseen id when the menu opens.
    on_seen: Callback<String>,
) -> impl IntoView {
    let on_toggle = move |ev: leptos::ev::Event| {
        let open = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|d| d.has_attribute("open"));
        if open {
            for l in lines.get_untracked().into_iter().filter(|l| l.unseen) {
                on_seen.run(l.id);
            }
        }
    };
    let summary = move || {
        let (n, unseen) = lines.with(|l| (l.len(), l.iter().filter(|w| w.unseen).count()));
        match unseen {
            0 => format!("Watching ({n})"),
            u => format!("Watching ({n}, {u} finished)"),
        }
    };
    let entries = move || {
        lines
            .get()
            .into_iter()
            .map(|l| {
                let id = l.id.clone();
                let action = if l.gone { "Remove" } else { "Unwatch" };
                let label = format!("{action} {id}");
                view! {
                    <li class="watch-line">
                        <a href=l.href><code>{l.id}</code></a>
                        <span class="watch-state">{l.state}</span>
                        <button type="button" aria-label=label on:click=move |_| on_unwatch.run(id.clone())>
                            {action}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <details class="menu watching" on:toggle=on_toggle>
            <summary>{summary}</summary>
            <div class="menu-panel">
                <Show
                    when=move || lines.with(|l| !l.is_empty())
                    fallback=|| view! { <p class="muted">"No watched batches. Press Watch on a batch to be told when it finishes."</p> }
                >
                    <ul class="watch-lines">{entries}</ul>
                </Show>
            </div>
        </details>
        {move || notice.get().map(|text| view! {
            <p class="top-notice" role="status">
                {text}
                " "
                <button type="button" on:click=move |_| notice.set(None)>"Dismiss"</button>
            </p>
        })}
    }
    .into_any()
}
