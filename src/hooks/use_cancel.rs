//! Cancelling a batch: sent once, after a person confirmed it.

use crate::api;
use batches_core::api_error::ApiError;
use batches_core::model::BatchStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a cancel request is.
#[derive(Clone, Debug, PartialEq)]
pub enum Cancel {
    Idle,
    Sending,
    Sent,
    Refused(ApiError),
}

/// What [`use_cancel`] returns.
#[derive(Clone, Copy)]
pub struct UseCancelReturn {
    /// The state of the cancel of the batch shown now.
    pub state: Memo<Cancel>,
    /// Sends the cancel (the dialog's confirm, or Retry).
    pub send: Callback<()>,
}

/// Statuses a batch can still be cancelled in. Unknown statuses are left
/// alone: nobody should cancel what the dashboard does not understand.
pub fn cancellable(status: Option<&BatchStatus>) -> bool {
    matches!(
        status,
        Some(BatchStatus::Pending | BatchStatus::Throttled | BatchStatus::Running)
    )
}

/// Cancels batch `id` on request, then calls `refetch` so the status shown
/// says what happened (also after a 409: it had already finished). The
/// outcome is kept with the batch it is about, so another batch's page
/// never shows it. Never retried automatically: a POST changes something.
///
/// ```ignore
/// let cancel = use_cancel(id, Callback::new(move |_| batch.refetch()));
/// view! { <CancelBatch on_confirm=cancel.send ... /> }
/// ```
pub fn use_cancel(id: Memo<String>, refetch: Callback<()>) -> UseCancelReturn {
    let of = RwSignal::new(None::<(String, Cancel)>);
    let state = Memo::new(move |_| {
        of.with(|c| match c {
            Some((batch, state)) if *batch == id.get() => state.clone(),
            _ => Cancel::Idle,
        })
    });
    let send = Callback::new(move |_: ()| {
        let id = id.get_untracked();
        of.set(Some((id.clone(), Cancel::Sending)));
        spawn_local(async move {
            let result = api::cancel_batch(&id).await;
            let stale = match &result {
                Ok(()) => true,
                Err(e) => e.status() == Some(409),
            };
            let state = match result {
                Ok(()) => Cancel::Sent,
                Err(e) => Cancel::Refused(e),
            };
            if of.try_set(Some((id, state))).is_none() && stale {
                refetch.run(());
            }
        });
    });
    UseCancelReturn { state, send }
}
