//! Upstream calls end with their clients and are bounded in number (issue
//! 23, finding 2), watched from a raw-socket upstream that never answers
//! and counts the connections open to it.

use crate::deadlines::short;
use crate::support::*;
use axum::http::StatusCode;
use futures_util::future::join_all;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// An upstream that reads each request head and never answers; it counts
/// connections open now, the most open at once, and request heads read.
/// One thread polls every socket without blocking and, before counting a
/// new connection, looks for the ones the proxy closed, so a socket closed
/// just before the next one opened is never counted as open beside it.
struct Hanging {
    url: String,
    open: Arc<AtomicUsize>,
    most: Arc<AtomicUsize>,
    heads: Arc<AtomicUsize>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

/// A socket the stand-in holds: what it read so far, whether its head was counted.
struct Held {
    socket: std::net::TcpStream,
    read: Vec<u8>,
    counted: bool,
}

impl Hanging {
    async fn start() -> Hanging {
        use std::io::Read;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let open = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (o, m, h, st) = (
            Arc::clone(&open),
            Arc::clone(&most),
            Arc::clone(&heads),
            Arc::clone(&stop),
        );
        std::thread::spawn(move || {
            let mut held: Vec<Held> = Vec::new();
            let sweep = |held: &mut Vec<Held>| {
                let mut buf = [0u8; 4096];
                held.retain_mut(|s| loop {
                    match s.socket.read(&mut buf) {
                        Ok(0) => return false,
                        Ok(n) => {
                            s.read.extend_from_slice(&buf[..n]);
                            if !s.counted && s.read.windows(4).any(|w| w == b"\r\n\r\n") {
                                s.counted = true;
                                h.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return true,
                        Err(_) => return false,
                    }
                });
                o.store(held.len(), Ordering::SeqCst);
            };
            while !st.load(Ordering::SeqCst) {
                sweep(&mut held);
                while let Ok((socket, _)) = listener.accept() {
                    socket.set_nonblocking(true).unwrap();
                    sweep(&mut held);
                    held.push(Held {
                        socket,
                        read: Vec::new(),
                        counted: false,
                    });
                    o.store(held.len(), Ordering::SeqCst);
                    m.fetch_max(held.len(), Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        Hanging {
            url,
            open,
            most,
            heads,
            stop,
        }
    }

    fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

impl Drop for Hanging {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Polls `done` every 10 ms until it holds or `limit` passes.
async fn until(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    true
}

async fn send_get(addr: &str, target: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_ends_its_upstream_call() {
    let up = Hanging::start().await;
    // The upstream timeout stays 30 s: only the client's leaving may end it.
    let (addr, _stop, _task) = start_with(proxy_config(&up.url, &[]), short(16)).await;
    let client = send_get(&addr, "/api/v2/batches?status=RUNNING").await;
    assert!(
        until(Duration::from_secs(5), || up.heads.load(Ordering::SeqCst)
            == 1)
        .await,
        "the request never reached the upstream"
    );
    assert_eq!(up.open(), 1);
    drop(client);
    assert!(
        until(Duration::from_secs(3), || up.open() == 0).await,
        "the upstream call went on after its only client left"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_send_and_vanish_never_hold_more_upstream_connections_than_the_cap() {
    let up = Hanging::start().await;
    let cfg = proxy_config(&up.url, &["--upstream-connections", "4"]);
    let (addr, _stop, _task) = start_with(cfg, short(64)).await;
    for i in 0..40 {
        // Distinct queries, so no two share one upstream call.
        let s = send_get(&addr, &format!("/api/v2/batches?page_size={}", i + 1)).await;
        drop(s);
    }
    // And some that stay a moment, so calls are surely under way together.
    let mut waiting = Vec::new();
    for i in 0..8 {
        waiting.push(send_get(&addr, &format!("/api/v2/batches?page_token=t{i}")).await);
    }
    assert!(
        until(Duration::from_secs(5), || up.open() == 4).await,
        "the cap was not filled: {} open",
        up.open()
    );
    drop(waiting);
    assert!(
        until(Duration::from_secs(5), || up.open() == 0).await,
        "{} upstream connections stayed open after every client left",
        up.open()
    );
    assert_eq!(
        up.most.load(Ordering::SeqCst),
        4,
        "more upstream connections than --upstream-connections"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_past_the_cap_wait_then_get_503_in_words_with_retry_after() {
    let up = Hanging::start().await;
    let mut cfg = proxy_config(
        &up.url,
        &[
            "--upstream-connections",
            "2",
            "--upstream-queue-timeout",
            "300ms",
        ],
    );
    cfg.limits.total_timeout = Duration::from_secs(2);
    let app = server::app(&cfg);
    let targets: Vec<String> = (1..=6)
        .map(|n| format!("/api/v2/batches?page_size={n}"))
        .collect();
    let answers = join_all(targets.iter().map(|t| get(&app, t))).await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|a| a.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert_eq!(
        busy.len(),
        4,
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    for a in &busy {
        assert_eq!(a.header("retry-after"), "2");
        assert!(
            a.detail()
                .contains("already has 2 calls to LlamaCloud under way"),
            "{}",
            a.detail()
        );
        a.assert_no_key();
    }
    let timed_out = answers
        .iter()
        .filter(|a| a.status == StatusCode::GATEWAY_TIMEOUT)
        .count();
    assert_eq!(timed_out, 2, "the two calls that got a connection time out");
    assert_eq!(up.most.load(Ordering::SeqCst), 2);
}
