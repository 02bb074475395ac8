//! One batch in the list, with its own expand state and per-file results.
//!
//! The row is keyed by batch id, so it survives a refetch of the same page:
//! an expanded row stays expanded and its results stay cached while the
//! status and times update in place. The batch id links to the batch's own
//! page (`/batches/{id}`), which can be shared.

use crate::api::{self, RetryNotice};
use crate::api_error::ApiError;
use crate::components::copy_button::CopyButton;
use crate::components::error_alert::ErrorAlert;
use crate::components::file_results::FileResults;
use crate::components::retry_status::RetryStatus;
use crate::components::status_badge::StatusBadge;
use crate::components::timestamp::Timestamp;
use crate::model::{Batch, BatchStatus};
use crate::query;
use leptos::prelude::*;
use leptos::task::spawn_local;

const LIST_VIEW_KEY: &str = "batches-dashboard.list-view";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Remembers the list view (path and query) a batch was opened from, so the
/// batch page's "Back to batches" returns to the same filters. Kept in
/// sessionStorage: per tab, survives a reload of the batch page, never in
/// the batch page's shareable URL.
fn remember_list_view() {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Some(s) = session() {
        let _ = s.set_item(LIST_VIEW_KEY, &here);
    }
}

/// Where "Back to batches" goes: the list view this tab last opened a batch
/// from, or the unfiltered list. Only a same-site path is accepted.
pub fn list_view_href() -> String {
    session()
        .and_then(|s| s.get_item(LIST_VIEW_KEY).ok().flatten())
        .filter(|p| (p == "/" || p.starts_with("/?")) && !p.contains(['\\', '#']))
        .unwrap_or_else(|| "/".to_string())
}

/// The batch's own page.
pub fn detail_href(id: &str) -> String {
    format!("/batches/{}", query::encode(id))
}

#[derive(Clone)]
enum Load {
    Idle,
    Loading,
    Retrying(RetryNotice),
    Done(Result<Batch, ApiError>),
}

/// Number of columns in the batch table, for the expanded row's span.
pub const COLUMNS: u32 = 8;

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

/// A batch row and, below it, its (initially hidden) files row.
#[component]
pub fn BatchRow(
    /// The batch; a signal so a refetch updates this row in place.
    #[prop(into)]
    batch: Signal<Batch>,
) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let load = RwSignal::new(Load::Idle);
    let id = batch.with_untracked(|b| b.id.clone());
    let panel_id = format!("files-{id}");
    let fetch = {
        let id = id.clone();
        move || {
            load.set(Load::Loading);
            let id = id.clone();
            spawn_local(async move {
                let result = api::batch_with_results(&id, move |n: Option<RetryNotice>| {
                    if let Some(n) = n {
                        let _ = load.try_set(Load::Retrying(n));
                    }
                })
                .await;
                // The row may be gone (page changed) by the time the answer lands.
                let _ = load.try_set(Load::Done(result));
            });
        }
    };
    let toggle = {
        let fetch = fetch.clone();
        move |_| {
            let open = !expanded.get_untracked();
            expanded.set(open);
            if open && matches!(load.get_untracked(), Load::Idle) {
                fetch();
            }
        }
    };
    let retry = Callback::new(move |_| fetch());
    // A refresh that changes this batch highlights the row briefly.
    let changed = RwSignal::new(false);
    Effect::new(move |prev: Option<(Option<BatchStatus>, Option<String>)>| {
        let now = batch.with(|b| (b.status.clone(), b.updated_at.clone()));
        if prev.is_some_and(|p| p != now) {
            changed.set(true);
            set_timeout(
                move || {
                    let _ = changed.try_set(false);
                },
                std::time::Duration::from_secs(3),
            );
        }
        now
    });
    let panel = move || {
        if !expanded.get() {
            return None;
        }
        Some(match load.get() {
            Load::Idle | Load::Loading => {
                view! { <p class="loading" role="status">"Loading files…"</p> }.into_any()
            }
            Load::Retrying(n) => view! { <RetryStatus notice=n /> }.into_any(),
            Load::Done(Ok(b)) => view! {
                <FileResults results=b.results status=b.status directory_id=b.source_directory_id />
            }
            .into_any(),
            Load::Done(Err(e)) => view! { <ErrorAlert error=e on_retry=retry /> }.into_any(),
        })
    };
    let label = format!("Files of {id}");
    let copy_label = format!("Copy batch id {id}");
    view! {
        <tbody class="batch" class:expanded=move || expanded.get() class:changed=move || changed.get()>
            <tr>
                <td>
                    <button
                        type="button"
                        class="toggle"
                        aria-expanded=move || expanded.get().to_string()
                        aria-controls=panel_id.clone()
                        aria-label=label
                        on:click=toggle
                    >
                        <span aria-hidden="true">{move || if expanded.get() { "▾" } else { "▸" }}</span>
                    </button>
                </td>
                <td class="batch-cell">
                    // On the link itself, so it runs before the router's own
                    // click handler (on window) moves the address away from the list.
                    <a href=detail_href(&id) on:click:capture=move |_| remember_list_view()>
                        <code class="batch-id">{id.clone()}</code>
                    </a>
                    <CopyButton value=id.clone() label=copy_label />
                </td>
                <td><StatusBadge status=Signal::derive(move || batch.with(|b| b.status.clone())) /></td>
                <td>{move || or_dash(batch.with(|b| b.job_type().map(|t| t.to_string())))}</td>
                <td><code>{move || or_dash(batch.with(|b| b.configuration_id().map(String::from)))}</code></td>
                <td><code>{move || or_dash(batch.with(|b| b.project_id.clone()))}</code></td>
                <td><code>{move || or_dash(batch.with(|b| b.source_directory_id.clone()))}</code></td>
                <td class="times">
                    <Timestamp value=Signal::derive(move || batch.with(|b| b.created_at.clone())) />
                    <span class="updated">
                        "updated " <Timestamp value=Signal::derive(move || batch.with(|b| b.updated_at.clone())) />
                    </span>
                </td>
            </tr>
            <tr id=panel_id class="files-row" hidden=move || !expanded.get()>
                <td colspan=COLUMNS>{panel}</td>
            </tr>
        </tbody>
    }
}
