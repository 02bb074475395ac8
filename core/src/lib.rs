//! The dashboard's logic without any web code, shared by the browser app and the
//! server: what a view is, how it maps to URLs and API requests, how times,
//! retries, exports and per-file outcomes are decided.
//!
//! Nothing here may depend on wasm-bindgen, web-sys, js-sys, leptos or gloo:
//! `cargo test -p batches-core` runs natively in seconds.

pub mod activity;
pub mod api_error;
pub mod detail_filters;
pub mod duration;
pub mod export;
pub mod filters;
pub mod goto;
pub mod live;
pub mod model;
pub mod outcome;
pub mod query;
pub mod result;
pub mod retry;
pub mod route;
pub mod saved_views;
pub mod share_link;
pub mod span;
pub mod text;
pub mod time;
pub mod watch;
