//! `/__test/finish`: a browser test makes a watched demo batch finish.

use crate::support::{config, get, proxy_config, request, send};
use axum::http::StatusCode;
use serde_json::Value;
use server::cli::Env;

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn running_total(app: &axum::Router) -> u64 {
    let a = get(app, "/api/v2/batches?status=RUNNING&page_size=1").await;
    json(&a.body)["total_size"].as_u64().unwrap()
}

#[tokio::test]
async fn a_running_batch_finishes_on_request_with_its_results() {
    let app = server::app(&config(
        &["--demo", "--seed", "7", "--test-faults"],
        Env::default(),
    ));
    let page = json(
        &get(&app, "/api/v2/batches?status=RUNNING&page_size=1")
            .await
            .body,
    );
    let id = page["items"][0]["id"].as_str().unwrap().to_string();
    let before = page["items"][0]["updated_at"].as_str().unwrap().to_string();
    let running = running_total(&app).await;

    let a = send(
        &app,
        request(
            "POST",
            &format!("/__test/finish?batch={id}&status=failed"),
            &[],
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(json(&a.body)["status"], "FAILED");

    let one = json(
        &get(&app, &format!("/api/v2/batches/{id}?expand=results"))
            .await
            .body,
    );
    assert_eq!(one["status"], "FAILED");
    assert_ne!(one["updated_at"].as_str().unwrap(), before);
    let results = one["results"]
        .as_array()
        .expect("a finished batch has results");
    assert!(!results.is_empty());
    assert_eq!(running_total(&app).await, running - 1);

    // A status is not required: finishing means COMPLETED.
    let a = send(
        &app,
        request("POST", &format!("/__test/finish?batch={id}"), &[]),
    )
    .await;
    assert_eq!(json(&a.body)["status"], "COMPLETED");
}

#[tokio::test]
async fn refusals_are_worded() {
    let app = server::app(&config(&["--demo", "--test-faults"], Env::default()));
    let a = send(
        &app,
        request("POST", "/__test/finish?status=COMPLETED", &[]),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        json(&a.body)["detail"],
        "Name the batch: POST /__test/finish?batch=<id>&status=COMPLETED"
    );
    let a = send(
        &app,
        request("POST", "/__test/finish?batch=x&status=RUNNING", &[]),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        json(&a.body)["detail"],
        "status RUNNING is not a finished status: use COMPLETED, FAILED or CANCELLED"
    );
    let a = send(&app, request("POST", "/__test/finish?batch=nope", &[])).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&a.body)["detail"], "Batch nope not found");
}

#[tokio::test]
async fn absent_without_test_faults_or_outside_demo_mode() {
    for (mode, app) in [
        ("demo", server::app(&config(&["--demo"], Env::default()))),
        (
            "proxy",
            server::app(&proxy_config("http://127.0.0.1:9", &["--test-faults"])),
        ),
    ] {
        let a = send(&app, request("POST", "/__test/finish?batch=x", &[])).await;
        assert!(
            a.status == StatusCode::NOT_FOUND || a.status == StatusCode::METHOD_NOT_ALLOWED,
            "{mode}: {} {}",
            a.status,
            a.body
        );
        assert!(!a.body.contains("Batch x"), "{mode}: {}", a.body);
    }
}
