//! What the proxy sends upstream and what it hands back.

use crate::support::*;
use axum::http::StatusCode;
use server::cli::Env;

#[tokio::test]
async fn injects_the_server_key_when_the_browser_sends_none() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, r#"{"items":[]}"#);
    a.assert_no_key();
    let seen = up.seen();
    assert_eq!(seen[0].headers["authorization"], format!("Bearer {KEY}"));
}

#[tokio::test]
async fn the_browsers_own_key_wins() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = send(
        &app,
        request(
            "GET",
            "/api/v2/batches",
            &[("authorization", "Bearer llx-personal")],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let seen = up.seen();
    assert_eq!(seen[0].headers["authorization"], "Bearer llx-personal");
    assert_eq!(seen[0].headers.get_all("authorization").iter().count(), 1);
}

#[tokio::test]
async fn without_a_server_key_only_the_browsers_key_goes_up() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&config(&["--upstream", &up.url], Env::default()));
    get(&app, "/api/v2/batches").await;
    assert!(!up.seen()[0].headers.contains_key("authorization"));
}

#[tokio::test]
async fn the_query_string_passes_byte_for_byte() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let targets = [
        "/api/v2/batches?status=FAILED&created_at_on_or_after=2026-11-01T00:00:00%2B01:00\
         &page_token=a%2Bb%3D%3D&page_size=50",
        "/api/v2/batches?x=%e2%9c%93&X=%E2%9C%93&sp=a+b&empty=&flag&flag&q='quoted'",
        "/api/v2/batches/bat-1?expand=results&expand=other&project_id=prj-1",
        "/api/v2/batches?",
        "/api/v2/batches?%2F%2e%2e=%5C..%2F",
    ];
    for target in targets {
        let a = get(&app, target).await;
        assert_eq!(a.status, StatusCode::OK, "{target}");
    }
    let seen: Vec<_> = up.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(seen, targets);
}

#[tokio::test]
async fn job_lists_pass_repeated_job_ids_byte_for_byte() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let targets = [
        "/api/v2/parse?job_ids=pjb-1&job_ids=pjb-2&job_ids=pjb-1&page_size=100",
        "/api/v2/extract?job_ids=ejb-a%26b&job_ids=ejb%2D2&page_size=100&page_token=c1%2Bx%3D",
        "/api/v2/parse?status=FAILED&job_ids=&job_ids=%E2%9C%93",
        "/api/v2/extract",
    ];
    for target in targets {
        let a = get(&app, target).await;
        assert_eq!(a.status, StatusCode::OK, "{target}: {}", a.body);
        assert_eq!(a.body, r#"{"items":[]}"#);
        a.assert_no_key();
    }
    let seen: Vec<_> = up.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(seen, targets);
}

