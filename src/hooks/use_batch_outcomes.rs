//! A batch's per-file outcomes from its jobs, with the summary and causes.

use crate::outcomes::{self, Lookups};
use batches_core::model::Batch;
use batches_core::outcome::causes::{self, Cause};
use batches_core::outcome::summary::Summary;
use batches_core::outcome::{Bucket, Outcome};
use leptos::prelude::*;

/// What [`use_batch_outcomes`] returns.
#[derive(Clone, Copy)]
pub struct UseBatchOutcomesReturn {
    /// One outcome per file, in the batch's order ("being checked" until
    /// the job's lookup answers, never "ok").
    pub outcomes: Memo<Vec<Outcome>>,
    /// Counts by outcome, credits and progress.
    pub summary: Memo<Summary>,
    /// Failed files grouped by cause, biggest group first.
    pub causes: Memo<Vec<Cause>>,
    /// Some lookups were refused or failed: the rows show what the batch
    /// knows, and the page says so with a Retry.
    pub unavailable: Memo<bool>,
    /// Asks again for every job not known to be finished.
    pub retry: Callback<()>,
}

/// Looks up the jobs of `batch`'s files whenever the batch changes (a
/// refresh with news looks up the unfinished ones again; finished jobs are
/// cached for the session), cancelling the lookups of the batch shown
/// before. See [`crate::outcomes`].
///
/// ```ignore
/// let outcomes = use_batch_outcomes(loaded, move || batch.track());
/// view! { <p>{move || outcomes.summary.get().words()}</p> }
/// ```
/// `answered` is read (tracked) on every lookup: pass the batch request's
/// own answer signal, so that every answer — also one equal to the last,
/// as when a refresh finds the batch unchanged while its jobs move on —
/// looks up the unfinished jobs again.
pub fn use_batch_outcomes(
    batch: Memo<Option<Batch>>,
    answered: impl Fn() + 'static,
) -> UseBatchOutcomesReturn {
    let held = StoredValue::new_local(None::<Lookups>);
    let start = move || {
        let next = batch.with_untracked(|b| b.as_ref().map(outcomes::look_up));
        // Replacing the guard cancels what is left of the older lookups.
        held.set_value(next);
    };
    Effect::new(move |_| {
        batch.track();
        answered();
        start();
    });
    on_cleanup(move || {
        let _ = held.try_update_value(|h| h.take());
    });
    derive(batch, Callback::new(move |_| start()))
}

/// The outcomes of `batch`'s files as shown now, and what follows from
/// them, for lookups someone else started (an expanded row's files).
pub fn derive(batch: Memo<Option<Batch>>, retry: Callback<()>) -> UseBatchOutcomesReturn {
    let outcomes = Memo::new(move |_| {
        batch.with(|b| b.as_ref().map(outcomes::outcomes_of).unwrap_or_default())
    });
    let summary = Memo::new(move |_| outcomes.with(|o| Summary::of(o)));
    UseBatchOutcomesReturn {
        outcomes,
        summary,
        causes: Memo::new(move |_| outcomes.with(|o| causes::group(o))),
        unavailable: Memo::new(move |_| summary.with(|s| s.count(Bucket::Unavailable) > 0)),
        retry,
    }
}
