//! One batch's own page, `/batches/{id}`: a link people can share.
//!
//! The path names the batch; the query says which of its files to show
//! (`files=`, `q=`) and the zone of its times (`tz=utc`, as on the list), see
//! [`batches_core::detail_filters`], parsed once into a memo. Controls write the
//! URL, never a signal of their own, so a shared link and Back/Forward
//! restore exactly the same view.

use crate::api;
use crate::back_link::list_view_href;
use crate::browser::timers::Debounce;
use crate::components::batch_facts::BatchFacts;
use crate::components::batch_files::BatchFiles;
use crate::components::cancel_dialog::CancelArea;
use crate::components::copy_button::CopyButton;
use crate::components::error_alert::ErrorAlert;
use crate::components::file_filters::FileFilters;
use crate::components::ignored_params::IgnoredParams;
use crate::components::retry_status::RetryStatus;
use crate::components::watch_button::WatchButton;
use crate::hooks::use_api_answer::use_api_answer;
use crate::hooks::use_batch_outcomes::use_batch_outcomes;
use crate::hooks::use_cancel::{cancellable, use_cancel};
use crate::hooks::use_interval::use_interval;
use crate::hooks::use_url_view::use_url_view;
use crate::hooks::use_watches::use_watches;
use crate::pages::result_area;
use batches_core::detail_filters::{self, FileView};
use leptos::prelude::*;
use std::time::Duration;

/// How long typing in "Search files" must pause before it applies.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// The batch detail page.
#[component]
pub fn BatchDetailPage() -> impl IntoView {
    let id = crate::router::use_batch_id();
    // The zone is part of the address but not of which files show.
    let url = use_url_view(result_area::parse, result_area::to_query);
    let file_view = Memo::new(move |_| url.view.with(|(v, _, _)| v.clone()));
    let zone = Memo::new(move |_| url.view.with(|(_, z, _)| *z));
    // Another batch's page (a link from here, or Back) cuts the old fetch short.
    let answer = use_api_answer(id, String::clone, |id, slot, on_retry| async move {
        api::batch_with_results(&id, Some(slot), on_retry).await
    });
    let (batch, shown) = (answer.resource, answer.shown);
    let loaded = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(b)) => Some(b.clone()),
            _ => None,
        })
    });
    let cancel = use_cancel(id, Callback::new(move |_| batch.refetch()));
    // Opening a finished watch's page is seeing it: the tab title stops counting it.
    let watches = use_watches();
    Effect::new(move |_| loaded.with(|b| b.as_ref().map(|b| watches.seen.run(b.id.clone()))));
    let watch =
        Callback::new(move |_| loaded.get_untracked().map_or((), |b| watches.toggle.run(b)));

    // Changing which files show keeps the clock and the open result.
    let set_view = move |v: FileView, replace: bool| {
        let r = url.view.with_untracked(|(_, _, r)| r.clone());
        url.change(&(v, zone.get_untracked(), r), replace)
    };
    let on_pick = Callback::new(move |v: FileView| set_view(v, false));
    let typing = Debounce::new(SEARCH_DEBOUNCE);
    let on_search = Callback::new(move |text: String| {
        typing.call(move || {
            let current = file_view.get_untracked();
            let next = current.with_search(&text);
            if next != current {
                set_view(next, true);
            }
        })
    });
    let retry = Callback::new(move |_| batch.refetch());
    let updating = move || {
        (answer.loading.get() && shown.with(Option::is_some))
            .then(|| view! { <span class="loading" role="status">"Updating…"</span> })
    };
    let found = use_batch_outcomes(loaded, move || batch.track());
    let panel = result_area::result_area(url, loaded);
    // Auto-refresh: the batch again, and with it its unfinished jobs.
    use_interval(
        Signal::derive(move || file_view.with(|v| v.refresh)),
        Callback::new(move |_| batch.refetch()),
    );
    let counts = Signal::derive(move || found.outcomes.with(|o| detail_filters::choice_counts(o)));
    // A cause's own address: the table narrowed to it, search and zone kept.
    let cause_href = Callback::new(move |key: String| {
        let v = FileView {
            cause: Some(key),
            ..file_view.get_untracked()
        };
        format!("?{}", detail_filters::to_query(&v, zone.get_untracked()))
    });
    // Re-rendered only when the batch itself changes (a refetch with news);
    // filters and outcomes reach the table through signals.
    let files = move || {
        loaded.get().map(
            |b| view! { <BatchFiles batch=b view=file_view found=found cause_href=cause_href /> },
        )
    };

    view! {
        <main class="page batch-detail">
            <p class="back"><a href=list_view_href()>"← Back to batches"</a></p>
            <header class="page-header">
                <h1>"Batch " <code class="batch-id">{move || id.get()}</code></h1>
                {move || {
                    let id = id.get();
                    let label = format!("Copy batch id {id}");
                    view! { <CopyButton value=id label=label /> }
                }}
                <Show when=move || loaded.with(Option::is_some)>
                    <WatchButton id=id watched=watches.is_watched(move || id.get()) on_toggle=watch />
                </Show>
                {updating}
            </header>
            <IgnoredParams issues=url.dropped />
            {move || answer.retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            {move || {
                shown.with(|r| match r {
                    None => Some(view! { <p class="loading" role="status">"Loading batch…"</p> }.into_any()),
                    Some(Err(e)) => Some(view! { <ErrorAlert error=e.clone() on_retry=retry /> }.into_any()),
                    Some(Ok(_)) => None,
                })
            }}
            <Show when=move || loaded.with(Option::is_some)>
                <BatchFacts batch=loaded zone=zone />
                <CancelArea
                    batch_id=id
                    file_count=Signal::derive(move || loaded.with(|b| b.as_ref().and_then(|b| b.results.as_ref().map(Vec::len))))
                    cancellable=Signal::derive(move || loaded.with(|b| cancellable(b.as_ref().and_then(|b| b.status.as_ref()))))
                    state=cancel.state
                    send=cancel.send
                />
                <h2 class="files-heading">"Files"</h2>
                <FileFilters view=file_view counts=counts on_pick=on_pick on_search=on_search />
                {files}
            </Show>
            {panel}
        </main>
    }
    .into_any()
}
