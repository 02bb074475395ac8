//! The demo's job list endpoints, as the dashboard's bulk outcome lookup
//! and the official SDK use them: repeated `job_ids`, a page size limit of
//! 100, signed cursors, unknown ids absent, and the same jobs as the
//! single-job endpoints and the batches' results reference.

use crate::support::*;
use axum::http::StatusCode;
use batches_core::model::{Batch, BatchPage, Job, JobPage, JobStatus};
use batches_core::outcome::lookup::Lookup;
use server::cli::Env;
use std::collections::HashMap;

fn demo() -> axum::Router {
    server::app(&config(
        &[
            "--demo",
            "--test-faults",
            "--seed",
            "42",
            "--now",
            "2026-11-29T12:00:00Z",
        ],
        Env::default(),
    ))
}

async fn json<T: serde::de::DeserializeOwned>(app: &axum::Router, target: &str) -> T {
    let a = get(app, target).await;
    assert_eq!(a.status, StatusCode::OK, "{target}: {}", a.body);
    serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{target}: {e}: {}", a.body))
}

/// A batch with `status`, at least `min_files` files and results.
async fn batch(app: &axum::Router, status: &str, min_files: usize) -> Batch {
    let mut path = format!("/api/v2/batches?status={status}&page_size=100");
    loop {
        let page: BatchPage = json(app, &path).await;
        for b in &page.items {
            let full: Batch = json(app, &format!("/api/v2/batches/{}?expand=results", b.id)).await;
            if full.results.as_ref().is_some_and(|r| r.len() >= min_files) {
                return full;
            }
        }
        let token = page.next_token().expect("no such batch in the demo");
        path = format!("/api/v2/batches?status={status}&page_size=100&page_token={token}");
    }
}

/// Every job of `b`, looked up the way the dashboard plans it.
async fn outcomes(app: &axum::Router, b: &Batch) -> (usize, HashMap<String, Job>) {
    let results = b.results.clone().unwrap();
    let plan = Lookup::new().plan(&results, b.job_type());
    let mut jobs = HashMap::new();
    let mut requests = 0;
    for req in &plan {
        let mut path = Some(req.path());
        while let Some(p) = path {
            requests += 1;
            let page: JobPage = json(app, &p).await;
            path = page.next_token().map(|t| req.next_path(t));
            jobs.extend(page.items.into_iter().map(|j| (j.id.clone(), j)));
        }
    }
    (requests, jobs)
}

#[tokio::test]
async fn a_completed_batch_has_failed_jobs_whose_errors_are_only_in_the_jobs() {
    let app = demo();
    let b = batch(&app, "COMPLETED", 200).await;
    let results = b.results.clone().unwrap();
    let (requests, jobs) = outcomes(&app, &b).await;
    let with_jobs = results.iter().filter(|r| r.job_reference.is_some()).count();
    assert_eq!(
        requests,
        with_jobs.div_ceil(100),
        "one request per 100 jobs"
    );
    for r in &results {
        match &r.job_reference {
            Some(j) => {
                assert_eq!(r.error_message, None, "mapping errors only without a job");
                let job = &jobs[&j.id];
                assert!(matches!(
                    job.status,
                    JobStatus::Completed | JobStatus::Failed
                ));
                assert!(job.credits().is_some(), "finished jobs report credits");
                // The single-job endpoint says the same: the parse job
                // wrapped in `job` (ParsingGetResponse), the extract job flat.
                let one: Job = if j.id.starts_with("ejb-") {
                    json(&app, &format!("/api/v2/extract/{}", j.id)).await
                } else {
                    let wrapped: serde_json::Value =
                        json(&app, &format!("/api/v2/parse/{}", j.id)).await;
                    assert!(wrapped.get("id").is_none(), "not flat: {wrapped}");
                    serde_json::from_value(wrapped["job"].clone()).unwrap()
                };
                assert_eq!(&one, job);
            }
            None => assert!(r.error_message.is_some()),
        }
    }
    assert!(jobs
        .values()
        .any(|j| j.status == JobStatus::Failed && j.error_message.is_some()));
}

#[tokio::test]
async fn a_thousand_file_batch_needs_ten_requests_and_a_running_one_has_progress() {
    let app = demo();
    let b = batch(&app, "COMPLETED", 1000).await;
    let (requests, jobs) = outcomes(&app, &b).await;
    let with_jobs = b
        .results
        .as_ref()
        .unwrap()
        .iter()
        .filter(|r| r.job_reference.is_some())
        .count();
    assert_eq!(jobs.len(), with_jobs);
    assert!(requests <= 10, "{requests}");
    let running = batch(&app, "RUNNING", 50).await;
    let (_, jobs) = outcomes(&app, &running).await;
    for s in [JobStatus::Pending, JobStatus::Running, JobStatus::Completed] {
        assert!(
            jobs.values().any(|j| j.status == s),
            "{s} in a RUNNING batch"
        );
    }
}

