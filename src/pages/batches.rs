//! The batch list: the URL is the view.
//!
//! The raw query string is parsed once into a memo; that memo keys the list
//! resource, and every control writes the URL rather than a signal. A shared
//! link therefore reproduces the view exactly, and Back/Forward restore it.

use crate::api::{self, LatestOnly};
use crate::browser;
use crate::components::batch_table::BatchTable;
use crate::components::error_alert::ErrorAlert;
use crate::components::export_panel::ExportPanel;
use crate::components::filters_bar::{Change, FiltersBar};
use crate::components::ignored_params::IgnoredParams;
use crate::components::pager::Pager;
use crate::components::retry_status::RetryStatus;
use crate::components::settings_panel::SettingsPanel;
use crate::components::status_chips::{Chip, StatusChips};
use crate::hooks::use_api_answer::{use_api_answer, ApiAnswer};
use crate::hooks::use_auto_refresh::use_auto_refresh;
use batches_core::filters::{self, Filters, ParamIssue};
use batches_core::live;
use batches_core::model::BatchStatus;
use batches_core::text;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsValue;

/// Page cursors visited before the current one, kept in `history.state` so
/// "Previous page" can walk back without putting a trail in the shared URL.
fn cursor_trail() -> Vec<String> {
    browser::history_state()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// The batch list page.
#[component]
pub fn BatchesPage() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    let parsed = Memo::new(move |_| filters::parse(&location.search.get()));
    let view_filters = Memo::new(move |_| parsed.with(|p| p.filters.clone()));
    // What decides the rows; zone and refresh interval changes do not refetch.
    let fetch_filters = Memo::new(move |_| view_filters.with(Filters::fetched));

    let ApiAnswer {
        resource: page,
        shown,
        retrying,
        loading,
    } = use_api_answer(
        fetch_filters,
        filters::to_query,
        |f, slot, on_retry| async move { api::list_batches(&f, slot, on_retry).await },
    );
    let base_items = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(p)) => p.items.clone(),
            _ => Vec::new(),
        })
    });

    // Live refresh: shown rows take fresher versions in place; newer
    // batches are only counted until someone asks to see them.
    let refresh = use_auto_refresh(
        fetch_filters,
        Signal::derive(move || view_filters.with(|f| f.refresh)),
    );
    let items = Memo::new(move |_| match refresh.latest() {
        Some(fresh) => base_items.with(|base| live::merge_fresh(base, &fresh.items)),
        None => base_items.get(),
    });
    let new_batches = Memo::new(move |_| {
        if fetch_filters.with(|f| f.page_token.is_some()) {
            return 0;
        }
        refresh
            .latest()
            .map(|fresh| base_items.with(|base| live::count_newer(base, &fresh.items)))
            .unwrap_or(0)
    });

    // Per-status counts for the view without its status: six one-row
    // requests at once, cancelled together when the view changes, and kept
    // while only the status or page changes.
    let counts_slot = LatestOnly::new();
    on_cleanup(move || counts_slot.abort());
    let count_view = Memo::new(move |_| {
        fetch_filters.with(|f| Filters {
            status: None,
            page_token: None,
            page_size: None,
            ..f.clone()
        })
    });
    // They wait for the list's first answer: on a cold start they would
    // otherwise compete with it for connections and for the server.
    let list_answered = Memo::new(move |_| shown.with(Option::is_some));
    let counts = LocalResource::new(move || {
        let f = count_view.get();
        let ready = list_answered.get();
        async move {
            if !ready {
                return Vec::new();
            }
            api::count_by_status(&f, &BatchStatus::KNOWN, counts_slot).await
        }
    });
    Effect::new(move |_| counts_slot.supersede(&filters::count_key(&count_view.get())));
    let chips = Memo::new(move |_| {
        let counts = counts.get();
        let view = view_filters.get();
        BatchStatus::KNOWN
            .iter()
            .enumerate()
            .map(|(i, status)| {
                let count = match counts.as_ref().and_then(|c| c.get(i)) {
                    None => "…".to_string(),
                    Some(Ok(Some(n))) => text::thousands(*n),
                    Some(Ok(None)) => "≥ 1".to_string(),
                    Some(Err(_)) => "—".to_string(),
                };
                let target = Filters {
                    status: Some(status.clone()),
                    ..view.clone().first_page()
                };
                Chip {
                    status: status.clone(),
                    count,
                    href: format!("?{}", filters::to_query(&target)),
                    current: view.status.as_ref() == Some(status),
                }
            })
            .collect::<Vec<_>>()
    });

    let go = {
        let navigate = navigate.clone();
        let pathname = location.pathname;
        move |f: &Filters, replace: bool, trail: Option<Vec<String>>| {
            let q = filters::to_query(f);
            let path = pathname.get_untracked();
            let url = if q.is_empty() {
                path
            } else {
                format!("{path}?{q}")
            };
            let state =
                trail.map(|t| JsValue::from_str(&serde_json::to_string(&t).unwrap_or_default()));
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    state: leptos_router::location::State::new(state),
                    ..Default::default()
                },
            );
        }
    };

    let notice = RwSignal::new(None::<String>);
    // Parameters dropped from the address: reported until the next change,
    // even though the address itself is cleaned at once.
    let dropped = RwSignal::new(Vec::<ParamIssue>::new());
    let on_filters = {
        let go = go.clone();
        Callback::new(move |(f, how): (Filters, Change)| {
            notice.set(None);
            dropped.set(Vec::new());
            go(&f, how == Change::Replace, None);
        })
    };
    Effect::new({
        let go = go.clone();
        move |_| {
            let issues = parsed.with(|p| p.issues.clone());
            if !issues.is_empty() {
                dropped.set(issues);
                go(&view_filters.get_untracked(), true, None);
            }
        }
    });

    let next_token = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(p)) => p.next_token().map(String::from),
            _ => None,
        })
    });
    let on_next = {
        let go = go.clone();
        Callback::new(move |_| {
            let Some(token) = next_token.get_untracked() else {
                return;
            };
            let current = view_filters.get_untracked();
            let mut trail = cursor_trail();
            trail.push(current.page_token.clone().unwrap_or_default());
            let next = Filters {
                page_token: Some(token),
                ..current
            };
            go(&next, false, Some(trail));
        })
    };
    let on_previous = {
        let go = go.clone();
        Callback::new(move |_| {
            let mut trail = cursor_trail();
            // A shared link of a later page has no trail: go to the first page.
            let previous = trail.pop().filter(|t| !t.is_empty());
            let f = Filters {
                page_token: previous,
                ..view_filters.get_untracked()
            };
            go(&f, false, Some(trail));
        })
    };

    // A cursor the API no longer accepts (expired, or from other filters):
    // say so and show the first page of the same view.
    Effect::new({
        let go = go.clone();
        move |_| {
            let Some(Err(e)) = page.get() else { return };
            let f = view_filters.get_untracked();
            if f.page_token.is_some() && matches!(e.status(), Some(400 | 422)) {
                notice.set(Some(
                    "That page link is no longer valid (the API refused its page cursor), so the first page is shown instead.".into(),
                ));
                go(&f.first_page(), true, None);
            }
        }
    });

    let retry = Callback::new(move |_| page.refetch());

    view! {
        <main class="page">
            <header class="page-header">
                <h1>"Batches"</h1>
                <SettingsPanel on_key_change=Callback::new(move |_| page.refetch()) />
                <p class="summary" aria-live="polite">
                    {move || {
                        shown.with(|r| match r {
                            Some(Ok(p)) => p.total_size.map(|n| text::count(n, "batch", "batches")),
                            _ => None,
                        })
                    }}
                    {move || (loading.get() && shown.with(Option::is_some)).then(|| view! { <span class="loading" role="status">" Updating…"</span> })}
                </p>
            </header>
            <FiltersBar
                filters=view_filters
                on_change=on_filters
                settled=Signal::derive(move || shown.with(Option::is_some))
            />
            <IgnoredParams issues=dropped />
            {move || notice.get().map(|n| view! { <div class="notice" role="status"><p>{n}</p></div> })}
            {move || retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            <StatusChips chips=chips />
            <ExportPanel filters=view_filters />
            {move || refresh.problem().map(|p| view! { <div class="notice" role="status"><p>{p}</p></div> })}
            {move || {
                let n = new_batches.get();
                (n > 0).then(|| view! {
                    <div class="new-batches" role="status">
                        {text::count(n as u64, "new batch", "new batches")}
                        " — "
                        <button type="button" on:click=move |_| page.refetch()>"show"</button>
                    </div>
                })
            }}
            {move || {
                shown.with(|r| match r {
                    None => Some(view! { <p class="loading" role="status">"Loading batches…"</p> }.into_any()),
                    Some(Err(e)) => Some(view! { <ErrorAlert error=e.clone() on_retry=retry /> }.into_any()),
                    Some(Ok(p)) if p.items.is_empty() => {
                        Some(view! { <p class="empty">"No batches match these filters."</p> }.into_any())
                    }
                    Some(Ok(_)) => None,
                })
            }}
            // The table stays mounted while its view refreshes, so rows
            // update in place and keep their expand state; an error clears it.
            <Show when=move || shown.with(|r| matches!(r, Some(Ok(_))))>
                <BatchTable batches=items zone=Signal::derive(move || view_filters.with(|f| f.tz)) />
            </Show>
            <Pager
                has_previous=Signal::derive(move || view_filters.with(|f| f.page_token.is_some()))
                has_next=Signal::derive(move || next_token.with(Option::is_some))
                on_previous=on_previous
                on_next=on_next
            />
        </main>
    }
}
