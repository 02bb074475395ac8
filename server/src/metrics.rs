//! Metric names, in one place so the exporter, the code that records and
//! the tests agree on them.

use crate::coalesce::Source;
use std::time::Duration;

/// Gauge: connections open right now.
pub const OPEN_CONNECTIONS: &str = "dashboard_open_connections";
/// Counter: proxied GETs answered without their own upstream request,
/// labelled `source` = `coalesced` or `cached`.
pub const SHARED_ANSWERS: &str = "dashboard_upstream_shared_answers_total";
/// Histogram: seconds each upstream exchange took, body included.
pub const UPSTREAM_SECONDS: &str = "dashboard_upstream_request_duration_seconds";

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
