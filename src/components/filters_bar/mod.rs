//! The filter controls. They show the view they are given and report the
//! view a person asks for; the page turns that into a URL. No control keeps
//! its own copy of a filter, so Back and Forward restore every control.

mod date_input;
mod id_input;
mod range_select;
mod selects;

pub use id_input::TYPING_DEBOUNCE;

use crate::hooks::use_zone_name::use_zone_name;
use batches_core::filters::{Filters, Zone};
use id_input::IdInput;
use leptos::prelude::*;
use range_select::RangeSelect;
use selects::{PageSizeSelect, RefreshSelect, StatusSelect, ZoneSelect};

/// How a change should enter history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A deliberate change (a select, a date, a button): a new history entry.
    Push,
    /// A later keystroke of the same typing session: replaces the entry the
    /// session's first change created, so Back skips the half-typed states.
    Replace,
}

/// An edit of the view, applied to the view as it is when it runs.
pub type Edit = Box<dyn Fn(&mut Filters)>;

/// The filter bar.
#[component]
pub fn FiltersBar(
    /// The view the URL describes.
    #[prop(into)]
    filters: Signal<Filters>,
    /// Called with the view a person asked for (always from its first page).
    #[prop(into)]
    on_change: Callback<(Filters, Change)>,
    /// Whether the page has shown its first answer (rows or an error): the
    /// local zone's name is looked up only then (see [`use_zone_name`]).
    #[prop(optional, into)]
    settled: Signal<bool>,
) -> impl IntoView {
    // Filters start from the first page: old cursors belong to old filters.
    let change = Callback::new(move |(edit, how): (Edit, Change)| {
        let mut f = filters.get_untracked().first_page();
        edit(&mut f);
        on_change.run((f, how));
    });
    // Display settings keep the page: they change how rows look, not which.
    let restyle = Callback::new(move |edit: Edit| {
        let mut f = filters.get_untracked();
        edit(&mut f);
        on_change.run((f, Change::Push));
    });
    let zone = Signal::derive(move || filters.with(|f| f.tz));
    let zone_name = use_zone_name(settled);
    let zone_note = move || {
        let name = match zone.get() {
            Zone::Utc => "UTC".to_string(),
            Zone::Local => zone_name.name.get(),
        };
        format!("Times are shown and typed in {name}.")
    };
    // Each id filter reads and writes its own field of the view.
    let id_input = move |label: &'static str,
                         placeholder: &'static str,
                         get: fn(&Filters) -> Option<String>,
                         set: fn(&mut Filters, Option<String>)| {
        view! {
            <IdInput
                label=label
                placeholder=placeholder
                value=Signal::derive(move || filters.with(get))
                on_commit=Callback::new(move |(v, how): (Option<String>, Change)| {
                    change.run((Box::new(move |f| set(f, v.clone())), how))
                })
            />
        }
    };
    view! {
        <form class="filters" on:submit=|ev| ev.prevent_default() aria-label="Filters">
            <StatusSelect filters=filters change=change />
            <RangeSelect filters=filters change=change />
            <ZoneSelect zone=zone local_name=zone_name.name on_focus=zone_name.now restyle=restyle />
            <p class="zone-note">{zone_note}</p>
            {id_input("Project", "prj-…", |f| f.project_id.clone(), |f, v| f.project_id = v)}
            {id_input("Organization", "org-…", |f| f.organization_id.clone(), |f, v| f.organization_id = v)}
            {id_input("Source directory", "dir-…", |f| f.source_directory_id.clone(), |f, v| f.source_directory_id = v)}
            <PageSizeSelect filters=filters change=change />
            <RefreshSelect filters=filters restyle=restyle />
            <button
                type="button"
                class="clear"
                disabled=move || filters.with(|f| !f.is_filtered())
                on:click=move |_| on_change.run((filters.get_untracked().cleared(), Change::Push))
            >
                "Clear filters"
            </button>
        </form>
    }
    .into_any()
}
