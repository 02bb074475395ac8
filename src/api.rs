//! Talking to the API: typed requests, one error type, no view code.
//!
//! Every call goes to the page's own origin under `/api/`, where the
//! dashboard's server (or trunk's proxy) forwards it, because LlamaCloud
//! sends no CORS headers for other origins. Each attempt times out after
//! [`TIMEOUT_SECS`]; rate limits and server errors are retried as
//! [`batches_core::retry`] says, and the caller is told while a retry is pending.

use crate::browser;
use crate::key_store;
use batches_core::api_error;
pub use batches_core::api_error::ApiError;
use batches_core::filters::{self, Filters};
use batches_core::model::{Batch, BatchPage, BatchStatus};
use batches_core::retry;
use gloo_net::http::Request;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use web_sys::AbortController;

/// How long one attempt may take before it counts as failed.
pub const TIMEOUT_SECS: u32 = 30;

/// A retry that is waiting: what failed, which retry is next, and how long
/// until it starts. The page shows it ("retrying in 2 s…").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    pub error: ApiError,
    /// 1 for the first retry.
    pub retry: u32,
    pub wait_ms: u64,
}

/// A slot for one kind of request whose newest call wins. Leptos runs a
/// resource's fetches one after another, so a view change must cut the old
/// fetch short for the new one to start: [`LatestOnly::supersede`] aborts
/// the request (or the retry wait) in flight unless it is for the view now
/// wanted, and the old fetch then ends at once as [`ApiError::Cancelled`].
#[derive(Clone, Copy)]
pub struct LatestOnly {
    current: StoredValue<Option<AbortController>, LocalStorage>,
    /// What the request in flight is for, and its generation.
    for_what: StoredValue<(u64, String)>,
}

impl LatestOnly {
    pub fn new() -> Self {
        LatestOnly {
            current: StoredValue::new_local(None),
            for_what: StoredValue::new((0, String::new())),
        }
    }

    /// Cancels whatever this slot is doing (e.g. when the page unmounts).
    pub fn abort(&self) {
        let _ = self.for_what.try_update_value(|(g, _)| *g += 1);
        if let Some(Some(c)) = self.current.try_update_value(|slot| slot.take()) {
            c.abort();
        }
    }

    /// Cancels the request in flight if it is for anything but `wanted`.
    pub fn supersede(&self, wanted: &str) {
        if self
            .for_what
            .try_with_value(|(_, what)| what != wanted)
            .unwrap_or(false)
        {
            self.abort();
        }
    }

    fn begin(&self, what: &str) -> u64 {
        self.abort();
        self.for_what
            .try_update_value(|(g, w)| {
                *w = what.to_string();
                *g
            })
            .unwrap_or(0)
    }

    fn is_current(&self, generation: u64) -> bool {
        self.for_what.try_with_value(|(g, _)| *g) == Some(generation)
    }

