//! The rows of the batch list: one page for the view, kept fresh in place.

use super::use_api_answer::{use_api_answer, ApiAnswer};
use super::use_auto_refresh::{use_auto_refresh, AutoRefresh};
use crate::api;
use batches_core::filters::{self, Filters};
use batches_core::live;
use batches_core::model::{Batch, BatchPage};
use batches_core::span::Span;
use leptos::prelude::*;

/// What [`use_batch_list`] returns.
pub struct UseBatchListReturn {
    /// The page's answer (for errors, Retry, "Updating…").
    pub answer: ApiAnswer<BatchPage>,
    /// The rows to show: the answer's, each replaced by a fresher version
    /// from auto-refresh, in the answer's order (rows never move).
    pub items: Memo<Vec<Batch>>,
    /// Batches a refresh found that are newer than every shown row (first
    /// page only): announced, shown only when asked for.
    pub new_batches: Memo<usize>,
    /// The cursor of the following page, if the API sent one.
    pub next_token: Memo<Option<String>>,
    /// The background refresh, for its problem line.
    pub refresh: AutoRefresh,
}

/// Fetches the page `view` describes whenever it changes (the older fetch
/// cut short), and refreshes it every `interval` without moving rows.
///
/// ```ignore
/// let list = use_batch_list(fetch_filters, Signal::derive(move || view.with(|f| f.refresh)));
/// view! { <BatchTable batches=list.items zone=zone /> }
/// ```
pub fn use_batch_list(view: Memo<Filters>, interval: Signal<Option<Span>>) -> UseBatchListReturn {
    let answer = use_api_answer(view, filters::to_query, |f, slot, on_retry| async move {
        api::list_batches(&f, slot, on_retry).await
    });
    let shown = answer.shown;
    let base = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(p)) => p.items.clone(),
            _ => Vec::new(),
        })
    });
    let refresh = use_auto_refresh(view, interval);
    let items = Memo::new(move |_| match refresh.latest() {
        Some(fresh) => base.with(|base| live::merge_fresh(base, &fresh.items)),
        None => base.get(),
    });
    let new_batches = Memo::new(move |_| {
        if view.with(|f| f.page_token.is_some()) {
            return 0;
        }
        refresh
            .latest()
            .map(|fresh| base.with(|base| live::count_newer(base, &fresh.items)))
            .unwrap_or(0)
    });
    let next_token = Memo::new(move |_| {
        shown.with(|r| match r {
            Some(Ok(p)) => p.next_token().map(String::from),
            _ => None,
        })
    });
    UseBatchListReturn {
        answer,
        items,
        new_batches,
        next_token,
        refresh,
    }
}
