//! Identical concurrent reads share one upstream request.
//!
//! A team with auto-refresh on the same view sends the same `GET` from every
//! tab at about the same moment; relayed one by one, that is one LlamaCloud
//! request per tab per interval, and rate limits arrive quickly. Requests
//! with the same key (method, target and every header that goes upstream,
//! the credentials among them) wait for the one request already under way
//! and all get its answer; with a TTL, a successful answer also serves later
//! identical requests for that long. Keys are SHA-256 digests, so a key (the
//! credential) is never held in the table nor printable from it.

use futures_util::future::{BoxFuture, FutureExt, Shared};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Entries kept at most; past this, expired ones are dropped on insert.
const MAX_ENTRIES: usize = 1024;

/// What identifies "the same request": a digest of everything sent upstream.
pub type Key = [u8; 32];

/// Where an answer came from, for the access log and the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// This request went upstream itself.
    Upstream,
    /// It waited for an identical request already under way.
    Coalesced,
    /// It was answered from an earlier identical request within the TTL.
    Cached,
}

impl Source {
    /// The label used in logs and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Upstream => "upstream",
            Source::Coalesced => "coalesced",
            Source::Cached => "cached",
        }
    }
}

enum Entry<T: Clone> {
    InFlight(Shared<BoxFuture<'static, T>>),
    Fresh(T, Instant),
}

/// The table of requests under way and answers still fresh.
pub struct Coalescer<T: Clone> {
    ttl: Duration,
    entries: Mutex<HashMap<Key, Entry<T>>>,
}

/// The digest of a request's identity: `parts` in order, each prefixed by
/// its length so no two different lists share their bytes.
pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Key {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    hash.finalize().into()
}

impl<T: Clone + Send + Sync + 'static> Coalescer<T> {
    /// A table keeping successful answers for `ttl` (zero: only requests
    /// under way are shared).
    pub fn new(ttl: Duration) -> Arc<Self> {
        Arc::new(Coalescer {
            ttl,
            entries: Mutex::new(HashMap::new()),
        })
    }

    /// The answer for `key`: joins the identical request under way, or
    /// takes a fresh cached answer, or runs `fetch` (on a task of its own, so
    /// it finishes for the other waiters even if this caller goes away).
    /// `fetch` says whether its answer may be kept for the TTL. With
    /// `revalidate` (the browser sent `Cache-Control: no-cache`) neither a
    /// shared nor a cached answer is used; the fresh one replaces the cache.
    pub async fn get<F>(self: &Arc<Self>, key: Key, revalidate: bool, fetch: F) -> (T, Source)
    where
        F: Future<Output = (T, bool)> + Send + 'static,
    {
        let (shared, source) = {
            let mut entries = self.entries.lock().expect("no panics while locked");
            let existing = match entries.get(&key) {
                _ if revalidate => None,
                Some(Entry::Fresh(answer, until)) if Instant::now() < *until => {
                    return (answer.clone(), Source::Cached);
                }
                Some(Entry::InFlight(shared)) => Some(shared.clone()),
                _ => None,
            };
            match existing {
                Some(shared) => (shared, Source::Coalesced),
                None => (
                    self.start(&mut entries, key, revalidate, fetch),
                    Source::Upstream,
                ),
            }
        };
        (shared.await, source)
    }

    /// Spawns `fetch` and, unless a revalidation runs beside a request
    /// already under way, records it as the request under way for `key`.
    fn start<F>(
        self: &Arc<Self>,
        entries: &mut HashMap<Key, Entry<T>>,
        key: Key,
        revalidate: bool,
        fetch: F,
    ) -> Shared<BoxFuture<'static, T>>
    where
        F: Future<Output = (T, bool)> + Send + 'static,
    {
        let table = Arc::clone(self);
        let task = tokio::spawn(async move {
            // A panic must not leave the key "under way" for ever: clear it,
            // then let the panic reach the waiters (each answers 500).
            match std::panic::AssertUnwindSafe(fetch).catch_unwind().await {
                Ok((answer, keep)) => {
                    table.settle(key, &answer, keep);
                    answer
                }
                Err(panic) => {
                    table.forget(key);
                    std::panic::resume_unwind(panic)
                }
            }
        });
        let shared = async move {
            task.await
                .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
        }
        .boxed()
        .shared();
        if entries.len() >= MAX_ENTRIES {
            let now = Instant::now();
            entries.retain(|_, e| match e {
                Entry::InFlight(_) => true,
                Entry::Fresh(_, until) => now < *until,
            });
        }
        if !revalidate || !matches!(entries.get(&key), Some(Entry::InFlight(_))) {
            entries.insert(key, Entry::InFlight(shared.clone()));
        }
        shared
    }

    /// Drops the request under way for `key` without an answer.
    fn forget(&self, key: Key) {
        let mut entries = self.entries.lock().expect("no panics while locked");
        if matches!(entries.get(&key), Some(Entry::InFlight(_))) {
            entries.remove(&key);
        }
    }

    /// Replaces the request under way by its answer (kept for the TTL) or
    /// by nothing.
    fn settle(&self, key: Key, answer: &T, keep: bool) {
        let mut entries = self.entries.lock().expect("no panics while locked");
        if keep && !self.ttl.is_zero() {
            entries.insert(key, Entry::Fresh(answer.clone(), Instant::now() + self.ttl));
        } else if matches!(entries.get(&key), Some(Entry::InFlight(_))) {
            entries.remove(&key);
        }
    }
}
