//! The demo API: the LlamaCloud batch endpoints answered from [`super::data`],
//! including the contract's error shapes (422 `detail` lists, 400 for bad
//! cursors, 404, 409), so the dashboard meets them without an account.

use super::cursor;
use super::data::{self, DemoBatch, Project};
use super::jobs;
use super::live::{self, Clock, World};
use super::results;
use crate::detail::detail;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use batches_core::filters::MAX_PAGE_SIZE;
use batches_core::model::{
    Batch, BatchPage, BatchStatus, DirectoryFile, Job, JobPage, JobStatus, JobType,
};
use batches_core::query;
use batches_core::time::{self, DayEdge, Instant};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// The page size the demo uses when a request names none.
pub const DEFAULT_PAGE_SIZE: usize = 50;

/// The demo account: its batches (mutable, so cancel works) and projects.
pub struct Demo {
    worlds: Worlds,
    projects: Vec<Project>,
    secret: u64,
}

/// Where the account's batches come from.
enum Worlds {
    /// Frozen at `--now`, changed only by cancel and finish.
    Fixed(RwLock<Arc<World>>),
    /// Moving with a clock.
    Live(Live),
}

/// A world that moves: the generator's world at `start` evaluated at
/// `start + speed × (clock − clock at start)`.
struct Live {
    seed: u64,
    start: Instant,
    speed: i64,
    clock: Clock,
    base: Vec<DemoBatch>,
    /// Batches cancelled or finished by hand, kept as they were left.
    changed: Mutex<HashMap<String, DemoBatch>>,
    /// The world of the last whole second asked for: building it costs
    /// milliseconds, requests come many a second.
    cache: Mutex<Option<(i64, Arc<World>)>>,
}

impl Live {
    /// The world instant now: the start plus the clock's progress times
    /// the speed, in whole seconds.
    fn now(&self) -> Instant {
        let elapsed = ((self.clock)().0 - self.start.0).max(0) * self.speed;
        Instant(self.start.0 + elapsed - elapsed % 1_000)
    }
}

impl Demo {
    /// A demo account generated from `seed` as of `now`, frozen there.
    pub fn new(seed: u64, now: Instant) -> Self {
        Demo {
            worlds: Worlds::Fixed(RwLock::new(Arc::new(World::fixed(data::generate(
                seed, now,
            ))))),
            projects: data::projects(seed),
            secret: data::fnv1a(&[&seed.to_le_bytes(), &now.0.to_le_bytes()]),
        }
    }

    /// A demo account that starts as [`Demo::new`] at `clock()` and then
    /// moves `speed` times as fast as `clock`.
    pub fn live(seed: u64, speed: u32, clock: Clock) -> Self {
        let start = clock();
        Demo {
            worlds: Worlds::Live(Live {
                seed,
                start,
                speed: i64::from(speed.max(1)),
                clock,
                base: data::generate(seed, start),
                changed: Mutex::new(HashMap::new()),
                cache: Mutex::new(None),
            }),
            projects: data::projects(seed),
            secret: data::fnv1a(&[&seed.to_le_bytes(), &start.0.to_le_bytes()]),
        }
    }

