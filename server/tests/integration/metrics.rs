//! `GET /metrics` parsed back, the access log lines, and where metrics are
//! served.

use crate::binary::{raw_get, Running};
use crate::support::*;
use axum::http::StatusCode;
use server::cli::Env;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The Prometheus text format as `name{labels}` → value; comments skipped.
fn parse(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (series, value) = l
                .rsplit_once(' ')
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            let value = value
                .parse()
                .unwrap_or_else(|_| panic!("bad value in {l:?}"));
            (series.to_string(), value)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_and_access_lines_count_what_happened() {
    let up = StandIn::start_slow(Duration::from_millis(20), |_| {
        json(200, r#"{"items":[]}"#, &[])
    })
    .await;
    let server = Running::start(&["--upstream", &up.url, "--cache-ttl", "10s"]);
    for _ in 0..3 {
        let (status, _) = raw_get(
            server.addr(),
            "/api/v2/batches?source_directory_id=dir-private-123",
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, _) = raw_get(server.addr(), "/api/v2/files").await;
    assert_eq!(status, 404);
    let (status, _) = raw_get(server.addr(), "/api/v2/batches/bat-42").await;
    assert_eq!(status, 200);
    let (status, text) = raw_get(server.addr(), "/metrics").await;
    assert_eq!(status, 200, "{text}");
    let m = parse(&text);
    let value = |series: &str| {
        *m.get(series)
            .unwrap_or_else(|| panic!("no {series} in\n{text}"))
    };
    assert_eq!(
        value(r#"dashboard_http_requests_total{route="api:list_batches",status="200"}"#),
        3.0
    );
    assert_eq!(
        value(r#"dashboard_http_requests_total{route="api:get_batch",status="200"}"#),
        1.0
    );
    assert_eq!(
        value(r#"dashboard_http_requests_total{route="api:refused",status="404"}"#),
        1.0
    );
    // Two upstream calls (the list once, then from the cache; the batch).
    assert_eq!(up.seen().len(), 2);
    assert_eq!(
        value("dashboard_upstream_request_duration_seconds_count"),
        2.0
    );
    assert_eq!(
        value(r#"dashboard_upstream_request_duration_seconds_bucket{le="+Inf"}"#),
        2.0
    );
    assert!(value("dashboard_upstream_request_duration_seconds_sum") >= 0.04);
    assert_eq!(
        value(r#"dashboard_upstream_shared_answers_total{source="cached"}"#),
        2.0
    );
    // The scrape's own connection is the one open, once the server has
    // seen the earlier connections close (their close races the scrape).
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut open = value("dashboard_open_connections");
    let mut scrapes = 1;
    while open != 1.0 && Instant::now() < deadline {
        scrapes += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
        let (_, again) = raw_get(server.addr(), "/metrics").await;
        open = parse(&again)["dashboard_open_connections"];
    }
    assert_eq!(open, 1.0);
    assert!(!m
        .keys()
        .any(|k| k.contains("bat-42") || k.contains("dir-private")));

    let deadline = Instant::now() + Duration::from_secs(5);
    let requests = 5 + scrapes;
    while server.output().matches("server::access").count() < requests && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let out = server.output();
    let access: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("server::access"))
        .collect();
    assert_eq!(access.len(), requests, "one line per request:\n{out}");
    for part in [
        "method=GET",
        "route=api:list_batches",
        "status=200",
        "duration_ms=",
    ] {
        assert!(
            access[0].contains(part),
            "{part} missing from {}",
            access[0]
        );
    }
    assert!(
        !out.contains("dir-private-123"),
        "a query id was logged:\n{out}"
    );
    assert!(!out.contains(KEY), "the key was logged");
}

#[tokio::test]
async fn metrics_sit_behind_basic_auth_unless_on_their_own_address() {
    let env = || Env {
        api_key: None,
        basic_auth: Some("team:pw".into()),
    };
    let app = server::app(&config(&["--demo"], env()));
    assert_eq!(get(&app, "/metrics").await.status, StatusCode::UNAUTHORIZED);
    let signed_in = |app| async move {
        send(
            &app,
            request(
                "GET",
                "/metrics",
                &[("authorization", "Basic dGVhbTpwdw==")],
            ),
        )
        .await
    };
    let a = signed_in(app.clone()).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a
        .header("content-type")
        .starts_with("text/plain; version=0.0.4"));
    assert!(
        a.body
            .contains("# TYPE dashboard_http_requests_total counter"),
        "{}",
        a.body
    );

    let split = server::app(&config(
        &["--demo", "--metrics-listen", "127.0.0.1:0"],
        env(),
    ));
    let a = signed_in(split).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.detail().contains("--metrics-listen"));
    let own = server::metrics_app("127.0.0.1:8080".parse().unwrap(), &[])
        .oneshot(request("GET", "/metrics", &[]))
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_metrics_on_the_separate_address() {
    let server = Running::start(&["--demo", "--metrics-listen", "127.0.0.1:0"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    let addr = loop {
        let out = server.output();
        if let Some(rest) = out.split("metrics on http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
        assert!(Instant::now() < deadline, "no metrics line: {out}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (status, text) = raw_get(&addr, "/metrics").await;
    assert_eq!(status, 200);
    assert!(text.contains("dashboard_open_connections"), "{text}");
    // Like the main address, it answers only to its own names.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    for host in ["evil.example", "evil.example:80", "localhost:1"] {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let req = format!("GET /metrics HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.starts_with("HTTP/1.1 421"), "{host}: {text}");
        assert!(!text.contains("dashboard_open_connections"), "{text}");
    }
    assert_eq!(raw_get(server.addr(), "/metrics").await.0, 404);
}
