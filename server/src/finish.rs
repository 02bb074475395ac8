//! Test-only: make a demo batch finish now, off unless `--test-faults`.
//!
//! A browser test of "Watch" needs a watched batch to reach COMPLETED, FAILED
//! or CANCELLED while the page is open; the demo's batches never change on
//! their own. `POST /__test/finish?batch=<id>&status=COMPLETED` moves one
//! there (its `updated_at` becomes now), so the next poll sees it finished,
//! with per-file results generated for that status. Demo mode only: in
//! proxy mode the batches belong to a real account.

use crate::cli::system_now;
use crate::demo::api::Demo;
use crate::detail::detail;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use batches_core::model::BatchStatus;
use batches_core::query;
use std::sync::Arc;

/// The `/__test/finish` route over the demo account.
pub fn routes(demo: Arc<Demo>) -> Router {
    Router::new()
        .route("/__test/finish", post(finish))
        .with_state(demo)
}

async fn finish(State(demo): State<Arc<Demo>>, RawQuery(raw): RawQuery) -> Response {
    let pairs = query::parse_pairs(raw.as_deref().unwrap_or(""));
    let value = |k: &str| {
        query::values_of(&pairs, k)
            .first()
            .map(|v| v.trim().to_string())
    };
    let Some(id) = value("batch").filter(|v| !v.is_empty()) else {
        return detail(
            StatusCode::BAD_REQUEST,
            "Name the batch: POST /__test/finish?batch=<id>&status=COMPLETED",
        );
    };
    let status = value("status")
        .map(|s| BatchStatus::from_api(&s.to_ascii_uppercase()))
        .unwrap_or(BatchStatus::Completed);
    if !status.is_terminal() {
        return detail(
            StatusCode::BAD_REQUEST,
            format!("status {status} is not a finished status: use COMPLETED, FAILED or CANCELLED"),
        );
    }
    match demo.set_status(&id, status, system_now()) {
        Some(batch) => Json(batch).into_response(),
        None => detail(StatusCode::NOT_FOUND, format!("Batch {id} not found")),
    }
}
