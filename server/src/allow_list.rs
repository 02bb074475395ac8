//! Which `/api/` requests this server answers at all.
//!
//! The proxy holds a key that can do anything the LlamaCloud project can do,
//! so it must not be a general-purpose door into the API: only the calls the
//! dashboard makes get through, and only in one unambiguous spelling. A path
//! that an upstream or a proxy in between could read differently from us
//! (`..`, `%2F`, `//`, `\`, an absolute URL as the request target) is refused
//! outright rather than normalised, because "normalising" is exactly where
//! two parsers disagree. Demo mode goes through the same gate, so the demo
//! behaves like production.

use crate::detail::detail;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest id accepted; LlamaCloud ids are far shorter.
const MAX_ID_LEN: usize = 128;

/// The API calls the dashboard makes, and so the only ones forwarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    ListBatches,
    GetBatch,
    CancelBatch,
    GetDirectory,
    GetDirectoryFile,
    GetParseJob,
    GetExtractJob,
    /// Bulk job lookups (`?job_ids=…&job_ids=…`) for a batch's outcomes.
    ListParseJobs,
    ListExtractJobs,
}

impl Endpoint {
    /// The one method each call is made with.
    fn method(self) -> Method {
        match self {
            Endpoint::CancelBatch => Method::POST,
            _ => Method::GET,
        }
    }
}

/// Proof that a request passed [`check`]: only this module can make one, so
/// a handler that extracts it (the proxy does) cannot be reached by a request
/// that skipped the gate, even if the router is wired wrongly.
#[derive(Clone, Copy, Debug)]
pub struct Allowed(Endpoint);

impl Allowed {
    /// Which call was allowed.
    pub fn endpoint(self) -> Endpoint {
        self.0
    }
}

/// Why a request was refused; answers as `{"detail": "…"}`.
#[derive(Debug, PartialEq, Eq)]
pub struct Refusal {
    /// 403 for a suspicious spelling or a disabled call, 404 for a path that
    /// is not an allowed call, 405 for the wrong method.
    pub status: StatusCode,
    /// Said to the browser; fixed texts, so nothing from the request is echoed.
    pub reason: &'static str,
    /// The method the path does take, for a 405's `Allow` header.
    pub allow: Option<Method>,
}

