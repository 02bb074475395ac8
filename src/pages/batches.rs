//! The batch list: the URL is the view.
//!
//! The raw query string is parsed once into a memo; that memo keys the list
//! resource, and every control writes the URL rather than a signal. A shared
//! link therefore reproduces the view exactly, and Back/Forward restore it.

use crate::components::activity_chart::ActivityChart;
use crate::components::batch_table::BatchTable;
use crate::components::copy_link::CopyLink;
use crate::components::export_panel::ExportPanel;
use crate::components::filters_bar::{Change, FiltersBar};
use crate::components::filters_toggle::{active_count, FiltersToggle};
use crate::components::ignored_params::IgnoredParams;
use crate::components::list_state::{ListState, ListSummary};
use crate::components::notice::Notice;
use crate::components::pager::Pager;
use crate::components::retry_status::RetryStatus;
use crate::components::settings_panel::SettingsPanel;
use crate::components::status_chips::StatusChips;
use crate::components::views_menu::ViewsMenu;
use crate::components::watch_button::WatchControl;
use crate::hooks::use_activity::use_activity;
use crate::hooks::use_batch_list::use_batch_list;
use crate::hooks::use_clock::use_clock;
use crate::hooks::use_copy_link::use_copy_link;
use crate::hooks::use_cursor_pager::use_cursor_pager;
use crate::hooks::use_list_export::use_list_export;
use crate::hooks::use_saved_views::use_saved_views;
use crate::hooks::use_status_counts::use_status_counts;
use crate::hooks::use_url_view::use_url_view;
use crate::hooks::use_watches::use_watches;
use batches_core::filters::{self, Filters};
use batches_core::saved_views::SHOW_ALL_PATH;
use leptos::prelude::*;

/// How often unfinished rows' durations ("running 12 min") move on.
const DURATION_TICK_MS: u64 = 30_000;

/// What an expired or foreign page cursor gets: the first page, and why.
const STALE_CURSOR: &str = "That page link is no longer valid (the API refused its page cursor), so the first page is shown instead.";

/// The batch list page.
#[component]
pub fn BatchesPage() -> impl IntoView {
    let url = use_url_view(
        |q| {
            let p = filters::parse(q);
            (p.filters, p.issues)
        },
        filters::to_query,
    );
    let view_filters = url.view;
    // Before anything is fetched: `/` without parameters may open the pinned default.
    let views = use_saved_views(view_filters);
    // What decides the rows; zone and refresh interval changes do not refetch.
    let fetch_filters = Memo::new(move |_| view_filters.with(Filters::fetched));
    let list = use_batch_list(
        fetch_filters,
        Signal::derive(move || view_filters.with(|f| f.refresh)),
    );
    let (page, shown, loading) = (list.answer.resource, list.answer.shown, list.answer.loading);
    // A memo, so what waits for the first answer (counts, chart) re-runs when
    // it flips, not on every new answer.
    let answered = Signal::from(Memo::new(move |_| shown.with(Option::is_some)));
    let chips = use_status_counts(view_filters, answered);
    let activity = use_activity(view_filters, answered);
    let pager = use_cursor_pager(url, list.next_token);
    let export = use_list_export(view_filters);
    let watches = use_watches();
    let watch = WatchControl {
        watched: watches.ids.into(),
        toggle: watches.toggle,
    };
    let clock = use_clock(DURATION_TICK_MS);
    let link = use_copy_link(view_filters);

    let notice = RwSignal::new(None::<String>);
    let on_filters = Callback::new(move |(f, how): (Filters, Change)| {
        notice.set(None);
        url.change(&f, how == Change::Replace);
    });
    // A day of the chart: the list narrowed to it, as a filter change.
    let on_day = Callback::new(move |path: String| {
        let f = filters::parse(path.trim_start_matches("/?")).filters;
        on_filters.run((f, Change::Push));
    });
    // A cursor the API no longer accepts (expired, or from other filters):
    // say so and show the first page of the same view.
    Effect::new(move |_| {
        let Some(Err(e)) = page.get() else { return };
        let f = view_filters.get_untracked();
        if f.page_token.is_some() && matches!(e.status(), Some(400 | 422)) {
            notice.set(Some(STALE_CURSOR.into()));
            url.write(&f.first_page(), true, None);
        }
    });
    let refetch = Callback::new(move |_| page.refetch());
    let default_view = move || {
        views.default_notice.get().map(|text| {
            view! { <p class="notice default-view" role="status">{text} " · " <a href=SHOW_ALL_PATH>"show all"</a></p> }
        })
    };
    let zone = Signal::derive(move || view_filters.with(|f| f.tz));
    view! {
        <main class="page">
            <header class="page-header">
                <h1>"Batches"</h1>
                <SettingsPanel on_key_change=Callback::new(move |_| page.refetch()) />
                <ListSummary shown=shown loading=loading />
            </header>
            {default_view}
            <FiltersToggle active=Signal::derive(move || view_filters.with(active_count))>
                <FiltersBar filters=view_filters on_change=on_filters settled=answered />
            </FiltersToggle>
            <IgnoredParams issues=url.dropped />
            <Notice text=notice />
            {move || list.answer.retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            <StatusChips chips=chips />
            <div class="list-tools">
                <ViewsMenu
                    entries=views.entries
                    message=views.message
                    on_save=views.save
                    on_rename=views.rename
                    on_delete=views.delete
                    on_pin=views.pin
                />
                <CopyLink on_copy=link.copy message=link.message />
                <ExportPanel export=export />
            </div>
            <Notice text=Signal::derive(move || list.refresh.problem()) />
            <ActivityChart activity=activity.activity on_day=on_day />
            <ListState shown=shown new_batches=list.new_batches on_refetch=refetch />
            // The table stays mounted while its view refreshes, so rows
            // update in place and keep their expand state; an error clears it.
            <Show when=move || shown.with(|r| matches!(r, Some(Ok(_))))>
                <BatchTable batches=list.items zone=zone now=clock.now watch=watch />
            </Show>
            <Pager
                has_previous=pager.has_previous
                has_next=pager.has_next
                on_previous=pager.previous
                on_next=pager.next
            />
        </main>
    }
    .into_any()
}
