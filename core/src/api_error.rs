//! What can go wrong talking to the API, and what to tell a person about it.
//!
//! Kept free of web code so every status and body shape is tested natively;
//! the fetch layer only collects status, headers and body text.

use serde_json::Value;
use std::fmt;

/// A failed API call, classified by what a person can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The API (or a proxy in front of it) answered with a non-2xx status.
    Http {
        status: u16,
        /// The server's own explanation, when its body carried one.
        detail: Option<String>,
        /// How long the server asked us to wait before trying again.
        retry_after_ms: Option<u64>,
    },
    /// The request never got an answer (offline, DNS, connection refused).
    Network(String),
    /// No answer arrived in time.
    Timeout { seconds: u32 },
    /// A 2xx answer whose body is not the JSON the contract describes.
    Malformed(String),
    /// Superseded by a newer request for another view; never shown.
    Cancelled,
}

/// Pulls a readable explanation out of an error body: FastAPI-style
/// `{"detail": "…"}` or `{"detail": [{"loc": [...], "msg": "…"}]}`.
/// Non-JSON bodies (a proxy's HTML error page) yield nothing, so raw markup
/// never reaches the screen.
pub fn detail_from_body(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    match v.get("detail")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|item| {
                    let msg = item.get("msg")?.as_str()?;
                    let loc = item
                        .get("loc")
                        .and_then(Value::as_array)
                        .map(|loc| {
                            loc.iter()
                                .filter(|p| {
                                    p.as_str() != Some("query") && p.as_str() != Some("body")
                                })
                                .map(|p| match p {
                                    Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                })
                                .collect::<Vec<_>>()
                                .join(".")
                        })
                        .filter(|s| !s.is_empty());
                    Some(match loc {
                        Some(loc) => format!("{loc}: {msg}"),
                        None => msg.to_string(),
                    })
                })
                .collect();
            (!parts.is_empty()).then(|| parts.join("; "))
        }
        _ => None,
    }
}

/// Reads `Retry-After` (seconds; HTTP dates are ignored) or `retry-after-ms`.
pub fn retry_after_ms(retry_after: Option<&str>, retry_after_ms: Option<&str>) -> Option<u64> {
    retry_after_ms
        .and_then(|v| scaled_decimal(v, 1))
        .or_else(|| scaled_decimal(retry_after?, 1000))
}

/// A non-negative decimal such as `2`, `0.5` or `+1.25`, times `scale` and
/// truncated, or `None`. Hand-written rather than `parse::<f64>()`: the float
/// parser and its tables were ~14 KB of the app's wasm, used only here.
fn scaled_decimal(text: &str, scale: u64) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole = whole.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    // Eighteen digits of fraction are more than a millisecond needs.
    let frac = &frac[..frac.len().min(18)];
    let part =
        frac.parse::<u128>().unwrap_or(0) * u128::from(scale) / 10u128.pow(frac.len() as u32);
    Some(whole.saturating_mul(scale).saturating_add(part as u64))
}

impl ApiError {
    /// Classifies a non-2xx answer.
    pub fn from_response(status: u16, body: &str, retry_after: Option<u64>) -> Self {
        ApiError::Http {
            status,
            detail: detail_from_body(body),
            retry_after_ms: retry_after,
        }
    }

    /// The HTTP status, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// One line saying what happened, in a person's words.
    pub fn headline(&self) -> String {
        match self {
            ApiError::Http { status, .. } => match status {
                400 => "The API rejected the request (400 Bad Request).".into(),
                401 => "The API did not accept the API key (401 Unauthorized).".into(),
                402 => "The account is out of credits (402 Payment Required).".into(),
                403 => "The API key may not see this (403 Forbidden).".into(),
                404 => "The API has no such item (404 Not Found).".into(),
                409 => "The request conflicts with the item's current state (409 Conflict).".into(),
                422 => "The API found a parameter invalid (422).".into(),
                429 => "The API is rate limiting requests (429 Too Many Requests).".into(),
                502 | 504 => {
                    format!("The proxy in front of the API could not reach it ({status}).")
                }
                503 => "The API is temporarily unavailable (503).".into(),
                s if *s >= 500 => format!("The API failed with a server error ({s})."),
                s => format!("The API answered with an unexpected status ({s})."),
            },
            ApiError::Network(_) => {
                "The API could not be reached: the network or the dashboard's server is down."
                    .into()
            }
            ApiError::Timeout { seconds } => format!("The API did not answer within {seconds} s."),
            ApiError::Malformed(_) => {
                "The API answered with data the dashboard cannot read.".into()
            }
            ApiError::Cancelled => "The request was cancelled.".into(),
        }
    }

