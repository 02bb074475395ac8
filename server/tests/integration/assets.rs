//! Serving the app: SPA fallback, 404 for assets, MIME types, caching,
//! compression (precompressed variants and on the fly) and the security
//! headers (with the inline script's hash).

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

const WASM: &str = "/app-0123456789abcdef_bg.wasm";
// Stand-ins for the build's .br and .gz files: not real brotli or gzip, so a
// body equal to one of them was sent as it is on disk, not re-encoded.
const WASM_BR: &str = "brotli variant of the wasm, as the build wrote it";
const WASM_GZ: &str = "gzip variant of the wasm, as the build wrote it";

/// A dist whose wasm has both variants on disk.
fn dist_with_variants() -> TempDist {
    let dist = TempDist::new();
    dist.write("app-0123456789abcdef_bg.wasm.br", WASM_BR.as_bytes());
    dist.write("app-0123456789abcdef_bg.wasm.gz", WASM_GZ.as_bytes());
    dist
}

fn with_encoding(target: &str, accept: &str) -> axum::http::Request<axum::body::Body> {
    request("GET", target, &[("accept-encoding", accept)])
}

fn vary(a: &Answer) -> Vec<&str> {
    a.headers
        .get_all("vary")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect()
}

#[tokio::test]
async fn precompressed_variants_are_sent_as_they_are_on_disk() {
    let dist = dist_with_variants();
    let app = server::app(&demo_with(&dist));
    for (accept, encoding, body) in [
        ("br", "br", WASM_BR),
        ("gzip", "gzip", WASM_GZ),
        ("gzip, deflate, br", "br", WASM_BR),
        ("br;q=0.5, gzip", "gzip", WASM_GZ),
    ] {
        let a = send(&app, with_encoding(WASM, accept)).await;
        assert_eq!(a.status, StatusCode::OK, "{accept}");
        assert_eq!(a.header("content-encoding"), encoding, "{accept}");
        assert_eq!(a.body, body, "{accept}");
        assert_eq!(
            a.header("content-length"),
            body.len().to_string(),
            "{accept}"
        );
        assert_eq!(a.header("content-type"), "application/wasm", "{accept}");
        assert_eq!(vary(&a), ["accept-encoding"], "{accept}");
        assert_eq!(
            a.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{accept}"
        );
    }
    let original = String::from_utf8_lossy(&dist.read("app-0123456789abcdef_bg.wasm")).into_owned();
    for accept in [None, Some("identity"), Some("zstd")] {
        let headers: Vec<_> = accept.map(|v| ("accept-encoding", v)).into_iter().collect();
        let a = send(&app, request("GET", WASM, &headers)).await;
        assert_eq!(a.status, StatusCode::OK, "{accept:?}");
        assert_eq!(a.header("content-encoding"), "", "{accept:?}");
        assert_eq!(a.body, original, "{accept:?}");
        assert_eq!(a.header("content-type"), "application/wasm", "{accept:?}");
        assert_eq!(vary(&a), ["accept-encoding"], "{accept:?}");
        assert!(
            a.header("cache-control").contains("immutable"),
            "{accept:?}"
        );
    }
}

#[tokio::test]
async fn a_missing_variant_falls_back_to_the_next_one_or_on_the_fly() {
    let dist = TempDist::new();
    dist.write("app-0123456789abcdef.js.gz", b"gzip variant of the js");
    let app = server::app(&demo_with(&dist));
    // Only .gz on disk: a client accepting both gets it rather than brotli.
    let js = send(&app, with_encoding("/app-0123456789abcdef.js", "br, gzip")).await;
    assert_eq!(js.header("content-encoding"), "gzip");
    assert_eq!(js.body, "gzip variant of the js");
    // Only .gz on disk, only brotli accepted: compressed on the fly, once.
    let js = send(&app, with_encoding("/app-0123456789abcdef.js", "br")).await;
    assert_eq!(js.header("content-encoding"), "br");
    assert_ne!(js.body, "gzip variant of the js");
    assert_eq!(vary(&js), ["accept-encoding"]);
    // No variant at all, and API JSON: the compression layer still works.
    let wasm = send(&app, with_encoding(WASM, "br")).await;
    assert_eq!(wasm.header("content-encoding"), "br");
    assert!(
        wasm.body.len() < 1024,
        "compressed to {} bytes",
        wasm.body.len()
    );
    let api = send(&app, with_encoding("/api/v2/batches", "br")).await;
    assert_eq!(api.header("content-encoding"), "br");
    assert!(api.header("content-type").starts_with("application/json"));
}

