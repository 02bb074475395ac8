//! Reusable behaviours with state, one per file, each `use_x` returning a struct.

pub mod use_api_answer;
pub mod use_auto_refresh;
