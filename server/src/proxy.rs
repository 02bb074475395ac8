//! Forwarding allow-listed `/api/` calls to LlamaCloud.
//!
//! LlamaCloud refuses browser requests from other origins, so the dashboard
//! calls its own origin and this server relays the call with the team's key.
//! Upstream statuses and JSON bodies pass through unchanged so the browser
//! shows LlamaCloud's real error; failures of the relay itself (timeout,
//! unreachable, oversized answer, an answer that is not JSON, every upstream
//! connection busy) come back as `{"detail": "…"}` with 504, 502 or 503,
//! which the dashboard already knows how to show.

use crate::allow_list::{Allowed, Endpoint};
use crate::bounded_connector::Bounded;
use crate::coalesce::{self, Coalescer, Source};
use crate::detail::detail;
use crate::header_filter;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A request body bigger than this is refused: the dashboard sends none.
const MAX_REQUEST_BODY: usize = 64 * 1024;

/// How long and how much the proxy waits for. A field rather than constants
/// so tests can make a timeout happen in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time to open the connection (DNS, TCP); a dead host fails fast.
    pub connect_timeout: Duration,
    /// Time for the whole exchange, body included.
    pub total_timeout: Duration,
    /// Largest answer relayed; the biggest real page is a few hundred KiB.
    pub max_body: usize,
    /// How long a successful GET answer serves identical requests
    /// (`--cache-ttl`); zero shares only requests under way.
    pub cache_ttl: Duration,
    /// Bytes of kept answers at most (`--cache-max-bytes`); the oldest go
    /// first.
    pub cache_max_bytes: usize,
    /// Upstream calls under way at most (`--upstream-connections`), so a
    /// flood cannot open a socket per request nor spend the team's rate
    /// limit at once.
    pub upstream_connections: usize,
    /// How long a call waits for one of those before it gets 503
    /// (`--upstream-queue-timeout`).
    pub queue_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect_timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(30),
            max_body: 16 * 1024 * 1024,
            cache_ttl: Duration::ZERO,
            cache_max_bytes: 64 * 1024 * 1024,
            upstream_connections: 64,
            queue_timeout: Duration::from_secs(10),
        }
    }
}

/// The upstream API: where it is, the key to use, and one pooled client
/// shared by every request so connections (and TLS sessions) are reused.
pub struct Upstream {
    client: Client<Bounded<HttpsConnector<HttpConnector>>, Full<Bytes>>,
    base: String,
    key: Option<HeaderValue>,
    limits: Limits,
    shared: Arc<Coalescer<Outcome>>,
    /// One permit per upstream call under way.
    calls: tokio::sync::Semaphore,
}

impl Upstream {
    /// A client for `base` (`https://host` or `http://host[/prefix]`, no
    /// trailing slash). `key` is the whole `Authorization` value to send when
    /// the browser sends none; mark it sensitive so no `Debug` prints it.
    pub fn new(base: &str, key: Option<HeaderValue>, limits: Limits) -> Self {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(limits.connect_timeout));
        // A request goes out in one write and the next waits for the answer,
        // so Nagle's algorithm only ever delays; LlamaCloud's side and the
        // browser's side (serve.rs) both run without it.
        http.set_nodelay(true);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .expect("ring supports rustls' default protocol versions")
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let calls = limits.upstream_connections.max(1);
        Upstream {
            client: Client::builder(TokioExecutor::new())
                .pool_max_idle_per_host(calls)
                .build(Bounded::new(https, calls)),
            base: base.to_string(),
            key,
            limits,
            shared: Coalescer::new(limits.cache_ttl, limits.cache_max_bytes, coalesce::MAX_KEPT),
            calls: tokio::sync::Semaphore::new(calls),
        }
    }
}

/// The `/api/` routes of proxy mode. Every request must carry [`Allowed`]
/// (the allow-list guard adds it); one without it never leaves the server.
pub fn routes(upstream: Arc<Upstream>) -> Router {
    Router::new()
        .route("/api/{*rest}", any(forward))
        .with_state(upstream)
}