impl Refusal {
    fn new(status: StatusCode, reason: &'static str) -> Self {
        Refusal {
            status,
            reason,
            allow: None,
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut resp = detail(self.status, self.reason);
        if let Some(m) = self.allow {
            if let Ok(v) = HeaderValue::from_str(m.as_str()) {
                resp.headers_mut().insert(header::ALLOW, v);
            }
        }
        resp
    }
}

/// An id as LlamaCloud makes them (`bat-…`, `dir-…`, `pjb-…`): letters,
/// digits, `-` and `_`, starting with a letter or digit. Anything else cannot
/// change the meaning of the path it sits in.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id.len() <= MAX_ID_LEN
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Refuses spellings of a path that another parser could read differently.
fn check_spelling(uri: &Uri) -> Result<(), Refusal> {
    let forbidden = |reason| Err(Refusal::new(StatusCode::FORBIDDEN, reason));
    if uri.scheme().is_some() || uri.authority().is_some() {
        return forbidden("Absolute URLs are not accepted as request targets");
    }
    let path = uri.path();
    if path.contains('\\') {
        return forbidden("Backslashes are not allowed in API paths");
    }
    if path.contains("//") {
        return forbidden("Empty path segments (//) are not allowed in API paths");
    }
    let lower = path.to_ascii_lowercase();
    if ["%2f", "%2e", "%5c"].iter().any(|enc| lower.contains(enc)) {
        return forbidden(
            "Percent-encoded slashes, dots and backslashes are not allowed in API paths",
        );
    }
    if path.split('/').any(|seg| seg == "." || seg == "..") {
        return forbidden("Dot segments (. and ..) are not allowed in API paths");
    }
    Ok(())
}

/// Which call a path is, if it is one of the allowed shapes with valid ids.
fn endpoint_of(path: &str) -> Result<Endpoint, Refusal> {
    let not_found = || {
        Refusal::new(
            StatusCode::NOT_FOUND,
            "Not an API path this server forwards",
        )
    };
    let rest = path.strip_prefix("/api/").ok_or_else(not_found)?;
    let segments: Vec<&str> = rest.split('/').collect();
    let (endpoint, ids): (Endpoint, &[&str]) = match segments.as_slice() {
        ["v2", "batches"] => (Endpoint::ListBatches, &[]),
        ["v2", "batches", id] => (Endpoint::GetBatch, &[*id][..]),
        ["v2", "batches", id, "cancel"] => (Endpoint::CancelBatch, &[*id][..]),
        ["v1", "beta", "directories", dir] => (Endpoint::GetDirectory, &[*dir][..]),
        ["v1", "beta", "directories", dir, "files", file] => {
            (Endpoint::GetDirectoryFile, &[*dir, *file][..])
        }
        ["v2", "parse"] => (Endpoint::ListParseJobs, &[]),
        ["v2", "extract"] => (Endpoint::ListExtractJobs, &[]),
        ["v2", "parse", id] => (Endpoint::GetParseJob, &[*id][..]),
        ["v2", "extract", id] => (Endpoint::GetExtractJob, &[*id][..]),
        _ => return Err(not_found()),
    };
    if !ids.iter().all(|id| is_valid_id(id)) {
        return Err(Refusal::new(
            StatusCode::NOT_FOUND,
            "Not an API path this server forwards: an id in it is malformed",
        ));
    }
    Ok(endpoint)
}

/// The `expand` values the dashboard asks a parse job for (its result
/// panel's Markdown and plain text; the job panel asks for none).
pub const PARSE_EXPAND_ALLOWED: [&str; 2] = ["markdown", "text"];

/// Refuses a query the dashboard never sends where the answer could be far
/// larger or other than what it shows: a parse job may be asked only for
/// `expand=markdown` and `expand=text` (images, items, presigned URLs stay
/// behind the key). Checked on the raw bytes, which pass on unchanged.
fn check_query(endpoint: Endpoint, query: Option<&str>) -> Result<(), Refusal> {
    if endpoint != Endpoint::GetParseJob {
        return Ok(());
    }
    let allowed = |pair: &str| {
        pair.strip_prefix("expand=")
            .is_some_and(|v| PARSE_EXPAND_ALLOWED.contains(&v))
    };
    if query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .all(allowed)
    {
        Ok(())
    } else {
        Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "A parse job is forwarded only with expand=markdown and expand=text",
        ))
    }
}

/// Decides whether `method uri` may be answered. `cancel_allowed` is off in
/// proxy mode unless the operator chose `--allow-cancel`: cancelling is the
/// one call that changes anything, so a read-only dashboard stays read-only.
pub fn check(method: &Method, uri: &Uri, cancel_allowed: bool) -> Result<Allowed, Refusal> {
    check_spelling(uri)?;
    let endpoint = endpoint_of(uri.path())?;
    check_query(endpoint, uri.query())?;
    if endpoint == Endpoint::CancelBatch && !cancel_allowed {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "Cancelling batches is disabled on this server (start it with --allow-cancel)",
        ));
    }
    if *method != endpoint.method() {
        return Err(Refusal {
            status: StatusCode::METHOD_NOT_ALLOWED,
            reason: "Method not allowed for this API path",
            allow: Some(endpoint.method()),
        });
    }
    Ok(Allowed(endpoint))
}

