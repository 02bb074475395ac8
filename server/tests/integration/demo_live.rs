//! The live demo (no `--now`): the world moves with a clock the tests own,
//! so they advance time without sleeping, and at every instant the list,
//! its counts, the batch page and the job endpoints tell one story.

use crate::support::*;
use axum::http::StatusCode;
use batches_core::model::{Batch, BatchPage, BatchStatus, Job, JobPage, JobStatus};
use batches_core::outcome::lookup::Lookup;
use batches_core::time::{self, Instant};
use server::cli::Env;
use server::demo::api::{self, Demo};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

const START: &str = "2026-11-29T12:00:00Z";
const MIN: i64 = 60_000;

/// A live demo and the hand on its clock.
struct Live {
    app: axum::Router,
    clock: Arc<AtomicI64>,
}

impl Live {
    fn new(speed: u32) -> Live {
        let clock = Arc::new(AtomicI64::new(time::parse_rfc3339(START).unwrap().0));
        let read = Arc::clone(&clock);
        let demo = Demo::live(
            42,
            speed,
            Arc::new(move || Instant(read.load(Ordering::SeqCst))),
        );
        Live {
            app: api::routes(Arc::new(demo)),
            clock,
        }
    }

    /// Moves the clock on by `ms`.
    fn advance(&self, ms: i64) {
        self.clock.fetch_add(ms, Ordering::SeqCst);
    }

    fn now(&self) -> Instant {
        Instant(self.clock.load(Ordering::SeqCst))
    }
}

async fn json<T: serde::de::DeserializeOwned>(app: &axum::Router, target: &str) -> T {
    let a = get(app, target).await;
    assert_eq!(a.status, StatusCode::OK, "{target}: {}", a.body);
    serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{target}: {e}: {}", a.body))
}

/// Every batch the list holds, page by page, with the total it reported.
async fn all(app: &axum::Router, query: &str) -> (Vec<Batch>, u64) {
    let mut out = Vec::new();
    let mut path = format!("/api/v2/batches?page_size=100{query}");
    loop {
        let page: BatchPage = json(app, &path).await;
        out.extend(page.items.iter().cloned());
        match page.next_token() {
            Some(t) => path = format!("/api/v2/batches?page_size=100{query}&page_token={t}"),
            None => return (out, page.total_size.unwrap()),
        }
    }
}

/// The batch with its results and every job they reference, looked up as
/// the dashboard does (job lists by id, 100 at a time).
async fn with_jobs(app: &axum::Router, id: &str) -> (Batch, HashMap<String, Job>) {
    let b: Batch = json(app, &format!("/api/v2/batches/{id}?expand=results")).await;
    let mut jobs = HashMap::new();
    let results = b.results.clone().unwrap_or_default();
    for req in Lookup::new().plan(&results, b.job_type()) {
        let mut path = Some(req.path());
        while let Some(p) = path {
            let page: JobPage = json(app, &p).await;
            path = page.next_token().map(|t| req.next_path(t));
            jobs.extend(page.items.into_iter().map(|j| (j.id.clone(), j)));
        }
    }
    (b, jobs)
}

/// The first RUNNING batch, in the list's order, that `wanted` accepts, with
/// its jobs: the tests that follow one batch pick it this way.
async fn first_running(
    app: &axum::Router,
    wanted: impl Fn(&Batch, &HashMap<String, Job>) -> bool,
) -> Option<(Batch, HashMap<String, Job>)> {
    let (list, _) = all(app, "&status=RUNNING").await;
    for b in &list {
        let (full, jobs) = with_jobs(app, &b.id).await;
        if wanted(&full, &jobs) {
            return Some((full, jobs));
        }
    }
    None
}

fn finished(jobs: &HashMap<String, Job>) -> usize {
    jobs.values()
        .filter(|j| matches!(j.status, JobStatus::Completed | JobStatus::Failed))
        .count()
}

fn instant(s: &Option<String>) -> i64 {
    time::parse_rfc3339(s.as_deref().unwrap()).unwrap().0
}

