//! When to try a failed request again, and how long to wait first.
//!
//! Mirrors the official LlamaCloud SDKs: rate limits (429) and server errors
//! are retried twice with exponential backoff and jitter, and a server's
//! `Retry-After` wins over our own schedule (within reason).

use crate::api_error::ApiError;

/// Retries after the first attempt.
pub const MAX_RETRIES: u32 = 2;
/// First backoff step; doubles each retry.
pub const BASE_DELAY_MS: u64 = 1_000;
/// No backoff waits longer than this, whatever the server asks.
pub const MAX_DELAY_MS: u64 = 30_000;

/// A retry that is waiting: what failed, which retry is next, and how long
/// until it starts. The page shows it ("retrying in 2 s…").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryNotice {
    pub error: ApiError,
    /// 1 for the first retry.
    pub retry: u32,
    pub wait_ms: u64,
}

/// The wait before retry number `retry` (0-based) after `error`, or `None`
/// when the error is not worth retrying or the retries are used up.
/// `jitter` in [0, 1) spreads clients apart so they do not retry in step.
pub fn delay_before_retry(error: &ApiError, retry: u32, jitter: f64) -> Option<u64> {
    let retryable = match error {
        ApiError::Http { status, .. } => *status == 429 || *status >= 500,
        _ => false,
    };
    if !retryable || retry >= MAX_RETRIES {
        return None;
    }
    if let ApiError::Http {
        retry_after_ms: Some(ms),
        ..
    } = error
    {
        return Some((*ms).min(MAX_DELAY_MS));
    }
    let base = BASE_DELAY_MS.saturating_mul(1 << retry.min(16));
    // Full delay minus up to a quarter, as the SDKs do.
    let jittered = base as f64 * (1.0 - 0.25 * jitter.clamp(0.0, 1.0));
    Some((jittered as u64).min(MAX_DELAY_MS))
}

/// A wait in whole seconds as a person reads it ("retrying in 2 s").
pub fn seconds_label(ms: u64) -> String {
    format!("{} s", ms.div_ceil(1000).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(status: u16, retry_after_ms: Option<u64>) -> ApiError {
        ApiError::Http {
            status,
            detail: None,
            retry_after_ms,
        }
    }

    #[test]
    fn retries_rate_limits_and_server_errors_twice() {
        for s in [429, 500, 502, 503, 504] {
            assert!(delay_before_retry(&http(s, None), 0, 0.0).is_some(), "{s}");
            assert!(delay_before_retry(&http(s, None), 1, 0.0).is_some(), "{s}");
            assert_eq!(delay_before_retry(&http(s, None), 2, 0.0), None, "{s}");
        }
        for s in [400, 401, 402, 403, 404, 409, 422] {
            assert_eq!(delay_before_retry(&http(s, None), 0, 0.0), None, "{s}");
        }
        assert_eq!(
            delay_before_retry(&ApiError::Malformed("x".into()), 0, 0.0),
            None
        );
        assert_eq!(
            delay_before_retry(&ApiError::Network("x".into()), 0, 0.0),
            None,
            "a dropped network is retried by the person, not in a loop"
        );
    }

    #[test]
    fn exponential_with_bounded_jitter() {
        assert_eq!(delay_before_retry(&http(503, None), 0, 0.0), Some(1000));
        assert_eq!(delay_before_retry(&http(503, None), 1, 0.0), Some(2000));
        assert_eq!(delay_before_retry(&http(503, None), 1, 0.999), Some(1500));
        for i in 0..100 {
            let d = delay_before_retry(&http(500, None), 1, i as f64 / 100.0).unwrap();
            assert!((1500..=2000).contains(&d), "{d}");
        }
    }

    #[test]
    fn server_retry_after_wins_but_is_capped() {
        assert_eq!(
            delay_before_retry(&http(429, Some(1500)), 0, 0.5),
            Some(1500)
        );
        assert_eq!(delay_before_retry(&http(429, Some(0)), 1, 0.5), Some(0));
        assert_eq!(
            delay_before_retry(&http(429, Some(3_600_000)), 0, 0.0),
            Some(MAX_DELAY_MS)
        );
    }

    #[test]
    fn labels_round_up() {
        assert_eq!(seconds_label(0), "1 s");
        assert_eq!(seconds_label(1000), "1 s");
        assert_eq!(seconds_label(1001), "2 s");
    }
}
