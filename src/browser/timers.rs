//! Waiting: the one `sleep` and the one debounce of the app.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

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

/// Resolves after the next frame, once the browser is idle (or a second
/// after that frame where `requestIdleCallback` is missing: older Safari):
/// for work nobody waits for, that must not hold back a first paint. The
/// frame comes first because an idle period can come before a frame the
/// page still owes (the chart's requests went out before the rows' frame).
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = super::window() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let when_idle = w.clone();
        let no_frames = resolve.clone();
        let after_frame = Closure::once_into_js(move || {
            if when_idle.request_idle_callback(&resolve).is_err() {
                let _ =
                    when_idle.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1000);
            }
        });
        if w.request_animation_frame(after_frame.unchecked_ref())
            .is_err()
        {
            let _ = no_frames.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` once the browser is [`idle`].
pub fn when_idle(f: impl FnOnce() + 'static) {
    leptos::task::spawn_local(async move {
        idle().await;
        f();
    });
}
