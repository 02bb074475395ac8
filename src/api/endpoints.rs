//! The API calls the dashboard makes, one function each, all through
//! [`super::transport`].

use super::latest::CancelToken;
use super::latest::LatestOnly;
use super::transport::{attempt, get_json, get_json_started, post, Cancel};
use crate::browser;
use batches_core::api_error::ApiError;
use batches_core::filters::{self, Filters};
use batches_core::model::{Batch, BatchPage, BatchStatus, JobPage};
use batches_core::retry::RetryNotice;
use web_sys::AbortController;

/// One page of batches for a view, asked for as of now (so a relative range
/// means the last N hours before this very request). A newer call on the
/// same slot cancels it, and so does `slot.supersede(&to_query(other_view))`.
pub async fn list_batches(
    f: &Filters,
    slot: LatestOnly,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<BatchPage, ApiError> {
    let what = filters::to_query(f);
    // The page's first list request may already be on its way (started by
    // index.html before the wasm ran): adopted when it is this very request.
    if let Some(early) = browser::early_list::take(|at| filters::list_request_path(f, at)) {
        let path = early.path.clone();
        return get_json_started(&path, Cancel::Slot(slot, &what), on_retry, Some(early)).await;
    }
    let path = filters::list_request_path(f, browser::now());
    get_json(&path, Cancel::Slot(slot, &what), on_retry).await
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
    get_json(path, Cancel::Slot(slot, path), on_retry).await
}

/// A batch with its per-file results (`expand=results`), for its page or
/// an expanded list row. With a slot, a newer call on it (another batch's
/// page) cancels this one.
pub async fn batch_with_results(
    id: &str,
    slot: Option<LatestOnly>,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<Batch, ApiError> {
    let path = format!(
        "/api/v2/batches/{}?expand=results",
        batches_core::query::encode(id)
    );
    let cancel = match slot {
        Some(s) => Cancel::Slot(s, id),
        None => Cancel::Never,
    };
    get_json(&path, cancel, on_retry).await
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
    get_json(&path, Cancel::Never, |_| {}).await
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

/// `GET /api/v2/parse/{id}` wraps its job (`{"job": {...}, ...}`, the SDK's
/// `ParsingGetResponse`); the extract endpoint answers the job itself.
#[derive(serde::Deserialize)]
struct WrappedJob {
    job: JobSummary,
}

/// A file's job, from the endpoint of its type: extract jobs from
/// `/api/v2/extract/` (flat), everything else (parse, or no type given)
/// from `/api/v2/parse/` (wrapped in `job`).
pub async fn job_summary(
    job: &batches_core::model::JobReference,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<JobSummary, ApiError> {
    let id = batches_core::query::encode(&job.id);
    match job.job_type {
        Some(batches_core::model::JobType::ExtractV2) => {
            let path = format!("/api/v2/extract/{id}");
            get_json(&path, Cancel::Never, on_retry).await
        }
        _ => {
            let path = format!("/api/v2/parse/{id}");
            let wrapped: WrappedJob = get_json(&path, Cancel::Never, on_retry).await?;
            Ok(wrapped.job)
        }
    }
}

/// Asks the API to cancel a batch. Any 2xx means it accepted; the answer's
/// body is not needed (the page refetches the batch to show its status).
/// 409 means the batch already finished; 403 that cancelling is not allowed.
pub async fn cancel_batch(id: &str) -> Result<(), ApiError> {
    let path = format!("/api/v2/batches/{}/cancel", batches_core::query::encode(id));
    post(&path).await.map(|_| ())
}

/// One page of a bulk job lookup (`GET /api/v2/parse?job_ids=…` or
/// `/api/v2/extract?…`, paths from [`batches_core::outcome::lookup`]),
/// retried like any read; `cancel` stops it when nobody wants it any more.
pub async fn job_page(path: &str, cancel: &CancelToken) -> Result<JobPage, ApiError> {
    get_json(path, Cancel::Token(cancel), |_| {}).await
}

/// A watched batch, asked about once (no retries: the watch's own schedule
/// backs off, see [`batches_core::watch::on_error`]). Results are expanded so
/// the notification can say how many files failed.
pub async fn watched_batch(id: &str) -> Result<Batch, ApiError> {
    let controller = AbortController::new().ok();
    attempt(&batches_core::watch::request_path(id), controller.as_ref()).await
}

/// One request of the activity chart by its exact path (built by
/// [`batches_core::activity`]), in `slot` under `what` (the chart's view), so
/// `slot.supersede(other_view)` cuts it short when the view changes.
pub async fn chart_page(path: &str, what: &str, slot: LatestOnly) -> Result<BatchPage, ApiError> {
    get_json(path, Cancel::Slot(slot, what), |_| {}).await
}

/// The chart's one-row count requests: `total_size` of each path, at most
/// [`CHART_PARALLEL`] in flight (a month of six statuses is 186 requests),
/// all cancelled together when `slot` is superseded.
pub async fn chart_totals(
    paths: &[String],
    what: &str,
    slot: LatestOnly,
) -> Result<Vec<Option<u64>>, ApiError> {
    let generation = slot.begin(what);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        slot.track(c);
    }
    let mut totals = Vec::with_capacity(paths.len());
    for group in paths.chunks(CHART_PARALLEL) {
        if !slot.is_current(generation) {
            return Err(ApiError::Cancelled);
        }
        let answers = futures::future::join_all(
            group
                .iter()
                .map(|p| attempt::<BatchPage>(p, controller.as_ref())),
        )
        .await;
        // An aborted group fails as a network error; the view moved on.
        if !slot.is_current(generation) {
            return Err(ApiError::Cancelled);
        }
        for a in answers {
            totals.push(a?.total_size);
        }
    }
    Ok(totals)
}

/// How many of the chart's count requests are in flight at once: the
/// browser's six connections per host, so the list's own requests still get one.
pub const CHART_PARALLEL: usize = 5;

/// A file's result, in one request: a parse job with its Markdown and text
/// pages (`?expand=markdown&expand=text`, so the switch between them needs
/// no second request), or an extract job with its `extract_result`. In
/// `slot`, so closing the panel (or opening another file) cuts it short.
pub async fn file_result(
    job: &batches_core::model::JobReference,
    slot: LatestOnly,
    on_retry: impl Fn(Option<RetryNotice>),
) -> Result<batches_core::result::FileResult, ApiError> {
    use batches_core::result::{FileResult, PARSE_EXPAND};
    let id = batches_core::query::encode(&job.id);
    let cancel = Cancel::Slot(slot, &job.id);
    match job.job_type {
        Some(batches_core::model::JobType::ExtractV2) => {
            let path = format!("/api/v2/extract/{id}");
            get_json(&path, cancel, on_retry)
                .await
                .map(FileResult::Extract)
        }
        _ => {
            let expand = PARSE_EXPAND.map(|e| format!("expand={e}")).join("&");
            let path = format!("/api/v2/parse/{id}?{expand}");
            get_json(&path, cancel, on_retry)
                .await
                .map(FileResult::Parse)
        }
    }
}
