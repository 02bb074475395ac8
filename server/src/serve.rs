//! The accept loop: how many connections, how long each may dawdle, and how
//! the server stops.
//!
//! `axum::serve` runs hyper without a timer, so a client that opens a
//! connection and never finishes its request head holds a file descriptor
//! for ever; a thousand of them and the process stops answering without a
//! word. Here hyper gets a timer and a header-read timeout, connections are
//! capped (the next one waits in the kernel's backlog until a slot frees),
//! and both the cap and a descriptor shortage are logged. A request body
//! that stops arriving and an answer the client stops reading are cut off
//! too (nginx's `client_body_timeout` and `send_timeout`, 60 s by default),
//! since either holds a slot for as long as the client likes. And while
//! every slot is taken, a request whose body has stalled for 200 ms is cut
//! at once to make room: new connections wait in the kernel's queue in
//! arrival order, so hundreds of slow bodies ahead of a visitor would
//! otherwise make it wait for each of them to reach the body deadline in
//! turn (this app's bodies are empty or tiny, so a stall is not a person
//! on a slow line). Shutdown lets
//! in-flight requests finish up to a deadline, and a second signal ends the
//! process at once, as operators expect from `systemctl stop` twice.

use axum::extract::ConnectInfo;
use axum::{Extension, Router};
use hyper::body::{Body, Frame, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Semaphore};
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Connection limits; a field rather than constants so tests can make a
/// timeout happen in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnLimits {
    /// Time a connection has to send a complete request head, counted from
    /// when it opens and again from each answer on a kept-alive connection,
    /// so it is also the idle keep-alive timeout (hyper runs one timer for
    /// both).
    pub header_timeout: Duration,
    /// Longest wait for the next piece of a request body once a handler
    /// reads it (`--body-timeout`; nginx's `client_body_timeout`); then the
    /// request gets 408 and the connection closes.
    pub body_timeout: Duration,
    /// Longest a write to the client may stay blocked because it does not
    /// read (`--send-timeout`; nginx's `send_timeout`); then the connection
    /// is dropped. tower-http has no write deadline, and hyper none of its
    /// own, so it is `tokio-io-timeout` around the socket.
    pub send_timeout: Duration,
    /// Open connections at most; more wait to be accepted.
    pub max_connections: usize,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_deadline: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(60),
            send_timeout: Duration::from_secs(60),
            max_connections: 512,
            // A little over the proxy's 30 s upstream timeout, so a request
            // already waiting on LlamaCloud gets its answer (one still queued
            // for an upstream connection may not).
            shutdown_deadline: Duration::from_secs(35),
        }
    }
}

/// How [`serve`] ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Every connection finished after the first stop signal.
    Cleanly,
    /// The deadline passed with connections still open; they are dropped.
    DeadlinePassed,
    /// A second stop signal arrived before connections finished.
    SecondSignal,
}

/// Whether an accept error means the process ran out of file descriptors.
fn is_descriptor_shortage(err: &std::io::Error) -> bool {
    // EMFILE (per process) and ENFILE (system wide) on Linux and the BSDs.
    matches!(err.raw_os_error(), Some(23) | Some(24))
}

/// The connection cap that fits in `nofile` descriptors: some are kept for
/// the upstream sockets (`upstream`) and the process's own (listeners, log,
/// 32 in all), and each connection may hold a second one while it streams a
/// file, so the cap is half of what is left, and at least 1.
pub fn cap_for_descriptors(max_connections: usize, nofile: u64, upstream: usize) -> usize {
    let spare = nofile.saturating_sub(upstream as u64 + 32) / 2;
    max_connections
        .min(usize::try_from(spare).unwrap_or(usize::MAX))
        .max(1)
}

