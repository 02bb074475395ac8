//! The list page names the list's first request (server/src/preload.rs), for
//! the app's inline script to send before the wasm has run.

use crate::support::*;
use axum::http::StatusCode;
use server::cli::{Config, Env};

fn demo_with(dist: &TempDist) -> Config {
    let dir = dist.dir().to_str().unwrap().to_string();
    config(&["--demo", "--dist", &dir], Env::default())
}

const META: &str = r#"<meta name="batches-first-list" content="/api/v2/batches?status=FAILED&amp;page_size=10" data-now=""#;

#[tokio::test]
async fn the_list_page_names_its_first_request_and_is_never_a_stale_copy() {
    let dist = TempDist::new();
    dist.write("index.html.br", b"brotli variant of index.html");
    let app = server::app(&demo_with(&dist));
    let plain = get(&app, "/?status=FAILED&page_size=10").await;
    assert_eq!(plain.status, StatusCode::OK);
    assert!(plain.body.contains(META), "{}", plain.body);
    assert!(
        plain.body.contains(INLINE_SCRIPT),
        "the page itself is kept"
    );
    assert!(plain.header("content-type").starts_with("text/html"));
    assert_eq!(plain.header("cache-control"), "no-cache");
    // Each answer is made at its own instant: no validator a 304 could answer.
    assert_eq!(plain.header("etag"), "");
    assert_eq!(plain.header("last-modified"), "");
    // A browser that accepts brotli gets the rewritten page compressed, not the build's variant.
    let packed = send(
        &app,
        request(
            "GET",
            "/?status=FAILED&page_size=10",
            &[("accept-encoding", "br")],
        ),
    )
    .await;
    assert_eq!(packed.status, StatusCode::OK);
    assert_eq!(packed.header("content-encoding"), "br");
    assert_ne!(packed.body, "brotli variant of index.html");
}

#[tokio::test]
async fn other_pages_get_no_first_request() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    for route in ["/batches/bat-1", "/some/deep/route"] {
        let a = get(&app, route).await;
        assert_eq!(a.status, StatusCode::OK, "{route}");
        assert!(!a.body.contains("batches-first-list"), "{route}");
    }
}
