//! One log line per request, and the request counter, both by route.
//!
//! The route is a fixed name (the allow-list's endpoint for `/api/`, a
//! handful of others), never the raw path or query: ids may identify
//! people's documents, and a label per id would grow without bound. Keys
//! never appear, since no header is logged. `RUST_LOG=server::access=info`
//! (on by default at `info`) controls the lines.

use crate::allow_list::{self, Endpoint};
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The fixed route name of a request.
pub fn route_of(req: &Request) -> &'static str {
    let path = req.uri().path();
    if path.starts_with("/api/") {
        // Cancel counts as its endpoint whether or not it is enabled.
        return match allow_list::check(req.method(), req.uri(), true).map(|a| a.endpoint()) {
            Ok(Endpoint::ListBatches) => "api:list_batches",
            Ok(Endpoint::GetBatch) => "api:get_batch",
            Ok(Endpoint::CancelBatch) => "api:cancel_batch",
            Ok(Endpoint::GetDirectory) => "api:get_directory",
            Ok(Endpoint::GetDirectoryFile) => "api:get_directory_file",
            Ok(Endpoint::GetParseJob) => "api:get_parse_job",
            Ok(Endpoint::GetExtractJob) => "api:get_extract_job",
            // An endpoint added to the allow-list later counts here until named.
            #[allow(unreachable_patterns)]
            Ok(_) => "api:other",
            Err(_) => "api:refused",
        };
    }
    match path {
        "/healthz" => "healthz",
        "/metrics" => "metrics",
        p if p.starts_with("/__test/") => "test_faults",
        _ => "app",
    }
}

/// Middleware, outermost: times the request, then logs and counts it.
pub async fn record(req: Request, next: Next) -> Response {
    let route = route_of(&req);
    let method = req.method().clone();
    let started = Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    crate::metrics::request(route, status);
    tracing::info!(
        target: "server::access",
        %method,
        %route,
        status,
        duration_ms = %format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
        "request"
    );
    resp
}
