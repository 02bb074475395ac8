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
