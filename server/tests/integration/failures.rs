//! When the relay itself fails: timeouts, an unreachable upstream, an
//! oversized answer. Each is a JSON `detail` the dashboard can show, and
//! none mentions the key.

use crate::support::*;
use axum::http::StatusCode;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_slow_upstream_times_out_with_504() {
    let up = StandIn::start_slow(Duration::from_secs(5), |_| json(200, "{}", &[])).await;
    let mut cfg = proxy_config(&up.url, &[]);
    cfg.limits.total_timeout = Duration::from_millis(200);
    let app = server::app(&cfg);
    let started = Instant::now();
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(
        a.detail().contains("did not answer within 0.2 s"),
        "{}",
        a.detail()
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(up.seen().len(), 1);
    a.assert_no_key();
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502() {
    // A port that was free a moment ago: nothing listens there now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let app = server::app(&proxy_config(&url, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(a.header("content-type"), "application/json");
    let detail = a.detail();
    assert!(
        detail.starts_with("This server could not reach LlamaCloud"),
        "{detail}"
    );
    // The operator's log has the address and the OS's words; the browser does not.
    assert!(!detail.contains(&url), "{detail}");
    assert!(!detail.to_lowercase().contains("refused"), "{detail}");
    a.assert_no_key();
}

/// A JSON string of exactly `len` bytes, quotes included.
fn json_string(len: usize) -> String {
    format!("\"{}\"", "x".repeat(len - 2))
}

#[tokio::test]
async fn an_oversized_answer_is_a_502() {
    let up = StandIn::start(|seen| {
        let size = if seen.target.ends_with("bat-big") {
            1025
        } else {
            1024
        };
        json(200, &json_string(size), &[])
    })
    .await;
    let mut cfg = proxy_config(&up.url, &[]);
    cfg.limits.max_body = 1024;
    let app = server::app(&cfg);
    let a = get(&app, "/api/v2/batches/bat-fits").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body.len(), 1024);
    let a = get(&app, "/api/v2/batches/bat-big").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.detail().contains("larger than"), "{}", a.detail());
    a.assert_no_key();
}

#[tokio::test]
async fn the_default_cap_is_16_mib() {
    const MIB16: usize = 16 * 1024 * 1024;
    let up = StandIn::start(|seen| {
        let size = if seen.target.ends_with("bat-big") {
            MIB16 + 1
        } else {
            MIB16
        };
        json(200, &json_string(size), &[])
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches/bat-fits").await;
    assert_eq!((a.status, a.body.len()), (StatusCode::OK, MIB16));
    let a = get(&app, "/api/v2/batches/bat-big").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.detail().contains("16 MiB"), "{}", a.detail());
}

#[tokio::test]
async fn the_key_shows_in_no_answer_of_any_kind() {
    let up = StandIn::start(|seen| match seen.target.as_str() {
        "/api/v2/batches/bat-401" => json(401, r#"{"detail":"Invalid authentication token"}"#, &[]),
        _ => json(200, "{}", &[("x-request-id", "req-9")]),
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    for target in [
        "/api/v2/batches",
        "/api/v2/batches/bat-401",
        "/api/v2/batches/..%2F",
        "/api/nope",
        "/",
        "/missing.js",
        "/healthz",
    ] {
        get(&app, target).await.assert_no_key();
    }
}

#[tokio::test]
async fn a_failed_tls_handshake_is_a_502() {
    // An https:// upstream that speaks plain HTTP: the TLS client is built
    // and used, and its failure is reported, not panicked on.
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let https = up.url.replace("http://", "https://");
    let app = server::app(&proxy_config(&https, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(
        a.detail()
            .starts_with("This server could not reach LlamaCloud"),
        "{}",
        a.detail()
    );
    a.assert_no_key();
}

#[tokio::test]
async fn an_oversized_request_body_is_refused_before_the_upstream() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v2/batches/bat-1/cancel")
        .header("host", HOST)
        .header("sec-fetch-site", "same-origin")
        .body(axum::body::Body::from(vec![b'x'; 100 * 1024]))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(up.seen().is_empty());
}

#[tokio::test]
async fn an_answer_cut_short_is_a_502() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // An upstream that promises 100 bytes, sends 10 and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf).await;
        let head =
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        socket.write_all(b"{\"items\":[").await.unwrap();
    });
    let app = server::app(&proxy_config(&url, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert!(a.detail().contains("broke while reading"), "{}", a.detail());
}

#[tokio::test]
async fn an_answer_that_is_not_json_or_not_valid_gzip_is_a_502_in_words() {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"items":[]}"#).unwrap();
    let good_gzip = gz.finish().unwrap();
    let mut cut_gzip = good_gzip.clone();
    cut_gzip.truncate(good_gzip.len() - 6);
    let answer = move |seen: &Seen| {
        let (kind, encoding, body): (&str, Option<&str>, Vec<u8>) = match seen.target.as_str() {
            "/api/v2/batches/bat-html" => {
                ("text/html", None, b"<script>alert(1)</script>".to_vec())
            }
            "/api/v2/batches/bat-plain" => ("text/plain", None, b"{}".to_vec()),
            "/api/v2/batches/bat-untyped" => ("", None, b"{}".to_vec()),
            "/api/v2/batches/bat-lying" => ("application/json", None, b"<html></html>".to_vec()),
            "/api/v2/batches/bat-badgzip" => (
                "application/json",
                Some("gzip"),
                b"not gzip at all".to_vec(),
            ),
            "/api/v2/batches/bat-cutgzip" => ("application/json", Some("gzip"), cut_gzip.clone()),
            "/api/v2/batches/bat-br" => (
                "application/json",
                Some("br"),
                b"\x0b\x01\x80{}\x03".to_vec(),
            ),
            "/api/v2/batches/bat-gzip" => ("application/json", Some("gzip"), good_gzip.clone()),
            _ => (
                "application/problem+json; charset=utf-8",
                None,
                br#"{"ok":1}"#.to_vec(),
            ),
        };
        let mut resp = axum::response::Response::builder().status(200);
        if !kind.is_empty() {
            resp = resp.header("content-type", kind);
        }
        if let Some(e) = encoding {
            resp = resp.header("content-encoding", e);
        }
        resp.body(axum::body::Body::from(body)).unwrap()
    };
    let up = StandIn::start(answer).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    for bad in [
        "bat-html",
        "bat-plain",
        "bat-untyped",
        "bat-lying",
        "bat-badgzip",
        "bat-cutgzip",
        "bat-br",
    ] {
        let a = get(&app, &format!("/api/v2/batches/{bad}")).await;
        assert_eq!(a.status, StatusCode::BAD_GATEWAY, "{bad}: {}", a.body);
        assert_eq!(a.header("content-type"), "application/json", "{bad}");
        assert_eq!(a.header("content-encoding"), "", "{bad}");
        assert!(
            a.detail().contains("something other than JSON"),
            "{bad}: {}",
            a.detail()
        );
        a.assert_no_key();
    }
    for good in ["bat-gzip", "bat-json"] {
        let a = get(&app, &format!("/api/v2/batches/{good}")).await;
        assert_eq!(a.status, StatusCode::OK, "{good}: {}", a.body);
    }
}
