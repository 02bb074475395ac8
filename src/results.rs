//! Files' results opened in this tab, kept for the session: a finished
//! job's result never changes, so opening it again (Back, another look)
//! costs no request. Like [`crate::outcomes`], a session-wide service rather
//! than a context, so a file row anywhere can say what was learned.
//!
//! It also remembers how many pages of each opened parse result failed, for
//! the row's "2 pages failed" beside its outcome. Nothing is fetched here:
//! only results someone opened are known.

use batches_core::result::pages::Summary;
use batches_core::result::FileResult;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// A result shared without copying; equal only to itself (comparing two
/// 2,000-page results field by field would cost more than it could save).
#[derive(Clone, Debug)]
pub struct Shared(pub Arc<FileResult>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Default)]
struct Kept {
    results: HashMap<String, Shared>,
    /// "2 pages failed" by job id, for parse results with failed pages.
    badges: HashMap<String, String>,
    /// Bumped when a badge is added; rows showing badges track it.
    changed: Option<ArcRwSignal<u64>>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::default();
}

fn changed() -> ArcRwSignal<u64> {
    KEPT.with_borrow_mut(|k| k.changed.get_or_insert_with(|| ArcRwSignal::new(0)).clone())
}

/// The result of job `id` if it was opened in this tab and had finished.
pub fn kept(id: &str) -> Option<Shared> {
    KEPT.with_borrow(|k| k.results.get(id).cloned())
}

/// Remembers an answer: kept for the session when its job has finished,
/// and a parse result's failed pages for its row either way.
pub fn keep(id: &str, result: &Shared) {
    let badge = match result.0.as_ref() {
        FileResult::Parse(p) => Summary::of(p).row_badge(),
        FileResult::Extract(_) => None,
    };
    let news = KEPT.with_borrow_mut(|k| {
        if result.0.is_final() {
            k.results.insert(id.to_string(), result.clone());
        }
        match badge {
            Some(b) => k.badges.insert(id.to_string(), b.clone()) != Some(b),
            None => k.badges.remove(id).is_some(),
        }
    });
    if news {
        changed().update(|v| *v += 1);
    }
}

/// "2 pages failed" for job `id`'s row once its parse result was opened in
/// this tab and some pages failed; `None` otherwise. Reactive.
pub fn pages_failed(id: &str) -> Option<String> {
    changed().track();
    KEPT.with_borrow(|k| k.badges.get(id).cloned())
}
