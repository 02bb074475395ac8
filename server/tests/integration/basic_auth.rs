//! Basic auth: off by default; when on, everything but `/healthz` needs it,
//! and the password never travels upstream.

use crate::support::*;
use axum::http::StatusCode;
use base64::Engine as _;
use server::cli::Env;
use std::time::{Duration, Instant};

fn basic(user_pass: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(user_pass)
    )
}

fn team_env(api_key: Option<&str>) -> Env {
    Env {
        api_key: api_key.map(str::to_string),
        basic_auth: Some("team:correct horse".into()),
    }
}

#[tokio::test]
async fn off_by_default() {
    let dist = TempDist::new();
    let app = server::app(&config(
        &["--dist", dist.dir().to_str().unwrap()],
        Env::default(),
    ));
    assert_eq!(get(&app, "/").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/v2/batches").await.status, StatusCode::OK);
}

#[tokio::test]
async fn everything_but_healthz_needs_the_password() {
    let dist = TempDist::new();
    let cfg = config(
        &[
            "--demo",
            "--test-faults",
            "--dist",
            dist.dir().to_str().unwrap(),
        ],
        team_env(None),
    );
    let app = server::app(&cfg);
    for target in [
        "/",
        "/batches/bat-1",
        "/app-0123456789abcdef_bg.wasm",
        "/api/v2/batches",
        "/api/v2/batches/..%2F",
        "/__test/requests",
    ] {
        for auth in [
            None,
            Some(basic("team:wrong")),
            Some(basic("other:correct horse")),
            Some("Bearer llx-personal".to_string()),
        ] {
            let headers: Vec<(&str, &str)> =
                auth.iter().map(|a| ("authorization", a.as_str())).collect();
            let a = send(&app, request("GET", target, &headers)).await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{target} {auth:?}");
            assert_eq!(
                a.header("www-authenticate"),
                "Basic realm=\"Batches Dashboard\", charset=\"UTF-8\""
            );
            assert_eq!(a.header("x-frame-options"), "DENY");
        }
        let ok = basic("team:correct horse");
        let a = send(&app, request("GET", target, &[("authorization", &ok)])).await;
        assert_ne!(a.status, StatusCode::UNAUTHORIZED, "{target}");
    }
    assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_password_is_not_forwarded_and_the_server_key_is_used() {
    let up = StandIn::start(|_| json(200, "{}", &[])).await;
    let cfg = config(&["--upstream", &up.url], team_env(Some(KEY)));
    let app = server::app(&cfg);
    let ok = basic("team:correct horse");
    let a = send(
        &app,
        request("GET", "/api/v2/batches", &[("authorization", &ok)]),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let seen = up.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].headers["authorization"], format!("Bearer {KEY}"));
    // Refused requests never reach the upstream.
    get(&app, "/api/v2/batches").await;
    assert_eq!(up.seen().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_sign_ins_are_slowed_per_client_until_one_succeeds() {
    let cfg = config(&["--demo", "--trust-forwarded"], team_env(None));
    let (addr, _stop, _task) = start_with(cfg, crate::deadlines::short(16)).await;
    let wrong = format!(
        "Authorization: {}\r\nX-Forwarded-For: 10.9.9.9\r\n",
        basic("team:wrong")
    );
    let right = format!(
        "Authorization: {}\r\nX-Forwarded-For: 10.9.9.9\r\n",
        basic("team:correct horse")
    );
    // No credentials at all (a browser's first request) is not an attempt.
    for _ in 0..3 {
        assert_eq!(raw_status(&addr, "/api/v2/batches", "").await, 401);
    }
    for _ in 0..3 {
        assert_eq!(raw_status(&addr, "/api/v2/batches", &wrong).await, 401);
    }
    // Three failures: the next attempt waits 400 ms before it is checked,
    // and the one after 800 ms, even with the right password.
    let started = Instant::now();
    assert_eq!(raw_status(&addr, "/api/v2/batches", &wrong).await, 401);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    assert_eq!(raw_status(&addr, "/api/v2/batches", &right).await, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "{:?}",
        started.elapsed()
    );
    // Success clears them: the next wrong attempt is the first again, and
    // the one after it waits the first delay only.
    assert_eq!(raw_status(&addr, "/api/v2/batches", &wrong).await, 401);
    let started = Instant::now();
    assert_eq!(raw_status(&addr, "/api/v2/batches", &wrong).await, 401);
    assert!(started.elapsed() >= Duration::from_millis(100));
}
