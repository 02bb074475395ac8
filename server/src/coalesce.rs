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
//!
//! The upstream call runs inside the waiters' own futures (a `Shared`), not
//! on a task of its own: when the last client waiting for it goes away, the
//! call is dropped with it and its upstream connection closed, so clients
//! that send and hang up cannot pile up upstream calls. The table holds only
//! a weak handle to a call under way.

use futures_util::future::{BoxFuture, FutureExt, Shared, WeakShared};
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

type Call<T> = Shared<BoxFuture<'static, T>>;

enum Entry<T: Clone> {
    /// A call under way, and its number (so a call that ends clears only
    /// its own entry, not a later one for the same key).
    InFlight(WeakShared<BoxFuture<'static, T>>, u64),
    Fresh(T, Instant),
}

struct Table<T: Clone> {
    entries: HashMap<Key, Entry<T>>,
    next_call: u64,
}

/// The table of requests under way and answers still fresh.
pub struct Coalescer<T: Clone> {
    ttl: Duration,
    table: Mutex<Table<T>>,
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

/// Clears a call's entry when the call ends without an answer: every
/// waiter went away (the call was dropped) or it panicked.
struct Unfinished<T: Clone + Send + Sync + 'static> {
    table: Arc<Coalescer<T>>,
    key: Key,
    call: u64,
    answered: bool,
}

impl<T: Clone + Send + Sync + 'static> Drop for Unfinished<T> {
    fn drop(&mut self) {
        if !self.answered {
            self.table.forget(self.key, self.call);
        }
    }
}

impl<T: Clone + Send + Sync + 'static> Coalescer<T> {
    /// A table keeping successful answers for `ttl` (zero: only requests
    /// under way are shared).
    pub fn new(ttl: Duration) -> Arc<Self> {
        Arc::new(Coalescer {
            ttl,
            table: Mutex::new(Table {
                entries: HashMap::new(),
                next_call: 0,
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table<T>> {
        self.table.lock().expect("no panics while locked")
    }

    /// The answer for `key`: joins the identical request under way, or
    /// takes a fresh cached answer, or runs `fetch`. The call lasts while
    /// at least one caller waits for it; when the last one goes away, it is
    /// dropped. `fetch` says whether its answer may be kept for the TTL.
    /// With `revalidate` (the browser sent `Cache-Control: no-cache`)
    /// neither a shared nor a cached answer is used; the fresh one replaces
    /// the cache.
    pub async fn get<F>(self: &Arc<Self>, key: Key, revalidate: bool, fetch: F) -> (T, Source)
    where
        F: Future<Output = (T, bool)> + Send + 'static,
    {
        let (call, source) = {
            let mut table = self.lock();
            let existing = match table.entries.get(&key) {
                _ if revalidate => None,
                Some(Entry::Fresh(answer, until)) if Instant::now() < *until => {
                    return (answer.clone(), Source::Cached);
                }
                Some(Entry::InFlight(call, _)) => call.upgrade(),
                _ => None,
            };
            match existing {
                Some(call) => (call, Source::Coalesced),
                None => (
                    self.start(&mut table, key, revalidate, fetch),
                    Source::Upstream,
                ),
            }
        };
        (call.await, source)
    }

    /// Wraps `fetch` as a shared call and, unless a revalidation runs beside
    /// a request already under way, records it as the request under way for
    /// `key`.
    fn start<F>(
        self: &Arc<Self>,
        table: &mut Table<T>,
        key: Key,
        revalidate: bool,
        fetch: F,
    ) -> Call<T>
    where
        F: Future<Output = (T, bool)> + Send + 'static,
    {
        table.next_call += 1;
        let number = table.next_call;
        let mut unfinished = Unfinished {
            table: Arc::clone(self),
            key,
            call: number,
            answered: false,
        };
        let call = async move {
            let (answer, keep) = fetch.await;
            unfinished.answered = true;
            unfinished.table.settle(key, number, &answer, keep);
            answer
        }
        .boxed()
        .shared();
        if table.entries.len() >= MAX_ENTRIES {
            let now = Instant::now();
            table.entries.retain(|_, e| match e {
                Entry::InFlight(..) => true,
                Entry::Fresh(_, until) => now < *until,
            });
        }
        if !revalidate || !matches!(table.entries.get(&key), Some(Entry::InFlight(..))) {
            let weak = call.downgrade().expect("a call not yet polled");
            table.entries.insert(key, Entry::InFlight(weak, number));
        }
        call
    }

    /// Drops call `number`'s entry for `key`, if it is still there.
    fn forget(&self, key: Key, number: u64) {
        let mut table = self.lock();
        if matches!(table.entries.get(&key), Some(Entry::InFlight(_, n)) if *n == number) {
            table.entries.remove(&key);
        }
    }

    /// Replaces call `number` by its answer (kept for the TTL) or by nothing.
    fn settle(&self, key: Key, number: u64, answer: &T, keep: bool) {
        if keep && !self.ttl.is_zero() {
            let mut table = self.lock();
            table
                .entries
                .insert(key, Entry::Fresh(answer.clone(), Instant::now() + self.ttl));
        } else {
            self.forget(key, number);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts a fetch's drop, whether it finished or not.
    struct Dropped(Arc<AtomicUsize>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// Polls `f` once; whether it is still pending.
    async fn pending<F: Future + Unpin>(f: &mut F) -> bool {
        std::future::poll_fn(|cx| {
            std::task::Poll::Ready(std::pin::Pin::new(&mut *f).poll(cx).is_pending())
        })
        .await
    }

    #[tokio::test]
    async fn a_call_lives_while_one_waiter_is_left_and_ends_with_the_last() {
        let table = Coalescer::<u32>::new(Duration::ZERO);
        let dropped = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let guard = Dropped(Arc::clone(&dropped));
        let fetch = async move {
            let _guard = guard;
            let _ = released.await;
            (7, false)
        };
        let key = [1; 32];
        let mut first = Box::pin(table.get(key, false, fetch));
        assert!(pending(&mut first).await);
        let never = async { unreachable!("joins the call under way") };
        let mut second = Box::pin(table.get(key, false, never));
        assert!(pending(&mut second).await);
        drop(first);
        assert_eq!(dropped.load(Ordering::SeqCst), 0, "one waiter is left");
        release.send(()).unwrap();
        assert_eq!(second.await, (7, Source::Coalesced));

        let dropped = Arc::new(AtomicUsize::new(0));
        let guard = Dropped(Arc::clone(&dropped));
        let hangs = async move {
            let _guard = guard;
            std::future::pending::<()>().await;
            (0, false)
        };
        let mut only = Box::pin(table.get(key, false, hangs));
        assert!(pending(&mut only).await);
        drop(only);
        assert_eq!(dropped.load(Ordering::SeqCst), 1, "the call was dropped");
        assert!(table.lock().entries.is_empty(), "its entry was cleared");
    }
}
