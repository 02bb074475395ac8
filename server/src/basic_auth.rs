//! HTTP basic auth in front of everything but `/healthz`.
//!
//! A team deployment binds a public address and relays calls with the
//! team's LlamaCloud key, so whoever can reach the port can use that key.
//! Basic auth is the smallest gate every browser speaks. Once a request is
//! let in, its `Authorization` header (the dashboard password) is removed so
//! it can never be forwarded upstream; the proxy then sends the server key.
//! That is also why personal keys cannot be used while basic auth is on:
//! the browser's one `Authorization` header carries the password.
//!
//! Failed attempts are slowed per client ([`Throttle`]): after the first
//! wrong password each further attempt from that address waits 100 ms,
//! doubling per failure up to 5 s, until one succeeds. The table of
//! addresses is bounded, so a flood of addresses costs a fixed amount of
//! memory.

use crate::detail::detail;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// The first wait after a failure; it doubles with each further one.
const FIRST_DELAY: Duration = Duration::from_millis(100);
/// The longest wait, however many failures.
const MAX_DELAY: Duration = Duration::from_secs(5);
/// Addresses remembered at most.
const MAX_CLIENTS: usize = 10_000;
/// A client's failures are forgotten after this long without another.
const FORGET_AFTER: Duration = Duration::from_secs(15 * 60);

/// Failed attempts per client address: how many, and when the last was.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl Throttle {
    /// How long an attempt from `client` waits before it is checked.
    pub fn delay(&self, client: IpAddr, now: Instant) -> Duration {
        let table = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match table.get(&client) {
            Some(&(n, last)) if n > 0 && now.duration_since(last) < FORGET_AFTER => FIRST_DELAY
                .saturating_mul(1 << (n - 1).min(16))
                .min(MAX_DELAY),
            _ => Duration::ZERO,
        }
    }

    /// Counts a failed attempt; when the table is full, forgets idle
    /// clients, then the one whose last failure is oldest.
    pub fn failed(&self, client: IpAddr, now: Instant) {
        let mut table = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if !table.contains_key(&client) && table.len() >= MAX_CLIENTS {
            table.retain(|_, (_, last)| now.duration_since(*last) < FORGET_AFTER);
            if table.len() >= MAX_CLIENTS {
                if let Some(oldest) = table.iter().min_by_key(|(_, (_, l))| *l).map(|(k, _)| *k) {
                    table.remove(&oldest);
                }
            }
        }
        let entry = table.entry(client).or_insert((0, now));
        if now.duration_since(entry.1) >= FORGET_AFTER {
            entry.0 = 0;
        }
        *entry = (entry.0.saturating_add(1), now);
    }

    /// A successful sign-in clears the client's failures.
    pub fn succeeded(&self, client: IpAddr) {
        let mut table = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        table.remove(&client);
    }

    /// Clients remembered now.
    pub fn len(&self) -> usize {
        self.failures.lock().map(|t| t.len()).unwrap_or(0)
    }

    /// Whether no client is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything the gate needs: the credentials, the failures so far, and
/// whether to take the client's address from `X-Forwarded-For`.
#[derive(Debug)]
pub struct Gate {
    pub credentials: Credentials,
    pub throttle: Throttle,
    pub trust_forwarded: bool,
}

/// Middleware: 401 with a `WWW-Authenticate` challenge unless the request
/// carries the credentials; `/healthz` stays open for load balancers. An
/// attempt from a client with recent failures waits first (a request
/// without credentials, a browser's first, is not an attempt).
pub async fn require(State(gate): State<Arc<Gate>>, mut req: Request, next: Next) -> Response {
    if req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    let client = crate::client::of(&req, gate.trust_forwarded);
    let attempt = req.headers().get(header::AUTHORIZATION).cloned();
    if let (Some(client), Some(_)) = (client, &attempt) {
        let wait = gate.throttle.delay(client, Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
    let ok = attempt
        .as_ref()
        .is_some_and(|v| gate.credentials.accepts(v));
    if let (Some(client), Some(_)) = (client, &attempt) {
        if ok {
            gate.throttle.succeeded(client);
        } else {
            gate.throttle.failed(client, Instant::now());
        }
    }
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
    fn failures_slow_their_own_client_doubling_up_to_a_bound() {
        let t = Throttle::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let now = Instant::now();
        assert_eq!(t.delay(a, now), Duration::ZERO);
        let mut waits = Vec::new();
        for _ in 0..10 {
            t.failed(a, now);
            waits.push(t.delay(a, now).as_millis());
        }
        assert_eq!(
            waits,
            [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]
        );
        assert_eq!(
            t.delay(b, now),
            Duration::ZERO,
            "another client is not slowed"
        );
        assert_eq!(t.delay(a, now + FORGET_AFTER), Duration::ZERO, "forgotten");
        t.succeeded(a);
        assert_eq!(t.delay(a, now), Duration::ZERO);
    }

    #[test]
    fn the_table_of_clients_is_bounded() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..(MAX_CLIENTS as u32 + 500) {
            t.failed(
                IpAddr::from(i.to_be_bytes()),
                now + Duration::from_millis(i.into()),
            );
        }
        assert_eq!(t.len(), MAX_CLIENTS);
        // The newest are the ones kept.
        let newest = IpAddr::from((MAX_CLIENTS as u32 + 499).to_be_bytes());
        let last = now + Duration::from_millis(u64::from(MAX_CLIENTS as u32 + 499));
        assert_eq!(t.delay(newest, last), FIRST_DELAY);
        assert_eq!(
            t.delay(IpAddr::from(0u32.to_be_bytes()), now),
            Duration::ZERO
        );
    }

    #[test]
    fn parse_refuses_half_credentials() {
        for bad in ["", "team", "team:", ":pw"] {
            assert!(Credentials::parse(bad).is_err(), "{bad:?}");
        }
    }
}
