//! One batch's own page, `/batches/{id}`: a link people can share.
//!
//! The path names the batch; the query says which of its files to show
//! (`files=`, `q=`) and the zone of its times (`tz=utc`, as on the list), see
//! [`batches_core::detail_filters`], parsed once into a memo. Controls write the
//! URL, never a signal of their own, so a shared link and Back/Forward
//! restore exactly the same view.

use crate::api;
use crate::components::batch_row::list_view_href;
use crate::components::cancel_dialog::{CancelBatch, CancelProblem};
use crate::components::copy_button::CopyButton;
use crate::components::error_alert::ErrorAlert;
use crate::components::file_results::FileResults;
use crate::components::files_export::FilesExport;
use crate::components::ignored_params::IgnoredParams;
use crate::components::retry_status::RetryStatus;
use crate::components::status_badge::StatusBadge;
use crate::components::timestamp::Timestamp;
use crate::hooks::use_api_answer::{use_api_answer, ApiAnswer};
use batches_core::api_error::ApiError;
use batches_core::detail_filters::{self, FileFilter, FileView};
use batches_core::filters::ParamIssue;
use batches_core::model::{Batch, BatchStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use leptos_router::NavigateOptions;
use std::sync::Arc;
use std::time::Duration;

/// How long typing in "Search files" must pause before it applies.
pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(300);

/// Where a cancel request is.
#[derive(Clone, Debug, PartialEq)]
enum Cancel {
    Idle,
    Sending,
    Sent,
    Refused(ApiError),
}

/// Statuses a batch can still be cancelled in. Unknown statuses are left
/// alone: nobody should cancel what the dashboard does not understand.
fn cancellable(status: Option<&BatchStatus>) -> bool {
    matches!(
        status,
        Some(BatchStatus::Pending | BatchStatus::Throttled | BatchStatus::Running)
    )
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// The batch detail page.
#[component]
pub fn BatchDetailPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let parsed = Memo::new(move |_| detail_filters::parse(&location.search.get()));
    let file_view = Memo::new(move |_| parsed.with(|p| p.view.clone()));

    // Another batch's page (a link from here, or Back) cuts the old fetch short.
    let ApiAnswer {
        resource: batch,
        shown,
        retrying,
        loading,
    } = use_api_answer(id, String::clone, |id, slot, on_retry| async move {
        api::batch_detail(&id, slot, on_retry).await
    });
    let loaded = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(b)) => Some(b.clone()),
            _ => None,
        })
    });
    // The zone the page's times are in: `tz=utc` or the viewer's own.
    let zone = Memo::new(move |_| parsed.with(|p| p.tz));
    let time = move |f: fn(&Batch) -> Option<String>| move || view! { <Timestamp value=loaded.with(|b| b.as_ref().and_then(f)) zone=zone.get() /> };
    let fact = move |f: fn(&Batch) -> Option<String>| {
        move || or_dash(loaded.with(|b| b.as_ref().and_then(f)))
    };
    // An id people paste elsewhere (a ticket, the API): shown with its Copy button.
    let id_fact = move |what: &'static str, f: fn(&Batch) -> Option<String>| {
        move || match loaded.with(|b| b.as_ref().and_then(f)) {
            Some(v) => {
                let label = format!("Copy {what} {v}");
                view! { <code>{v.clone()}</code> <CopyButton value=v label=label /> }.into_any()
            }
            None => view! { <code>"—"</code> }.into_any(),
        }
    };

    // Writing the URL: the only way a control changes the view.
    let go = {
        let navigate = navigate.clone();
        let pathname = location.pathname;
        // The zone is kept: changing which files show never changes the clock.
        move |v: &FileView, replace: bool| {
            let q = detail_filters::to_query(v, zone.get_untracked());
            let path = pathname.get_untracked();
            let url = if q.is_empty() {
                path
            } else {
                format!("{path}?{q}")
            };
            navigate(
                &url,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    // Parameters dropped from the address: reported, and the address cleaned
    // (replaced, so Back does not return to the bad link).
    let dropped = RwSignal::new(Vec::<ParamIssue>::new());
    Effect::new({
        let go = go.clone();
        move |_| {
            let issues = parsed.with(|p| p.issues.clone());
            if !issues.is_empty() {
                dropped.set(issues);
                go(&file_view.get_untracked(), true);
            }
        }
    });
    let on_files = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let files = FileFilter::from_param(&event_target_value(&ev)).unwrap_or_default();
            dropped.set(Vec::new());
            go(
                &FileView {
                    files,
                    ..file_view.get_untracked()
                },
                false,
            );
        }
    };
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(h) = pending.try_update_value(|p| p.take()).flatten() {
            h.clear();
        }
    });
    let on_search = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            if let Some(h) = pending.try_update_value(|p| p.take()).flatten() {
                h.clear();
            }
            let go = go.clone();
            let apply = move || {
                let current = file_view.get_untracked();
                let next = current.with_search(&text);
                if next != current {
                    dropped.set(Vec::new());
                    go(&next, true);
                }
            };
            pending.set_value(set_timeout_with_handle(apply, SEARCH_DEBOUNCE).ok());
        }
    };

    // Cancelling: confirmed in a dialog, sent once, then the batch is fetched
    // again so its status shows what happened. The outcome is kept with the
    // batch it is about, so another batch's page never shows it.
    let cancel_of = RwSignal::new(None::<(String, Cancel)>);
    let cancel = Memo::new(move |_| {
        cancel_of.with(|c| match c {
            Some((of, state)) if *of == id.get() => state.clone(),
            _ => Cancel::Idle,
        })
    });
    let send_cancel = Callback::new(move |_: ()| {
        let id = id.get_untracked();
        cancel_of.set(Some((id.clone(), Cancel::Sending)));
        spawn_local(async move {
            let result = api::cancel_batch(&id).await;
            // Sent, or refused because it already finished: either way the
            // status shown is out of date.
            let refresh = match &result {
                Ok(()) => true,
                Err(e) => e.status() == Some(409),
            };
            let state = match result {
                Ok(()) => Cancel::Sent,
                Err(e) => Cancel::Refused(e),
            };
            if cancel_of.try_set(Some((id, state))).is_none() && refresh {
                batch.refetch();
            }
        });
    });
    let can_cancel = Memo::new(move |_| {
        loaded.with(|b| cancellable(b.as_ref().and_then(|b| b.status.as_ref())))
    });
    let file_count = Signal::derive(move || {
        loaded.with(|b| b.as_ref().and_then(|b| b.results.as_ref().map(Vec::len)))
    });

    let retry = Callback::new(move |_| batch.refetch());
    let search_value = move || file_view.with(|v| v.q.clone().unwrap_or_default());

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
                {move || (loading.get() && shown.with(Option::is_some))
                    .then(|| view! { <span class="loading" role="status">"Updating…"</span> })}
            </header>
            <IgnoredParams issues=dropped />
            {move || retrying.get().map(|n| view! { <RetryStatus notice=n /> })}
            {move || {
                shown.with(|r| match r {
                    None => Some(view! { <p class="loading" role="status">"Loading batch…"</p> }.into_any()),
                    Some(Err(e)) => Some(view! { <ErrorAlert error=e.clone() on_retry=retry /> }.into_any()),
                    Some(Ok(_)) => None,
                })
            }}
            <Show when=move || loaded.with(Option::is_some)>
                <dl class="facts">
                    <div>
                        <dt>"Status"</dt>
                        <dd>{move || view! { <StatusBadge status=loaded.with(|b| b.as_ref().and_then(|b| b.status.clone())) /> }}</dd>
                    </div>
                    <div>
                        <dt>"Job type"</dt>
                        <dd>{fact(|b| b.job_type().map(|t| t.to_string()))}</dd>
                    </div>
                    <div>
                        <dt>"Configuration"</dt>
                        <dd>{id_fact("configuration id", |b| b.configuration_id().map(String::from))}</dd>
                    </div>
                    <div>
                        <dt>"Project"</dt>
                        <dd>{id_fact("project id", |b| b.project_id.clone())}</dd>
                    </div>
                    <div>
                        <dt>"Source directory"</dt>
                        <dd>{id_fact("source directory id", |b| b.source_directory_id.clone())}</dd>
                    </div>
                    <div>
                        <dt>"Created"</dt>
                        <dd>{time(|b| b.created_at.clone())}</dd>
                    </div>
                    <div>
                        <dt>"Updated"</dt>
                        <dd>{time(|b| b.updated_at.clone())}</dd>
                    </div>
                </dl>
                <div class="actions">
                    {move || {
                        can_cancel.get().then(|| view! {
                            <CancelBatch
                                batch_id=id.get_untracked()
                                file_count=file_count
                                busy=Signal::derive(move || cancel.get() == Cancel::Sending)
                                on_confirm=send_cancel
                            />
                        })
                    }}
                </div>
                {move || match cancel.get() {
                    Cancel::Sent => Some(view! {
                        <p class="notice cancel-sent" role="status">
                            "Cancel requested. The batch stops taking new files; files already processed keep their results."
                        </p>
                    }.into_any()),
                    Cancel::Refused(e) => Some(view! { <CancelProblem error=e on_retry=send_cancel /> }.into_any()),
                    Cancel::Idle | Cancel::Sending => None,
                }}
                <h2 class="files-heading">"Files"</h2>
                <form class="filters file-filters" aria-label="File filters" on:submit=|ev| ev.prevent_default()>
                    <label>
                        "Files"
                        // Named explicitly: a wrapping label would add the chosen option to the name.
                        <select aria-label="Files" on:change=on_files.clone()>
                            {FileFilter::CHOICES
                                .into_iter()
                                .map(|f| view! {
                                    <option value=f.as_param() prop:selected=move || file_view.with(|v| v.files == f)>
                                        {f.label()}
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
                            on:input=on_search.clone()
                        />
                    </label>
                </form>
                {move || {
                    // Re-rendered only when the batch itself changes (a refetch
                    // with news); filters reach the table through the signal.
                    // Export only once there are files to export.
                    loaded.get().map(|b| {
                        let export = b.results.as_ref().filter(|r| !r.is_empty()).map(|r| view! {
                            <FilesExport
                                batch_id=b.id.clone()
                                results=Arc::new(r.clone())
                                directory_id=b.source_directory_id.clone()
                                view=file_view
                            />
                        });
                        view! {
                            {export}
                            <FileResults
                                results=b.results
                                status=b.status
                                directory_id=b.source_directory_id
                                view=Some(Signal::from(file_view))
                                actions=true
                            />
                        }
                    })
                }}
            </Show>
        </main>
    }
}
