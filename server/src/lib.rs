//! The dashboard's server: serves the built app and answers `/api/`, from
//! the demo data set or by relaying to LlamaCloud with the server's key.
//!
//! A library as well as a binary so integration tests build the exact router
//! the binary runs.

pub mod allow_list;
pub mod assets;
pub mod basic_auth;
pub mod cli;
pub mod demo;
pub mod detail;
pub mod faults;
pub mod header_filter;
pub mod preload;
pub mod proxy;
pub mod security;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::Router;
use cli::{ApiKey, Config, Mode};
use std::sync::Arc;

/// Builds the whole application from its configuration. From the outside
/// in: security headers, compression, basic auth, test faults, the `/api/`
/// allow-list, then the routes.
pub fn app(cfg: &Config) -> Router {
    let api = match &cfg.mode {
        Mode::Demo => demo::api::routes(Arc::new(demo::api::Demo::new(cfg.seed, cfg.now))),
        Mode::Proxy { base, key } => proxy::routes(Arc::new(proxy::Upstream::new(
            base,
            key.as_ref().map(ApiKey::header_value),
            cfg.limits,
        ))),
    };
    let mut app = api
        .route("/healthz", get(|| async { "ok\n" }))
        .merge(assets::routes(cfg.dist.clone()).layer(from_fn(preload::announce_first_list)))
        .layer(from_fn_with_state(cfg.cancel_allowed(), allow_list::guard));
    if cfg.test_faults {
        let faults = Arc::new(faults::Faults::default());
        app = app
            .layer(from_fn_with_state(Arc::clone(&faults), faults::inject))
            .merge(faults::routes(faults));
    }
    if let Some(credentials) = &cfg.basic_auth {
        app = app.layer(from_fn_with_state(
            Arc::new(credentials.clone()),
            basic_auth::require,
        ));
    }
    app.layer(
        tower_http::compression::CompressionLayer::new()
            .gzip(true)
            .br(true),
    )
    .layer(from_fn_with_state(
        security::policy_for_dist(&cfg.dist),
        security::add_headers,
    ))
}
