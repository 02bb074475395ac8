//! File names for the file ids in a batch's results, looked up once per session.
//!
//! Results carry `source_directory_file_id`s (`dfl-…`); people recognise file
//! names. Each name costs one request
//! (`GET /api/v1/beta/directories/{dir}/files/{file}`), so:
//!
//! - The cache is a `thread_local`, not a context provided at the App root:
//!   it must outlive every page and row that asks (an expanded list row and
//!   the detail page share names, and Back and Forward remount both), it
//!   works where there is no App (a component mounted alone in a test), and a
//!   wasm page has exactly one thread, so the thread *is* the session.
//! - At most [`MAX_IN_FLIGHT`] lookups run at once; the rest wait in a queue
//!   in the order they were asked for (the table asks for the rows it shows
//!   first). A 1,000-file batch never fires 1,000 requests at once.
//! - Every name is its own signal, so a row's name cell updates in place when
//!   its name arrives; the table is never re-rendered for it. Names that
//!   arrive together are shown together, at most every [`SHOW_EVERY`]: each
//!   change makes the browser lay out the whole table again (about 0.1 s for
//!   1,000 rows), and while it does, the next lookups wait to be sent.
//! - A lookup that fails is not retried and not reported: the id stays shown.
//! - A queued lookup that no table wants any more (its page or row is gone)
//!   is dropped before it is sent.

use crate::api;
use batches_core::model::FileResult;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::time::Duration;

/// The most name lookups in flight at once.
pub const MAX_IN_FLIGHT: usize = 6;
/// How often names that arrived are put on screen.
pub const SHOW_EVERY: Duration = Duration::from_millis(250);

type Key = (String, String);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Queued,
    InFlight,
    /// Answered, with a name or without one (a failed lookup).
    Settled,
}

struct Entry {
    name: ArcRwSignal<Option<String>>,
    stage: Stage,
    /// How many mounted views want this name.
    wanted: u32,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<Key, Entry>,
    queue: VecDeque<Key>,
    in_flight: usize,
    /// Names that arrived and are not on screen yet.
    arrived: Vec<(ArcRwSignal<Option<String>>, String)>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::default();
}

/// The display names of `file_ids` in directory `directory_id`, in the same
/// order, each `None` until (and unless) it arrives. Lookups not cached yet
/// are queued in this order. Call it while rendering: the names stay wanted
/// until the calling view is cleaned up.
pub fn display_names(
    directory_id: &str,
    file_ids: &[Option<String>],
) -> Vec<Option<ArcReadSignal<Option<String>>>> {
    let mut keys = Vec::new();
    let signals = CACHE.with_borrow_mut(|c| {
        file_ids
            .iter()
            .map(|file| {
                let key = (directory_id.to_string(), file.clone()?);
                let entry = c.entries.entry(key.clone()).or_insert_with(|| Entry {
                    name: ArcRwSignal::new(None),
                    stage: Stage::Queued,
                    wanted: 0,
                });
                if entry.stage == Stage::Queued && entry.wanted == 0 {
                    c.queue.push_back(key.clone());
                }
                entry.wanted += 1;
                let name = entry.name.read_only();
                keys.push(key);
                Some(name)
            })
            .collect()
    });
    on_cleanup(move || {
        CACHE.with_borrow_mut(|c| {
            for key in &keys {
                if let Some(e) = c.entries.get_mut(key) {
                    e.wanted = e.wanted.saturating_sub(1);
                }
            }
        })
    });
    pump();
    signals
}

/// The display names of `rows`' files, by row, asked for in the order
/// people see them: the rows in `first` (sorted), then the rest.
pub fn names_by_row(
    directory_id: &str,
    rows: &[FileResult],
    first: &[usize],
) -> Vec<Option<ArcReadSignal<Option<String>>>> {
    let mut order = first.to_vec();
    order.extend((0..rows.len()).filter(|i| first.binary_search(i).is_err()));
    let ids: Vec<Option<String>> = order
        .iter()
        .map(|&i| rows[i].source_directory_file_id.clone())
        .collect();
    let mut found = display_names(directory_id, &ids).into_iter();
    let mut by_row = vec![None; rows.len()];
    for &i in &order {
        by_row[i] = found.next().flatten();
    }
    by_row
}

/// The name of `file_id` in `directory_id` as the tables show it right now
/// (`None` while unknown), without asking for it or subscribing to it: an
/// export of "the files shown" must hold the names people see, no more.
pub fn shown_name(directory_id: &str, file_id: &str) -> Option<String> {
    CACHE.with_borrow(|c| {
        c.entries
            .get(&(directory_id.to_string(), file_id.to_string()))
            .and_then(|e| e.name.get_untracked())
    })
}

/// Starts queued lookups while fewer than [`MAX_IN_FLIGHT`] are running.
fn pump() {
    loop {
        let next = CACHE.with_borrow_mut(|c| {
            if c.in_flight >= MAX_IN_FLIGHT {
                return None;
            }
            while let Some(key) = c.queue.pop_front() {
                let Some(e) = c.entries.get_mut(&key) else {
                    continue;
                };
                match (e.stage, e.wanted) {
                    (Stage::Queued, 0) => {
                        // Nobody shows it any more: forget it, so a later view asks again.
                        c.entries.remove(&key);
                    }
                    (Stage::Queued, _) => {
                        e.stage = Stage::InFlight;
                        c.in_flight += 1;
                        return Some((key, e.name.clone()));
                    }
                    _ => {}
                }
            }
            None
        });
        let Some(((dir, file), name)) = next else {
            return;
        };
        spawn_local(async move {
            let found = api::directory_file(&dir, &file)
                .await
                .ok()
                .and_then(|f| f.display_name)
                .filter(|n| !n.trim().is_empty());
            let first_arrival = CACHE.with_borrow_mut(|c| {
                c.in_flight -= 1;
                if let Some(e) = c.entries.get_mut(&(dir, file)) {
                    e.stage = Stage::Settled;
                }
                let Some(found) = found else { return false };
                c.arrived.push((name, found));
                c.arrived.len() == 1
            });
            if first_arrival {
                set_timeout(show_arrived, SHOW_EVERY);
            }
            pump();
        });
    }
}

/// Puts every name that arrived since the last time on screen, in one go.
fn show_arrived() {
    let arrived = CACHE.with_borrow_mut(|c| std::mem::take(&mut c.arrived));
    for (signal, name) in arrived {
        signal.set(Some(name));
    }
}
