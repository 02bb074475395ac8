//! Serving the app from files held in memory: the copy built into the
//! binary (cargo feature `embed-app`), so a deployment is one file.
//!
//! It answers as the dist-folder service does: the `.br`/`.gz` variant a
//! client accepts, sent as is with `Content-Encoding`; `index.html` for a
//! client-side route; a plain 404 for a missing asset or `/api/` path; an
//! `ETag` from the content's hash, so a reload revalidates with a 304. The
//! source is a trait so tests can serve a map without building the app.

use crate::assets::looks_like_asset;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::borrow::Cow;
use std::sync::Arc;

/// One file as the source holds it.
pub struct File {
    /// The bytes, borrowed from the binary when embedded.
    pub bytes: Cow<'static, [u8]>,
    /// SHA-256 of the bytes, for the `ETag`.
    pub sha256: [u8; 32],
}

/// Where files come from: relative paths without a leading `/`.
pub trait Source: Send + Sync + 'static {
    fn file(&self, path: &str) -> Option<File>;
    /// Every file's path: the build's asset list, for Cache-Control.
    fn paths(&self) -> Vec<String>;
}

/// The app built into this binary, if it was built with `embed-app`.
pub fn built_in() -> Option<Arc<dyn Source>> {
    #[cfg(feature = "embed-app")]
    {
        Some(Arc::new(built::App))
    }
    #[cfg(not(feature = "embed-app"))]
    {
        None
    }
}

#[cfg(feature = "embed-app")]
mod built {
    /// `../dist` (relative to server/) as trunk and scripts/precompress.mjs
    /// left it at build time.
    /// `debug-embed` embeds in debug builds too, so a test binary is the
    /// same single file a release is.
    #[derive(rust_embed::RustEmbed)]
    #[folder = "../dist"]
    pub struct App;

    impl super::Source for App {
        fn file(&self, path: &str) -> Option<super::File> {
            let f = <App as rust_embed::RustEmbed>::get(path)?;
            Some(super::File {
                sha256: f.metadata.sha256_hash(),
                bytes: f.data,
            })
        }

        fn paths(&self) -> Vec<String> {
            <App as rust_embed::RustEmbed>::iter()
                .map(|p| p.into_owned())
                .collect()
        }
    }
}

/// Whether `accept_encoding` accepts `coding` (a q-value of 0 refuses it).
fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        (name.eq_ignore_ascii_case(coding) || name == "*") && q > 0.0
    })
}

/// The file to send for `path` and the encoding it is in: brotli, then
/// gzip, then the plain file.
fn negotiate(
    source: &dyn Source,
    path: &str,
    headers: &HeaderMap,
) -> Option<(File, Option<&'static str>)> {
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for (suffix, coding) in [(".br", "br"), (".gz", "gzip")] {
        if accepts(accept, coding) {
            if let Some(f) = source.file(&format!("{path}{suffix}")) {
                return Some((f, Some(coding)));
            }
        }
    }
    source.file(path).map(|f| (f, None))
}

/// The type by extension, as the dist-folder service (tower-http) names it.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    HeaderValue::from_str(mime.as_ref()).expect("MIME types are ASCII")
}

/// Answers one request from `source`.
async fn answer(source: Arc<dyn Source>, req: Request) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let url_path = req.uri().path();
    let mut path = url_path.trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    if source.file(&path).is_none() {
        if url_path.starts_with("/api/") || looks_like_asset(url_path) {
            return (StatusCode::NOT_FOUND, "Not found\n").into_response();
        }
        path = "index.html".to_string();
    }
    let Some((file, coding)) = negotiate(source.as_ref(), &path, req.headers()) else {
        return (StatusCode::NOT_FOUND, "Not found\n").into_response();
    };
    let etag = format!(
        "\"{}\"",
        file.sha256[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, content_type(&path));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&etag).expect("hex in quotes"),
    );
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let body = if req.method() == Method::HEAD {
        Body::empty()
    } else {
        Body::from(file.bytes)
    };
    (StatusCode::OK, headers, body).into_response()
}

/// Routes that serve `source`; call last, as the app's fallback.
pub fn routes(source: Arc<dyn Source>) -> Router {
    Router::new().fallback(move |req: Request| answer(Arc::clone(&source), req))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;
    use tower::ServiceExt;

    struct Map(HashMap<&'static str, &'static [u8]>);

    impl Source for Map {
        fn file(&self, path: &str) -> Option<File> {
            self.0.get(path).map(|b| File {
                bytes: Cow::Borrowed(*b),
                sha256: Sha256::digest(b).into(),
            })
        }

        fn paths(&self) -> Vec<String> {
            self.0.keys().map(|k| k.to_string()).collect()
        }
    }

    fn app() -> Router {
        routes(Arc::new(Map(HashMap::from([
            ("index.html", &b"<html>app</html>"[..]),
            ("index.html.gz", &b"GZ-INDEX"[..]),
            ("app-0123456789abcdef_bg.wasm", &b"\0asm"[..]),
            ("app-0123456789abcdef_bg.wasm.br", &b"BR-WASM"[..]),
            ("app-0123456789abcdef_bg.wasm.gz", &b"GZ-WASM"[..]),
        ]))))
    }

    async fn get(path: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut req = axum::http::Request::builder().uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = app()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = resp.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        (parts.status, parts.headers, bytes.to_vec())
    }

    #[test]
    fn accept_encoding_with_q_values() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(accepts("*", "br"));
        assert!(!accepts("", "gzip"));
    }

    #[tokio::test]
    async fn variants_routes_and_revalidation() {
        let wasm = "/app-0123456789abcdef_bg.wasm";
        let (s, h, b) = get(wasm, &[("accept-encoding", "gzip, br")]).await;
        assert_eq!((s, b.as_slice()), (StatusCode::OK, &b"BR-WASM"[..]));
        assert_eq!(h["content-encoding"], "br");
        assert_eq!(h["content-type"], "application/wasm");
        let (_, h, b) = get(wasm, &[("accept-encoding", "gzip")]).await;
        assert_eq!(
            (h["content-encoding"].to_str().unwrap(), b.as_slice()),
            ("gzip", &b"GZ-WASM"[..])
        );
        let (_, h, b) = get(wasm, &[]).await;
        assert!(h.get("content-encoding").is_none());
        assert_eq!(b, b"\0asm");
        let etag = h["etag"].to_str().unwrap().to_string();
        let (s, _, b) = get(wasm, &[("if-none-match", &etag)]).await;
        assert_eq!((s, b.len()), (StatusCode::NOT_MODIFIED, 0));

        let (s, h, b) = get("/batches/bat-1", &[("accept-encoding", "br")]).await;
        assert_eq!(
            (s, b.as_slice()),
            (StatusCode::OK, &b"<html>app</html>"[..])
        );
        assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
        let (_, h, _) = get("/", &[("accept-encoding", "gzip")]).await;
        assert_eq!(h["content-encoding"], "gzip");
        assert_eq!(get("/missing.js", &[]).await.0, StatusCode::NOT_FOUND);
        assert_eq!(get("/api/v2/nothing", &[]).await.0, StatusCode::NOT_FOUND);
    }
}
