//! The edge of the server: which Host names it answers to and which POSTs
//! it believes come from its own page (audit findings 1 and 2).

use crate::support::*;
use axum::http::StatusCode;

fn ok_upstream() -> impl std::future::Future<Output = StandIn> {
    StandIn::start(|_| json(200, r#"{"items":[]}"#, &[]))
}

#[tokio::test]
async fn another_host_name_is_refused_before_anything_reaches_upstream() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &[]));
    for host in [
        "evil.example",
        "evil.example:8080",
        "localhost:9999",
        "127.0.0.1",
    ] {
        let a = send(&app, request("GET", "/api/v2/batches", &[("host", host)])).await;
        assert_eq!(
            a.status,
            StatusCode::MISDIRECTED_REQUEST,
            "{host}: {}",
            a.body
        );
        assert!(a.detail().contains("--allowed-host"), "{}", a.detail());
        assert!(!a.body.contains(host), "the request's host is not echoed");
        // The app itself is refused too: a rebinding page must get nothing.
        let page = send(&app, request("GET", "/", &[("host", host)])).await;
        assert_eq!(page.status, StatusCode::MISDIRECTED_REQUEST);
    }
    assert!(
        up.seen().is_empty(),
        "upstream was contacted: {:?}",
        up.seen()
    );
    // Load balancers probe by address: /healthz answers whatever the Host.
    let a = send(&app, request("GET", "/healthz", &[("host", "10.0.0.7")])).await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn loopback_names_and_allowed_hosts_are_answered() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(
        &up.url,
        &["--allowed-host", "dash.example.com"],
    ));
    for host in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "dash.example.com",
        "DASH.example.com:443",
    ] {
        let a = send(&app, request("GET", "/api/v2/batches", &[("host", host)])).await;
        assert_eq!(a.status, StatusCode::OK, "{host}: {}", a.body);
    }
    assert_eq!(up.seen().len(), 5);
}

#[tokio::test]
async fn a_cross_site_cancel_is_refused_in_words() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let cancel = "/api/v2/batches/bat-1/cancel";
    for headers in [
        &[
            ("origin", "https://evil.example"),
            ("content-type", "text/plain"),
        ][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[
            ("sec-fetch-site", "same-site"),
            ("origin", "http://localhost:8080"),
        ][..],
        &[("origin", "http://localhost:8081")][..],
        &[("origin", "null")][..],
    ] {
        let a = send(&app, request("POST", cancel, headers)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(a.detail().contains("own page"), "{}", a.detail());
    }
    assert!(
        up.seen().is_empty(),
        "upstream was contacted: {:?}",
        up.seen()
    );
}

#[tokio::test]
async fn a_cancel_without_any_origin_information_is_refused() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v2/batches/bat-1/cancel")
        .header("host", HOST)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    assert!(up.seen().is_empty());
}

#[tokio::test]
async fn a_same_origin_cancel_goes_through() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let cancel = "/api/v2/batches/bat-1/cancel";
    for headers in [
        &[("sec-fetch-site", "same-origin")][..],
        &[("origin", "http://localhost:8080")][..],
    ] {
        let a = send(&app, request("POST", cancel, headers)).await;
        assert_eq!(a.status, StatusCode::OK, "{headers:?}: {}", a.body);
    }
    assert_eq!(up.seen().len(), 2);
}

#[tokio::test]
async fn test_controls_refuse_cross_site_posts_but_not_test_harnesses() {
    let app = server::app(&config(
        &["--demo", "--test-faults"],
        server::cli::Env::default(),
    ));
    let finish = "/__test/finish?batch=bat-nope&status=COMPLETED";
    for headers in [
        &[("origin", "https://evil.example")][..],
        &[("sec-fetch-site", "cross-site")][..],
        &[("sec-fetch-site", "same-site")][..],
    ] {
        for target in [finish, "/__test/faults"] {
            let a = send(&app, request("POST", target, headers)).await;
            assert_eq!(
                a.status,
                StatusCode::FORBIDDEN,
                "{target} {headers:?}: {}",
                a.body
            );
            assert!(a.detail().contains("another site"), "{}", a.detail());
        }
        let a = send(&app, request("DELETE", "/__test/requests", headers)).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{headers:?}");
    }
    // The browser tests' harness (node's fetch) sends neither header.
    let harness = axum::http::Request::builder()
        .method("POST")
        .uri(finish)
        .header("host", HOST)
        .body(axum::body::Body::empty())
        .unwrap();
    let a = send(&app, harness).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    assert!(a.detail().contains("bat-nope"));
    let own = send(
        &app,
        request("POST", finish, &[("origin", "http://localhost:8080")]),
    )
    .await;
    assert_eq!(own.status, StatusCode::NOT_FOUND, "{}", own.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_host_headers_are_refused_with_400_on_every_path() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (addr, _stop, _task) = start_with(
        config(&["--demo"], server::cli::Env::default()),
        crate::deadlines::short(8),
    )
    .await;
    for target in ["/api/v2/batches", "/healthz", "/"] {
        for hosts in [
            format!("Host: {addr}\r\nHost: evil.example\r\n"),
            format!("Host: evil.example\r\nHost: {addr}\r\n"),
            format!("Host: {addr}\r\nHost: {addr}\r\n"),
        ] {
            let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
            let req = format!("GET {target} HTTP/1.1\r\n{hosts}Connection: close\r\n\r\n");
            s.write_all(req.as_bytes()).await.unwrap();
            let mut raw = Vec::new();
            s.read_to_end(&mut raw).await.unwrap();
            let text = String::from_utf8_lossy(&raw);
            assert!(
                text.starts_with("HTTP/1.1 400"),
                "{target} {hosts:?}: {text}"
            );
            assert!(text.contains("more than one Host"), "{text}");
        }
    }
}