#[tokio::test]
async fn unknown_ids_are_absent_and_pages_follow_cursors() {
    let app = demo();
    let b = batch(&app, "COMPLETED", 120).await;
    let kind = if b.job_type().map(|t| t.as_str()) == Some("extract_v2") {
        "extract"
    } else {
        "parse"
    };
    let ids: Vec<String> = b
        .results
        .unwrap()
        .into_iter()
        .filter_map(|r| r.job_reference)
        .map(|j| j.id)
        .take(5)
        .collect();
    let mut q: Vec<String> = ids.iter().map(|id| format!("job_ids={id}")).collect();
    q.insert(2, "job_ids=pjb-0000000000000000".into());
    q.insert(3, "job_ids=nonsense".into());
    let page: JobPage = json(&app, &format!("/api/v2/{kind}?{}&page_size=2", q.join("&"))).await;
    assert_eq!(
        page.items.iter().map(|j| &j.id).collect::<Vec<_>>(),
        ids[..2].iter().collect::<Vec<_>>()
    );
    let token = page.next_token().unwrap().to_string();
    let mut got: Vec<String> = page.items.into_iter().map(|j| j.id).collect();
    let mut token = Some(token);
    while let Some(t) = token {
        let page: JobPage = json(
            &app,
            &format!("/api/v2/{kind}?{}&page_size=2&page_token={t}", q.join("&")),
        )
        .await;
        token = page.next_token().map(String::from);
        got.extend(page.items.into_iter().map(|j| j.id));
    }
    assert_eq!(
        got, ids,
        "every known id once, in the order asked, unknown ones absent"
    );
    // A cursor is bound to its ids.
    let page: JobPage = json(
        &app,
        &format!(
            "/api/v2/{kind}?job_ids={}&job_ids={}&page_size=1",
            ids[0], ids[1]
        ),
    )
    .await;
    let t = page.next_token().unwrap();
    let a = get(
        &app,
        &format!(
            "/api/v2/{kind}?job_ids={}&page_size=1&page_token={t}",
            ids[0]
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    // A parse list never returns extract jobs and vice versa.
    let other = if kind == "parse" { "extract" } else { "parse" };
    let page: JobPage = json(&app, &format!("/api/v2/{other}?job_ids={}", ids[0])).await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn page_size_above_100_and_bad_status_are_422_in_the_detail_list_shape() {
    let app = demo();
    let a = get(
        &app,
        "/api/v2/parse?job_ids=pjb-1&page_size=101&status=DONE",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&a.body).unwrap();
    let locs: Vec<_> = v["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["loc"].clone())
        .collect();
    assert_eq!(
        locs,
        [
            serde_json::json!(["query", "status"]),
            serde_json::json!(["query", "page_size"])
        ]
    );
    assert_eq!(
        get(&app, "/api/v2/parse?page_size=100").await.status,
        StatusCode::OK
    );
    let throttled = get(&app, "/api/v2/extract?status=THROTTLED").await;
    assert_eq!(
        throttled.status,
        StatusCode::OK,
        "extract statuses may include THROTTLED"
    );
}

#[tokio::test]
async fn status_filter_and_listing_without_ids() {
    let app = demo();
    let page: JobPage = json(&app, "/api/v2/parse?status=FAILED&page_size=20").await;
    assert_eq!(page.items.len(), 20);
    assert!(page
        .items
        .iter()
        .all(|j| j.status == JobStatus::Failed && j.id.starts_with("pjb-")));
    let next: JobPage = json(
        &app,
        &format!(
            "/api/v2/parse?status=FAILED&page_size=20&page_token={}",
            page.next_token().unwrap()
        ),
    )
    .await;
    assert!(next.items.iter().all(|j| !page.items.contains(j)));
}

#[tokio::test]
async fn test_faults_can_fail_only_the_job_list() {
    let app = demo();
    let fault = axum::http::Request::builder()
        .method("POST")
        .uri("/__test/faults")
        .header("host", HOST)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(
            r#"{"path":"/api/v2/parse","status":503,"count":2,"body":"{\"detail\":\"down\"}"}"#,
        ))
        .unwrap();
    assert_eq!(send(&app, fault).await.status, StatusCode::NO_CONTENT);
    let b = batch(&app, "COMPLETED", 1).await;
    let id = b
        .results
        .unwrap()
        .into_iter()
        .find_map(|r| r.job_reference)
        .unwrap()
        .id;
    let kind = if id.starts_with("ejb-") {
        "extract"
    } else {
        "parse"
    };
    if kind == "parse" {
        // The single-job GET is not the list: an exact path leaves it alone.
        assert_eq!(
            get(&app, &format!("/api/v2/parse/{id}")).await.status,
            StatusCode::OK
        );
    }
    let a = get(&app, "/api/v2/parse?job_ids=pjb-1").await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(a.detail(), "down");
    assert_eq!(
        get(&app, "/api/v2/parse?job_ids=pjb-1").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(
        get(&app, "/api/v2/parse?job_ids=pjb-1").await.status,
        StatusCode::OK,
        "count spent"
    );
}
