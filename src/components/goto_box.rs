//! "Go to a batch": a box in the top bar (shortcut `g`) that takes an id or a
//! pasted link and opens that batch's page.

use leptos::prelude::*;

/// The id field of the box, which the `g` shortcut focuses.
pub const GOTO_INPUT_ID: &str = "goto-batch";

/// The box. `on_go` gets the text as typed and answers `Err(sentence)` when
/// no batch id can be read from it; on `Ok` the field empties.
#[component]
pub fn GotoBox(on_go: Callback<String, Result<(), String>>) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match on_go.run(value.get_untracked()) {
            Ok(()) => {
                value.set(String::new());
                problem.set(None);
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <form class="goto" role="search" aria-label="Go to a batch" on:submit=submit>
            <label for=GOTO_INPUT_ID class="visually-hidden">"Batch id or link"</label>
            <input
                id=GOTO_INPUT_ID
                type="text"
                placeholder="Go to batch (g)"
                autocomplete="off"
                spellcheck="false"
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    problem.set(None);
                }
            />
            <button type="submit">"Go"</button>
            {move || problem.get().map(|p| view! { <p class="goto-problem" role="alert">{p}</p> })}
        </form>
    }
    .into_any()
}