/// The process's soft limit on open descriptors (`ulimit -n`), if it has one.
pub fn descriptor_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
        (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// While every slot is taken, a request body stalled this long is cut.
const SHED_STALLED_AFTER: Duration = Duration::from_millis(200);
/// How often a full server looks for stalled bodies to cut.
const SHED_TICK: Duration = Duration::from_millis(50);

/// One open connection, as the shedder sees it.
#[derive(Default)]
struct Watch {
    /// Since when a handler has been waiting for more of its request body.
    stalled_since: Mutex<Option<Instant>>,
    /// Told to end the connection.
    shed: tokio::sync::Notify,
}

/// The open connections, to find stalled bodies when every slot is taken.
#[derive(Default)]
struct Watches {
    next: std::sync::atomic::AtomicU64,
    open: Mutex<HashMap<u64, Arc<Watch>>>,
}

impl Watches {
    fn add(&self) -> (u64, Arc<Watch>) {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let watch = Arc::new(Watch::default());
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.insert(id, Arc::clone(&watch));
        (id, watch)
    }

    fn remove(&self, id: u64) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.remove(&id);
    }

    /// Ends every connection whose body has stalled for `after`; how many.
    fn shed(&self, after: Duration) -> usize {
        let now = Instant::now();
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let mut shed = 0;
        for watch in open.values() {
            let stalled = *watch
                .stalled_since
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if stalled.is_some_and(|since| now.duration_since(since) >= after) {
                watch.shed.notify_one();
                shed += 1;
            }
        }
        shed
    }
}

/// A request body that tells its connection's [`Watch`] while the handler
/// waits for more of it.
struct Watched<B> {
    body: B,
    watch: Arc<Watch>,
}

impl<B> Watched<B> {
    fn set(&self, stalled: bool) {
        let mut since = self
            .watch
            .stalled_since
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match (stalled, since.is_some()) {
            (true, false) => *since = Some(Instant::now()),
            (false, true) => *since = None,
            _ => {}
        }
    }
}

impl<B: Body + Unpin> Body for Watched<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<B::Data>, B::Error>>> {
        let this = self.get_mut();
        let frame = Pin::new(&mut this.body).poll_frame(cx);
        this.set(frame.is_pending());
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

impl<B> Drop for Watched<B> {
    fn drop(&mut self) {
        self.set(false);
    }
}

/// How often at most "out of file descriptors", "connection cap reached"
/// and shedding are logged: the accept loop meets a shortage every 100 ms
/// while it lasts, and the cap with every slot freed under abuse.
const SHORTAGE_LOG_EVERY: Duration = Duration::from_secs(10);

/// A log line that is written at most once per period, counting the
/// occurrences it did not write so the next line can say how many.
#[derive(Debug, Default)]
pub struct RateLimited {
    last: Option<Instant>,
    suppressed: u64,
}

impl RateLimited {
    /// Whether to log now; `Some(n)` with the occurrences skipped since the
    /// last line written, `None` to stay quiet.
    pub fn check(&mut self, now: Instant, every: Duration) -> Option<u64> {
        match self.last {
            Some(last) if now.duration_since(last) < every => {
                self.suppressed += 1;
                None
            }
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.suppressed))
            }
        }
    }
}

