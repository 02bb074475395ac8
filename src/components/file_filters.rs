//! The batch page's file controls: which files (`files=`) and a search (`q=`).

use batches_core::detail_filters::{FileFilter, FileView};
use batches_core::filters::{self, refresh_label, REFRESH_CHOICES};
use batches_core::text;
use leptos::prelude::*;

/// The "Files" select and "Search files" box. They show the view given and
/// report what a person picks or types; the page writes the URL.
#[component]
pub fn FileFilters(
    #[prop(into)] view: Signal<FileView>,
    /// How many files each choice shows, in [`FileFilter::CHOICES`]' order.
    #[prop(into)]
    counts: Signal<Vec<(FileFilter, u64)>>,
    /// The view with another choice of files or refresh interval.
    on_pick: Callback<FileView>,
    /// Every keystroke's text; the page decides when it applies.
    on_search: Callback<String>,
) -> impl IntoView {
    let search_value = move || view.with(|v| v.q.clone().unwrap_or_default());
    view! {
        <form class="filters file-filters" aria-label="File filters" on:submit=|ev| ev.prevent_default()>
            <label>
                "Files"
                // Named explicitly: a wrapping label would add the chosen option to the name.
                <select
                    aria-label="Files"
                    on:change=move |ev| {
                        let files = FileFilter::from_param(&event_target_value(&ev)).unwrap_or_default();
                        on_pick.run(FileView { files, ..view.get_untracked() })
                    }
                >
                    {FileFilter::CHOICES
                        .into_iter()
                        .map(|f| view! {
                            <option value=f.as_param() prop:selected=move || view.with(|v| v.files == f)>
                                {move || counts.with(|c| match c.iter().find(|(k, _)| *k == f) {
                                    Some((_, n)) => format!("{} ({})", f.label(), text::thousands(*n)),
                                    None => f.label().to_string(),
                                })}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Search files"
                <input
                    type="search"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="name, id or error"
                    prop:value=search_value
                    on:input=move |ev| on_search.run(event_target_value(&ev))
                />
            </label>
            <label>
                "Auto-refresh"
                <select on:change=move |ev| {
                    let refresh = filters::parse_refresh(&event_target_value(&ev)).ok();
                    on_pick.run(FileView { refresh, ..view.get_untracked() })
                }>
                    <option value="" prop:selected=move || view.with(|v| v.refresh.is_none())>"Off"</option>
                    {REFRESH_CHOICES
                        .iter()
                        .map(|&span| view! {
                            <option value=span.to_string() prop:selected=move || view.with(|v| v.refresh == Some(span))>
                                {refresh_label(span)}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
        </form>
    }
    .into_any()
}
