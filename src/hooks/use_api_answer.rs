//! One API answer for a view that changes: fetched again whenever the view
//! does, the stale fetch cut short at once, retries announced, and the last
//! answer kept on screen until the newer one lands.
//!
//! Both pages need exactly this, and each piece is easy to get subtly wrong
//! on its own: Leptos starts a resource's next fetch only when the previous
//! one has ended, so without the cut a slow old answer delays the new view.

use crate::api::{LatestOnly, RetryNotice};
use batches_core::api_error::ApiError;
use leptos::prelude::*;
use std::future::Future;

/// What a page reads from [`use_api_answer`].
pub struct ApiAnswer<T: Send + Sync + 'static> {
    /// The fetch itself, for `refetch()` (Retry, a new key, "show").
    pub resource: LocalResource<Result<T, ApiError>>,
    /// The answer to show: the latest, except that a fetch cancelled by a
    /// newer view leaves the previous answer in place.
    pub shown: Memo<Option<Result<T, ApiError>>>,
    /// "Retrying in N s…" while a 429 or 5xx is being retried.
    pub retrying: RwSignal<Option<RetryNotice>>,
    /// Whether a fetch is under way (the first, or a newer one over shown rows).
    pub loading: RwSignal<bool>,
}

/// Fetches `fetch(view, slot, on_retry)` for every new value of `view`.
/// `label` names a view for the cut: a fetch whose label differs from the
/// view now wanted is aborted.
pub fn use_api_answer<V, T, Fut>(
    view: Memo<V>,
    label: impl Fn(&V) -> String + 'static,
    fetch: impl Fn(V, LatestOnly, Box<dyn Fn(Option<RetryNotice>)>) -> Fut + 'static,
) -> ApiAnswer<T>
where
    V: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + PartialEq + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let slot = LatestOnly::new();
    on_cleanup(move || slot.abort());
    let retrying = RwSignal::new(None::<RetryNotice>);
    let loading = RwSignal::new(true);
    let resource = LocalResource::new(move || {
        let wanted = view.get();
        let on_retry = Box::new(move |n| {
            let _ = retrying.try_set(n);
        });
        let answer = fetch(wanted, slot, on_retry);
        async move {
            retrying.set(None);
            loading.set(true);
            let result = answer.await;
            let _ = loading.try_set(false);
            result
        }
    });
    Effect::new(move |_| slot.supersede(&view.with(&label)));
    let shown = Memo::new(
        move |prev: Option<&Option<Result<T, ApiError>>>| match resource.get() {
            Some(Err(ApiError::Cancelled)) => prev.cloned().flatten(),
            other => other,
        },
    );
    ApiAnswer {
        resource,
        shown,
        retrying,
        loading,
    }
}
