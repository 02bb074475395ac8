//! Test-only fault injection and request log, off unless `--test-faults`.
//!
//! Browser tests must show what the dashboard does when the API is slow,
//! rate limited, broken or lying; a real account cannot be made to do that
//! on demand. `POST /__test/faults` queues a fault for the next matching
//! `/api/` requests; `GET /__test/requests` lists what the API was asked, so a
//! test can assert exactly which requests a page made.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One queued fault. A fault with no `status` only delays, then lets the
/// request through to the real handler.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Fault {
    /// Applies to requests whose path starts with this (default: any `/api/`).
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Applies only to this exact path: `/api/v2/parse` (the job list)
    /// without `/api/v2/parse/{id}`, which a prefix would also match.
    #[serde(default)]
    pub path: Option<String>,
    /// Applies only when the raw query contains this text.
    #[serde(default)]
    pub query_contains: Option<String>,
    /// Applies only when the query has each of these parameters with exactly
    /// this raw (still percent-encoded) value: a test that means the list's
    /// `page_size=10` must not also catch the chart's `page_size=1000`.
    #[serde(default)]
    pub query_params: BTreeMap<String, String>,
    /// How many matching requests it affects.
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub delay_ms: u64,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

fn one() -> u32 {
    1
}

/// A request as the API saw it.
#[derive(Clone, Debug, Serialize)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorization: bool,
}

/// Queued faults and the request log.
#[derive(Default)]
pub struct Faults {
    queue: Mutex<Vec<Fault>>,
    seen: Mutex<Vec<Seen>>,
}

const LOG_CAP: usize = 20_000;

impl Faults {
    fn take(&self, path: &str, query: &str) -> Option<Fault> {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let i = q.iter().position(|f| {
            f.path_prefix.as_deref().is_none_or(|p| path.starts_with(p))
                && f.path.as_deref().is_none_or(|p| path == p)
                && f.query_contains
                    .as_deref()
                    .is_none_or(|s| query.contains(s))
                && f.query_params.iter().all(|(k, v)| has_param(query, k, v))
        })?;
        let f = q[i].clone();
        if q[i].count <= 1 {
            q.remove(i);
        } else {
            q[i].count -= 1;
        }
        Some(f)
    }
}

/// Whether the raw query holds `key=value` as one of its pairs.
fn has_param(query: &str, key: &str, value: &str) -> bool {
    query
        .split('&')
        .any(|pair| pair.split_once('=').unwrap_or((pair, "")) == (key, value))
}

/// The `/__test/` control routes.
pub fn routes(faults: Arc<Faults>) -> Router {
    Router::new()
        .route(
            "/__test/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__test/requests", get(list_seen).delete(clear_seen))
        .with_state(faults)
}

async fn list_faults(State(f): State<Arc<Faults>>) -> Json<Vec<Fault>> {
    Json(f.queue.lock().unwrap_or_else(|e| e.into_inner()).clone())
}

async fn add_fault(State(f): State<Arc<Faults>>, Json(fault): Json<Fault>) -> StatusCode {
    f.queue
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(fault);
    StatusCode::NO_CONTENT
}

async fn clear_faults(State(f): State<Arc<Faults>>) -> StatusCode {
    f.queue.lock().unwrap_or_else(|e| e.into_inner()).clear();
    StatusCode::NO_CONTENT
}

async fn list_seen(State(f): State<Arc<Faults>>) -> Json<Vec<Seen>> {
    Json(f.seen.lock().unwrap_or_else(|e| e.into_inner()).clone())
}

async fn clear_seen(State(f): State<Arc<Faults>>) -> StatusCode {
    f.seen.lock().unwrap_or_else(|e| e.into_inner()).clear();
    StatusCode::NO_CONTENT
}

/// Middleware on `/api/`: logs the request, then applies a matching fault.
pub async fn inject(State(faults): State<Arc<Faults>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if !path.starts_with("/api/") {
        return next.run(req).await;
    }
    let query = req.uri().query().unwrap_or("").to_string();
    {
        let mut seen = faults.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.len() < LOG_CAP {
            seen.push(Seen {
                method: req.method().to_string(),
                path: path.clone(),
                query: query.clone(),
                authorization: req.headers().contains_key("authorization"),
            });
        }
    }
    let Some(fault) = faults.take(&path, &query) else {
        return next.run(req).await;
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    let Some(status) = fault.status else {
        return next.run(req).await;
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (status, Body::from(fault.body.unwrap_or_default())).into_response();
    let content_type = fault
        .content_type
        .unwrap_or_else(|| "application/json".into());
    let headers = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        headers.insert("content-type", v);
    }
    for (k, v) in fault.headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            headers.insert(k, v);
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(fault: serde_json::Value) -> Faults {
        let faults = Faults::default();
        faults
            .queue
            .lock()
            .unwrap()
            .push(serde_json::from_value(fault).unwrap());
        faults
    }

    #[test]
    fn query_params_match_whole_values_only() {
        let faults = queued(serde_json::json!({"query_params": {"page_size": "10"}, "count": 2}));
        let list = "/api/v2/batches";
        assert!(faults
            .take(list, "page_size=1000&created_at_on_or_after=x")
            .is_none());
        assert!(faults.take(list, "status=FAILED&page_size=10").is_some());
        assert!(faults.take(list, "page_size=10").is_some());
        assert!(faults.take(list, "page_size=10").is_none(), "count spent");
    }

    #[test]
    fn query_contains_is_a_substring_match() {
        let faults = queued(serde_json::json!({"query_contains": "page_size=10"}));
        assert!(faults.take("/api/v2/batches", "page_size=1000").is_some());
    }
}
