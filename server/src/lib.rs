//! The dashboard's server: serves the built app and answers `/api/`.
//!
//! A library as well as a binary so integration tests build the exact router
//! the binary runs.

pub mod assets;
pub mod cli;
pub mod demo;
pub mod faults;

use axum::http::StatusCode;
use axum::routing::{any, get};
use axum::Router;
use std::sync::Arc;

/// Builds the whole application from its configuration.
pub fn app(cfg: &cli::Config) -> Router {
    let demo = Arc::new(demo::api::Demo::new(cfg.seed, cfg.now));
    let mut app = demo::api::routes(demo).route(
        "/api/{*rest}",
        any(|| async { demo::api::detail(StatusCode::NOT_FOUND, "Not Found") }),
    );
    if cfg.test_faults {
        let faults = Arc::new(faults::Faults::default());
        app = app
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&faults),
                faults::inject,
            ))
            .merge(faults::routes(faults));
    }
    app.route("/healthz", get(|| async { "ok\n" }))
        .merge(assets::routes(cfg.dist.clone()))
        .layer(
            tower_http::compression::CompressionLayer::new()
                .gzip(true)
                .br(true),
        )
}
