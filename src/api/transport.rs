//! One request path for every call: the exact URL, the key header, a
//! timeout and abort per attempt, and retries as [`batches_core::retry`] says.
//!
//! Every call goes to the page's own origin under `/api/`, where the
//! dashboard's server (or trunk's proxy) forwards it, because LlamaCloud
//! sends no CORS headers for other origins.

use super::latest::{CancelToken, LatestOnly};
use crate::browser::early_list::{Answer, Started};
use crate::browser::timers::sleep;
use crate::key_store;
use batches_core::api_error::{self, ApiError};
use batches_core::retry::{self, RetryNotice};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

/// How long one attempt may take before it counts as failed.
pub const TIMEOUT_SECS: u32 = 30;

/// Builds the request from the exact path and query given (no URL builder
/// that could re-serialise the query and let the request drift from the URL
/// the view was parsed from).
fn request(
    method: &str,
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<web_sys::Request, ApiError> {
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
        .map_err(|_| ApiError::Network("the browser could not build the request".into()))
}

/// What a rejected `fetch()` or body read says: `TypeError: Failed to fetch`.
fn network_error(e: wasm_bindgen::JsValue) -> ApiError {
    let field = |name: &str| {
        js_sys::Reflect::get(&e, &name.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    ApiError::Network(match (field("name"), field("message")) {
        (Some(name), Some(message)) => format!("{name}: {message}"),
        _ => "the request failed".into(),
    })
}

/// Awaits a promise the browser settles with a value of type `T`.
async fn settle<T: JsCast>(p: js_sys::Promise) -> Result<T, ApiError> {
    wasm_bindgen_futures::JsFuture::from(p)
        .await
        .map(JsCast::unchecked_into)
        .map_err(network_error)
}

/// Sends one request (or takes the answer of `started`, the same request
/// already sent) and returns the body of a 2xx answer; any other status
/// becomes an [`ApiError`] carrying the server's detail and `Retry-After`.
async fn fetch_text(
    method: &str,
    path: &str,
    signal: Option<&web_sys::AbortSignal>,
    started: Option<Answer>,
) -> Result<String, ApiError> {
    // Error texts from the browser name the URL at most, never headers, so
    // they cannot carry the key.
    let (sent, body) = match started {
        Some(a) => (a.response, Some(a.body)),
        None => (
            crate::browser::fetch(&request(method, path, signal)?).ok_or_else(|| {
                ApiError::Network("the browser could not send the request".into())
            })?,
            None,
        ),
    };
    let resp: web_sys::Response = settle(sent).await?;
    let status = resp.status();
    // Bytes, not `text()`: a JS string would be decoded from UTF-8 only to be
    // encoded back into wasm memory (~50 ms for a 1,000-batch page).
    let body = match body {
        Some(b) => b,
        None => resp.array_buffer().map_err(network_error)?,
    };
    let bytes: js_sys::ArrayBuffer = settle(body).await?;
    let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
    let body = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if !(200..300).contains(&status) {
        let headers = resp.headers();
        let header = |name: &str| headers.get(name).ok().flatten();
        let retry = api_error::retry_after_ms(
            header("retry-after").as_deref(),
            header("retry-after-ms").as_deref(),
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
    started: Option<Answer>,
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
    let result = fetch_text(method, path, signal.as_ref(), started).await;
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
pub(super) async fn attempt<T: DeserializeOwned>(
    path: &str,
    controller: Option<&AbortController>,
) -> Result<T, ApiError> {
    attempt_started(path, controller, None).await
}

async fn attempt_started<T: DeserializeOwned>(
    path: &str,
    controller: Option<&AbortController>,
    started: Option<Answer>,
) -> Result<T, ApiError> {
    let body = attempt_text("GET", path, controller, started).await?;
    serde_json::from_str(&body).map_err(|e| ApiError::Malformed(e.to_string()))
}

/// What may cut a GET short.
pub(super) enum Cancel<'a> {
    Never,
    /// A newer call on the slot, or `supersede` with another label than this one.
    Slot(LatestOnly, &'a str),
    /// The token's `cancel()`.
    Token(&'a CancelToken),
}

/// GETs `path`, retrying rate limits and server errors; `on_retry` hears of
/// each pending retry and `None` when the request settles.
pub(super) async fn get_json<T: DeserializeOwned>(
    path: &str,
    cancel: Cancel<'_>,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<T, ApiError> {
    get_json_started(path, cancel, on_retry, None).await
}

/// [`get_json`] whose first attempt is `started`, the same request the page
/// already sent (see [`crate::browser::early_list`]); retries send their own.
pub(super) async fn get_json_started<T: DeserializeOwned>(
    path: &str,
    cancel: Cancel<'_>,
    on_retry: impl Fn(Option<RetryNotice>),
    mut started: Option<Started>,
) -> Result<T, ApiError> {
    let generation = match &cancel {
        Cancel::Slot(s, what) => s.begin(what),
        _ => 0,
    };
    let superseded = || match &cancel {
        Cancel::Never => false,
        Cancel::Slot(s, _) => !s.is_current(generation),
        Cancel::Token(t) => t.is_cancelled(),
    };
    let track = |c: &Option<AbortController>| match (&cancel, c) {
        (Cancel::Slot(s, _), Some(c)) => s.track(c),
        (Cancel::Token(t), Some(c)) => t.track(c),
        _ => {}
    };
    let mut retries = 0;
    loop {
        if superseded() {
            return Err(ApiError::Cancelled);
        }
        let (controller, answer) = match started.take() {
            Some(e) => (Some(e.abort), Some(e.answer)),
            None => (AbortController::new().ok(), None),
        };
        track(&controller);
        let result = attempt_started(path, controller.as_ref(), answer).await;
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
        track(&waiting);
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

/// POSTs to `path` (no body) once, with the same headers, key and timeout as
/// a read. Never retried automatically: a POST changes something, and a
/// person decides whether to try again. The answer body is returned as text.
pub(super) async fn post(path: &str) -> Result<String, ApiError> {
    let controller = AbortController::new().ok();
    attempt_text("POST", path, controller.as_ref(), None).await
}
