//! One page per file; each owns its URL and its resources.

pub mod batch_detail;
pub mod batches;
pub mod not_found;
pub mod result_area;
