//! The one error shape every `/api/` answer of this server uses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// `{"detail": "…"}` with a status: LlamaCloud's own shape for plain errors,
/// so the dashboard shows the server's refusals (allow-list, timeouts,
/// unreachable upstream) exactly as it shows LlamaCloud's.
pub fn detail(status: StatusCode, msg: impl Into<String>) -> Response {
    (status, Json(json!({ "detail": msg.into() }))).into_response()
}