#[tokio::test]
async fn list_counts_batch_and_jobs_agree_at_every_instant() {
    let live = Live::new(1);
    let mut stalled = false;
    for step in [0, 30_000, 2 * MIN, 10 * MIN, 28 * MIN] {
        live.advance(step);
        let now = live.now().0;
        let (list, total) = all(&live.app, "").await;
        assert_eq!(list.len() as u64, total);
        let ids: HashSet<_> = list.iter().map(|b| &b.id).collect();
        assert_eq!(ids.len(), list.len(), "no batch twice");
        assert!(list
            .windows(2)
            .all(|w| instant(&w[0].created_at) >= instant(&w[1].created_at)));
        for status in ["PENDING", "THROTTLED", "RUNNING", "COMPLETED", "FAILED"] {
            let page: BatchPage =
                json(&live.app, &format!("/api/v2/batches?status={status}")).await;
            let counted = list
                .iter()
                .filter(|b| b.status.as_ref().map(BatchStatus::as_str) == Some(status))
                .count();
            assert_eq!(page.total_size, Some(counted as u64), "{status} at +{now}");
        }
        assert!(list.iter().all(|b| instant(&b.updated_at) <= now));
        stalled |= list.iter().any(|b| {
            b.status == Some(BatchStatus::Running) && instant(&b.updated_at) < now - 30 * MIN
        });
        // The moving batches: the batch page and the jobs say what the list says.
        let moving: Vec<&Batch> = list
            .iter()
            .filter(|b| instant(&b.created_at) > now - 3 * 3_600_000)
            .filter(|b| !matches!(b.status, Some(BatchStatus::Cancelled)))
            .take(12)
            .collect();
        for b in moving {
            let (full, jobs) = with_jobs(&live.app, &b.id).await;
            assert_eq!(
                Batch {
                    results: None,
                    ..full.clone()
                },
                *b,
                "batch get = list"
            );
            let results = full.results.clone().unwrap_or_default();
            assert_eq!(
                jobs.len(),
                results.iter().filter(|r| r.job_reference.is_some()).count()
            );
            match b.status.clone().unwrap() {
                BatchStatus::Pending | BatchStatus::Throttled => assert!(results.is_empty()),
                BatchStatus::Completed | BatchStatus::Failed => {
                    assert_eq!(finished(&jobs), jobs.len(), "{} is final", b.id)
                }
                BatchStatus::Running => {
                    assert!(jobs.values().all(|j| j.status != JobStatus::Cancelled));
                    // (At the first instant the world is the generator's,
                    // which does not promise it.)
                    assert!(
                        step == 0
                            || jobs.values().all(|j| instant(&j.created_at) <= now
                                && instant(&j.updated_at) <= instant(&b.updated_at)),
                        "no job of {} is from the future",
                        b.id
                    );
                }
                other => panic!("{other}"),
            }
            if let Some(j) = jobs.values().next() {
                let kind = if j.id.starts_with("ejb-") {
                    "extract"
                } else {
                    "parse"
                };
                let one: serde_json::Value =
                    json(&live.app, &format!("/api/v2/{kind}/{}", j.id)).await;
                let one = if kind == "parse" {
                    one["job"].clone()
                } else {
                    one
                };
                assert_eq!(one["status"], j.status.as_str(), "{}", j.id);
            }
        }
    }
    assert!(stalled, "a RUNNING batch went 30+ min without an update");
}

#[tokio::test]
async fn a_running_batch_progresses_then_finishes_and_finished_jobs_keep_their_outcome() {
    let live = Live::new(1);
    let (b, jobs_before) = first_running(&live.app, |b, _| {
        b.results.as_ref().is_some_and(|r| r.len() >= 50)
    })
    .await
    .expect("a RUNNING batch with 50+ files handed out");
    let id = b.id.clone();
    let start_updated = instant(&b.updated_at);
    let mut grew = 0;
    let mut last = finished(&jobs_before);
    let mut last_updated = start_updated;
    let mut final_status = None;
    for _ in 0..40 {
        live.advance(5 * MIN);
        let (b, jobs) = with_jobs(&live.app, &id).await;
        let now_finished = finished(&jobs);
        assert!(now_finished >= last, "finished jobs never go back");
        if now_finished > last {
            grew += 1;
        }
        assert!(
            instant(&b.updated_at) >= last_updated,
            "updated_at never goes back"
        );
        for (jid, j) in &jobs_before {
            if matches!(j.status, JobStatus::Completed | JobStatus::Failed) {
                assert_eq!(jobs[jid].status, j.status, "{jid} keeps its outcome");
            }
        }
        last = now_finished;
        last_updated = instant(&b.updated_at);
        if b.status.as_ref().is_some_and(BatchStatus::is_terminal) {
            final_status = b.status.clone();
            assert_eq!(finished(&jobs), jobs.len(), "every job finished");
            break;
        }
    }
    assert!(grew > 0, "progress moved");
    assert!(
        matches!(
            final_status,
            Some(BatchStatus::Completed | BatchStatus::Failed)
        ),
        "{final_status:?}"
    );
}