    /// The account as every endpoint sees it now.
    pub fn world(&self) -> Arc<World> {
        let live = match &self.worlds {
            Worlds::Fixed(world) => {
                return Arc::clone(&world.read().unwrap_or_else(|e| e.into_inner()))
            }
            Worlds::Live(live) => live,
        };
        let t = live.now();
        let mut cache = live.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, w)) = cache.as_ref().filter(|(at, _)| *at == t.0) {
            return Arc::clone(w);
        }
        let changed = live
            .changed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let w = Arc::new(live::world_at(
            live.seed,
            &self.projects,
            &live.base,
            live.start,
            t,
            &changed,
        ));
        *cache = Some((t.0, Arc::clone(&w)));
        w
    }

    /// Applies `change` to batch `id` as it is now and keeps the result;
    /// `None` if there is no such batch. `change` gets the instant to
    /// stamp (the wall clock in a frozen world, its own instant in a live
    /// one) and answers (answer, keep): a refused change is not kept.
    fn change<T>(
        &self,
        id: &str,
        change: impl FnOnce(&mut DemoBatch, Instant) -> (T, bool),
    ) -> Option<T> {
        match &self.worlds {
            Worlds::Fixed(world) => {
                let mut world = world.write().unwrap_or_else(|e| e.into_inner());
                let world = Arc::make_mut(&mut world);
                let b = world.batches.iter_mut().find(|b| b.batch.id == id)?;
                Some(change(b, crate::cli::system_now()).0)
            }
            Worlds::Live(live) => {
                let now = self.world();
                let mut b = now.batches.iter().find(|b| b.batch.id == id)?.clone();
                let (out, keep) = change(&mut b, live.now());
                if keep {
                    // One lock at a time: `world` takes the cache, then `changed`.
                    live.changed
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(id.to_string(), b);
                    *live.cache.lock().unwrap_or_else(|e| e.into_inner()) = None;
                }
                Some(out)
            }
        }
    }

    /// Moves batch `id` to `status` as of `at`, for `/__test/finish` (see
    /// `crate::finish`); its results then follow from the new status. A
    /// live world stamps its own instant instead of `at`.
    pub fn set_status(&self, id: &str, status: BatchStatus, at: Instant) -> Option<Batch> {
        let live = matches!(self.worlds, Worlds::Live(_));
        self.change(id, |b, now| {
            b.batch.status = Some(status);
            b.batch.updated_at = Some(time::format_utc(if live { now } else { at }));
            (b.batch.clone(), true)
        })
    }
}

/// The `/api/` routes of demo mode.
pub fn routes(demo: Arc<Demo>) -> Router {
    Router::new()
        .route("/api/v2/batches", get(list))
        .route("/api/v2/batches/{id}", get(one))
        .route("/api/v2/batches/{id}/cancel", post(cancel))
        .route("/api/v1/beta/directories/{dir}", get(directory))
        .route(
            "/api/v1/beta/directories/{dir}/files/{file}",
            get(directory_file),
        )
        .route("/api/v2/parse", get(parse_jobs))
        .route("/api/v2/extract", get(extract_jobs))
        .route("/api/v2/parse/{id}", get(parse_job))
        .route("/api/v2/extract/{id}", get(extract_job))
        .with_state(demo)
}

struct Invalid {
    name: &'static str,
    kind: &'static str,
    msg: String,
    input: String,
}

/// A `created_at_on_or_…` value as the service reads it: a date-time, or a
/// date; anything else is reported. Shared by the batch and job lists.
fn bound(name: &'static str, v: String, errors: &mut Vec<Invalid>) -> Option<Instant> {
    match time::parse_bound(&v, DayEdge::Start) {
        Ok(t) => Some(t),
        Err(e) => {
            errors.push(Invalid {
                name,
                kind: "datetime_from_date_parsing",
                msg: format!("Input should be a valid datetime or date, {e}"),
                input: v,
            });
            None
        }
    }
}

/// A `page_size` as the service validates it: an integer from 1 to `max`,
/// each refusal in FastAPI's words. Shared by the batch and job lists.
fn page_size(v: String, max: usize, errors: &mut Vec<Invalid>) -> Option<usize> {
    let (kind, msg) = match v.trim().parse::<i64>() {
        Ok(n) if n < 1 => (
            "greater_than_equal",
            "Input should be greater than or equal to 1".to_string(),
        ),
        Ok(n) if n > max as i64 => (
            "less_than_equal",
            format!("Input should be less than or equal to {max}"),
        ),
        Ok(n) => return Some(n as usize),
        Err(_) => (
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer".to_string(),
        ),
    };
    errors.push(Invalid {
        name: "page_size",
        kind,
        msg,
        input: v,
    });
    None
}

/// The service's answer to a page token it did not issue for these filters.
fn bad_token() -> Response {
    detail(
        StatusCode::BAD_REQUEST,
        "Invalid page_token: it is malformed, expired, or was issued for different filters",
    )
}

