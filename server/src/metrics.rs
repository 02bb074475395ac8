//! Metric names, in one place so the exporter, the code that records and
//! the tests agree on them.

/// Gauge: connections open right now.
pub const OPEN_CONNECTIONS: &str = "dashboard_open_connections";