/// Serves `app` on `listener` until the first message on `stop`, then
/// finishes in-flight requests within the deadline; a second message on
/// `stop` ends at once.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    mut stop: mpsc::UnboundedReceiver<()>,
) -> Stopped {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut cap_logged = false;
    let mut cap_log = RateLimited::default();
    let mut shortage_log = RateLimited::default();
    let body_deadline = RequestBodyTimeoutLayer::new(limits.body_timeout);
    let watches = Arc::new(Watches::default());
    let mut shed_log = RateLimited::default();
    loop {
        let accepted = tokio::select! {
            _ = stop.recv() => break,
            accepted = async {
                if slots.available_permits() == 0 && !cap_logged {
                    cap_logged = true;
                    // Under abuse the cap is reached again with every freed slot.
                    if let Some(skipped) = cap_log.check(Instant::now(), SHORTAGE_LOG_EVERY) {
                        tracing::warn!(
                            max_connections = limits.max_connections,
                            skipped,
                            "connection cap reached: new connections wait until one closes \
                             (raise --max-connections if this is regular load; logged at most \
                             every 10 s, `skipped` counts the others)"
                        );
                    }
                }
                // While every slot is taken, stalled bodies make room.
                let slot = loop {
                    tokio::select! {
                        slot = Arc::clone(&slots).acquire_owned() => break slot.expect("never closed"),
                        _ = tokio::time::sleep(SHED_TICK) => {
                            let shed = watches.shed(SHED_STALLED_AFTER);
                            if shed > 0 {
                                if let Some(skipped) = shed_log.check(Instant::now(), SHORTAGE_LOG_EVERY) {
                                    tracing::warn!(
                                        shed,
                                        skipped,
                                        "every connection slot is taken: cut requests whose body \
                                         stalled for 200 ms to make room (logged at most every 10 s)"
                                    );
                                }
                            }
                        }
                    }
                };
                (slot, listener.accept().await)
            } => accepted,
        };
        let (slot, stream, peer) = match accepted {
            (slot, Ok((stream, peer))) => (slot, stream, peer),
            (_, Err(e)) => {
                if is_descriptor_shortage(&e) {
                    if let Some(skipped) = shortage_log.check(Instant::now(), SHORTAGE_LOG_EVERY) {
                        tracing::error!(
                            error = %e,
                            skipped,
                            "out of file descriptors: cannot accept connections; raise the \
                             limit (ulimit -n, LimitNOFILE=) or lower --max-connections \
                             (logged at most every 10 s; `skipped` counts the others)"
                        );
                    }
                } else {
                    tracing::warn!(error = %e, "accepting a connection failed");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if slots.available_permits() > 0 {
            cap_logged = false;
        }
        let _ = stream.set_nodelay(true);
        let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.send_timeout));
        let (id, watch) = watches.add();
        let body_watch = Arc::clone(&watch);
        let service = tower::ServiceBuilder::new()
            .layer(Extension(ConnectInfo::<SocketAddr>(peer)))
            .map_request(move |req: axum::http::Request<hyper::body::Incoming>| {
                let watch = Arc::clone(&body_watch);
                req.map(|body| Watched { body, watch })
            })
            .layer(body_deadline.clone())
            .service(app.clone());
        let io = TokioIo::new(Box::pin(stream));
        let conn = graceful.watch(builder.serve_connection(io, TowerToHyperService::new(service)));
        let watches = Arc::clone(&watches);
        tokio::spawn(async move {
            metrics::gauge!(crate::metrics::OPEN_CONNECTIONS).increment(1.0);
            tokio::select! {
                ended = conn => if let Err(e) = ended {
                    tracing::debug!(error = %e, "connection ended with an error");
                },
                _ = watch.shed.notified() => {
                    tracing::debug!("connection cut: its request body stalled while every slot was taken");
                }
            }
            watches.remove(id);
            metrics::gauge!(crate::metrics::OPEN_CONNECTIONS).decrement(1.0);
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!(
        deadline_s = limits.shutdown_deadline.as_secs_f32(),
        "shutting down: finishing in-flight requests (a second signal stops at once)"
    );
    tokio::select! {
        _ = graceful.shutdown() => Stopped::Cleanly,
        _ = tokio::time::sleep(limits.shutdown_deadline) => {
            tracing::warn!("shutdown deadline passed: closing the connections still open");
            Stopped::DeadlinePassed
        }
        _ = stop.recv() => {
            tracing::warn!("second stop signal: exiting without waiting");
            Stopped::SecondSignal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_the_descriptor_limit() {
        assert_eq!(cap_for_descriptors(512, 256, 64), 80);
        assert_eq!(cap_for_descriptors(512, 1_048_576, 64), 512);
        assert_eq!(cap_for_descriptors(512, 1_216, 64), 512);
        assert_eq!(cap_for_descriptors(512, 1_000, 64), 452);
        assert_eq!(cap_for_descriptors(512, 50, 64), 1, "never 0");
    }

    #[test]
    fn a_rate_limited_line_is_written_once_per_period_with_the_count_skipped() {
        let mut log = RateLimited::default();
        let t0 = Instant::now();
        let every = Duration::from_secs(10);
        assert_eq!(log.check(t0, every), Some(0));
        for i in 1..=99 {
            assert_eq!(log.check(t0 + Duration::from_millis(100 * i), every), None);
        }
        assert_eq!(log.check(t0 + every, every), Some(99));
        assert_eq!(log.check(t0 + every + Duration::from_secs(1), every), None);
        assert_eq!(log.check(t0 + every * 3, every), Some(1));
    }
}
