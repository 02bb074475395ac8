//! How many batches of each status the current filters hold.

use crate::api::{self, LatestOnly};
use batches_core::filters::{self, Filters};
use batches_core::model::BatchStatus;
use batches_core::text;
use leptos::prelude::*;

/// What one status chip shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    pub status: BatchStatus,
    /// `12`, `≥ 1` (the API sent rows but no total), `—` (unknown) or `…` (loading).
    pub count: String,
    /// The view filtered to this status, from its first page.
    pub href: String,
    /// Whether the view is already filtered to this status.
    pub current: bool,
}

/// One chip per known status for `view` without its status: six one-row
/// requests at once (the API's `total_size`), cancelled together when the
/// view changes and kept while only the status or page changes. They wait
/// until `ready` (the list's first answer) and its rows are painted: on a
/// cold start they would otherwise compete with it for connections and for
/// the server, and hold back the rows' first frame.
///
/// ```ignore
/// let chips = use_status_counts(view, Signal::derive(move || list_answered.get()));
/// view! { <StatusChips chips=chips /> }
/// ```
pub fn use_status_counts(view: Memo<Filters>, ready: Signal<bool>) -> Memo<Vec<Chip>> {
    let slot = LatestOnly::new();
    on_cleanup(move || slot.abort());
    let count_view = Memo::new(move |_| {
        view.with(|f| Filters {
            status: None,
            page_token: None,
            page_size: None,
            ..f.fetched()
        })
    });
    let counts = LocalResource::new(move || {
        let f = count_view.get();
        let ready = ready.get();
        async move {
            if !ready {
                return Vec::new();
            }
            crate::browser::timers::idle().await;
            api::count_by_status(&f, &BatchStatus::KNOWN, slot).await
        }
    });
    Effect::new(move |_| slot.supersede(&filters::count_key(&count_view.get())));
    Memo::new(move |_| {
        let counts = counts.get();
        let view = view.get();
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
            .collect()
    })
}
