//! Live refresh that never moves rows.
//!
//! Every interval the view's page is fetched again in the background (never
//! two at once, never while the tab is hidden). The answer is not shown as
//! is: the page uses it to update rows already on screen and to count newer
//! batches, which a person chooses to show. Errors back off and say so.

use crate::api::{self, ApiError};
use batches_core::filters::Filters;
use batches_core::model::BatchPage;
use batches_core::retry::seconds_label;
use batches_core::span::Span;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// The longest wait between refreshes after repeated failures.
const MAX_BACKOFF_MS: u64 = 5 * 60_000;

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

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn hidden() -> bool {
    document().is_some_and(|d| d.hidden())
}

async fn sleep(ms: u64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves when the tab is visible (at once if it already is).
async fn until_visible() {
    while hidden() {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(d) = document() {
                let options = web_sys::AddEventListenerOptions::new();
                options.set_once(true);
                let _ = d.add_event_listener_with_callback_and_add_event_listener_options(
                    "visibilitychange",
                    resolve.unchecked_ref(),
                    &options,
                );
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
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
                let wait = (every.millis() as u64)
                    .saturating_mul(1 << failures.min(10))
                    .min(MAX_BACKOFF_MS.max(every.millis() as u64));
                sleep(wait).await;
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
                        let next = (every.millis() as u64)
                            .saturating_mul(1 << failures.min(10))
                            .min(MAX_BACKOFF_MS.max(every.millis() as u64));
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
