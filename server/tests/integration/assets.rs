//! Serving the app: SPA fallback, 404 for assets, MIME types, caching,
//! compression and the security headers (with the inline script's hash).

use crate::support::*;
use axum::http::StatusCode;
use base64::Engine as _;
use server::cli::{Config, Env};
use sha2::{Digest, Sha256};

fn demo_with(dist: &TempDist) -> Config {
    let dir = dist.dir().to_str().unwrap().to_string();
    config(&["--demo", "--dist", &dir], Env::default())
}

#[tokio::test]
async fn app_routes_get_index_html_and_missing_assets_get_404() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    for route in ["/", "/batches/bat-1?status=FAILED", "/some/deep/route"] {
        let a = get(&app, route).await;
        assert_eq!(a.status, StatusCode::OK, "{route}");
        assert!(a.header("content-type").starts_with("text/html"), "{route}");
        assert!(a.body.contains(INLINE_SCRIPT), "{route}");
        assert_eq!(a.header("cache-control"), "no-cache", "{route}");
    }
    for missing in ["/app-ffffffffffffffff.js", "/missing.wasm", "/img/logo.png"] {
        let a = get(&app, missing).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{missing}");
        assert!(!a.body.contains("<html"), "{missing}");
    }
}

#[tokio::test]
async fn mime_types_and_cache_headers() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    let wasm = get(&app, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(
        wasm.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let js = get(&app, "/app-0123456789abcdef.js").await;
    assert!(
        js.header("content-type").starts_with("text/javascript"),
        "{}",
        js.header("content-type")
    );
    assert!(js.header("cache-control").contains("immutable"));
    let svg = get(&app, "/favicon.svg").await;
    assert_eq!(svg.header("content-type"), "image/svg+xml");
    assert_eq!(svg.header("cache-control"), "no-cache");
    let index = get(&app, "/index.html").await;
    assert_eq!(index.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn wasm_and_api_answers_are_compressed() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    for (encoding, expected) in [("br", "br"), ("gzip", "gzip"), ("gzip, deflate, br", "br")] {
        let a = send(
            &app,
            request(
                "GET",
                "/app-0123456789abcdef_bg.wasm",
                &[("accept-encoding", encoding)],
            ),
        )
        .await;
        assert_eq!(a.header("content-encoding"), expected, "{encoding}");
        assert_eq!(a.header("content-type"), "application/wasm");
        assert!(a.body.len() < 1024, "compressed to {} bytes", a.body.len());
    }
    let api = send(
        &app,
        request("GET", "/api/v2/batches", &[("accept-encoding", "gzip")]),
    )
    .await;
    assert_eq!(api.header("content-encoding"), "gzip");
    let plain = get(&app, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(plain.header("content-encoding"), "");
}

#[tokio::test]
async fn security_headers_on_every_kind_of_answer() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE_SCRIPT));
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; \
         style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    for target in [
        "/",
        "/batches/bat-1",
        "/app-0123456789abcdef_bg.wasm",
        "/missing.js",
        "/healthz",
        "/api/v2/batches",
        "/api/v2/batches/..%2F",
        "/api/unknown",
    ] {
        let a = get(&app, target).await;
        assert_eq!(a.header("content-security-policy"), csp, "{target}");
        assert_eq!(a.header("x-content-type-options"), "nosniff", "{target}");
        assert_eq!(a.header("referrer-policy"), "no-referrer", "{target}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{target}");
    }
}

#[tokio::test]
async fn without_a_built_app_the_policy_allows_no_inline_script() {
    let empty = std::env::temp_dir().join(format!("server-it-empty-{}", std::process::id()));
    let cfg = config(
        &["--demo", "--dist", empty.to_str().unwrap()],
        Env::default(),
    );
    let app = server::app(&cfg);
    let a = get(&app, "/").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(a
        .header("content-security-policy")
        .contains("script-src 'self' 'wasm-unsafe-eval'; "));
}

#[tokio::test]
async fn healthz() {
    let app = server::app(&config(&[], Env::default()));
    let a = get(&app, "/healthz").await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, "ok\n"));
}