/// Why the relay itself failed, as opposed to LlamaCloud answering an error.
#[derive(Clone, Debug)]
pub enum Failure {
    /// Every upstream connection stayed busy for the whole queue timeout.
    Busy,
    Timeout,
    Unreachable(String),
    TooLarge,
    Broken(String),
    /// The answer is not JSON (its type, or its text), or its gzip does
    /// not decode: relayed, it could be HTML on this origin or a body the
    /// browser cannot read.
    NotJson(String),
}

impl Failure {
    /// Logs the whole cause for the operator and answers the browser in
    /// words: the upstream's address and the OS's error text are the
    /// operator's business, not every visitor's.
    fn respond(self, up: &Upstream, endpoint: Endpoint) -> Response {
        let (status, msg) = match &self {
            Failure::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "This server already has {} calls to LlamaCloud under way and none \
                     finished within {} s; try again in a few seconds",
                    up.limits.upstream_connections,
                    up.limits.queue_timeout.as_secs_f32()
                ),
            ),
            Failure::Timeout => (
                StatusCode::GATEWAY_TIMEOUT,
                format!(
                    "LlamaCloud did not answer within {} s; try again in a moment",
                    up.limits.total_timeout.as_secs_f32()
                ),
            ),
            Failure::Unreachable(_) => (
                StatusCode::BAD_GATEWAY,
                "This server could not reach LlamaCloud; its operator will find \
                 the cause in the server's log"
                    .to_string(),
            ),
            Failure::TooLarge => (
                StatusCode::BAD_GATEWAY,
                format!(
                    "LlamaCloud's answer is larger than this server relays ({} MiB)",
                    up.limits.max_body / (1024 * 1024)
                ),
            ),
            Failure::Broken(_) => (
                StatusCode::BAD_GATEWAY,
                "The connection to LlamaCloud broke while reading its answer; try again"
                    .to_string(),
            ),
            Failure::NotJson(_) => (
                StatusCode::BAD_GATEWAY,
                "LlamaCloud answered with something other than JSON, which this server \
                 does not relay; try again, and if it persists, its operator will find \
                 the details in the server's log"
                    .to_string(),
            ),
        };
        let cause = match &self {
            Failure::Unreachable(why) | Failure::Broken(why) | Failure::NotJson(why) => {
                why.as_str()
            }
            Failure::Busy => "every upstream connection busy",
            Failure::Timeout => "timeout",
            Failure::TooLarge => "answer too large",
        };
        tracing::warn!(upstream = %up.base, ?endpoint, cause, "relay failed");
        let mut resp = detail(status, msg);
        if matches!(self, Failure::Busy) {
            resp.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_static(BUSY_RETRY_AFTER),
            );
        }
        resp
    }
}

/// An error and all its causes, for the log: "client error (Connect):
/// tcp connect error: Connection refused (os error 111)". Errors from the
/// client name the host at most, never a header, so this cannot carry the key.
fn full_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err;
    while let Some(next) = cause.source() {
        text.push_str(": ");
        text.push_str(&next.to_string());
        cause = next;
    }
    text
}

fn is_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        cause = e.source();
    }
    false
}

/// LlamaCloud's answer, whole: cheap to clone, so one answer can go to
/// every request that waited for it.
#[derive(Clone)]
pub struct UpstreamAnswer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl UpstreamAnswer {
    /// About the memory it holds: the body and the headers.
    fn size(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(n, v)| n.as_str().len() + v.len() + 32)
            .sum();
        self.body.len() + headers + 64
    }
}

/// An answer or why there is none; what coalesced requests share.
pub type Outcome = Result<UpstreamAnswer, Failure>;

