//! The bar above every page: go to a batch, the watched batches, the theme
//! choice and the keyboard help.

use crate::components::goto_box::GotoBox;
use crate::components::shortcuts_help::ShortcutsHelp;
use crate::components::watching_menu::WatchingMenu;
use crate::hooks::use_watches::WatchLine;
use crate::theme::{self, Theme};
use leptos::prelude::*;

/// Site-wide controls that are not part of any view (and so not in the URL).
#[component]
pub fn TopBar(
    /// The "Watching" menu's lines.
    #[prop(into)]
    watching: Signal<Vec<WatchLine>>,
    /// A sentence about watching to show once.
    watch_notice: RwSignal<Option<String>>,
    on_unwatch: Callback<String>,
    on_seen: Callback<String>,
    /// "Go to a batch": the typed text; `Err` is the sentence to show.
    on_go: Callback<String, Result<(), String>>,
) -> impl IntoView {
    let current = RwSignal::new(theme::load());
    view! {
        <div class="top-bar">
            <a class="brand" href="/">"Batches Dashboard"</a>
            <GotoBox on_go=on_go />
            <span class="spacer"></span>
            <WatchingMenu lines=watching notice=watch_notice on_unwatch=on_unwatch on_seen=on_seen />
            <label class="theme">
                "Theme"
                <select on:change=move |ev| {
                    let t = Theme::parse(&event_target_value(&ev));
                    current.set(t);
                    theme::choose(t);
                }>
                    {[Theme::System, Theme::Light, Theme::Dark]
                        .into_iter()
                        .map(|t| {
                            let label = match t {
                                Theme::System => "System",
                                Theme::Light => "Light",
                                Theme::Dark => "Dark",
                            };
                            view! { <option value=t.as_str() prop:selected=move || current.get() == t>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <ShortcutsHelp />
        </div>
    }
    .into_any()
}
