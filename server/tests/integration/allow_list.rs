//! Every allow-list rule, and the proof that a refused request never
//! reaches the upstream.

use crate::support::*;
use axum::http::StatusCode;
use server::cli::Env;

async fn ok_upstream() -> StandIn {
    StandIn::start(|_| json(200, "{}", &[])).await
}

#[tokio::test]
async fn tricks_and_strangers_are_refused_without_contacting_the_upstream() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let cases: &[(&str, &str, StatusCode)] = &[
        (
            "GET",
            "/api/v2/batches/..%2F..%2Fadmin",
            StatusCode::FORBIDDEN,
        ),
        (
            "GET",
            "/api/v2/batches/..%2f..%2fadmin",
            StatusCode::FORBIDDEN,
        ),
        ("GET", "/api//v2/batches", StatusCode::FORBIDDEN),
        ("GET", "/api/v2/batches/%2e%2e", StatusCode::FORBIDDEN),
        (
            "GET",
            "/api/v2/batches/%2E%2e/cancel",
            StatusCode::FORBIDDEN,
        ),
        ("GET", "/api/v2/batches/a%2Fb", StatusCode::FORBIDDEN),
        ("GET", "/api/v2/batches/a%5Cb", StatusCode::FORBIDDEN),
        ("GET", "/api/v2/batches/../../admin", StatusCode::FORBIDDEN),
        ("GET", "/api/v2/./batches", StatusCode::FORBIDDEN),
        ("GET", "/api/v2/batches/bat-1/..", StatusCode::FORBIDDEN),
        // An absolute-form target naming another host is refused by the
        // Host check; one naming this server, by the allow-list.
        (
            "GET",
            "http://evil.example/api/v2/batches",
            StatusCode::MISDIRECTED_REQUEST,
        ),
        (
            "GET",
            "http://127.0.0.1/api/v2/batches",
            StatusCode::MISDIRECTED_REQUEST,
        ),
        (
            "GET",
            "http://localhost:8080/api/v2/batches",
            StatusCode::FORBIDDEN,
        ),
        ("GET", "/api/v2/batches/", StatusCode::NOT_FOUND),
        ("GET", "/api/v1/projects", StatusCode::NOT_FOUND),
        ("GET", "/api/v2/files/fil-1", StatusCode::NOT_FOUND),
        (
            "GET",
            "/api/v2/batches/bat-1/results",
            StatusCode::NOT_FOUND,
        ),
        (
            "GET",
            "/api/v1/beta/directories/dir-1/files",
            StatusCode::NOT_FOUND,
        ),
        ("GET", "/api/v2/batches/bat%201", StatusCode::NOT_FOUND),
        ("GET", "/api/v2/batches/-bat", StatusCode::NOT_FOUND),
        ("GET", "/api/", StatusCode::NOT_FOUND),
        ("POST", "/api/v2/batches", StatusCode::METHOD_NOT_ALLOWED),
        (
            "DELETE",
            "/api/v2/batches/bat-1",
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        ("PUT", "/api/v2/parse/pjb-1", StatusCode::METHOD_NOT_ALLOWED),
        ("POST", "/api/v2/parse", StatusCode::METHOD_NOT_ALLOWED),
        ("DELETE", "/api/v2/extract", StatusCode::METHOD_NOT_ALLOWED),
        ("GET", "/api/v2/parse/", StatusCode::NOT_FOUND),
        (
            "GET",
            "/api/v2/parse/pjb-1?expand=images_content_metadata",
            StatusCode::FORBIDDEN,
        ),
        ("HEAD", "/api/v2/batches", StatusCode::METHOD_NOT_ALLOWED),
        ("OPTIONS", "/api/v2/batches", StatusCode::METHOD_NOT_ALLOWED),
        (
            "POST",
            "/api/v2/batches/bat-1/cancel",
            StatusCode::FORBIDDEN,
        ),
        ("GET", "/api/v2/batches/bat-1/cancel", StatusCode::FORBIDDEN),
    ];
    for (method, target, status) in cases {
        let a = send(&app, request(method, target, &[])).await;
        assert_eq!(a.status, *status, "{method} {target}: {}", a.body);
        if *method != "HEAD" {
            assert!(!a.detail().is_empty(), "{method} {target}: {}", a.body);
        }
        a.assert_no_key();
    }
    assert!(
        up.seen().is_empty(),
        "upstream was contacted: {:?}",
        up.seen()
    );
}

