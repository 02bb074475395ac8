//! Talking to the API: the transport (timeout, abort, retries), the
//! latest-only slot, and the endpoints. No view code.

mod endpoints;
mod latest;
mod transport;

pub use batches_core::api_error::ApiError;
pub use batches_core::retry::RetryNotice;
pub use endpoints::*;
pub use latest::{CancelToken, LatestOnly};
pub use transport::TIMEOUT_SECS;
