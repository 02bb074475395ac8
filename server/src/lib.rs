//! The dashboard's server: serves the built app and answers `/api/`, from
//! the demo data set or by relaying to LlamaCloud with the server's key.
//!
//! A library as well as a binary so integration tests build the exact router
//! the binary runs.

pub mod access_log;
pub mod allow_list;
pub mod assets;
pub mod basic_auth;
pub mod bounded_connector;
pub mod cli;
pub mod client;
pub mod coalesce;
pub mod demo;
pub mod detail;
pub mod embedded;
pub mod faults;
pub mod finish;
pub mod header_filter;
pub mod host_check;
pub mod metrics;
pub mod preload;
pub mod proxy;
pub mod same_origin;
pub mod security;
pub mod serve;

// The workspace's `release` profile aborts on panic (right for the wasm
// app, whose size it keeps down). A server built that way would exit on any
// handler's panic, taking every open request with it, and cargo cannot give
// one package another panic strategy within a profile. So such a build is
// refused here, with the command that builds it right.
#[cfg(panic = "abort")]
compile_error!(
    "the server must unwind on panic so one failing request cannot stop it: \
     build it with `cargo build --profile server-release -p server` (or scripts/release), \
     not `--release`, whose profile aborts on panic for the wasm app"
);

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::get;
use axum::Router;
use cli::{ApiKey, Config, Mode};
use std::sync::Arc;

/// A handler's panic answers 500 in words (the process, which unwinds,
/// goes on serving everyone else); the panic message goes to the log only.
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request handler panicked; answered 500");
    detail::detail(
        axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        "This server failed while answering; the error is in its log",
    )
}

/// Builds the whole application from its configuration. From the outside
/// in: security headers, panic catcher, Host check, compression, basic auth,
/// test faults, the `/api/` allow-list, same-origin POSTs, then the routes.
pub fn app(cfg: &Config) -> Router {
    let mut test_routes = Router::new();
    metrics::handle();
    let api = match &cfg.mode {
        Mode::Demo => {
            let demo = Arc::new(if cfg.frozen {
                demo::api::Demo::new(cfg.seed, cfg.now)
            } else {
                demo::api::Demo::live(cfg.seed, cfg.speed, Arc::new(cli::system_now))
            });
            test_routes = finish::routes(Arc::clone(&demo));
            demo::api::routes(demo)
        }
        Mode::Proxy { base, key } => proxy::routes(Arc::new(proxy::Upstream::new(
            base,
            key.as_ref().map(ApiKey::header_value),
            cfg.limits,
        ))),
    };
    let metrics_here = cfg.metrics_listen.is_none();
    let mut app = api
        .route("/healthz", get(|| async { "ok\n" }))
        .route(
            "/metrics",
            get(move || async move {
                if metrics_here {
                    metrics::render().await
                } else {
                    detail::detail(
                        axum::http::StatusCode::NOT_FOUND,
                        "Metrics are served on this server's --metrics-listen address",
                    )
                }
            }),
        )
        .merge(assets::routes_for(&cfg.app).layer(from_fn(preload::announce_first_list)))
        .layer(axum::middleware::from_fn(same_origin::require))
        .layer(from_fn_with_state(cfg.cancel_allowed(), allow_list::guard));
    if cfg.test_faults {
        let faults = Arc::new(faults::Faults::default());
        app = app
            .layer(from_fn_with_state(Arc::clone(&faults), faults::inject))
            .merge(
                faults::routes(faults)
                    .merge(test_routes)
                    .layer(from_fn(same_origin::refuse_cross_site)),
            );
    }
    if let Some(credentials) = &cfg.basic_auth {
        let gate = basic_auth::Gate {
            credentials: credentials.clone(),
            throttle: basic_auth::Throttle::default(),
            trust_forwarded: cfg.trust_forwarded,
        };
        app = app.layer(from_fn_with_state(Arc::new(gate), basic_auth::require));
    }
    let hosts = Arc::new(host_check::AllowedHosts::new(
        cfg.listen,
        &cfg.allowed_hosts,
    ));
    app.layer(
        tower_http::compression::CompressionLayer::new()
            .gzip(true)
            .br(true),
    )
    .layer(from_fn_with_state(hosts, host_check::require))
    .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
    .layer(from_fn_with_state(
        security::policy_for_app(&cfg.app),
        security::add_headers,
    ))
    .layer(from_fn_with_state(cfg.trust_forwarded, access_log::record))
}

/// The router of the separate `--metrics-listen` address: `/metrics` only,
/// with no basic auth, for a scraper on a private network. It answers only
/// requests naming `listen` (or a loopback name with its port, or an
/// `--allowed-host`), like the main address, so a rebinding page cannot
/// read it either.
pub fn metrics_app(listen: std::net::SocketAddr, allowed_hosts: &[String]) -> Router {
    metrics::handle();
    let hosts = Arc::new(host_check::AllowedHosts::new(listen, allowed_hosts));
    Router::new()
        .route("/metrics", get(metrics::render))
        .layer(from_fn_with_state(hosts, host_check::require))
}