#[tokio::test]
async fn request_headers_are_allow_listed_and_hop_by_hop_ones_dropped() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = send(
        &app,
        request(
            "GET",
            "/api/v2/batches",
            &[
                ("accept", "application/json"),
                ("accept-language", "fr-CH"),
                ("user-agent", "test-browser/1"),
                ("cookie", "session=abc"),
                ("connection", "keep-alive, user-agent"),
                ("keep-alive", "timeout=5"),
                ("te", "trailers"),
                ("upgrade", "websocket"),
                ("proxy-authorization", "Basic eDp5"),
                ("x-forwarded-for", "203.0.113.9"),
                ("origin", "http://127.0.0.1:8080"),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let headers = &up.seen()[0].headers;
    assert_eq!(headers["accept"], "application/json");
    assert_eq!(headers["accept-language"], "fr-CH");
    for gone in [
        "cookie",
        "user-agent",
        "keep-alive",
        "te",
        "upgrade",
        "proxy-authorization",
        "x-forwarded-for",
        "origin",
    ] {
        assert!(
            !headers.contains_key(gone),
            "{gone} was forwarded: {headers:?}"
        );
    }
    // hyper manages the connection itself; whatever it says is not the browser's.
    if let Some(c) = headers.get("connection") {
        assert!(!c.to_str().unwrap().contains("user-agent"));
    }
}

#[tokio::test]
async fn the_post_body_and_content_type_are_forwarded() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/api/v2/batches/bat-1/cancel")
        .header("host", HOST)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{}"))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    let seen = &up.seen()[0];
    assert_eq!(seen.body, "{}");
    assert_eq!(seen.headers["content-type"], "application/json");
}

#[tokio::test]
async fn response_headers_are_allow_listed() {
    let up = StandIn::start(|_| {
        json(
            200,
            "{}",
            &[
                ("set-cookie", "session=upstream; HttpOnly"),
                ("x-request-id", "req-1"),
                ("cache-control", "private, max-age=5"),
                ("server", "uvicorn"),
                ("x-internal", "yes"),
                ("access-control-allow-origin", "*"),
            ],
        )
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("x-request-id"), "req-1");
    assert_eq!(a.header("cache-control"), "private, max-age=5");
    assert_eq!(a.header("content-type"), "application/json");
    for gone in [
        "set-cookie",
        "server",
        "x-internal",
        "access-control-allow-origin",
    ] {
        assert!(!a.headers.contains_key(gone), "{gone} came back");
    }
}

#[tokio::test]
async fn headers_named_in_connection_do_not_come_back() {
    let up = StandIn::start(|_| {
        json(
            200,
            "{}",
            &[("connection", "x-request-id"), ("x-request-id", "hop")],
        )
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(!a.headers.contains_key("x-request-id"), "{:?}", a.headers);
    assert!(!a.headers.contains_key("connection"));
}

#[tokio::test]
async fn upstream_errors_pass_through_with_status_body_and_retry_hints() {
    let up = StandIn::start(|seen| match seen.target.as_str() {
        "/api/v2/batches/bat-401" => json(401, r#"{"detail":"Invalid authentication token"}"#, &[]),
        "/api/v2/batches/bat-422" => json(
            422,
            r#"{"detail":[{"loc":["query","status"],"msg":"bad","type":"enum"}]}"#,
            &[],
        ),
        "/api/v2/batches/bat-429" => json(
            429,
            r#"{"detail":"Too many requests"}"#,
            &[
                ("retry-after", "7"),
                ("retry-after-ms", "6500"),
                ("x-request-id", "r-429"),
            ],
        ),
        _ => axum::response::Response::builder()
            .status(502)
            .header("content-type", "text/html")
            .body(axum::body::Body::from("<html>Bad gateway</html>"))
            .unwrap(),
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches/bat-401").await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.body, r#"{"detail":"Invalid authentication token"}"#);
    let a = get(&app, "/api/v2/batches/bat-422").await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(a.body.contains(r#""loc":["query","status"]"#));
    let a = get(&app, "/api/v2/batches/bat-429").await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.header("retry-after"), "7");
    assert_eq!(a.header("retry-after-ms"), "6500");
    assert_eq!(a.header("x-request-id"), "r-429");
    assert_eq!(a.body, r#"{"detail":"Too many requests"}"#);
    // An HTML error page (a load balancer's) is not relayed: on this
    // origin it would be a page, and the dashboard could not read it.
    let a = get(&app, "/api/v2/batches/bat-html").await;
    assert_eq!(a.status, StatusCode::BAD_GATEWAY);
    assert_eq!(a.header("content-type"), "application/json");
    assert!(
        a.detail().contains("something other than JSON"),
        "{}",
        a.detail()
    );
    assert!(!a.body.contains("<html"), "{}", a.body);
}

#[tokio::test]
async fn test_faults_work_in_proxy_mode() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let app = server::app(&proxy_config(&up.url, &["--test-faults"]));
    let fault = axum::http::Request::builder()
        .method("POST")
        .uri("/__test/faults")
        .header("host", HOST)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            r#"{"path_prefix":"/api/v2/batches","status":503,"body":"{\"detail\":\"down\"}"}"#,
        ))
        .unwrap();
    assert_eq!(send(&app, fault).await.status, StatusCode::NO_CONTENT);
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        up.seen().is_empty(),
        "a faulted request must not go upstream"
    );
    let a = get(&app, "/api/v2/batches").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(up.seen().len(), 1);
    let log = get(&app, "/__test/requests").await;
    assert_eq!(
        log.body.matches("/api/v2/batches").count(),
        2,
        "{}",
        log.body
    );
}