#[tokio::test]
async fn refusals_say_why() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let a = get(&app, "/api/v2/batches/a%2Fb").await;
    assert!(a.detail().contains("Percent-encoded"), "{}", a.detail());
    let a = send(&app, request("POST", "/api/v2/batches/bat-1/cancel", &[])).await;
    assert!(a.detail().contains("--allow-cancel"), "{}", a.detail());
    let a = send(&app, request("POST", "/api/v2/batches", &[])).await;
    assert_eq!(a.header("allow"), "GET");
    assert_eq!(a.header("content-type"), "application/json");
    assert!(up.seen().is_empty());
}

#[tokio::test]
async fn every_allowed_call_is_forwarded() {
    let up = ok_upstream().await;
    let app = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    let calls = [
        ("GET", "/api/v2/batches"),
        ("GET", "/api/v2/batches/bat-1"),
        ("GET", "/api/v1/beta/directories/dir-1"),
        ("GET", "/api/v1/beta/directories/dir-1/files/dfl-2"),
        ("GET", "/api/v2/parse/pjb-3"),
        ("GET", "/api/v2/parse/pjb-3?expand=markdown&expand=text"),
        ("GET", "/api/v2/extract/ejb-4"),
        (
            "GET",
            "/api/v2/parse?job_ids=pjb-3&job_ids=pjb-5&page_size=100",
        ),
        ("GET", "/api/v2/extract?job_ids=ejb-4&page_size=100"),
        ("POST", "/api/v2/batches/bat-1/cancel"),
    ];
    for (method, target) in calls {
        let a = send(&app, request(method, target, &[])).await;
        assert_eq!(a.status, StatusCode::OK, "{method} {target}: {}", a.body);
    }
    let seen: Vec<_> = up
        .seen()
        .iter()
        .map(|s| (s.method.to_string(), s.target.clone()))
        .collect();
    let expected: Vec<_> = calls
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn cancel_is_forwarded_only_with_the_flag() {
    let up = ok_upstream().await;
    let cancel = || request("POST", "/api/v2/batches/bat-1/cancel?project_id=prj-1", &[]);
    let locked = server::app(&proxy_config(&up.url, &[]));
    assert_eq!(send(&locked, cancel()).await.status, StatusCode::FORBIDDEN);
    assert!(up.seen().is_empty());
    let open = server::app(&proxy_config(&up.url, &["--allow-cancel"]));
    assert_eq!(send(&open, cancel()).await.status, StatusCode::OK);
    let seen = up.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].target,
        "/api/v2/batches/bat-1/cancel?project_id=prj-1"
    );
}

#[tokio::test]
async fn demo_mode_has_the_same_gate_but_cancels_without_the_flag() {
    let app = server::app(&config(&["--demo", "--seed", "3"], Env::default()));
    assert_eq!(
        get(&app, "/api/v2/batches/..%2Fx").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&app, "/api//v2/batches").await.status,
        StatusCode::FORBIDDEN
    );
    let a = get(&app, "/api/v1/projects").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(!a.detail().is_empty());
    let list = get(&app, "/api/v2/batches?page_size=100").await;
    assert_eq!(list.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    let running = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["status"] == "RUNNING")
        .expect("a running batch in the first 100")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = send(
        &app,
        request("POST", &format!("/api/v2/batches/{running}/cancel"), &[]),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("CANCELLED"));
}
