//! What became of each file, from its job: looked up in bulk, once per
//! session for finished jobs.
//!
//! A batch's results say only whether a job could be created for a file;
//! the job's own status comes from `GET /api/v2/parse` / `/api/v2/extract`
//! with up to 100 `job_ids` each ([`batches_core::outcome::lookup`] plans
//! them). Like [`crate::names`], this is a session-wide service rather than
//! a context: an expanded list row and the batch page share what was
//! learned, finished jobs are never asked for twice, and it works where
//! there is no App (a component mounted alone in a test).
//!
//! - At most [`MAX_IN_FLIGHT`] requests run at once; the rest wait in order.
//! - Whoever asks holds a [`Lookups`] guard; dropping it (the view changed,
//!   the row left the page) drops its queued requests and aborts the ones in
//!   flight.
//! - Answers are put on screen together, at most every [`SHOW_EVERY`]: each
//!   change redraws the outcome cells of up to 1,000 rows.
//! - Each batch's summary is kept for the list's "37 of 1,000 files failed".

use crate::api::{self, ApiError, CancelToken};
use crate::browser::timers::sleep;
use batches_core::model::Batch;
use batches_core::outcome::lookup::{JobRequest, Lookup};
use batches_core::outcome::summary::Summary;
use batches_core::outcome::{Bucket, Outcome};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// The most job list requests in flight at once.
pub const MAX_IN_FLIGHT: usize = 3;
/// How often answers that arrived are put on screen.
pub const SHOW_EVERY: Duration = Duration::from_millis(200);

struct Task {
    ticket: u64,
    request: JobRequest,
}

#[derive(Default)]
struct Service {
    lookup: Lookup,
    /// The newest summary of every batch looked up in this tab, by id.
    summaries: HashMap<String, Summary>,
    /// Bumped when answers are put on screen; every reader tracks it.
    shown: Option<ArcRwSignal<u64>>,
    flush_pending: bool,
    next_ticket: u64,
    queue: VecDeque<Task>,
    in_flight: usize,
    /// What each live ticket is for, and the tokens of its requests in flight.
    tickets: HashMap<u64, (Batch, Vec<CancelToken>)>,
    /// How many of each ticket's requests are running now.
    running: HashMap<u64, usize>,
}

thread_local! {
    static SERVICE: RefCell<Service> = RefCell::default();
}

fn shown() -> ArcRwSignal<u64> {
    SERVICE.with_borrow_mut(|s| s.shown.get_or_insert_with(|| ArcRwSignal::new(0)).clone())
}

/// Holds a batch's lookups open; dropping it cancels what is left of them.
pub struct Lookups {
    ticket: u64,
}

impl Drop for Lookups {
    fn drop(&mut self) {
        let tokens = SERVICE.with_borrow_mut(|s| {
            s.queue.retain(|t| t.ticket != self.ticket);
            s.tickets
                .remove(&self.ticket)
                .map(|(_, t)| t)
                .unwrap_or_default()
        });
        for t in tokens {
            t.cancel();
        }
    }
}

/// Looks up the jobs of `batch`'s files that are not known to be finished
/// (all of them the first time; the unfinished ones on a refresh or Retry).
pub fn look_up(batch: &Batch) -> Lookups {
    let ticket = SERVICE.with_borrow_mut(|s| {
        s.next_ticket += 1;
        let ticket = s.next_ticket;
        let results = batch.results.as_deref().unwrap_or(&[]);
        for request in s.lookup.plan(results, batch.job_type()) {
            s.queue.push_back(Task { ticket, request });
        }
        s.tickets.insert(ticket, (batch.clone(), Vec::new()));
        remember_summary(s, batch);
        ticket
    });
    schedule_flush();
    pump();
    Lookups { ticket }
}

