//! The "Views" menu: save the current filters under a name, open, rename,
//! delete, and pin one as the default of `/`.

use batches_core::saved_views::Entry;
use leptos::prelude::*;

/// The menu (a `<details>` disclosure). Every action is a callback; the
/// sentences they produce arrive in `message`.
#[component]
pub fn ViewsMenu(
    #[prop(into)] entries: Signal<Vec<Entry>>,
    #[prop(into)] message: Signal<Option<String>>,
    on_save: Callback<String, bool>,
    on_rename: Callback<(String, String), bool>,
    on_delete: Callback<String>,
    on_pin: Callback<Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if on_save.run(name.get_untracked()) {
            name.set(String::new());
        }
    };
    let renaming = RwSignal::new(None::<String>);
    view! {
        <details class="menu views">
            <summary>"Views"</summary>
            <div class="menu-panel">
                <form class="save-view" on:submit=save>
                    <label>
                        "Name of this view"
                        <input type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit">"Save view"</button>
                </form>
                <ul class="view-list">
                    <For
                        each=move || entries.get()
                        key=|e| format!("{}\u{1f}{}\u{1f}{}", e.view.name, e.view.query, e.pinned)
                        children=move |e| view! { <ViewLine entry=e renaming=renaming on_rename=on_rename on_delete=on_delete on_pin=on_pin /> }
                    />
                </ul>
            </div>
        </details>
        <span class="views-message" role="status">{move || message.get()}</span>
    }
    .into_any()
}

/// One view of the menu: its link, and the actions it allows.
#[component]
fn ViewLine(
    entry: Entry,
    renaming: RwSignal<Option<String>>,
    on_rename: Callback<(String, String), bool>,
    on_delete: Callback<String>,
    on_pin: Callback<Option<String>>,
) -> impl IntoView {
    let Entry {
        view,
        builtin,
        pinned,
    } = entry;
    let name = view.name.clone();
    let summary = batches_core::saved_views::summary(&view.filters());
    let new_name = RwSignal::new(name.clone());
    let pin_name = name.clone();
    let pin = move |_| on_pin.run((!pinned).then(|| pin_name.clone()));
    let (edit_name, delete_name, is_me) = (name.clone(), name.clone(), name.clone());
    let editing = move || renaming.with(|r| r.as_deref() == Some(is_me.as_str()));
    let old = name.clone();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if on_rename.run((old.clone(), new_name.get_untracked())) {
            renaming.set(None);
        }
    };
    let actions = (!builtin).then(|| {
        let rename_label = format!("Rename {name}");
        let delete_label = format!("Delete {name}");
        view! {
            <button type="button" aria-label=rename_label on:click=move |_| renaming.set(Some(edit_name.clone()))>"Rename"</button>
            <button type="button" aria-label=delete_label on:click=move |_| on_delete.run(delete_name.clone())>"Delete"</button>
        }
    });
    let pin_label = if pinned {
        format!("Unpin {name}")
    } else {
        format!("Pin as default: {name}")
    };
    view! {
        <li class="view-line">
            <a href=view.path()>{view.name.clone()}</a>
            {pinned.then(|| view! { <span class="pinned">" (default)"</span> })}
            <span class="muted">" " {summary}</span>
            <button type="button" aria-label=pin_label on:click=pin>{if pinned { "Unpin" } else { "Pin as default" }}</button>
            {actions}
            <Show when=editing.clone()>
                <form class="rename" on:submit=rename.clone()>
                    <label>"New name" <input type="text" prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev)) /></label>
                    <button type="submit">"Rename"</button>
                </form>
            </Show>
        </li>
    }
    .into_any()
}
