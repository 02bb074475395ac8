//! Talking to the API: typed requests, one error type, no view code.
//!
//! Every call goes to the page's own origin under `/api/`, where the
//! dashboard's server (or trunk's proxy) forwards it, because LlamaCloud
//! sends no CORS headers for other origins.

use crate::api_error::{self, ApiError};
use crate::filters::{self, Filters};
use crate::model::{Batch, BatchPage};
use gloo_net::http::Request;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use web_sys::AbortController;

/// A slot for one kind of request whose newest call wins: starting a request
/// aborts the one before it, so a slow answer for an old view neither
/// arrives late nor keeps a connection busy.
#[derive(Clone, Copy)]
pub struct LatestOnly(StoredValue<Option<AbortController>, LocalStorage>);

impl LatestOnly {
    pub fn new() -> Self {
        LatestOnly(StoredValue::new_local(None))
    }

    /// Aborts the request in flight, if any (e.g. when the page unmounts).
    pub fn abort(&self) {
        if let Some(Some(c)) = self.0.try_update_value(|slot| slot.take()) {
            c.abort();
        }
    }

    fn begin(&self) -> Option<web_sys::AbortSignal> {
        self.abort();
        let controller = AbortController::new().ok()?;
        let signal = controller.signal();
        self.0.set_value(Some(controller));
        Some(signal)
    }
}

impl Default for LatestOnly {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds the request from the exact path and query given. gloo-net's own
/// builder re-serialises the query (and appends a stray `&`), which would let
/// the request drift from the URL the view was parsed from.
fn request(
    method: &str,
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Request, ApiError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_signal(signal);
    let headers =
        web_sys::Headers::new().map_err(|_| ApiError::Network("cannot build headers".into()))?;
    let _ = headers.set("Accept", "application/json");
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(path, &init)
        .map(Request::from)
        .map_err(|e| ApiError::Network(format!("cannot build the request: {e:?}")))
}

async fn get_json<T: DeserializeOwned>(
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<T, ApiError> {
    let resp = request("GET", path, signal)?
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = resp.status();
    let body = resp
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if !(200..300).contains(&status) {
        let headers = resp.headers();
        let retry = api_error::retry_after_ms(
            headers.get("retry-after").as_deref(),
            headers.get("retry-after-ms").as_deref(),
        );
        return Err(ApiError::from_response(status, &body, retry));
    }
    serde_json::from_str(&body).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// One page of batches for a view.
pub async fn list_batches(f: &Filters, slot: LatestOnly) -> Result<BatchPage, ApiError> {
    let signal = slot.begin();
    get_json(&filters::list_request_path(f), signal.as_ref()).await
}

/// A batch with its per-file results (`expand=results`).
pub async fn batch_with_results(id: &str) -> Result<Batch, ApiError> {
    let path = format!(
        "/api/v2/batches/{}?expand=results",
        crate::query::encode(id)
    );
    get_json(&path, None).await
}
