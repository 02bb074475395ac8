//! Identical concurrent GETs cost LlamaCloud one request; different keys,
//! cancels and `no-cache` never share. Counted at the stand-in upstream.

use crate::support::*;
use axum::http::StatusCode;
use futures_util::future::join_all;
use std::time::Duration;

/// A stand-in that takes a moment, so concurrent requests overlap, and
/// says which request it answered.
async fn slow_upstream() -> StandIn {
    StandIn::start_slow(Duration::from_millis(300), |seen| {
        let n = seen
            .headers
            .get("authorization")
            .map(|v| v.len())
            .unwrap_or(0);
        json(200, &format!(r#"{{"items":[],"auth_len":{n}}}"#), &[])
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_identical_gets_are_one_upstream_request() {
    let up = slow_upstream().await;
    let app = server::app(&proxy_config(&up.url, &[]));
    let answers = join_all((0..50).map(|_| get(&app, "/api/v2/batches?status=RUNNING"))).await;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body, answers[0].body);
        a.assert_no_key();
    }
    assert_eq!(
        up.seen().len(),
        1,
        "upstream requests: {:?}",
        up.seen().len()
    );
    // Once answered, the next identical GET goes upstream again (no TTL).
    get(&app, "/api/v2/batches?status=RUNNING").await;
    assert_eq!(up.seen().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn different_keys_and_queries_never_share() {
    let up = slow_upstream().await;
    let app = server::app(&proxy_config(&up.url, &["--cache-ttl", "5s"]));
    let with_key = |key: &'static str| {
        let app = app.clone();
        async move {
            send(
                &app,
                request("GET", "/api/v2/batches", &[("authorization", key)]),
            )
            .await
        }
    };
    let mut calls = Vec::new();
    for _ in 0..10 {
        calls.push(with_key("Bearer llx-alice"));
        calls.push(with_key("Bearer llx-bob-longer"));
    }
    let answers = join_all(calls).await;
    for (i, a) in answers.iter().enumerate() {
        // Each caller gets the answer made with its own key.
        let len = if i % 2 == 0 {
            "Bearer llx-alice".len()
        } else {
            "Bearer llx-bob-longer".len()
        };
        assert!(
            a.body.contains(&format!("\"auth_len\":{len}")),
            "{}",
            a.body
        );
    }
    assert_eq!(up.seen().len(), 2, "one upstream request per key");
    get(&app, "/api/v2/batches?status=FAILED").await;
    assert_eq!(up.seen().len(), 3, "another query is another request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ttl_keeps_answers_and_no_cache_goes_to_the_origin() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let app = server::app(&proxy_config(&up.url, &["--cache-ttl", "2s"]));
    for _ in 0..3 {
        assert_eq!(get(&app, "/api/v2/batches").await.status, StatusCode::OK);
    }
    assert_eq!(up.seen().len(), 1, "answered from the cache");
    for value in ["no-cache", "max-age=0, no-cache"] {
        let fresh = send(
            &app,
            request("GET", "/api/v2/batches", &[("cache-control", value)]),
        )
        .await;
        assert_eq!(fresh.status, StatusCode::OK);
    }
    assert_eq!(up.seen().len(), 3, "no-cache is honoured");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_shared_while_under_way_but_never_kept() {
    let up =
        StandIn::start(|_| json(429, r#"{"detail":"slow down"}"#, &[("retry-after", "1")])).await;
    let app = server::app(&proxy_config(&up.url, &["--cache-ttl", "5s"]));
    assert_eq!(
        get(&app, "/api/v2/batches").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        get(&app, "/api/v2/batches").await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(up.seen().len(), 2, "a 429 is not cached");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancels_are_never_coalesced_or_cached() {
    let up = slow_upstream().await;
    let app = server::app(&proxy_config(
        &up.url,
        &["--allow-cancel", "--cache-ttl", "5s"],
    ));
    let answers =
        join_all((0..5).map(|_| send(&app, request("POST", "/api/v2/batches/bat-1/cancel", &[]))))
            .await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK));
    assert_eq!(up.seen().len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_with_max_age_0_is_not_answered_from_the_cache() {
    let up = StandIn::start(|_| json(200, r#"{"items":[]}"#, &[])).await;
    let app = server::app(&proxy_config(&up.url, &["--cache-ttl", "60s"]));
    assert_eq!(get(&app, "/api/v2/batches").await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/v2/batches").await.status, StatusCode::OK);
    assert_eq!(up.seen().len(), 1, "answered from the cache");
    let reload = send(
        &app,
        request("GET", "/api/v2/batches", &[("cache-control", "max-age=0")]),
    )
    .await;
    assert_eq!(reload.status, StatusCode::OK);
    assert_eq!(
        up.seen().len(),
        2,
        "a reload's max-age=0 went to the origin"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_keeps_at_most_its_bytes_and_drops_the_oldest_first() {
    // Each answer is a little over 1 KiB with its headers: three fit in 4 KiB.
    let up =
        StandIn::start(|_| json(200, &format!(r#"{{"pad":"{}"}}"#, "x".repeat(1000)), &[])).await;
    let app = server::app(&proxy_config(
        &up.url,
        &["--cache-ttl", "60s", "--cache-max-bytes", "4KiB"],
    ));
    for n in 1..=4 {
        let a = get(&app, &format!("/api/v2/batches?page_size={n}")).await;
        assert_eq!(a.status, StatusCode::OK);
    }
    assert_eq!(up.seen().len(), 4);
    // The newest is still kept; the oldest was dropped to make room.
    get(&app, "/api/v2/batches?page_size=4").await;
    assert_eq!(up.seen().len(), 4, "the newest answer was not kept");
    get(&app, "/api/v2/batches?page_size=1").await;
    assert_eq!(
        up.seen().len(),
        5,
        "the oldest answer was still kept past the bound"
    );
}
