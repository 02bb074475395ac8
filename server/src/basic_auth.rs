//! HTTP basic auth in front of everything but `/healthz`.
//!
//! A team deployment binds a public address and relays calls with the
//! team's LlamaCloud key, so whoever can reach the port can use that key.
//! Basic auth is the smallest gate every browser speaks. Once a request is
//! let in, its `Authorization` header (the dashboard password) is removed so
//! it can never be forwarded upstream; the proxy then sends the server key.
//! That is also why personal keys cannot be used while basic auth is on:
//! the browser's one `Authorization` header carries the password.

use crate::detail::detail;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::fmt;
use std::sync::Arc;

/// The realm browsers show in their login prompt.
const CHALLENGE: &str = "Basic realm=\"Batches Dashboard\", charset=\"UTF-8\"";

/// The expected `user:password`, kept only as its SHA-256 so comparisons
/// take the same time whatever the guess, and so a `Debug` print or a core
/// dump does not hold the password itself.
#[derive(Clone)]
pub struct Credentials {
    digest: [u8; 32],
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(redacted)")
    }
}

impl Credentials {
    /// Reads `user:password` (the value of `DASHBOARD_BASIC_AUTH`). The
    /// password may contain `:`; neither part may be empty.
    pub fn parse(value: &str) -> Result<Credentials, String> {
        match value.split_once(':') {
            Some((user, password)) if !user.is_empty() && !password.is_empty() => Ok(Credentials {
                digest: Sha256::digest(value.as_bytes()).into(),
            }),
            _ => Err("DASHBOARD_BASIC_AUTH must be user:password, both non-empty".to_string()),
        }
    }

    /// Whether an `Authorization` header value carries these credentials.
    fn accepts(&self, value: &HeaderValue) -> bool {
        let Some((scheme, encoded)) = value.to_str().ok().and_then(|v| v.split_once(' ')) else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case("basic") {
            return false;
        }
        let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
            return false;
        };
        let candidate: [u8; 32] = Sha256::digest(&decoded).into();
        constant_time_eq(&candidate, &self.digest)
    }
}

/// Compares two digests without stopping at the first difference.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Middleware: 401 with a `WWW-Authenticate` challenge unless the request
/// carries the credentials; `/healthz` stays open for load balancers.
pub async fn require(
    State(credentials): State<Arc<Credentials>>,
    mut req: Request,
    next: Next,
) -> Response {
    if req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    let ok = req
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|v| credentials.accepts(v));
    if !ok {
        let mut resp = detail(StatusCode::UNAUTHORIZED, "Sign in to use this dashboard");
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(CHALLENGE),
        );
        return resp;
    }
    req.headers_mut().remove(header::AUTHORIZATION);
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basic(user_pass: &str) -> HeaderValue {
        let b64 = base64::engine::general_purpose::STANDARD.encode(user_pass);
        HeaderValue::from_str(&format!("Basic {b64}")).unwrap()
    }

    #[test]
    fn parse_and_accept() {
        let c = Credentials::parse("team:s3:cret").unwrap();
        assert!(c.accepts(&basic("team:s3:cret")));
        assert!(c.accepts(
            &HeaderValue::from_str(
                basic("team:s3:cret")
                    .to_str()
                    .unwrap()
                    .replacen("Basic", "basic", 1)
                    .as_str()
            )
            .unwrap()
        ));
        assert!(!c.accepts(&basic("team:s3:cre")));
        assert!(!c.accepts(&basic("other:s3:cret")));
        assert!(!c.accepts(&HeaderValue::from_static("Bearer llx-abc")));
        assert!(!c.accepts(&HeaderValue::from_static("Basic !!!")));
        assert!(!c.accepts(&HeaderValue::from_static("Basic")));
        assert_eq!(format!("{c:?}"), "Credentials(redacted)");
    }

    #[test]
    fn parse_refuses_half_credentials() {
        for bad in ["", "team", "team:", ":pw"] {
            assert!(Credentials::parse(bad).is_err(), "{bad:?}");
        }
    }
}