/// Looks `batch`'s jobs up and waits until every request has answered or
/// failed: a finished watch is announced with what its jobs said, never
/// with files still being checked. Checks every [`SHOW_EVERY`].
pub async fn settled(batch: &Batch) -> Vec<Outcome> {
    let lookups = look_up(batch);
    let busy = |s: &Service| {
        s.running.contains_key(&lookups.ticket)
            || s.queue.iter().any(|t| t.ticket == lookups.ticket)
    };
    while SERVICE.with_borrow(busy) {
        sleep(SHOW_EVERY.as_millis() as u64, None).await;
    }
    let results = batch.results.as_deref().unwrap_or(&[]);
    SERVICE.with_borrow(|s| s.lookup.outcomes(results, batch.job_type()))
}

/// Every file's outcome as shown now, in the batch's order. Reactive: call
/// it in a memo or view and it follows the answers as they are shown.
pub fn outcomes_of(batch: &Batch) -> Vec<Outcome> {
    shown().track();
    let results = batch.results.as_deref().unwrap_or(&[]);
    SERVICE.with_borrow(|s| s.lookup.outcomes(results, batch.job_type()))
}

/// "37 of 1,000 files failed" for a batch whose outcomes this tab has
/// looked up completely, for the list row; `None` for any other. Reactive.
pub fn failed_badge(batch_id: &str) -> Option<String> {
    shown().track();
    SERVICE.with_borrow(|s| {
        let summary = s.summaries.get(batch_id)?;
        let open = [Bucket::Checking, Bucket::Unavailable];
        open.iter()
            .all(|b| summary.count(*b) == 0)
            .then(|| summary.failed_words())
    })
}

fn remember_summary(s: &mut Service, batch: &Batch) {
    let results = batch.results.as_deref().unwrap_or(&[]);
    let summary = Summary::of(&s.lookup.outcomes(results, batch.job_type()));
    s.summaries.insert(batch.id.clone(), summary);
}

/// Starts queued requests while fewer than [`MAX_IN_FLIGHT`] run.
fn pump() {
    loop {
        let next = SERVICE.with_borrow_mut(|s| {
            if s.in_flight >= MAX_IN_FLIGHT {
                return None;
            }
            let task = s.queue.pop_front()?;
            let token = CancelToken::default();
            let (_, tokens) = s.tickets.get_mut(&task.ticket)?;
            tokens.push(token.clone());
            s.in_flight += 1;
            *s.running.entry(task.ticket).or_default() += 1;
            Some((task, token))
        });
        let Some((task, token)) = next else { return };
        spawn_local(async move {
            let ticket = task.ticket;
            run(task, &token).await;
            SERVICE.with_borrow_mut(|s| {
                s.in_flight -= 1;
                if let Some(n) = s.running.get_mut(&ticket) {
                    *n -= 1;
                    if *n == 0 {
                        s.running.remove(&ticket);
                    }
                }
            });
            pump();
        });
    }
}

/// One request and the pages that follow it.
async fn run(task: Task, token: &CancelToken) {
    let Task {
        ticket,
        mut request,
    } = task;
    let mut path = request.path();
    loop {
        let answer = api::job_page(&path, token).await;
        if token.is_cancelled() || matches!(answer, Err(ApiError::Cancelled)) {
            return;
        }
        let next = SERVICE.with_borrow_mut(|s| {
            let next = match answer {
                Ok(page) => s.lookup.accept(&mut request, page),
                Err(_) => {
                    s.lookup.fail(&request);
                    None
                }
            };
            if let Some((batch, _)) = s.tickets.get(&ticket) {
                let batch = batch.clone();
                remember_summary(s, &batch);
            }
            next
        });
        schedule_flush();
        match next {
            Some(p) => path = p,
            None => return,
        }
    }
}

/// Puts what arrived on screen within [`SHOW_EVERY`], in one go.
fn schedule_flush() {
    let first = SERVICE.with_borrow_mut(|s| !std::mem::replace(&mut s.flush_pending, true));
    if first {
        set_timeout(
            || {
                SERVICE.with_borrow_mut(|s| s.flush_pending = false);
                shown().update(|v| *v += 1);
            },
            SHOW_EVERY,
        );
    }
}
