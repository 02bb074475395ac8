//! Which headers cross the proxy, each way.
//!
//! Allow-lists rather than deny-lists: a header nobody thought of (a cookie
//! under a new name, a tracing header carrying a session) stays on its side.
//! Hop-by-hop headers (`connection`, `keep-alive`, `proxy-*`, `te`,
//! `trailer`, `transfer-encoding`, `upgrade`) are in neither list, and a
//! header the sender names in `Connection` is hop-by-hop for that hop, so it
//! is dropped even when it is on a list. Cookies go neither way: the
//! dashboard has no use for LlamaCloud's, and the browser's are this
//! origin's, not LlamaCloud's.

use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// What the browser may tell LlamaCloud: content negotiation, its own key.
const FROM_BROWSER: [HeaderName; 5] = [
    header::ACCEPT,
    header::ACCEPT_LANGUAGE,
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::USER_AGENT,
];

/// What the browser needs from LlamaCloud's answer: how to read it (its
/// encoding goes with the body, which is relayed as is), how long to wait
/// before retrying a 429, and the id to quote to support.
const FROM_UPSTREAM: [HeaderName; 7] = [
    header::CONTENT_TYPE,
    header::CONTENT_ENCODING,
    header::VARY,
    header::CACHE_CONTROL,
    header::RETRY_AFTER,
    HeaderName::from_static("retry-after-ms"),
    HeaderName::from_static("x-request-id"),
];

/// Header names listed in `Connection` (any number of headers,
/// comma-separated). Most requests carry none, and then nothing is allocated:
/// this runs twice per proxied request.
fn named_in_connection(headers: &HeaderMap) -> Vec<HeaderName> {
    let mut values = headers.get_all(header::CONNECTION).iter().peekable();
    if values.peek().is_none() {
        return Vec::new();
    }
    values
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect()
}

/// Copies every value of each allowed header that `Connection` does not name.
fn copy_allowed(from: &HeaderMap, allowed: &[HeaderName]) -> HeaderMap {
    let hop = named_in_connection(from);
    let mut out = HeaderMap::with_capacity(allowed.len());
    for name in allowed {
        if hop.contains(name) {
            continue;
        }
        for value in from.get_all(name) {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// The headers sent upstream. The browser's own `Authorization` (a personal
/// key) wins; without one, `server_key` is sent, so a team can share the
/// dashboard without sharing the key.
pub fn to_upstream(from_browser: &HeaderMap, server_key: Option<&HeaderValue>) -> HeaderMap {
    let mut out = copy_allowed(from_browser, &FROM_BROWSER);
    if let Some(key) = server_key {
        if !out.contains_key(header::AUTHORIZATION) {
            out.insert(header::AUTHORIZATION, key.clone());
        }
    }
    out
}

/// The headers of LlamaCloud's answer that reach the browser.
pub fn to_browser(from_upstream: &HeaderMap) -> HeaderMap {
    copy_allowed(from_upstream, &FROM_UPSTREAM)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        m
    }

    #[test]
    fn upstream_gets_only_the_allow_list_and_a_key() {
        let key = HeaderValue::from_static("Bearer server");
        let out = to_upstream(
            &map(&[
                ("accept", "application/json"),
                ("cookie", "session=1"),
                ("connection", "keep-alive, accept-language"),
                ("accept-language", "fr"),
                ("keep-alive", "timeout=5"),
                ("te", "trailers"),
                ("proxy-authorization", "Basic eA=="),
                ("x-forwarded-for", "10.0.0.1"),
            ]),
            Some(&key),
        );
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out["accept"], "application/json");
        assert_eq!(out["authorization"], "Bearer server");
    }

    #[test]
    fn the_browsers_key_wins() {
        let key = HeaderValue::from_static("Bearer server");
        let out = to_upstream(&map(&[("authorization", "Bearer mine")]), Some(&key));
        assert_eq!(out["authorization"], "Bearer mine");
        let out = to_upstream(&map(&[]), None);
        assert!(out.is_empty());
    }

    #[test]
    fn browser_gets_only_the_allow_list() {
        let out = to_browser(&map(&[
            ("content-type", "application/json"),
            ("set-cookie", "a=b"),
            ("retry-after", "3"),
            ("retry-after-ms", "3000"),
            ("x-request-id", "r1"),
            ("connection", "x-request-id"),
            ("transfer-encoding", "chunked"),
            ("server", "uvicorn"),
        ]));
        let names: Vec<_> = out.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["content-type", "retry-after", "retry-after-ms"]);
    }
}
