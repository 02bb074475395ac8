//! One log line per request, and the request counter, both by route.
//!
//! The route is a fixed name (the allow-list's endpoint for `/api/`, a
//! handful of others), never the raw path or query: ids may identify
//! people's documents, and a label per id would grow without bound. The
//! line also has the path's shape with ids as `{id}` (`/api/v2/batches/{id}`)
//! and the client's address ([`crate::client`]), so an operator can see who
//! failed to sign in and block them. Keys never appear, since no header is
//! logged. `RUST_LOG=server::access=info` (on by default at `info`)
//! controls the lines.

use crate::allow_list::{self, Endpoint};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use batches_core::route::Page;
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

/// The path without query or ids: the allow-list's shape for `/api/`, the
/// app's page for its routes, a build file's own name.
pub fn path_of(req: &Request) -> std::borrow::Cow<'static, str> {
    let path = req.uri().path();
    if path.starts_with("/api/") {
        return match allow_list::check(req.method(), req.uri(), true).map(|a| a.endpoint()) {
            Ok(Endpoint::ListBatches) => "/api/v2/batches",
            Ok(Endpoint::GetBatch) => "/api/v2/batches/{id}",
            Ok(Endpoint::CancelBatch) => "/api/v2/batches/{id}/cancel",
            Ok(Endpoint::GetDirectory) => "/api/v1/beta/directories/{id}",
            Ok(Endpoint::GetDirectoryFile) => "/api/v1/beta/directories/{id}/files/{id}",
            Ok(Endpoint::GetParseJob) => "/api/v2/parse/{id}",
            Ok(Endpoint::GetExtractJob) => "/api/v2/extract/{id}",
            Ok(Endpoint::ListParseJobs) => "/api/v2/parse",
            Ok(Endpoint::ListExtractJobs) => "/api/v2/extract",
            // An endpoint added to the allow-list later shows here until named.
            #[allow(unreachable_patterns)]
            Ok(_) => "/api/{other}",
            Err(_) => "/api/{refused}",
        }
        .into();
    }
    match path {
        "/healthz" | "/metrics" | "/__test/faults" | "/__test/requests" | "/__test/finish" => {
            return path.to_owned().into()
        }
        p if p.starts_with("/__test/") => return "/__test/{other}".into(),
        _ => {}
    }
    match Page::of(path) {
        Page::List => "/".into(),
        Page::Batch(_) => "/batches/{id}".into(),
        // A file's name (the build's, or a scanner's guess), cut short.
        Page::NotFound if crate::assets::looks_like_asset(path) => {
            path.chars().take(120).collect::<String>().into()
        }
        Page::NotFound => "/{other}".into(),
    }
}

/// Middleware, outermost: times the request, then logs and counts it.
/// With `trust_forwarded` the line also names the address the reverse
/// proxy in front saw.
pub async fn record(State(trust_forwarded): State<bool>, req: Request, next: Next) -> Response {
    let route = route_of(&req);
    let path = path_of(&req);
    let client = crate::client::peer(&req);
    let forwarded = trust_forwarded
        .then(|| crate::client::forwarded_for(&req))
        .flatten();
    let method = req.method().clone();
    let started = Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16();
    crate::metrics::request(route, status);
    let client = client.map_or_else(|| "-".to_string(), |ip| ip.to_string());
    tracing::info!(
        target: "server::access",
        %client,
        forwarded_for = forwarded.map(tracing::field::display),
        %method,
        %path,
        %route,
        status,
        duration_ms = %format_args!("{:.2}", started.elapsed().as_secs_f64() * 1000.0),
        "request"
    );
    resp
}