fn unprocessable(errors: Vec<Invalid>) -> Response {
    let detail: Vec<_> = errors
        .into_iter()
        .map(|e| json!({"type": e.kind, "loc": ["query", e.name], "msg": e.msg, "input": e.input}))
        .collect();
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "detail": detail })),
    )
        .into_response()
}

#[derive(Default)]
struct ListQuery {
    status: Option<BatchStatus>,
    after: Option<Instant>,
    before: Option<Instant>,
    project_id: Option<String>,
    organization_id: Option<String>,
    source_directory_id: Option<String>,
    page_size: usize,
    page_token: Option<String>,
}

impl ListQuery {
    /// What a cursor is bound to: every filter, but not the page size.
    fn filter_key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            self.status.as_ref().map(BatchStatus::as_str),
            self.after,
            self.before,
            self.project_id,
            self.organization_id,
            self.source_directory_id
        )
    }

    fn matches(&self, b: &DemoBatch) -> bool {
        self.status
            .as_ref()
            .is_none_or(|s| b.batch.status.as_ref() == Some(s))
            && self.after.is_none_or(|t| b.created >= t)
            && self.before.is_none_or(|t| b.created <= t)
            && self
                .project_id
                .as_ref()
                .is_none_or(|p| b.batch.project_id.as_ref() == Some(p))
            && self
                .organization_id
                .as_ref()
                .is_none_or(|o| &b.organization_id == o)
            && self
                .source_directory_id
                .as_ref()
                .is_none_or(|d| b.batch.source_directory_id.as_ref() == Some(d))
    }
}

/// Reads the list query as FastAPI would: the last of repeated keys wins,
/// every invalid value is reported at once.
fn parse_list_query(raw: &str) -> Result<ListQuery, Vec<Invalid>> {
    let pairs = query::parse_pairs(raw);
    let last = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut q = ListQuery {
        page_size: DEFAULT_PAGE_SIZE,
        ..ListQuery::default()
    };
    let mut errors = Vec::new();
    if let Some(v) = last("status") {
        match BatchStatus::from_api(&v) {
            BatchStatus::Other(_) => errors.push(Invalid {
                name: "status",
                kind: "enum",
                msg: "Input should be 'PENDING', 'THROTTLED', 'RUNNING', 'COMPLETED', 'FAILED' or 'CANCELLED'".into(),
                input: v,
            }),
            s => q.status = Some(s),
        }
    }
    q.after = last("created_at_on_or_after")
        .and_then(|v| bound("created_at_on_or_after", v, &mut errors));
    q.before = last("created_at_on_or_before")
        .and_then(|v| bound("created_at_on_or_before", v, &mut errors));
    q.project_id = last("project_id");
    q.organization_id = last("organization_id");
    q.source_directory_id = last("source_directory_id");
    if let Some(n) =
        last("page_size").and_then(|v| page_size(v, MAX_PAGE_SIZE as usize, &mut errors))
    {
        q.page_size = n;
    }
    q.page_token = last("page_token").filter(|t| !t.is_empty());
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}

async fn list(State(demo): State<Arc<Demo>>, RawQuery(raw): RawQuery) -> Response {
    let q = match parse_list_query(raw.as_deref().unwrap_or("")) {
        Ok(q) => q,
        Err(errors) => return unprocessable(errors),
    };
    let key = q.filter_key();
    let world = demo.world();
    // A token names the last batch of the page before (its stable index),
    // so batches arriving above it shift nothing.
    let after = match q.page_token.as_deref() {
        None => None,
        Some(t) => match cursor::decode(demo.secret, &key, t).and_then(|i| world.position(i)) {
            Some(position) => Some(position),
            None => return bad_token(),
        },
    };
    let matching: Vec<(usize, &DemoBatch)> = world
        .batches
        .iter()
        .enumerate()
        .filter(|(_, b)| q.matches(b))
        .collect();
    let from = after.map_or(0, |a| matching.partition_point(|(p, _)| *p <= a));
    let end = from.saturating_add(q.page_size).min(matching.len());
    let page = &matching[from..end];
    let items = page.iter().map(|(_, b)| b.batch.clone()).collect();
    let next_page_token = page
        .last()
        .filter(|_| end < matching.len())
        .map(|(_, b)| cursor::encode(demo.secret, &key, b.index));
    Json(BatchPage {
        items,
        next_page_token,
        total_size: Some(matching.len() as u64),
    })
    .into_response()
}