#[tokio::test]
async fn variants_requested_by_name_are_plain_files() {
    let dist = dist_with_variants();
    let app = server::app(&demo_with(&dist));
    let a = get(&app, "/app-0123456789abcdef_bg.wasm.br").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, WASM_BR);
    assert_eq!(a.header("content-encoding"), "");
    assert_ne!(a.header("content-type"), "application/wasm");
    let a = get(&app, "/app-0123456789abcdef_bg.wasm.gz").await;
    assert_eq!((a.status, a.body.as_str()), (StatusCode::OK, WASM_GZ));
    assert_eq!(a.header("content-encoding"), "");
    let a = get(&app, "/app-0123456789abcdef.js.br").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(!a.body.contains("<html"));
}

#[tokio::test]
async fn the_spa_fallback_sends_index_html_precompressed_too() {
    let dist = TempDist::new();
    dist.write("index.html.br", b"brotli variant of index.html");
    let app = server::app(&demo_with(&dist));
    // The list's own address ("/") is rewritten per request (see preload.rs).
    for route in ["/batches/bat-1?status=FAILED"] {
        let a = send(&app, with_encoding(route, "gzip, br")).await;
        assert_eq!(a.status, StatusCode::OK, "{route}");
        assert_eq!(a.header("content-encoding"), "br", "{route}");
        assert_eq!(a.body, "brotli variant of index.html", "{route}");
        assert!(a.header("content-type").starts_with("text/html"), "{route}");
        assert_eq!(a.header("cache-control"), "no-cache", "{route}");
        assert_eq!(vary(&a), ["accept-encoding"], "{route}");
        let plain = get(&app, route).await;
        assert_eq!(plain.status, StatusCode::OK, "{route}");
        assert_eq!(plain.header("content-encoding"), "", "{route}");
        assert!(plain.body.contains(INLINE_SCRIPT), "{route}");
        assert!(
            plain.header("content-type").starts_with("text/html"),
            "{route}"
        );
    }
}

#[tokio::test]
async fn not_modified_repeats_cache_control_and_vary() {
    let dist = dist_with_variants();
    let app = server::app(&demo_with(&dist));
    let first = send(&app, with_encoding(WASM, "br")).await;
    let since = first.header("last-modified");
    assert!(!since.is_empty());
    let again = send(
        &app,
        request(
            "GET",
            WASM,
            &[("accept-encoding", "br"), ("if-modified-since", since)],
        ),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.header("cache-control").contains("immutable"));
    assert_eq!(vary(&again), ["accept-encoding"]);
    assert_eq!(
        (again.header("content-encoding"), again.body.as_str()),
        ("", "")
    );
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

/// The hashed-looking ids of client-side routes, and index.html by name.
const ROUTES_THAT_LOOK_HASHED: [&str; 4] = [
    "/batches/bat-683a3ad627fa3cd7",
    "/batches/bat-683a3ad627fa3cd7?status=FAILED",
    "/batches/run-0123456789abcdef_bg",
    "/app-ffffffffffffffff",
];

#[tokio::test]
async fn index_html_is_never_immutable_even_where_an_id_looks_like_a_hash() {
    let dist = TempDist::new();
    let app = server::app(&demo_with(&dist));
    for route in ROUTES_THAT_LOOK_HASHED {
        let a = get(&app, route).await;
        assert_eq!(a.status, StatusCode::OK, "{route}");
        assert!(
            a.body.contains(INLINE_SCRIPT),
            "{route}: not the app's page"
        );
        assert_eq!(a.header("cache-control"), "no-cache", "{route}");
    }
    // A build's hashed file still is.
    let wasm = get(&app, "/app-0123456789abcdef_bg.wasm").await;
    assert!(wasm.header("cache-control").contains("immutable"));
}

/// The app as the binary holds it (feature `embed-app`), from a map.
struct Built(std::collections::HashMap<&'static str, &'static [u8]>);

impl server::embedded::Source for Built {
    fn file(&self, path: &str) -> Option<server::embedded::File> {
        self.0.get(path).map(|b| server::embedded::File {
            bytes: std::borrow::Cow::Borrowed(*b),
            sha256: Sha256::digest(b).into(),
        })
    }

    fn paths(&self) -> Vec<String> {
        self.0.keys().map(|k| k.to_string()).collect()
    }
}

#[tokio::test]
async fn the_built_in_app_is_immutable_only_for_its_own_hashed_files() {
    let mut cfg = config(&["--demo"], Env::default());
    cfg.app = server::assets::AppSource::BuiltIn(std::sync::Arc::new(Built(
        std::collections::HashMap::from([
            (
                "index.html",
                &b"<!DOCTYPE html><html><head></head><body>built</body></html>"[..],
            ),
            ("app-0123456789abcdef_bg.wasm", &b"\0asm"[..]),
        ]),
    )));
    let app = server::app(&cfg);
    for route in ROUTES_THAT_LOOK_HASHED {
        let a = get(&app, route).await;
        assert_eq!(a.status, StatusCode::OK, "{route}");
        assert!(a.body.contains("built"), "{route}");
        assert_eq!(a.header("cache-control"), "no-cache", "{route}");
    }
    let wasm = get(&app, "/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(
        wasm.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
}
