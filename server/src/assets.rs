//! Serving the built app: files from the dist folder, index.html for any
//! client-side route (the router has no hash mode, so a reload of
//! `/batches/bat-1?status=FAILED` must still get the app), and a plain 404 for
//! a missing asset, so a broken build fails loudly instead of loading HTML as
//! JavaScript.

use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;

/// Routes that serve `dist`; call last, as the app's fallback.
pub fn routes(dist: PathBuf) -> Router {
    let index = Arc::new(dist.join("index.html"));
    let spa = move |uri: Uri| {
        let index = Arc::clone(&index);
        async move { spa_fallback(uri, &index).await }
    };
    let files = ServeDir::new(dist).fallback(spa.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

fn looks_like_asset(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn spa_fallback(uri: Uri, index: &std::path::Path) -> Response {
    if uri.path().starts_with("/api/") || looks_like_asset(uri.path()) {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    match tokio::fs::read(index).await {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "The dashboard is not built yet: run `trunk build --release` (scripts/run does it).\n",
        )
            .into_response(),
    }
}

/// Trunk names assets `name-<16 hex>.ext`: those never change and may be
/// cached forever; everything else (index.html above all) is revalidated.
fn is_hashed(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut resp = next.run(req).await;
    if resp.status().is_success() {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed("/batches-dashboard-3f2a9c1d0e4b5a6f_bg.wasm"));
        assert!(is_hashed("/batches-dashboard-3f2a9c1d0e4b5a6f.js"));
        assert!(is_hashed("/main-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/"));
    }

    #[test]
    fn assets_versus_routes() {
        assert!(looks_like_asset("/x.wasm"));
        assert!(!looks_like_asset("/batches/bat-123"));
        assert!(!looks_like_asset("/"));
    }
}