fn not_found(what: &str, id: &str) -> Response {
    detail(StatusCode::NOT_FOUND, format!("{what} {id} not found"))
}

async fn one(
    State(demo): State<Arc<Demo>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = query::parse_pairs(raw.as_deref().unwrap_or(""));
    let mut expand_results = false;
    for (k, v) in &pairs {
        if k == "expand" {
            if v == "results" {
                expand_results = true;
            } else {
                return unprocessable(vec![Invalid {
                    name: "expand",
                    kind: "literal_error",
                    msg: "Input should be 'results'".into(),
                    input: v.clone(),
                }]);
            }
        }
    }
    let world = demo.world();
    let Some(b) = world.batches.iter().find(|b| b.batch.id == id) else {
        return not_found("Batch", &id);
    };
    let mut batch: Batch = b.batch.clone();
    if expand_results {
        batch.results = jobs::results(b);
    }
    Json(batch).into_response()
}

async fn cancel(State(demo): State<Arc<Demo>>, Path(id): Path<String>) -> Response {
    let answer = demo.change(&id, |b, now| {
        let status = b.batch.status.clone().unwrap_or(BatchStatus::Pending);
        if status.is_terminal() {
            let refusal = detail(
                StatusCode::CONFLICT,
                format!("Batch {id} is already {status} and cannot be cancelled"),
            );
            return (refusal, false);
        }
        b.cancelled_from = Some(status);
        b.batch.status = Some(BatchStatus::Cancelled);
        b.batch.updated_at = Some(time::format_utc(now));
        (Json(b.batch.clone()).into_response(), true)
    });
    answer.unwrap_or_else(|| not_found("Batch", &id))
}

async fn directory(State(demo): State<Arc<Demo>>, Path(dir): Path<String>) -> Response {
    for p in &demo.projects {
        if let Some(d) = p.directories.iter().find(|d| d.id == dir) {
            return Json(json!({"id": d.id, "name": d.name, "project_id": p.id})).into_response();
        }
    }
    not_found("Directory", &dir)
}

async fn directory_file(
    State(demo): State<Arc<Demo>>,
    Path((dir, file)): Path<(String, String)>,
) -> Response {
    let project = demo
        .projects
        .iter()
        .find(|p| p.directories.iter().any(|d| d.id == dir));
    match (project, data::display_name(&file)) {
        (Some(p), Some(name)) => Json(DirectoryFile {
            id: file,
            directory_id: Some(dir),
            display_name: Some(name),
            project_id: Some(p.id.clone()),
        })
        .into_response(),
        (None, _) => not_found("Directory", &dir),
        (_, None) => not_found("File", &file),
    }
}

/// Answers with what `answer` makes of the job `id` of the given type
/// (its batch, its file's index, the job), wherever it is in the demo
/// account; 404 for an id it does not hold.
fn with_job<T: serde::Serialize>(
    demo: &Demo,
    id: &str,
    job_type: &JobType,
    answer: impl FnOnce(&DemoBatch, u32, Job) -> T,
) -> Response {
    let prefix = match job_type {
        JobType::ExtractV2 => "ejb-",
        _ => "pjb-",
    };
    let world = demo.world();
    let found = id
        .starts_with(prefix)
        .then(|| jobs::decode_job_id(id))
        .flatten()
        .and_then(|(index, file)| {
            let b = world.by_index(index)?;
            Some((b, file, jobs::job_in(b, id)?))
        });
    match found {
        Some((b, file, job)) => Json(answer(b, file, job)).into_response(),
        None => not_found("Job", id),
    }
}

