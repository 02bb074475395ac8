//! Batches Dashboard: the Leptos app (client-side, wasm32 only). The logic
//! without web code lives in the `batches-core` crate, shared with the server.
#![cfg(target_arch = "wasm32")]

pub mod api;
pub mod app;
pub mod back_link;
pub mod browser;
pub mod components;
pub mod crash;
pub mod hooks;
pub mod key_store;
pub mod names;
pub mod outcomes;
pub mod pages;
pub mod results;
pub mod router;
pub mod theme;
