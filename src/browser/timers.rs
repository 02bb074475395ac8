//! Waiting: the one `sleep` and the one debounce of the app.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Waits `ms`, or less if `signal` aborts first. Async code (retries,
/// auto-refresh) waits with this; an abort ends the wait at once.
pub async fn sleep(ms: u64, signal: Option<&web_sys::AbortSignal>) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = super::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
        if let Some(s) = signal {
            let _ = s.add_event_listener_with_callback("abort", &resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs only the last of a burst of calls, `delay` after it: typing applies
/// once a person pauses. Cancelled when the owning view is cleaned up.
#[derive(Clone, Copy)]
pub struct Debounce {
    delay: Duration,
    pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl Debounce {
    /// A debounce owned by the current reactive owner (a component or hook).
    pub fn new(delay: Duration) -> Self {
        let pending = StoredValue::new_local(None::<TimeoutHandle>);
        on_cleanup(move || {
            if let Some(h) = pending.try_update_value(|p| p.take()).flatten() {
                h.clear();
            }
        });
        Debounce { delay, pending }
    }

    /// Schedules `f`, replacing whatever was scheduled and not yet run.
    pub fn call(&self, f: impl FnOnce() + 'static) {
        self.cancel();
        self.pending
            .set_value(set_timeout_with_handle(f, self.delay).ok());
    }

    /// Drops what was scheduled (e.g. a change applied another way first).
    pub fn cancel(&self) {
        if let Some(h) = self.pending.try_update_value(|p| p.take()).flatten() {
            h.clear();
        }
    }
}

/// Runs `f` once the browser is idle (after the current frames are painted),
/// or after a second where `requestIdleCallback` is missing (older Safari):
/// for work nobody waits for, that must not hold back a first paint.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(w) = super::window() else {
        return;
    };
    let f = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let run = {
        let f = std::rc::Rc::clone(&f);
        wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(f) = f.take() {
                f();
            }
        })
    };
    if w.request_idle_callback(run.unchecked_ref()).is_err() {
        set_timeout(
            move || {
                if let Some(f) = f.take() {
                    f();
                }
            },
            Duration::from_secs(1),
        );
    }
}
