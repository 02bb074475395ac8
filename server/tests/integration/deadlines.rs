//! Body-read and write deadlines over raw sockets (issue 23, finding 1): a
//! request body that stops arriving and answers nobody reads are cut off,
//! so neither holds one of the few connection slots for long, and
//! `/healthz` is answered once they are.

use crate::support::*;
use server::serve::ConnLimits;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Short deadlines and a small cap; the header timeout is long so that it
/// cannot be what closes a connection in these tests.
pub(crate) fn short(max_connections: usize) -> ConnLimits {
    ConnLimits {
        header_timeout: Duration::from_secs(30),
        body_timeout: Duration::from_millis(300),
        send_timeout: Duration::from_millis(300),
        max_connections,
        shutdown_deadline: Duration::from_secs(5),
    }
}

/// `GET /healthz` on a fresh connection, given at most `limit` in all
/// (waiting for a free slot included); the status, or `None` on timeout.
pub(crate) async fn healthz_within(addr: &str, limit: Duration) -> Option<u16> {
    tokio::time::timeout(limit, async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let req = format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw).await;
        let text = String::from_utf8_lossy(&raw);
        text.split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    })
    .await
    .ok()
}

/// Reads until the server closes (EOF or reset) or `limit` passes; what
/// was read, and whether it was closed.
pub(crate) async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    let deadline = Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match tokio::time::timeout_at(deadline.into(), stream.read(&mut buf)).await {
            Err(_) => return (got, false),
            Ok(Ok(0)) | Ok(Err(_)) => return (got, true),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// A request whose head promises 1,000 body bytes, followed by one.
async fn slow_body(addr: &str, target: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 1000\r\n\r\nx");
    s.write_all(req.as_bytes()).await.unwrap();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_gets_408_and_its_connection_closes() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    // Slots to spare, so nothing but the body deadline ends them.
    let (addr, _stop, _task) = start_with(proxy_config(&up.url, &[]), short(8)).await;
    let mut stuck = Vec::new();
    for _ in 0..4 {
        stuck.push(slow_body(&addr, "/api/v2/batches").await);
    }
    assert_eq!(
        healthz_within(&addr, Duration::from_secs(5)).await,
        Some(200)
    );
    for s in &mut stuck {
        let (got, closed) = read_until_closed(s, Duration::from_secs(3)).await;
        let text = String::from_utf8_lossy(&got);
        assert!(closed, "a slow body's connection stayed open: {text}");
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
        assert!(text.contains("stopped arriving"), "{text}");
    }
    assert!(up.seen().is_empty(), "a half-sent request went upstream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_deadline_is_the_flag() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let cfg = proxy_config(
        &up.url,
        &["--body-timeout", "250ms", "--send-timeout", "2s"],
    );
    assert_eq!(cfg.conn.body_timeout, Duration::from_millis(250));
    assert_eq!(cfg.conn.send_timeout, Duration::from_secs(2));
    let limits = ConnLimits {
        header_timeout: Duration::from_secs(30),
        ..cfg.conn
    };
    let (addr, _stop, _task) = start_with(cfg, limits).await;
    let mut s = slow_body(&addr, "/api/v2/batches").await;
    let (got, closed) = read_until_closed(&mut s, Duration::from_secs(3)).await;
    assert!(closed && got.starts_with(b"HTTP/1.1 408"));
}

/// Bytes that gzip and brotli cannot shrink, so the answer is as large on
/// the wire as on disk.
fn incompressible(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_its_pipelined_answers_is_dropped() {
    const WASM: &str = "/app-0123456789abcdef_bg.wasm";
    const SIZE: usize = 2 * 1024 * 1024;
    const REQUESTS: usize = 20;
    let dist = TempDist::new();
    dist.write(&WASM[1..], &incompressible(SIZE));
    let cfg = config(
        &["--demo", "--dist", dist.dir().to_str().unwrap()],
        server::cli::Env::default(),
    );
    let (addr, _stop, _task) = start_with(cfg, short(1)).await;
    let mut hog = TcpStream::connect(&addr).await.unwrap();
    let one = format!("GET {WASM} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    hog.write_all(one.repeat(REQUESTS).as_bytes())
        .await
        .unwrap();
    // The hog holds the only slot while its answers fill the socket's
    // buffers; /healthz gets in only once the send deadline drops it.
    assert_eq!(
        healthz_within(&addr, Duration::from_secs(5)).await,
        Some(200),
        "/healthz was not answered while a client that never reads held the slot"
    );
    let (got, closed) = read_until_closed(&mut hog, Duration::from_secs(5)).await;
    assert!(closed, "the non-reading client's connection stayed open");
    assert!(
        got.len() < REQUESTS * SIZE,
        "all {REQUESTS} answers were sent ({} bytes): nothing was cut off",
        got.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_every_slot_is_taken_stalled_bodies_are_cut_long_before_the_deadline() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    // A body deadline far longer than the test may take.
    let limits = ConnLimits {
        body_timeout: Duration::from_secs(60),
        ..short(3)
    };
    let (addr, _stop, _task) = start_with(proxy_config(&up.url, &[]), limits).await;
    let mut stuck = Vec::new();
    for _ in 0..3 {
        stuck.push(slow_body(&addr, "/api/v2/batches").await);
    }
    // Queued behind them: more slow bodies, then a visitor.
    for _ in 0..6 {
        stuck.push(slow_body(&addr, "/api/v2/batches").await);
    }
    assert_eq!(
        healthz_within(&addr, Duration::from_secs(10)).await,
        Some(200),
        "a visitor queued behind stalled bodies waited for their 60 s deadline"
    );
    for s in &mut stuck {
        let (_, closed) = read_until_closed(s, Duration::from_secs(5)).await;
        assert!(closed, "a stalled body was kept while others waited");
    }
}
