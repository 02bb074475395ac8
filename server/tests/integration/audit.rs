//! Audit findings 5 and 6: demo page tokens, what the proxy relays in each
//! direction, static paths, redirects, error wording and start-up refusals.

use crate::support::*;
use axum::http::StatusCode;
use flate2::write::GzEncoder;
use server::cli::{Config, Env};
use std::io::Write;

#[tokio::test]
async fn an_upstream_content_encoding_comes_with_its_body() {
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"items":[{"id":"bat-1"}]}"#).unwrap();
    let zipped = gz.finish().unwrap();
    let body = zipped.clone();
    let up = StandIn::start(move |_| {
        axum::response::Response::builder()
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .body(axum::body::Body::from(body.clone()))
            .unwrap()
    })
    .await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let resp = tower::ServiceExt::oneshot(app, request("GET", "/api/v2/batches", &[]))
        .await
        .unwrap();
    assert_eq!(resp.headers()["content-encoding"], "gzip");
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(
        bytes.as_ref(),
        zipped.as_slice(),
        "the body is relayed as sent"
    );
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    assert_eq!(text, r#"{"items":[{"id":"bat-1"}]}"#);
}

#[tokio::test]
async fn a_get_body_is_never_forwarded() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let req = axum::http::Request::builder()
        .method("GET")
        .uri("/api/v2/batches")
        .header("host", HOST)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"smuggled":true}"#))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    let seen = &up.seen()[0];
    assert!(
        seen.body.is_empty(),
        "a GET body went upstream: {:?}",
        seen.body
    );
}

#[tokio::test]
async fn two_authorization_headers_are_refused_not_forwarded() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = send(
        &app,
        request(
            "GET",
            "/api/v2/batches",
            &[
                ("authorization", "Bearer llx-first"),
                ("authorization", "Bearer llx-second"),
            ],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(
        a.detail().contains("more than one Authorization"),
        "{}",
        a.detail()
    );
    assert!(up.seen().is_empty(), "{:?}", up.seen());
}

#[tokio::test]
async fn a_file_system_error_on_a_static_path_is_a_404() {
    let dist = TempDist::new();
    let app = server::app(&config(
        &["--demo", "--dist", dist.dir().to_str().unwrap()],
        Env::default(),
    ));
    // A name longer than the file system allows: ENAMETOOLONG, not "missing".
    let long = format!("/{}.js", "a".repeat(300));
    let a = get(&app, &long).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
    let a = get(&app, "/favicon.svg/inside.js").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.body);
}

#[tokio::test]
async fn a_directory_redirect_never_names_the_targets_host() {
    let dist = TempDist::new();
    std::fs::create_dir(dist.dir().join("docs")).unwrap();
    dist.write("docs/index.html", b"<p>docs</p>");
    let app = server::app(&config(
        &[
            "--demo",
            "--dist",
            dist.dir().to_str().unwrap(),
            "--allowed-host",
            "other.example",
        ],
        Env::default(),
    ));
    // An allowed name in an absolute-form target: the redirect stays on
    // this origin, whatever the target said.
    let a = get(&app, "http://other.example/docs").await;
    assert!(a.status.is_redirection(), "{} {}", a.status, a.body);
    assert_eq!(a.header("location"), "/docs/");
    let a = get(&app, "http://evil.example/docs").await;
    assert_eq!(a.status, StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(a.header("location"), "");
}

#[test]
fn the_key_over_plain_http_to_another_machine_is_refused_at_start() {
    let with_key = || Env {
        api_key: Some(KEY.into()),
        basic_auth: None,
    };
    let parse = |args: &[&str], env: Env| {
        Config::parse(args.iter().map(|s| s.to_string()), env).map_err(|e| e.to_string())
    };
    let err = parse(&["--upstream", "http://api.internal.example"], with_key()).unwrap_err();
    assert!(err.contains("--insecure-upstream"), "{err}");
    assert!(err.contains("https://"), "{err}");
    assert!(!err.contains(KEY));
    assert!(parse(&["--upstream", "http://10.0.0.5:8000"], with_key()).is_err());
    for fine in [
        &[
            "--upstream",
            "http://api.internal.example",
            "--insecure-upstream",
        ][..],
        &["--upstream", "http://127.0.0.1:9000"][..],
        &["--upstream", "http://localhost:9000/prefix"][..],
        &["--upstream", "http://[::1]:9000"][..],
        &["--upstream", "https://api.internal.example"][..],
    ] {
        assert!(parse(fine, with_key()).is_ok(), "{fine:?}");
    }
    // Without a server key nothing secret would travel.
    assert!(parse(
        &["--upstream", "http://api.internal.example"],
        Env::default()
    )
    .is_ok());
}

/// The token today's checksum would have accepted for `offset`: FNV-1a over
/// (secret, filters, offset), all of which an attacker can know.
fn checksum_token(seed: u64, now_ms: i64, offset: usize) -> String {
    use server::demo::data::fnv1a;
    let secret = fnv1a(&[&seed.to_le_bytes(), &now_ms.to_le_bytes()]);
    let filters = "None|None|None|None|None|None";
    let mac = fnv1a(&[
        &secret.to_le_bytes(),
        filters.as_bytes(),
        &(offset as u64).to_le_bytes(),
    ]);
    format!("c1{mac:016x}{offset:x}")
}

#[tokio::test]
async fn a_forged_page_token_is_a_worded_400_never_a_panic() {
    let now = "2026-11-29T12:00:00Z";
    let now_ms = batches_core::time::parse_rfc3339(now).unwrap().0;
    let app = server::app(&config(
        &["--demo", "--seed", "3", "--now", now],
        Env::default(),
    ));
    for offset in [usize::MAX, 20] {
        let token = checksum_token(3, now_ms, offset);
        let a = get(&app, &format!("/api/v2/batches?page_token={token}")).await;
        assert_eq!(
            a.status,
            StatusCode::BAD_REQUEST,
            "offset {offset}: {}",
            a.body
        );
        assert!(a.detail().contains("Invalid page_token"), "{}", a.detail());
    }
    // A real token still pages.
    let first = get(&app, "/api/v2/batches?page_size=5").await;
    let v: serde_json::Value = serde_json::from_str(&first.body).unwrap();
    let token = v["next_page_token"].as_str().unwrap();
    let next = get(
        &app,
        &format!("/api/v2/batches?page_size=5&page_token={token}"),
    )
    .await;
    assert_eq!(next.status, StatusCode::OK, "{}", next.body);
    let page_size_max = format!(
        "/api/v2/batches?page_size={}&page_token={token}",
        usize::MAX
    );
    assert_ne!(
        get(&app, &page_size_max).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
}
