//! A page-wide clock for text that ages ("running 12 min").

use crate::browser::{self, timers::sleep};
use batches_core::time::Instant;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What [`use_clock`] returns.
#[derive(Clone, Copy)]
pub struct UseClockReturn {
    /// The current instant, updated every tick.
    pub now: Signal<Instant>,
}

/// One clock per page rather than a timer per row: a 1,000-row page would
/// otherwise run 1,000 timers. Rows read `now` only while their text depends
/// on it (unfinished batches), so a tick re-renders just those. Stops with
/// the page.
///
/// ```ignore
/// let clock = use_clock(30_000);
/// view! { <BatchTable batches=rows zone=zone now=clock.now /> }
/// ```
pub fn use_clock(tick_ms: u64) -> UseClockReturn {
    let now = RwSignal::new(browser::now());
    spawn_local(async move {
        loop {
            sleep(tick_ms, None).await;
            if now.try_set(browser::now()).is_some() {
                return;
            }
        }
    });
    UseClockReturn { now: now.into() }
}