#[tokio::test]
async fn a_four_hundred_file_batch_moves_within_a_minute() {
    let live = Live::new(1);
    let (list, _) = all(&live.app, "&status=RUNNING").await;
    let mut before = Vec::new();
    for b in &list {
        let (full, jobs) = with_jobs(&live.app, &b.id).await;
        if full.results.as_ref().is_some_and(|r| r.len() >= 100) {
            before.push((b.id.clone(), finished(&jobs)));
        }
    }
    live.advance(60_000);
    let big = before.len();
    let mut moved = 0;
    for (id, done) in before {
        let (_, later) = with_jobs(&live.app, &id).await;
        if finished(&later) > done {
            moved += 1;
        }
    }
    assert!(big >= 3, "{big} big running batches");
    assert!(moved * 4 >= big * 3, "{moved} of {big} moved in a minute");
}

#[tokio::test]
async fn new_batches_arrive_at_the_top() {
    let live = Live::new(1);
    let first: BatchPage = json(&live.app, "/api/v2/batches?page_size=5").await;
    live.advance(2 * MIN);
    let later: BatchPage = json(&live.app, "/api/v2/batches?page_size=5").await;
    let top = &later.items[0];
    assert!(
        !first.items.iter().any(|b| b.id == top.id),
        "a new batch on top"
    );
    let created = instant(&top.created_at);
    assert!(created > instant(&first.items[0].created_at) && created <= live.now().0);
    assert!(later.total_size > first.total_size);
    let b: Batch = json(&live.app, &format!("/api/v2/batches/{}", top.id)).await;
    assert_eq!(&b, top);
    // An hour brings 30 to 60 more, each of which runs and finishes.
    live.advance(60 * MIN);
    let hour: BatchPage = json(&live.app, "/api/v2/batches?page_size=1").await;
    let grown = hour.total_size.unwrap() - later.total_size.unwrap();
    assert!((28..=62).contains(&grown), "{grown}");
    let b: Batch = json(&live.app, &format!("/api/v2/batches/{}", top.id)).await;
    assert_ne!(b.status, Some(BatchStatus::Pending), "{b:?}");
}

#[tokio::test]
async fn a_cursor_taken_before_new_batches_arrived_continues_without_repeats_or_gaps() {
    let live = Live::new(1);
    for query in ["", "&status=COMPLETED"] {
        let (before, _) = all(&live.app, query).await;
        let page1: BatchPage =
            json(&live.app, &format!("/api/v2/batches?page_size=20{query}")).await;
        let token = page1.next_token().unwrap().to_string();
        live.advance(5 * MIN);
        let page2: BatchPage = json(
            &live.app,
            &format!("/api/v2/batches?page_size=20{query}&page_token={token}"),
        )
        .await;
        let ids = |bs: &[Batch]| bs.iter().map(|b| b.id.clone()).collect::<Vec<_>>();
        // The page after page 1's last batch in the world as it is now:
        // batches that arrived (or, filtered, changed status) above it
        // shift nothing, and those below it are not skipped.
        let (now, _) = all(&live.app, query).await;
        let last = &page1.items[19].id;
        let at = now.iter().position(|b| &b.id == last).unwrap();
        assert_eq!(ids(&page2.items), ids(&now[at + 1..at + 21]), "{query}");
        assert!(!page2.items.iter().any(|b| page1.items.contains(b)));
        if query.is_empty() {
            assert!(now.len() > before.len(), "batches arrived meanwhile");
            assert_eq!(ids(&page2.items), ids(&before[20..40]), "the same batches");
        }
    }
}

