//! The batch list: the URL is the view.
//!
//! The raw query string is parsed once into a memo; that memo keys the list
//! resource, and every control writes the URL rather than a signal. A shared
//! link therefore reproduces the view exactly, and Back/Forward restore it.

use crate::components::batch_table::BatchTable;
use crate::components::error_alert::ErrorAlert;
use crate::components::export_panel::ExportPanel;
use crate::components::filters_bar::{Change, FiltersBar};
use crate::components::ignored_params::IgnoredParams;
use crate::components::notice::Notice;
use crate::components::pager::Pager;
use crate::components::retry_status::RetryStatus;
use crate::components::settings_panel::SettingsPanel;
use crate::components::status_chips::StatusChips;
use crate::hooks::use_batch_list::use_batch_list;
use crate::hooks::use_cursor_pager::use_cursor_pager;
use crate::hooks::use_list_export::use_list_export;
use crate::hooks::use_status_counts::use_status_counts;
use crate::hooks::use_url_view::use_url_view;
use batches_core::filters::{self, Filters};
use batches_core::text;
use leptos::prelude::*;

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
    // What decides the rows; zone and refresh interval changes do not refetch.
    let fetch_filters = Memo::new(move |_| view_filters.with(Filters::fetched));
    let list = use_batch_list(
        fetch_filters,
        Signal::derive(move || view_filters.with(|f| f.refresh)),
    );
    let (page, shown, loading) = (list.answer.resource, list.answer.shown, list.answer.loading);
    let answered = Signal::derive(move || shown.with(Option::is_some));
    let chips = use_status_counts(view_filters, answered);
    let pager = use_cursor_pager(url, list.next_token);
    let export = use_list_export(view_filters);

    let notice = RwSignal::new(None::<String>);
    let on_filters = Callback::new(move |(f, how): (Filters, Change)| {
        notice.set(None);
        url.change(&f, how == Change::Replace);
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
    let retry = Callback::new(move |_| page.refetch());
    let summary = move || {
        shown.with(|r| match r {
            Some(Ok(p)) => p.total_size.map(|n| text::count(n, "batch", "batches")),
            _ => None,
        })
    };
    let updating = move || {
        (loading.get() && shown.with(Option::is_some))
            .then(|| view! { <span class="loading" role="status">" Updating…"</span> })
    };
    let new_batches = move || {
        let n = list.new_batches.get();
        (n > 0).then(|| {
            view! {
                <div class="new-batches" role="status">
                    {text::count(n as u64, "new batch", "new batches")}
                    " — "
                    <button type="button" on:click=move |_| page.refetch()>"show"</button>
                </div>
            }
        })
    };
    let state = move || {
        shown.with(|r| match r {
            None => {
                Some(view! { <p class="loading" role="status">"Loading batches…"</p> }.into_any())
            }
            Some(Err(e)) => {
                Some(view! { <ErrorAlert error=e.clone() on_retry=retry /> }.into_any())
            }
            Some(Ok(p)) if p.items.is_empty() => {
                Some(view! { <p class="empty">"No batches match these filters."</p> }.into_any())
            }
            Some(Ok(_)) => None,
        })
    };

    view! {
        <main class="page">
            <header class="page-header">
                <h1>"Batches"</h1>
                <SettingsPanel on_key_change=Callback::new(move |_| page.refetch()) />
                <p class="summary" aria-live="polite">{summary} {updating}</p>
            </header>
            <FiltersBar filters=view_filters on_change=on_filters settled=answered />
            <IgnoredParams issues=url.dropped />
            <Notice text=notice />
            {move || list.answer.retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            <StatusChips chips=chips />
            <ExportPanel export=export />
            <Notice text=Signal::derive(move || list.refresh.problem()) />
            {new_batches}
            {state}
            // The table stays mounted while its view refreshes, so rows
            // update in place and keep their expand state; an error clears it.
            <Show when=move || shown.with(|r| matches!(r, Some(Ok(_))))>
                <BatchTable batches=list.items zone=Signal::derive(move || view_filters.with(|f| f.tz)) />
            </Show>
            <Pager
                has_previous=pager.has_previous
                has_next=pager.has_next
                on_previous=pager.previous
                on_next=pager.next
            />
        </main>
    }
}
