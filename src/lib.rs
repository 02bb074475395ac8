//! Batches Dashboard: a browser dashboard for LlamaCloud batch jobs.
//!
//! The modules without web code (`model`, `filters`, `query`, `time`,
//! `api_error`) build and test natively and are shared with the `server`
//! crate; the Leptos app lives behind `cfg(target_arch = "wasm32")`.

pub mod api_error;
pub mod detail_filters;
pub mod export;
pub mod filters;
pub mod live;
pub mod model;
pub mod query;
pub mod retry;
pub mod span;
pub mod text;
pub mod time;

#[cfg(target_arch = "wasm32")]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod crash;
#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod key_store;
#[cfg(target_arch = "wasm32")]
pub mod names;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod theme;