#[tokio::test]
async fn a_job_list_cursor_taken_before_new_batches_arrived_continues_after_its_job() {
    let live = Live::new(1);
    let mut shifted = false;
    for kind in ["parse", "extract"] {
        let page1: JobPage = json(&live.app, &format!("/api/v2/{kind}?page_size=20")).await;
        let token = page1.next_token().unwrap().to_string();
        live.advance(5 * MIN);
        let page2: JobPage = json(
            &live.app,
            &format!("/api/v2/{kind}?page_size=20&page_token={token}"),
        )
        .await;
        // The jobs that follow page 1's last job in the list as it is now.
        let last = &page1.items[19].id;
        let mut now: Vec<Job> = Vec::new();
        let mut path = format!("/api/v2/{kind}?page_size=100");
        while !now.iter().any(|j| &j.id == last) {
            let page: JobPage = json(&live.app, &path).await;
            now.extend(page.items);
            path = format!(
                "/api/v2/{kind}?page_size=100&page_token={}",
                page.next_page_token.unwrap()
            );
        }
        let page: JobPage = json(&live.app, &path).await;
        now.extend(page.items);
        let at = now.iter().position(|j| &j.id == last).unwrap();
        // Jobs handed out meanwhile above the cursor would shift an offset.
        shifted |= at > 19;
        let ids = |js: &[Job]| js.iter().map(|j| j.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&page2.items), ids(&now[at + 1..at + 21]), "{kind}");
        assert!(!page2
            .items
            .iter()
            .any(|j| page1.items.iter().any(|k| k.id == j.id)));
    }
    assert!(
        shifted,
        "jobs arrived above a cursor, or the test proves nothing"
    );
}

#[tokio::test]
async fn cancelling_a_running_batch_cancels_its_unfinished_jobs_and_it_stays_cancelled() {
    let live = Live::new(1);
    let (b, _) = first_running(&live.app, |_, jobs| {
        jobs.values().any(|j| j.status == JobStatus::Pending)
    })
    .await
    .expect("a running batch with pending jobs");
    let id = b.id;
    live.advance(30_000);
    let (_, jobs_then) = with_jobs(&live.app, &id).await;
    let a = send(
        &live.app,
        request("POST", &format!("/api/v2/batches/{id}/cancel"), &[]),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let (b, jobs) = with_jobs(&live.app, &id).await;
    assert_eq!(b.status, Some(BatchStatus::Cancelled));
    assert_eq!(instant(&b.updated_at), live.now().0);
    assert_eq!(finished(&jobs), finished(&jobs_then));
    assert!(jobs.values().any(|j| j.status == JobStatus::Cancelled));
    assert!(!jobs
        .values()
        .any(|j| matches!(j.status, JobStatus::Pending | JobStatus::Running)));
    live.advance(30 * MIN);
    let (later, jobs_later) = with_jobs(&live.app, &id).await;
    assert_eq!(later, b, "it stays as it was cancelled");
    assert_eq!(jobs_later, jobs);
    let again = send(
        &live.app,
        request("POST", &format!("/api/v2/batches/{id}/cancel"), &[]),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn speed_runs_the_demo_clock_faster() {
    let live = Live::new(10);
    let first: BatchPage = json(&live.app, "/api/v2/batches?page_size=1").await;
    live.advance(12_000);
    let later: BatchPage = json(&live.app, "/api/v2/batches?page_size=1").await;
    assert_ne!(
        later.items[0].id, first.items[0].id,
        "two demo minutes passed"
    );
    let start = time::parse_rfc3339(START).unwrap().0;
    let created = instant(&later.items[0].created_at);
    assert!(created > start && created <= start + 120_000, "{created}");
}

#[tokio::test]
async fn now_freezes_the_demo_exactly_as_the_generator_made_it() {
    let at = time::parse_rfc3339(START).unwrap();
    let app = server::app(&config(
        &["--demo", "--seed", "42", "--now", START],
        Env::default(),
    ));
    let fixed = server::demo::data::generate(42, at);
    let (list, total) = all(&app, "").await;
    assert_eq!(total as usize, fixed.len());
    for (got, want) in list.iter().zip(&fixed) {
        assert_eq!(
            serde_json::to_string(got).unwrap(),
            serde_json::to_string(&want.batch).unwrap()
        );
    }
    // The first page's bytes, token aside, are the generator's first 50.
    let a = get(&app, "/api/v2/batches").await;
    let mut v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    v.as_object_mut().unwrap().remove("next_page_token");
    let want = BatchPage {
        items: fixed[..50].iter().map(|b| b.batch.clone()).collect(),
        next_page_token: None,
        total_size: Some(fixed.len() as u64),
    };
    assert_eq!(v, serde_json::to_value(&want).unwrap());
    // A live demo at its first instant is that same world.
    let live = Live::new(1);
    let (moving, _) = all(&live.app, "").await;
    assert_eq!(moving, list);
}