/// Middleware for the whole app: every request whose path starts with
/// `/api/` is checked, and either refused here or passed on carrying
/// [`Allowed`]. Other paths (the app, `/healthz`) pass untouched.
pub async fn guard(State(cancel_allowed): State<bool>, mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    match check(req.method(), req.uri(), cancel_allowed) {
        Ok(allowed) => {
            req.extensions_mut().insert(allowed);
            next.run(req).await
        }
        Err(refusal) => refusal.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    fn get(path: &str) -> Result<Endpoint, StatusCode> {
        check(&Method::GET, &uri(path), false)
            .map(Allowed::endpoint)
            .map_err(|r| r.status)
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("bat-0123abc"));
        assert!(is_valid_id("a"));
        assert!(is_valid_id(&"a".repeat(128)));
        assert!(!is_valid_id(&"a".repeat(129)));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-bat"));
        assert!(!is_valid_id("_bat"));
        assert!(!is_valid_id("bat.1"));
        assert!(!is_valid_id("bat%41"));
        assert!(!is_valid_id("bät"));
    }

    #[test]
    fn every_allowed_shape() {
        assert_eq!(get("/api/v2/batches"), Ok(Endpoint::ListBatches));
        assert_eq!(
            get("/api/v2/batches?status=FAILED"),
            Ok(Endpoint::ListBatches)
        );
        assert_eq!(get("/api/v2/batches/bat-1"), Ok(Endpoint::GetBatch));
        assert_eq!(
            get("/api/v1/beta/directories/dir-1"),
            Ok(Endpoint::GetDirectory)
        );
        assert_eq!(
            get("/api/v1/beta/directories/dir-1/files/dfl-2"),
            Ok(Endpoint::GetDirectoryFile)
        );
        assert_eq!(get("/api/v2/parse/pjb-1"), Ok(Endpoint::GetParseJob));
        assert_eq!(get("/api/v2/extract/ejb-1"), Ok(Endpoint::GetExtractJob));
        assert_eq!(
            get("/api/v2/parse?job_ids=pjb-1&job_ids=pjb-2&page_size=100"),
            Ok(Endpoint::ListParseJobs)
        );
        assert_eq!(get("/api/v2/extract"), Ok(Endpoint::ListExtractJobs));
        assert_eq!(get("/api/v2/parse/"), Err(StatusCode::NOT_FOUND));
        let cancel = uri("/api/v2/batches/bat-1/cancel");
        assert_eq!(
            check(&Method::POST, &cancel, true).map(Allowed::endpoint),
            Ok(Endpoint::CancelBatch)
        );
    }

    #[test]
    fn refusals() {
        for path in [
            "/api/v2/batches/..%2F..%2Fadmin",
            "/api/v2/batches/%2e%2e",
            "/api/v2/batches/%2E%2E",
            "/api/v2/batches/a%2Fb",
            "/api/v2/batches/a%5cb",
            "/api//v2/batches",
            "/api/v2/batches/../../admin",
            "/api/v2/./batches",
            "http://evil.example/api/v2/batches",
        ] {
            assert_eq!(get(path), Err(StatusCode::FORBIDDEN), "{path}");
        }
        for path in [
            "/api/v2/batches/",
            "/api/v2/files",
            "/api/v1/beta/directories/dir-1/files",
            "/api/v2/batches/bat-1/results",
            "/api/v2/batches/-x",
            "/api/v2/batches/a%41",
            "/api/",
        ] {
            assert_eq!(get(path), Err(StatusCode::NOT_FOUND), "{path}");
        }
    }

    #[test]
    fn a_parse_job_only_with_the_expands_the_dashboard_uses() {
        for ok in [
            "/api/v2/parse/pjb-1",
            "/api/v2/parse/pjb-1?expand=markdown",
            "/api/v2/parse/pjb-1?expand=markdown&expand=text",
            "/api/v2/parse/pjb-1?expand=text",
            "/api/v2/extract/ejb-1",
        ] {
            assert!(get(ok).is_ok(), "{ok}");
        }
        for refused in [
            "/api/v2/parse/pjb-1?expand=images_content_metadata",
            "/api/v2/parse/pjb-1?expand=markdown&expand=items",
            "/api/v2/parse/pjb-1?expand=MARKDOWN",
            "/api/v2/parse/pjb-1?expand=markdown%26expand%3Ditems",
            "/api/v2/parse/pjb-1?project_id=prj-1",
            "/api/v2/parse/pjb-1?expand",
        ] {
            assert_eq!(get(refused), Err(StatusCode::FORBIDDEN), "{refused}");
        }
        // The job lists keep their own query (job_ids, page_size, ...).
        assert!(get("/api/v2/parse?job_ids=pjb-1&expand=x").is_ok());
    }

    #[test]
    fn methods_and_cancel() {
        let list = uri("/api/v2/batches");
        let refusal = check(&Method::POST, &list, true).unwrap_err();
        assert_eq!(refusal.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(refusal.allow, Some(Method::GET));
        assert!(check(&Method::HEAD, &list, true).is_err());
        let cancel = uri("/api/v2/batches/bat-1/cancel");
        assert_eq!(
            check(&Method::POST, &cancel, false).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        let refusal = check(&Method::GET, &cancel, true).unwrap_err();
        assert_eq!(refusal.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(refusal.allow, Some(Method::POST));
    }
}
