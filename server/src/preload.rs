//! The list's first request, named in the page itself, so the browser can
//! start it while the app's wasm still downloads and compiles.
//!
//! For the list's address (`/`, any query) the served `index.html` gets a
//! `<meta name="batches-first-list" content="/api/v2/batches?…" data-now="…">`
//! computed with the app's own code ([`filters::parse`], then
//! [`filters::list_request_path`]) at this server's clock, which `data-now`
//! carries (milliseconds since the epoch) so a `created_within` view resolves
//! to the same bounds in the browser. The fixed inline script in
//! `index.html` (hashed into the CSP at build time) starts that request, and
//! the app adopts it only when its own view gives the same path at that
//! instant: one list request per load either way. Without this server (static
//! hosting) there is no meta, and the app fetches as before.

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use batches_core::filters;
use batches_core::route::Page;
use batches_core::time::Instant;
use std::time::{SystemTime, UNIX_EPOCH};

/// `index.html` is about 2 KB; anything larger is not the page this expects.
const MAX_PAGE_BYTES: usize = 256 * 1024;

/// Middleware around the static files: writes the first list request into
/// the list page. The page is asked for uncompressed and without validators
/// (it differs per query and per instant, so a `304` would replay an old
/// instant); the outer compression layer compresses the result.
pub async fn announce_first_list(mut req: Request, next: Next) -> Response {
    let is_list_page = req.method() == Method::GET && Page::of(req.uri().path()) == Page::List;
    if !is_list_page {
        return next.run(req).await;
    }
    let query = req.uri().query().unwrap_or_default().to_owned();
    let headers = req.headers_mut();
    for name in [
        header::ACCEPT_ENCODING,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
    ] {
        headers.remove(name);
    }
    let resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if resp.status() != StatusCode::OK
        || !is_html
        || resp.headers().contains_key(header::CONTENT_ENCODING)
    {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .body(Body::from(
                "The dashboard's index.html could not be read.\n",
            ))
            .unwrap_or_default();
    };
    let page = String::from_utf8_lossy(&bytes);
    let out = with_first_list(&page, &query, now());
    for name in [header::CONTENT_LENGTH, header::ETAG, header::LAST_MODIFIED] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::from(out))
}

fn now() -> Instant {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    Instant(ms)
}

/// The list page `html` with the meta naming the first list request of the
/// view `query` (the address's query, without `?`) at `now`, placed first in
/// `<head>`. A page without `<head>` is returned as it is.
pub fn with_first_list(html: &str, query: &str, now: Instant) -> String {
    let Some(at) = html.find("<head>").map(|i| i + "<head>".len()) else {
        return html.to_owned();
    };
    let view = filters::parse(query).filters;
    let path = filters::list_request_path(&view, now);
    let meta = format!(
        r#"<meta name="batches-first-list" content="{}" data-now="{}">"#,
        escape_attribute(&path),
        now.0
    );
    format!("{}{meta}{}", &html[..at], &html[at..])
}

/// The path is built from encoded query values, but `&` must still be
/// written as `&amp;` in an attribute, and nothing may close the attribute.
fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>";
    // 2026-11-29T12:00:00Z
    const NOON: Instant = Instant(1_795_953_600_000);

    fn meta_of(html: &str) -> &str {
        let start = html
            .find("<meta name=\"batches-first-list\"")
            .expect("meta written");
        let end = start + html[start..].find('>').unwrap() + 1;
        &html[start..end]
    }

    #[test]
    fn the_meta_names_the_request_the_app_makes_for_the_view() {
        let html = with_first_list(PAGE, "status=FAILED&page_size=50", NOON);
        assert_eq!(
            meta_of(&html),
            r#"<meta name="batches-first-list" content="/api/v2/batches?status=FAILED&amp;page_size=50" data-now="1795953600000">"#
        );
        assert!(html.starts_with("<!DOCTYPE html><html><head><meta name="));
        assert!(html.ends_with("<title>x</title></head><body></body></html>"));
    }

    #[test]
    fn a_relative_range_resolves_at_the_instant_the_page_carries() {
        let html = with_first_list(PAGE, "created_within=24h", NOON);
        assert_eq!(
            meta_of(&html),
            r#"<meta name="batches-first-list" content="/api/v2/batches?created_at_on_or_after=2026-11-28T12:00:00Z&amp;page_size=20" data-now="1795953600000">"#
        );
    }

    #[test]
    fn invalid_parameters_are_dropped_as_the_app_drops_them() {
        let html = with_first_list(PAGE, "status=NOPE&page_size=10", NOON);
        assert!(
            meta_of(&html).contains(r#"content="/api/v2/batches?page_size=10""#),
            "{html}"
        );
    }

    #[test]
    fn nothing_in_the_query_can_leave_the_attribute() {
        let html = with_first_list(PAGE, "project_id=%22%3E%3Cscript%3E", NOON);
        let meta = meta_of(&html);
        assert!(!meta.contains("<script"), "{meta}");
        assert_eq!(meta.matches('"').count(), 6, "{meta}");
    }

    #[test]
    fn a_page_without_head_is_left_alone() {
        assert_eq!(with_first_list("<p>hi</p>", "", NOON), "<p>hi</p>");
    }
}