/// `GET /api/v2/parse/{id}` answers the job wrapped (`{"job": {...}}`, the
/// SDK's `ParsingGetResponse`), unlike the job lists and the extract job,
/// with the pages `expand=markdown` / `expand=text` ask for beside it.
async fn parse_job(
    State(demo): State<Arc<Demo>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs = query::parse_pairs(raw.as_deref().unwrap_or(""));
    let expand = query::values_of(&pairs, "expand");
    if let Some(bad) = expand.iter().find(|v| !["markdown", "text"].contains(v)) {
        return unprocessable(vec![Invalid {
            name: "expand",
            kind: "literal_error",
            msg: "The demo answers expand=markdown and expand=text only".into(),
            input: bad.to_string(),
        }]);
    }
    let (markdown, text) = (expand.contains(&"markdown"), expand.contains(&"text"));
    with_job(&demo, &id, &JobType::ParseV2, |b, file, job| {
        results::parse_answer(b, file, job, markdown, text)
    })
}

/// `GET /api/v2/extract/{id}` answers the job itself (the SDK's
/// `ExtractV2Job`), with `extract_result` once it COMPLETED.
async fn extract_job(State(demo): State<Arc<Demo>>, Path(id): Path<String>) -> Response {
    with_job(&demo, &id, &JobType::ExtractV2, results::extract_answer)
}

async fn parse_jobs(State(demo): State<Arc<Demo>>, RawQuery(raw): RawQuery) -> Response {
    job_list(&demo, raw.as_deref().unwrap_or(""), JobType::ParseV2)
}

async fn extract_jobs(State(demo): State<Arc<Demo>>, RawQuery(raw): RawQuery) -> Response {
    job_list(&demo, raw.as_deref().unwrap_or(""), JobType::ExtractV2)
}

/// The most jobs one page of the job lists returns; more is a 422, as the
/// dashboard must never rely on an undocumented larger maximum.
pub const MAX_JOB_PAGE_SIZE: usize = 100;

/// `GET /api/v2/parse` and `/api/v2/extract`: repeated `job_ids` (unknown
/// ids are simply absent), `status`, `project_id`, `organization_id`,
/// creation bounds, `page_size` ≤ 100 and signed `page_token` cursors.
fn job_list(demo: &Demo, raw: &str, job_type: JobType) -> Response {
    let q = match parse_job_query(raw, &job_type) {
        Ok(q) => q,
        Err(errors) => return unprocessable(errors),
    };
    let key = format!(
        "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        job_type.as_str(),
        q.job_ids,
        q.status.as_ref().map(JobStatus::as_str),
        q.project_id,
        q.organization_id,
        q.after,
        q.before
    );
    let token = match q.page_token.as_deref() {
        None => None,
        Some(t) => match cursor::decode(demo.secret, &key, t) {
            Some(v) => Some(v),
            None => return bad_token(),
        },
    };
    let world = demo.world();
    let keep = |b: &DemoBatch, j: &Job| {
        q.status.as_ref().is_none_or(|s| &j.status == s)
            && q.project_id
                .as_ref()
                .is_none_or(|p| j.project_id.as_ref() == Some(p))
            && q.organization_id
                .as_ref()
                .is_none_or(|o| &b.organization_id == o)
            && q.after.is_none_or(|t| created(j) >= Some(t))
            && q.before.is_none_or(|t| created(j).is_some_and(|c| c <= t))
    };
    let (items, next) = if q.job_ids.is_empty() {
        // The token names the last job of the page before (its batch's
        // index and its file), so jobs of batches arriving above it shift
        // nothing.
        let after = match token.map(|v| (world.position(v >> JOB_FILE_BITS), v)) {
            None => None,
            Some((Some(position), v)) => Some((position, v & JOB_FILE_MASK)),
            Some((None, _)) => return bad_token(),
        };
        let mut page: Vec<(usize, usize, Job)> = Vec::new();
        let mut more = false;
        'batches: for (position, b) in world.batches.iter().enumerate() {
            if after.is_some_and(|(p, _)| position < p) || b.batch.job_type() != Some(&job_type) {
                continue;
            }
            for (i, f) in jobs::files(b).unwrap_or_default().into_iter().enumerate() {
                if after.is_some_and(|(p, file)| position == p && i <= file) {
                    continue;
                }
                if let Some(j) = f.job.filter(|j| keep(b, j)) {
                    // One more than a page tells whether another page follows.
                    if page.len() == q.page_size {
                        more = true;
                        break 'batches;
                    }
                    page.push((b.index, i, j));
                }
            }
        }
        let next = page
            .last()
            .filter(|_| more)
            .map(|(index, file, _)| (index << JOB_FILE_BITS) | file);
        (page.into_iter().map(|(_, _, j)| j).collect(), next)
    } else {
        let offset = token.unwrap_or(0);
        let mut matching: Vec<Job> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for id in q.job_ids.iter().filter(|id| seen.insert(id.as_str())) {
            let found = jobs::decode_job_id(id)
                .and_then(|(index, _)| world.by_index(index))
                .filter(|b| b.batch.job_type() == Some(&job_type))
                .and_then(|b| jobs::job_in(b, id).filter(|j| keep(b, j)));
            matching.extend(found);
        }
        let end = offset.saturating_add(q.page_size).min(matching.len());
        let items = matching.get(offset..end).unwrap_or_default().to_vec();
        (items, (end < matching.len()).then_some(end))
    };
    Json(JobPage {
        items,
        next_page_token: next.map(|v| cursor::encode(demo.secret, &key, v)),
    })
    .into_response()
}