    fn track(&self, controller: &AbortController) {
        let _ = self
            .current
            .try_update_value(|slot| *slot = Some(controller.clone()));
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
    let headers = web_sys::Headers::new()
        .map_err(|_| ApiError::Network("the browser could not build the request".into()))?;
    let _ = headers.set("Accept", "application/json");
    if let Some(key) = key_store::load() {
        let _ = headers.set("Authorization", &format!("Bearer {key}"));
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(path, &init)
        .map(Request::from)
        .map_err(|_| ApiError::Network("the browser could not build the request".into()))
}

/// Sends one request and returns the body of a 2xx answer; any other status
/// becomes an [`ApiError`] carrying the server's detail and `Retry-After`.
async fn fetch_text(
    method: &str,
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<String, ApiError> {
    // Error texts from the browser name the URL at most, never headers, so
    // they cannot carry the key.
    let resp = request(method, path, signal)?
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
    Ok(body)
}

/// One attempt of any method, aborted after [`TIMEOUT_SECS`].
async fn attempt_text(
    method: &str,
    path: &str,
    controller: Option<&AbortController>,
) -> Result<String, ApiError> {
    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.and_then(|c| {
        let c = c.clone();
        let flag = Rc::clone(&timed_out);
        set_timeout_with_handle(
            move || {
                flag.set(true);
                c.abort();
            },
            Duration::from_secs(TIMEOUT_SECS as u64),
        )
        .ok()
    });
    let signal = controller.map(AbortController::signal);
    let result = fetch_text(method, path, signal.as_ref()).await;
    if let Some(t) = timer {
        t.clear();
    }
    if timed_out.get() {
        return Err(ApiError::Timeout {
            seconds: TIMEOUT_SECS,
        });
    }
    if signal.is_some_and(|s| s.aborted()) {
        return Err(ApiError::Cancelled);
    }
    result
}

/// One GET attempt whose 2xx body must be the JSON the contract describes.
async fn attempt<T: DeserializeOwned>(
    path: &str,
    controller: Option<&AbortController>,
) -> Result<T, ApiError> {
    let body = attempt_text("GET", path, controller).await?;
    serde_json::from_str(&body).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// Waits `ms`, or less if `signal` aborts first.
async fn sleep(ms: u64, signal: Option<&web_sys::AbortSignal>) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u64) as i32,
            );
        }
        if let Some(s) = signal {
            let _ = s.add_event_listener_with_callback("abort", &resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// GETs `path`, retrying rate limits and server errors; `on_retry` hears of
/// each pending retry and `None` when the request settles.
async fn get_json<T: DeserializeOwned>(
    path: &str,
    slot: Option<(LatestOnly, &str)>,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<T, ApiError> {
    let generation = slot.map(|(s, what)| s.begin(what));
    let slot = slot.map(|(s, _)| s);
    let superseded = || matches!((slot, generation), (Some(s), Some(g)) if !s.is_current(g));
    let mut retries = 0;
    loop {
        let controller = AbortController::new().ok();
        if let (Some(s), Some(c)) = (slot, &controller) {
            s.track(c);
        }
        let result = attempt(path, controller.as_ref()).await;
        if superseded() {
            return Err(ApiError::Cancelled);
        }
        let error = match result {
            Ok(v) => {
                on_retry(None);
                return Ok(v);
            }
            Err(e) => e,
        };
        let Some(wait_ms) = retry::delay_before_retry(&error, retries, js_sys::Math::random())
        else {
            on_retry(None);
            return Err(error);
        };
        retries += 1;
        on_retry(Some(RetryNotice {
            error,
            retry: retries,
            wait_ms,
        }));
        let waiting = AbortController::new().ok();
        if let (Some(s), Some(c)) = (slot, &waiting) {
            s.track(c);
        }
        sleep(
            wait_ms,
            waiting.as_ref().map(AbortController::signal).as_ref(),
        )
        .await;
        if superseded() {
            return Err(ApiError::Cancelled);
        }
    }
}

/// One page of batches for a view, asked for as of now (so a relative range
/// means the last N hours before this very request). A newer call on the
/// same slot cancels it, and so does `slot.supersede(&to_query(other_view))`.
pub async fn list_batches(
    f: &Filters,
    slot: LatestOnly,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<BatchPage, ApiError> {
    let what = filters::to_query(f);
    let path = filters::list_request_path(f, browser::now());
    get_json(&path, Some((slot, &what)), on_retry).await
}

/// The view's page fetched again in the background: one attempt with the
/// usual timeout and no retries (the refresh loop has its own backoff).
pub async fn refresh_batches(f: &Filters) -> Result<BatchPage, ApiError> {
    let controller = AbortController::new().ok();
    attempt(
        &filters::list_request_path(f, browser::now()),
        controller.as_ref(),
    )
    .await
}

/// How many batches of each status a view has, from the API's `total_size`
/// on one-row pages: all requests in flight at once, all cancelled together
/// when `slot` is superseded. `None` where the API sent no total.
pub async fn count_by_status(
    f: &Filters,
    statuses: &[BatchStatus],
    slot: LatestOnly,
) -> Vec<Result<Option<u64>, ApiError>> {
    let what = filters::count_key(f);
    slot.begin(&what);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        slot.track(c);
    }
    let now = browser::now();
    let requests = statuses.iter().map(|s| {
        let path = filters::count_request_path(f, s, now);
        let controller = controller.clone();
        async move {
            attempt::<BatchPage>(&path, controller.as_ref())
                .await
                .map(|p| p.total_size.or((p.items.is_empty()).then_some(0)))
        }
    });
    futures::future::join_all(requests).await
}

/// A batch with its per-file results (`expand=results`).
pub async fn batch_with_results(
    id: &str,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<Batch, ApiError> {
    let path = format!(
        "/api/v2/batches/{}?expand=results",
        batches_core::query::encode(id)
    );
    get_json(&path, None, on_retry).await
}

/// One page of the batch list by the exact path given, retried like any
/// list request. An export builds every page's path itself (see
/// [`batches_core::export::BatchExport`]), so all its pages share one resolved
/// instant. `slot.abort()` cancels the request, or the wait before a retry,
/// and the call then ends as [`ApiError::Cancelled`].
pub async fn batch_page_at(
    path: &str,
    slot: LatestOnly,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<BatchPage, ApiError> {
    get_json(path, Some((slot, path)), on_retry).await
}

/// A batch with its per-file results for the detail page. A newer call on
/// the same slot (another batch's page) cancels it.
pub async fn batch_detail(
    id: &str,
    slot: LatestOnly,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<Batch, ApiError> {
    let path = format!(
        "/api/v2/batches/{}?expand=results",
        batches_core::query::encode(id)
    );
    get_json(&path, Some((slot, id)), on_retry).await
}

/// A file of a source directory, for its `display_name`. Retried like any
/// read; the caller decides what a failure means (the file id stays shown).
pub async fn directory_file(
    directory_id: &str,
    file_id: &str,
) -> Result<batches_core::model::DirectoryFile, ApiError> {
    let path = format!(
        "/api/v1/beta/directories/{}/files/{}",
        batches_core::query::encode(directory_id),
        batches_core::query::encode(file_id)
    );
    get_json(&path, None, |_| {}).await
}

/// What `GET /api/v2/parse/{id}` and `GET /api/v2/extract/{id}` say about a
/// job that matters on the batch page. Everything is optional: a job the API
/// describes differently still shows what it can.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct JobSummary {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub error_message: Option<String>,
}

/// A file's job, from the endpoint of its type: extract jobs from
/// `/api/v2/extract/`, everything else (parse, or no type given) from `/api/v2/parse/`.
pub async fn job_summary(
    job: &batches_core::model::JobReference,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<JobSummary, ApiError> {
    let kind = match job.job_type {
        Some(batches_core::model::JobType::ExtractV2) => "extract",
        _ => "parse",
    };
    let path = format!("/api/v2/{kind}/{}", batches_core::query::encode(&job.id));
    get_json(&path, None, on_retry).await
}

/// POSTs to `path` (no body) once, with the same headers, key and timeout as
/// a read. Never retried automatically: a POST changes something, and a
/// person decides whether to try again. The answer body is returned as text.
async fn post_json(path: &str) -> Result<String, ApiError> {
    let controller = AbortController::new().ok();
    attempt_text("POST", path, controller.as_ref()).await
}

/// Asks the API to cancel a batch. Any 2xx means it accepted; the answer's
/// body is not needed (the page refetches the batch to show its status).
/// 409 means the batch already finished; 403 that cancelling is not allowed.
pub async fn cancel_batch(id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v2/batches/{}/cancel", batches_core::query::encode(id));
    post_json(&path).await.map(|_| ())
}
