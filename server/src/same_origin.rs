//! Cross-site `POST`s to `/api/` are refused.
//!
//! Cancel is the one call that changes anything, and a plain cross-site form
//! or `fetch` (`text/plain`, no preflight) would reach it with the server's
//! key. Browsers say where a request comes from: `Sec-Fetch-Site` (every
//! current browser) or, failing that, `Origin`. A POST is accepted only when
//! one of them says "this same origin"; a request saying neither (a script,
//! an old browser) is refused too, since nothing proves it is not forged.

use crate::detail::detail;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Whether `Origin`'s host and port are the request's own `Host`. The scheme
/// may be either: behind a TLS-terminating proxy this server sees plain HTTP
/// while the browser's origin is `https://`.
fn origin_is_own(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return false,
    };
    let authority = authority.strip_suffix(default_port).unwrap_or(authority);
    let host = host.strip_suffix(default_port).unwrap_or(host);
    !authority.contains('/') && authority.eq_ignore_ascii_case(host)
}

/// Whether the browser says this request comes from this origin.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin_is_own(origin, host),
        _ => false,
    }
}

/// Whether the browser says this request comes from another site:
/// `Sec-Fetch-Site` other than `same-origin` or `none` (typed by the user),
/// or else an `Origin` that is not the request's own. A request saying
/// neither is not from a browser page (browsers send one on every POST).
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site")) {
        return site != "same-origin" && site != "none";
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => !origin_is_own(origin, host),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Middleware for the `/__test/` routes (only with `--test-faults`): a
/// request other than GET or HEAD that a browser says comes from another
/// site is refused with 403, so no page a tester visits can queue faults
/// or finish batches. Test harnesses (no `Origin`, no `Sec-Fetch-Site`)
/// still get through.
pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    if safe || !is_cross_site(req.headers()) {
        return next.run(req).await;
    }
    detail(
        StatusCode::FORBIDDEN,
        "This test control request came from another site's page, so it was refused",
    )
}

/// Middleware: a request to `/api/` with any method but GET or HEAD must be
/// same-origin, or it is refused with 403 before it goes further.
pub async fn require(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD);
    if safe || !req.uri().path().starts_with("/api/") || is_same_origin(req.headers()) {
        return next.run(req).await;
    }
    detail(
        StatusCode::FORBIDDEN,
        "This request did not come from the dashboard's own page (its Origin or \
         Sec-Fetch-Site names another site, or neither was sent), so it was refused. \
         Use the dashboard itself to cancel a batch",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        for other in ["same-site", "cross-site", "none"] {
            let h = headers(&[
                ("sec-fetch-site", other),
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080"),
            ]);
            assert!(!is_same_origin(&h), "{other}");
        }
    }

    #[test]
    fn origin_must_be_the_requests_own() {
        let with = |origin| headers(&[("origin", origin), ("host", "dash.example:8080")]);
        assert!(is_same_origin(&with("http://dash.example:8080")));
        assert!(is_same_origin(&with("https://DASH.example:8080")));
        assert!(!is_same_origin(&with("https://evil.example")));
        assert!(!is_same_origin(&with("http://dash.example:8081")));
        assert!(!is_same_origin(&with("null")));
        assert!(!is_same_origin(&with("ftp://dash.example:8080")));
        let default_port = headers(&[("origin", "https://dash.example"), ("host", "dash.example")]);
        assert!(is_same_origin(&default_port));
        assert!(!is_same_origin(&headers(&[("host", "dash.example")])));
    }
}