/// A job list token without `job_ids` packs (batch index, file index):
/// files number below 2^20.
const JOB_FILE_BITS: u32 = 20;
const JOB_FILE_MASK: usize = (1 << JOB_FILE_BITS) - 1;

fn created(j: &Job) -> Option<Instant> {
    time::parse_rfc3339(j.created_at.as_deref()?).ok()
}

#[derive(Default)]
struct JobQuery {
    job_ids: Vec<String>,
    status: Option<JobStatus>,
    project_id: Option<String>,
    organization_id: Option<String>,
    after: Option<Instant>,
    before: Option<Instant>,
    page_size: usize,
    page_token: Option<String>,
}

/// Reads a job list query as FastAPI would: `job_ids` repeated, the last
/// of other repeated keys wins, every invalid value reported at once.
fn parse_job_query(raw: &str, job_type: &JobType) -> Result<JobQuery, Vec<Invalid>> {
    let pairs = query::parse_pairs(raw);
    let last = |k: &str| query::values_of(&pairs, k).last().map(|v| v.to_string());
    let mut q = JobQuery {
        job_ids: query::values_of(&pairs, "job_ids")
            .into_iter()
            .map(String::from)
            .collect(),
        page_size: DEFAULT_PAGE_SIZE,
        ..JobQuery::default()
    };
    let mut errors = Vec::new();
    if let Some(v) = last("status") {
        let extract = *job_type == JobType::ExtractV2;
        match JobStatus::from_api(&v) {
            JobStatus::Other(s) if !(extract && s == "THROTTLED") => errors.push(Invalid {
                name: "status",
                kind: "enum",
                msg: "Input should be 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED' or 'CANCELLED'"
                    .into(),
                input: v,
            }),
            s => q.status = Some(s),
        }
    }
    q.after = last("created_at_on_or_after")
        .and_then(|v| bound("created_at_on_or_after", v, &mut errors));
    q.before = last("created_at_on_or_before")
        .and_then(|v| bound("created_at_on_or_before", v, &mut errors));
    q.project_id = last("project_id");
    q.organization_id = last("organization_id");
    if let Some(n) = last("page_size").and_then(|v| page_size(v, MAX_JOB_PAGE_SIZE, &mut errors)) {
        q.page_size = n;
    }
    q.page_token = last("page_token").filter(|t| !t.is_empty());
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}
