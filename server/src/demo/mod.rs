//! Demo mode: a built-in LlamaCloud account, so the dashboard works with no key.

pub mod api;
pub mod cursor;
pub mod data;
pub mod jobs;
pub mod live;
pub mod results;
