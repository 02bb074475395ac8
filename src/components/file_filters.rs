//! The batch page's file controls: which files (`files=`) and a search (`q=`).

use batches_core::detail_filters::{FileFilter, FileView};
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
    on_files: Callback<FileFilter>,
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
                    on:change=move |ev| on_files.run(FileFilter::from_param(&event_target_value(&ev)).unwrap_or_default())
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
        </form>
    }
}
