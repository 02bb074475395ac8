//! Prometheus metrics: what an operator graphs and alerts on.
//!
//! The `metrics` facade records; `metrics-exporter-prometheus` (without its
//! own HTTP listener) keeps the values and renders the text format, which
//! `GET /metrics` serves behind the same gate as everything else, or on the
//! separate `--metrics-listen` address. One recorder per process: metrics
//! describe the process, however many routers a test builds.

use crate::coalesce::Source;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

/// Gauge: connections open right now.
pub const OPEN_CONNECTIONS: &str = "dashboard_open_connections";
/// Counter: requests answered, labelled `route` (a fixed name, never the raw
/// path, so ids do not become labels) and `status`.
pub const REQUESTS: &str = "dashboard_http_requests_total";
/// Counter: proxied GETs answered without their own upstream request,
/// labelled `source` = `coalesced` or `cached`.
pub const SHARED_ANSWERS: &str = "dashboard_upstream_shared_answers_total";
/// Histogram: seconds each upstream exchange took, body included.
pub const UPSTREAM_SECONDS: &str = "dashboard_upstream_request_duration_seconds";

/// Upstream latency buckets: LlamaCloud answers in tens to hundreds of
/// milliseconds; the proxy gives up at 30 s.
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed on first use.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(UPSTREAM_SECONDS.into()), &LATENCY_BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed: /metrics will be empty");
        }
        metrics::describe_gauge!(OPEN_CONNECTIONS, "Connections open right now");
        metrics::describe_counter!(REQUESTS, "Requests answered, by route and status");
        metrics::describe_counter!(
            SHARED_ANSWERS,
            "Proxied GETs answered by another request's upstream call"
        );
        metrics::describe_histogram!(
            UPSTREAM_SECONDS,
            metrics::Unit::Seconds,
            "Duration of each upstream exchange"
        );
        handle
    })
}

/// `GET /metrics`: the text format Prometheus scrapes.
pub async fn render() -> Response {
    let handle = handle();
    handle.run_upkeep();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        handle.render(),
    )
        .into_response()
}

/// Counts one answered request.
pub fn request(route: &'static str, status: u16) {
    metrics::counter!(REQUESTS, "route" => route, "status" => status.to_string()).increment(1);
}

/// Records an upstream exchange's duration.
pub fn upstream_latency(took: Duration) {
    metrics::histogram!(UPSTREAM_SECONDS).record(took.as_secs_f64());
}

/// Counts a proxied answer that another request paid for.
pub fn shared_answer(source: Source) {
    if source != Source::Upstream {
        metrics::counter!(SHARED_ANSWERS, "source" => source.as_str()).increment(1);
    }
}