/// Sends the request and reads the whole answer, within the size limit.
async fn exchange(up: &Upstream, req: axum::http::Request<Full<Bytes>>) -> Outcome {
    let resp = up.client.request(req).await.map_err(|e| {
        if is_timeout(&e) {
            Failure::Timeout
        } else {
            Failure::Unreachable(full_cause(&e))
        }
    })?;
    let (parts, body) = resp.into_parts();
    let body = Limited::new(body, up.limits.max_body)
        .collect()
        .await
        .map_err(|e| {
            if e.downcast_ref::<LengthLimitError>().is_some() {
                Failure::TooLarge
            } else {
                Failure::Broken(full_cause(e.as_ref()))
            }
        })?;
    let body = body.to_bytes();
    check_json(&parts.headers, &body, up.limits.max_body)?;
    Ok(UpstreamAnswer {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

/// Whether `value` (a `Content-Type`) names JSON: `application/json` or a
/// `+json` type, whatever its parameters.
fn is_json_type(value: &str) -> bool {
    let media = value.split(';').next().unwrap_or("").trim();
    media.eq_ignore_ascii_case("application/json")
        || media
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

/// Refuses an answer that is not JSON: a non-empty body whose type is not
/// JSON, whose text does not parse, or whose gzip does not decode (decoded
/// up to `max_body` bytes). Any other content coding is refused too: the
/// proxy asks for none.
fn check_json(headers: &HeaderMap, body: &Bytes, max_body: usize) -> Result<(), Failure> {
    if body.is_empty() {
        return Ok(());
    }
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let kind = text(header::CONTENT_TYPE).unwrap_or("");
    if !is_json_type(kind) {
        return Err(Failure::NotJson(format!("content-type {kind:?}")));
    }
    let decoded;
    let json: &[u8] = match text(header::CONTENT_ENCODING).map(str::trim) {
        None | Some("") => body,
        Some(c) if c.eq_ignore_ascii_case("identity") => body,
        Some(c) if c.eq_ignore_ascii_case("gzip") || c.eq_ignore_ascii_case("x-gzip") => {
            use std::io::Read;
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(&body[..])
                .take(max_body as u64 + 1)
                .read_to_end(&mut out)
                .map_err(|e| Failure::NotJson(format!("invalid gzip: {e}")))?;
            if out.len() > max_body {
                return Err(Failure::TooLarge);
            }
            decoded = out;
            &decoded
        }
        Some(other) => return Err(Failure::NotJson(format!("content-encoding {other:?}"))),
    };
    serde_json::from_slice::<serde::de::IgnoredAny>(json)
        .map(|_| ())
        .map_err(|e| Failure::NotJson(format!("invalid JSON: {e}")))
}

/// Seconds a client is told to wait after a 503 for want of a connection.
const BUSY_RETRY_AFTER: &str = "2";

/// One upstream exchange within the total timeout, timed for the metrics,
/// once one of the bounded upstream connections is free (waiting at most
/// the queue timeout). Dropping the future (every waiting client gone)
/// gives up its place in the queue or ends the call.
async fn timed_exchange(up: &Upstream, req: axum::http::Request<Full<Bytes>>) -> Outcome {
    let Ok(Ok(_permit)) = tokio::time::timeout(up.limits.queue_timeout, up.calls.acquire()).await
    else {
        return Err(Failure::Busy);
    };
    let started = Instant::now();
    let outcome = tokio::time::timeout(up.limits.total_timeout, exchange(up, req))
        .await
        .unwrap_or(Err(Failure::Timeout));
    crate::metrics::upstream_latency(started.elapsed());
    outcome
}

/// Whether reading a request body failed because the client stopped
/// sending it (the connection's body deadline, serve.rs).
fn body_timed_out(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// 408 in words, closing the connection: the rest of that body is not
/// worth waiting for, and the connection cannot carry another request
/// until it is read.
fn body_too_slow() -> Response {
    let mut resp = detail(
        StatusCode::REQUEST_TIMEOUT,
        "The request body stopped arriving before it was complete; send the request again",
    );
    resp.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// Whether the browser asked for an answer fresh from the origin:
/// `no-cache`, `no-store`, or `max-age=0` (what a reload sends).
fn wants_revalidation(headers: &HeaderMap) -> bool {
    [header::CACHE_CONTROL, header::PRAGMA].iter().any(|name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|d| {
                let d = d.trim();
                d.eq_ignore_ascii_case("no-cache")
                    || d.eq_ignore_ascii_case("no-store")
                    || d.eq_ignore_ascii_case("max-age=0")
            })
    })
}

async fn forward(
    State(up): State<Arc<Upstream>>,
    Extension(allowed): Extension<Allowed>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    if parts.headers.get_all(header::AUTHORIZATION).iter().count() > 1 {
        return detail(
            StatusCode::BAD_REQUEST,
            "This request carries more than one Authorization header; send one key",
        );
    }
    let body = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(body) => body,
        Err(e) if body_timed_out(&e) => return body_too_slow(),
        Err(_) => return detail(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large"),
    };
    // Only POST (cancel) has a meaning for a body; a GET's body would reach
    // an upstream that might read it, so it goes nowhere.
    let body = if parts.method == Method::POST {
        body
    } else {
        Bytes::new()
    };
    // The allow-list passed this exact path; the query goes on byte for byte.
    let path = parts.uri.path();
    let target = match parts.uri.query() {
        Some(q) => format!("{}{path}?{q}", up.base),
        None => format!("{}{path}", up.base),
    };
    let Ok(uri) = target.parse::<Uri>() else {
        return detail(
            StatusCode::BAD_REQUEST,
            "Cannot forward this request target",
        );
    };
    let headers = header_filter::to_upstream(&parts.headers, up.key.as_ref());
    let mut upstream_req = axum::http::Request::new(Full::new(body));
    *upstream_req.method_mut() = parts.method.clone();
    *upstream_req.uri_mut() = uri;

    let started = Instant::now();
    let (outcome, source) = if parts.method == Method::GET {
        // Everything that goes upstream is the identity, credentials included.
        let key = coalesce::key(
            [parts.method.as_str().as_bytes(), target.as_bytes()]
                .into_iter()
                .chain(
                    headers
                        .iter()
                        .flat_map(|(n, v)| [n.as_str().as_bytes(), v.as_bytes()]),
                ),
        );
        *upstream_req.headers_mut() = headers;
        let relay = Arc::clone(&up);
        let fetch = async move {
            let outcome = timed_exchange(&relay, upstream_req).await;
            let keep = match &outcome {
                Ok(a) if a.status.is_success() => Some(a.size()),
                _ => None,
            };
            (outcome, keep)
        };
        up.shared
            .get(key, wants_revalidation(&parts.headers), fetch)
            .await
    } else {
        // Cancel changes something: never shared, never kept.
        *upstream_req.headers_mut() = headers;
        (timed_exchange(&up, upstream_req).await, Source::Upstream)
    };
    crate::metrics::shared_answer(source);
    let resp = match outcome {
        Ok(answer) => {
            let mut resp = (answer.status, Body::from(answer.body)).into_response();
            *resp.headers_mut() = header_filter::to_browser(&answer.headers);
            resp
        }
        Err(failure) => failure.respond(&up, allowed.endpoint()),
    };
    // Beside the access line: which upstream call, and whether it was shared.
    tracing::debug!(
        method = %parts.method,
        path = %path,
        endpoint = ?allowed.endpoint(),
        status = resp.status().as_u16(),
        upstream_ms = started.elapsed().as_millis() as u64,
        shared = source.as_str(),
        "proxied"
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_types() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
        ] {
            assert!(is_json_type(ok), "{ok}");
        }
        for bad in ["text/html", "text/plain", "", "application/jsonp", "json"] {
            assert!(!is_json_type(bad), "{bad}");
        }
    }

    #[test]
    fn default_limits_are_the_documented_ones() {
        let l = Limits::default();
        assert_eq!(l.connect_timeout, Duration::from_secs(5));
        assert_eq!(l.total_timeout, Duration::from_secs(30));
        assert_eq!(l.max_body, 16 * 1024 * 1024);
    }
}
