//! Live refresh that never moves rows.
//!
//! Every interval the view's page is fetched again in the background (never
//! two at once, never while the tab is hidden). The answer is not shown as
//! is: the page uses it to update rows already on screen and to count newer
//! batches, which a person chooses to show. Errors back off and say so.

use crate::api::{self, ApiError};
use crate::browser::timers::sleep;
use crate::browser::visibility::until_visible;
use batches_core::filters::Filters;
use batches_core::live;
use batches_core::model::BatchPage;
use batches_core::retry::seconds_label;
use batches_core::span::Span;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Which refresh loop a finding belongs to: the view and the interval.
type LoopKey = (Filters, Span);

/// What the background refresh has learned, each finding tagged with the
/// loop that made it, so a finding for another view or interval is ignored
/// rather than reset by an effect.
#[derive(Clone, Copy)]
pub struct AutoRefresh {
    latest: RwSignal<Option<(LoopKey, BatchPage)>>,
    problem: RwSignal<Option<(LoopKey, String)>>,
    key: Memo<Option<LoopKey>>,
}

impl AutoRefresh {
    /// The last page a refresh fetched for the current view and interval.
    pub fn latest(&self) -> Option<BatchPage> {
        let key = self.key.get()?;
        self.latest.with(|l| {
            l.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, p)| p.clone())
        })
    }

    /// Why the last refresh failed and when the next try is, until one succeeds.
    pub fn problem(&self) -> Option<String> {
        let key = self.key.get()?;
        self.problem.with(|p| {
            p.as_ref()
                .filter(|(k, _)| *k == key)
                .map(|(_, m)| m.clone())
        })
    }
}

/// Refreshes `view` every `interval` while one is set.
pub fn use_auto_refresh(view: Memo<Filters>, interval: Signal<Option<Span>>) -> AutoRefresh {
    let latest = RwSignal::new(None::<(LoopKey, BatchPage)>);
    let problem = RwSignal::new(None::<(LoopKey, String)>);
    let key = Memo::new(move |_| interval.get().map(|every| (view.get(), every)));
    // Each (view, interval) gets its own loop; older loops see a newer
    // generation when they wake and end without fetching.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let loop_key = key.get();
        let mine = generation.try_update_value(|g| {
            *g += 1;
            *g
        });
        let (Some((f, every)), Some(mine)) = (loop_key, mine) else {
            return;
        };
        let tag = (f.clone(), every);
        let current = move || generation.try_get_value() == Some(mine);
        spawn_local(async move {
            let mut failures: u32 = 0;
            loop {
                sleep(live::refresh_wait(every.millis() as u64, failures), None).await;
                if !current() {
                    return;
                }
                until_visible().await;
                if !current() {
                    return;
                }
                let result: Result<BatchPage, ApiError> = api::refresh_batches(&f).await;
                if !current() {
                    return;
                }
                match result {
                    Ok(page) => {
                        failures = 0;
                        latest.set(Some((tag.clone(), page)));
                        problem.set(None);
                    }
                    Err(e) => {
                        failures += 1;
                        let next = live::refresh_wait(every.millis() as u64, failures);
                        problem.set(Some((
                            tag.clone(),
                            format!(
                                "Auto-refresh failed: {} Next try in {}.",
                                e.headline(),
                                seconds_label(next)
                            ),
                        )));
                    }
                }
            }
        });
    });
    on_cleanup(move || {
        let _ = generation.try_update_value(|g| *g += 1);
    });
    AutoRefresh {
        latest,
        problem,
        key,
    }
}