    /// What a person can do about it.
    pub fn advice(&self) -> String {
        match self {
            ApiError::Http { status, .. } => match status {
                401 | 403 => "Check that the API key is set, is not expired or revoked, and belongs to this region (NA keys do not work on EU and vice versa).".into(),
                402 => "Add credits to the LlamaCloud organisation, then retry.".into(),
                400 | 422 => "Change or clear the filter named above.".into(),
                404 => "Check the id, or clear the filters.".into(),
                409 => "Refresh to see the current state.".into(),
                429 => "The dashboard already retried; wait a minute, then retry.".into(),
                _ => "Retry in a moment; if it persists, check the dashboard server's log.".into(),
            },
            ApiError::Network(_) => "Check your connection and that the dashboard server is running, then retry.".into(),
            ApiError::Timeout { .. } => "Retry; a narrower date range or a smaller page size answers faster.".into(),
            ApiError::Malformed(_) => "Retry; if it persists, the proxy or API version may not match this dashboard.".into(),
            ApiError::Cancelled => String::new(),
        }
    }

    /// Detail from the server or the decoder, when there is any worth showing.
    pub fn detail(&self) -> Option<String> {
        match self {
            ApiError::Http { detail, .. } => detail.clone(),
            ApiError::Network(d) | ApiError::Malformed(d) => (!d.is_empty()).then(|| d.clone()),
            ApiError::Timeout { .. } | ApiError::Cancelled => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(d) = self.detail() {
            write!(f, " {d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_and_list_details() {
        assert_eq!(
            detail_from_body(r#"{"detail": "Invalid authentication token"}"#).as_deref(),
            Some("Invalid authentication token")
        );
        assert_eq!(
            detail_from_body(
                r#"{"detail":[{"loc":["query","page_size"],"msg":"Input should be less than or equal to 1000","type":"x"},
                               {"loc":["query","status"],"msg":"Input should be 'PENDING'"}]}"#
            )
            .as_deref(),
            Some("page_size: Input should be less than or equal to 1000; status: Input should be 'PENDING'")
        );
        assert_eq!(
            detail_from_body("<html><body>502 Bad Gateway</body></html>"),
            None
        );
        assert_eq!(detail_from_body(r#"{"detail": 5}"#), None);
        assert_eq!(detail_from_body(""), None);
    }

    #[test]
    fn retry_after_headers() {
        assert_eq!(retry_after_ms(Some("2"), None), Some(2000));
        assert_eq!(retry_after_ms(Some("0.5"), None), Some(500));
        assert_eq!(retry_after_ms(Some("2"), Some("150")), Some(150));
        assert_eq!(
            retry_after_ms(Some("Wed, 21 Oct 2026 07:28:00 GMT"), None),
            None
        );
        assert_eq!(retry_after_ms(Some("-1"), None), None);
        assert_eq!(retry_after_ms(None, None), None);
    }

    #[test]
    fn retry_after_decimals_are_exact_and_junk_is_ignored() {
        // 1.001 s is 1,001 ms (through f64 it was 1000.9999… and truncated to 1,000).
        assert_eq!(retry_after_ms(Some("1.001"), None), Some(1001));
        assert_eq!(retry_after_ms(Some(" +1.25 "), None), Some(1250));
        assert_eq!(retry_after_ms(Some("3."), None), Some(3000));
        assert_eq!(retry_after_ms(Some(".5"), None), Some(500));
        assert_eq!(retry_after_ms(None, Some("150.9")), Some(150));
        // A refused retry-after-ms falls back to Retry-After.
        assert_eq!(retry_after_ms(Some("1"), Some("-5")), Some(1000));
        for junk in [".", "", "1.2.3", "1e3", "inf", "NaN", "0x10", "1,5"] {
            assert_eq!(retry_after_ms(Some(junk), None), None, "{junk:?}");
        }
        assert_eq!(
            retry_after_ms(Some("99999999999999999999999"), None),
            Some(u64::MAX)
        );
    }

    #[test]
    fn every_status_has_words_and_advice() {
        for s in [400, 401, 402, 403, 404, 409, 422, 429, 500, 502, 503, 418] {
            let e = ApiError::from_response(s, "", None);
            assert!(e.headline().contains(&s.to_string()), "{s}");
            assert!(!e.advice().is_empty());
        }
        assert!(ApiError::from_response(401, "", None)
            .advice()
            .contains("region"));
        assert!(ApiError::from_response(402, "", None)
            .headline()
            .contains("credits"));
    }
}
