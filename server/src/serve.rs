//! The accept loop: how many connections, how long each may dawdle, and how
//! the server stops.
//!
//! `axum::serve` runs hyper without a timer, so a client that opens a
//! connection and never finishes its request head holds a file descriptor
//! for ever; a thousand of them and the process stops answering without a
//! word. Here hyper gets a timer and a header-read timeout, connections are
//! capped (the next one waits in the kernel's backlog until a slot frees),
//! and both the cap and a descriptor shortage are logged. Shutdown lets
//! in-flight requests finish up to a deadline, and a second signal ends the
//! process at once, as operators expect from `systemctl stop` twice.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, Semaphore};

/// Connection limits; a field rather than constants so tests can make a
/// timeout happen in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnLimits {
    /// Time a connection has to send a complete request head, counted from
    /// when it opens and again from each answer on a kept-alive connection,
    /// so it is also the idle keep-alive timeout (hyper runs one timer for
    /// both).
    pub header_timeout: Duration,
    /// Open connections at most; more wait to be accepted.
    pub max_connections: usize,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_deadline: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
            // A little over the proxy's 30 s upstream timeout, so a request
            // already waiting on LlamaCloud gets its answer.
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
    loop {
        let accepted = tokio::select! {
            _ = stop.recv() => break,
            accepted = async {
                if slots.available_permits() == 0 && !cap_logged {
                    tracing::warn!(
                        max_connections = limits.max_connections,
                        "connection cap reached: new connections wait until one closes \
                         (raise --max-connections if this is regular load)"
                    );
                    cap_logged = true;
                }
                let slot = Arc::clone(&slots).acquire_owned().await.expect("never closed");
                (slot, listener.accept().await)
            } => accepted,
        };
        let (slot, stream) = match accepted {
            (slot, Ok((stream, _))) => (slot, stream),
            (_, Err(e)) => {
                if is_descriptor_shortage(&e) {
                    tracing::error!(
                        error = %e,
                        "out of file descriptors: cannot accept connections; raise the \
                         limit (ulimit -n, LimitNOFILE=) or lower --max-connections"
                    );
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
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            metrics::gauge!(crate::metrics::OPEN_CONNECTIONS).increment(1.0);
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
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
