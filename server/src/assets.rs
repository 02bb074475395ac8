//! Serving the built app: files from the dist folder, index.html for any
//! client-side route (the router has no hash mode, so a reload of
//! `/batches/bat-1?status=FAILED` must still get the app), and a plain 404 for
//! a missing asset, so a broken build fails loudly instead of loading HTML as
//! JavaScript.
//!
//! The build writes `<file>.br` and `<file>.gz` beside each asset
//! (`scripts/precompress.mjs`); a client that accepts one of them gets it as
//! is, with `Content-Encoding`, and the app's compression layer leaves such
//! answers alone. Files without a variant are compressed on the fly there.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Routes that serve the app built into the binary when there is one and
/// no `--dist` was given, else the dist folder; call last, as the app's
/// fallback.
pub fn routes_for(source: &AppSource) -> Router {
    match source {
        AppSource::Dir(dist) => routes(dist.clone()),
        AppSource::BuiltIn(files) => {
            let list = AssetList(files.paths().into_iter().map(|p| format!("/{p}")).collect());
            crate::embedded::routes(Arc::clone(files))
                .layer(middleware::from_fn_with_state(
                    Arc::new(list),
                    cache_headers,
                ))
                .layer(middleware::from_fn(origin_form))
        }
    }
}

/// Where the app's files come from.
#[derive(Clone)]
pub enum AppSource {
    /// A folder trunk built (`--dist`).
    Dir(PathBuf),
    /// The copy inside this binary (cargo feature `embed-app`).
    BuiltIn(Arc<dyn crate::embedded::Source>),
}

impl std::fmt::Debug for AppSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppSource::Dir(dist) => f.debug_tuple("Dir").field(dist).finish(),
            AppSource::BuiltIn(_) => f.write_str("BuiltIn"),
        }
    }
}

impl AppSource {
    /// The app's `index.html`, for the Content-Security-Policy's hashes.
    pub fn index_html(&self) -> Option<String> {
        match self {
            AppSource::Dir(dist) => std::fs::read_to_string(dist.join("index.html")).ok(),
            AppSource::BuiltIn(files) => files
                .file("index.html")
                .and_then(|f| String::from_utf8(f.bytes.into_owned()).ok()),
        }
    }
}

/// The URL paths of the build's files (`/app-<hash>_bg.wasm`, …), taken
/// when the server starts: only these may be cached for ever. A client-side
/// route whose id happens to look like a hash (`/batches/bat-683a3ad627fa3cd7`)
/// answers `index.html`, which must never be.
#[derive(Debug, Default)]
pub struct AssetList(HashSet<String>);

impl AssetList {
    /// Every file under `dist`, as URL paths.
    pub fn of_dir(dist: &Path) -> AssetList {
        let mut paths = HashSet::new();
        let mut dirs = vec![(dist.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                    continue;
                };
                let url = format!("{prefix}/{name}");
                match entry.file_type() {
                    Ok(t) if t.is_dir() => dirs.push((entry.path(), url)),
                    Ok(_) => {
                        paths.insert(url);
                    }
                    Err(_) => {}
                }
            }
        }
        AssetList(paths)
    }

    /// Whether `path` may be cached for ever: a file of the build with a
    /// content hash in its name.
    fn is_immutable(&self, path: &str) -> bool {
        is_hashed(path) && self.0.contains(path)
    }
}

/// Routes that serve `dist`; call last, as the app's fallback.
pub fn routes(dist: PathBuf) -> Router {
    let list = Arc::new(AssetList::of_dir(&dist));
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let spa = move |req: Request| spa_fallback(req, index.clone());
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(list, cache_headers))
        .layer(middleware::from_fn(origin_form))
}

/// Gives the file service the request target in origin form (`/path?q`).
/// An absolute-form target (`GET http://other.example/dir`) would otherwise
/// lend its host to the directory redirect's `Location`; and a file-system
/// error on a path (`/index.html/x`: "not a directory", a name too long)
/// means there is no such file, so it answers 404 like any missing file
/// rather than 500, and the cause goes to the log.
async fn origin_form(mut req: Request, next: Next) -> Response {
    if req.uri().authority().is_some() {
        let target = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        if let Ok(uri) = target.parse() {
            *req.uri_mut() = uri;
        }
    }
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    if resp.status() == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::debug!(%path, "file-system error on a static path; answering 404");
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    resp
}

/// Whether a path names a file (its last segment has a dot) rather than a
/// client-side route.
pub(crate) fn looks_like_asset(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

async fn spa_fallback(req: Request, index: ServeFile) -> Response {
    let path = req.uri().path();
    if path.starts_with("/api/") || looks_like_asset(path) {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    }
    let Ok(resp) = index.oneshot(req).await;
    if resp.status() == StatusCode::NOT_FOUND {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The dashboard is not built yet: run `trunk build --release` (scripts/run does it).\n",
        )
            .into_response();
    }
    resp.map(Body::new)
}

/// Trunk names assets `name-<16 hex>.ext`: those never change and may be
/// cached forever; everything else (index.html above all) is revalidated.
fn is_hashed(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        // Trunk prints its 64-bit hash without leading zeros: 16 hex digits,
        // or fewer (one build in sixteen has 15).
        .is_some_and(|(_, h)| {
            (12..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Cache-Control by name (`immutable` only for the build's hashed files),
/// and `Vary: Accept-Encoding` since the same URL answers a precompressed or
/// a plain body depending on that header. Also on 304, which must repeat
/// both (RFC 9110, 15.4.5).
async fn cache_headers(State(list): State<Arc<AssetList>>, req: Request, next: Next) -> Response {
    let hashed = list.is_immutable(req.uri().path());
    let mut resp = next.run(req).await;
    if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let headers = resp.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
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
        // A hash with a leading zero is printed one digit shorter.
        assert!(is_hashed("/batches-dashboard-96853b684eab23f_bg.wasm"));
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
