//! The bar above every page: the theme choice and the keyboard help.

use crate::components::shortcuts_help::ShortcutsHelp;
use crate::theme::{self, Theme};
use leptos::prelude::*;

/// Site-wide controls that are not part of any view (and so not in the URL).
#[component]
pub fn TopBar() -> impl IntoView {
    let current = RwSignal::new(theme::load());
    view! {
        <div class="top-bar">
            <a class="brand" href="/">"Batches Dashboard"</a>
            <span class="spacer"></span>
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
}
