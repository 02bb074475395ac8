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
//!
//! Kept answers are bounded in number and in bytes (`--cache-max-bytes`):
//! past either bound the oldest go first, so a flood of distinct queries
//! with large answers costs a fixed amount of memory.

use futures_util::future::{BoxFuture, FutureExt, Shared, WeakShared};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Answers kept at most, whatever their size.
pub const MAX_KEPT: usize = 1024;

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
    /// A kept answer, until when, its size, and its number.
    Fresh(T, Instant, usize, u64),
}

struct Table<T: Clone> {
    entries: HashMap<Key, Entry<T>>,
    next_call: u64,
    /// Kept answers, oldest first, as (key, number); a pair whose entry has
    /// since been replaced is skipped when it comes up.
    kept: VecDeque<(Key, u64)>,
    kept_count: usize,
    kept_bytes: usize,
}

impl<T: Clone> Table<T> {
    /// Removes `key`'s entry, keeping the tallies of kept answers right.
    fn remove(&mut self, key: &Key) {
        if let Some(Entry::Fresh(_, _, bytes, _)) = self.entries.remove(key) {
            self.kept_count -= 1;
            self.kept_bytes -= bytes;
        }
    }

    /// Drops the oldest kept answer; false when none is left.
    fn drop_oldest(&mut self) -> bool {
        while let Some((key, number)) = self.kept.pop_front() {
            if matches!(self.entries.get(&key), Some(Entry::Fresh(_, _, _, n)) if *n == number) {
                self.remove(&key);
                return true;
            }
        }
        false
    }
}

/// The table of requests under way and answers still fresh.
pub struct Coalescer<T: Clone> {
    ttl: Duration,
    max_bytes: usize,
    max_kept: usize,
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
    /// under way are shared), at most `max_kept` of them and `max_bytes`
    /// in all.
    pub fn new(ttl: Duration, max_bytes: usize, max_kept: usize) -> Arc<Self> {
        Arc::new(Coalescer {
            ttl,
            max_bytes,
            max_kept,
            table: Mutex::new(Table {
                entries: HashMap::new(),
                next_call: 0,
                kept: VecDeque::new(),
                kept_count: 0,
                kept_bytes: 0,
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Table<T>> {
        self.table.lock().expect("no panics while locked")
    }

    /// The answer for `key`: joins the identical request under way, or
    /// takes a fresh cached answer, or runs `fetch`. The call lasts while
    /// at least one caller waits for it; when the last one goes away, it is
    /// dropped. `fetch` says whether its answer may be kept for the TTL,
    /// with its size in bytes.
    /// With `revalidate` (the browser sent `Cache-Control: no-cache`)
    /// neither a shared nor a cached answer is used; the fresh one replaces
    /// the cache.
    pub async fn get<F>(self: &Arc<Self>, key: Key, revalidate: bool, fetch: F) -> (T, Source)
    where
        F: Future<Output = (T, Option<usize>)> + Send + 'static,
    {
        let (call, source) = {
            let mut table = self.lock();
            let existing = match table.entries.get(&key) {
                _ if revalidate => None,
                Some(Entry::Fresh(answer, until, _, _)) if Instant::now() < *until => {
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
        F: Future<Output = (T, Option<usize>)> + Send + 'static,
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
        if !revalidate || !matches!(table.entries.get(&key), Some(Entry::InFlight(..))) {
            let weak = call.downgrade().expect("a call not yet polled");
            table.remove(&key);
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

    /// Replaces call `number` by its answer (kept for the TTL, making room
    /// by dropping expired answers, then the oldest) or by nothing.
    fn settle(&self, key: Key, number: u64, answer: &T, keep: Option<usize>) {
        let Some(bytes) = keep.filter(|b| !self.ttl.is_zero() && *b <= self.max_bytes) else {
            return self.forget(key, number);
        };
        let now = Instant::now();
        let mut table = self.lock();
        table.remove(&key);
        // Every answer is kept for the same TTL, so the oldest expire first.
        while let Some((k, n)) = table.kept.front().copied() {
            let expired_or_stale = match table.entries.get(&k) {
                Some(Entry::Fresh(_, until, _, m)) => *m != n || *until <= now,
                _ => true,
            };
            if !expired_or_stale {
                break;
            }
            table.kept.pop_front();
            if matches!(table.entries.get(&k), Some(Entry::Fresh(_, _, _, m)) if *m == n) {
                table.remove(&k);
            }
        }
        while table.kept_count >= self.max_kept || table.kept_bytes + bytes > self.max_bytes {
            if !table.drop_oldest() {
                break;
            }
        }
        table.kept_count += 1;
        table.kept_bytes += bytes;
        table.kept.push_back((key, number));
        table.entries.insert(
            key,
            Entry::Fresh(answer.clone(), now + self.ttl, bytes, number),
        );
    }

    /// Answers kept now and their bytes, for tests and the soak's figures.
    pub fn kept(&self) -> (usize, usize) {
        let table = self.lock();
        (table.kept_count, table.kept_bytes)
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
        let table = Coalescer::<u32>::new(Duration::ZERO, 0, 0);
        let dropped = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let guard = Dropped(Arc::clone(&dropped));
        let fetch = async move {
            let _guard = guard;
            let _ = released.await;
            (7, None)
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
            (0, None)
        };
        let mut only = Box::pin(table.get(key, false, hangs));
        assert!(pending(&mut only).await);
        drop(only);
        assert_eq!(dropped.load(Ordering::SeqCst), 1, "the call was dropped");
        assert!(table.lock().entries.is_empty(), "its entry was cleared");
    }
}

#[cfg(test)]
mod bounds {
    use super::*;

    async fn answer(n: u32, bytes: usize) -> (u32, Option<usize>) {
        (n, Some(bytes))
    }

    #[tokio::test]
    async fn kept_answers_are_bounded_in_bytes_and_count_oldest_out_first() {
        let table = Coalescer::new(Duration::from_secs(60), 3_000, 4);
        for n in 0..3u8 {
            table.get([n; 32], false, answer(n.into(), 1_000)).await;
        }
        assert_eq!(table.kept(), (3, 3_000));
        // A fourth 1,000-byte answer pushes the oldest out.
        table.get([3; 32], false, answer(3, 1_000)).await;
        assert_eq!(table.kept(), (3, 3_000));
        let refetched = table.get([0; 32], false, answer(100, 10)).await;
        assert_eq!(refetched, (100, Source::Upstream), "the oldest was dropped");
        assert_eq!(
            table.get([3; 32], false, answer(0, 0)).await,
            (3, Source::Cached)
        );
        // Small answers: the count bounds them.
        for n in 10..20u8 {
            table.get([n; 32], false, answer(n.into(), 1)).await;
        }
        assert_eq!(table.kept().0, 4);
        // An answer larger than the whole budget is not kept at all.
        table.get([50; 32], false, answer(50, 3_001)).await;
        assert_eq!(
            table.get([50; 32], false, answer(51, 1)).await.1,
            Source::Upstream
        );
    }
}
