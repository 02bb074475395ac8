//! The latest-only slot: a view's newest request wins, the old one is cut short.

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::AbortController;

/// A slot for one kind of request whose newest call wins. Leptos runs a
/// resource's fetches one after another, so a view change must cut the old
/// fetch short for the new one to start: [`LatestOnly::supersede`] aborts
/// the request (or the retry wait) in flight unless it is for the view now
/// wanted, and the old fetch then ends at once as
/// [`ApiError::Cancelled`](batches_core::api_error::ApiError::Cancelled).
#[derive(Clone, Copy)]
pub struct LatestOnly {
    current: StoredValue<Option<AbortController>, LocalStorage>,
    /// What the request in flight is for, and its generation.
    for_what: StoredValue<(u64, String)>,
}

impl LatestOnly {
    pub fn new() -> Self {
        LatestOnly {
            current: StoredValue::new_local(None),
            for_what: StoredValue::new((0, String::new())),
        }
    }

    /// Cancels whatever this slot is doing (e.g. when the page unmounts).
    pub fn abort(&self) {
        let _ = self.for_what.try_update_value(|(g, _)| *g += 1);
        if let Some(Some(c)) = self.current.try_update_value(|slot| slot.take()) {
            c.abort();
        }
    }

    /// Cancels the request in flight if it is for anything but `wanted`.
    pub fn supersede(&self, wanted: &str) {
        if self
            .for_what
            .try_with_value(|(_, what)| what != wanted)
            .unwrap_or(false)
        {
            self.abort();
        }
    }

    pub(super) fn begin(&self, what: &str) -> u64 {
        self.abort();
        self.for_what
            .try_update_value(|(g, w)| {
                *w = what.to_string();
                *g
            })
            .unwrap_or(0)
    }

    pub(super) fn is_current(&self, generation: u64) -> bool {
        self.for_what.try_with_value(|(g, _)| *g) == Some(generation)
    }

    pub(super) fn track(&self, controller: &AbortController) {
        let _ = self
            .current
            .try_update_value(|slot| *slot = Some(controller.clone()));
    }
}

impl Default for LatestOnly {
    fn default() -> Self {
        Self::new()
    }
}

/// A cancel handle for requests made outside any view (a session-wide
/// queue): plain reference counting instead of the reactive arena, so it
/// lives exactly as long as whoever holds it. `cancel()` aborts the attempt,
/// or the wait before a retry, in flight, and every later one.
#[derive(Clone, Default)]
pub struct CancelToken(Rc<RefCell<(bool, Option<AbortController>)>>);

impl CancelToken {
    /// Cancels what is in flight and whatever would follow.
    pub fn cancel(&self) {
        let controller = {
            let mut inner = self.0.borrow_mut();
            inner.0 = true;
            inner.1.take()
        };
        if let Some(c) = controller {
            c.abort();
        }
    }

    /// Whether `cancel()` was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.borrow().0
    }

    pub(super) fn track(&self, controller: &AbortController) {
        self.0.borrow_mut().1 = Some(controller.clone());
    }
}
