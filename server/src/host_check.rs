//! Which `Host` names this server answers to.
//!
//! A page on `evil.example` can make its own name resolve to 127.0.0.1 (DNS
//! rebinding) and then call a loopback dashboard as "same origin", with the
//! server's key attached. The one thing such a request cannot fake is its
//! `Host` header, so every request (but `/healthz`, for load balancers that
//! probe by address) must name this server: the address it listens on,
//! `localhost`/`127.0.0.1`/`[::1]` with its port, or a name the operator
//! allowed with `--allowed-host`.

use crate::detail::detail;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::Arc;

/// The names requests may carry in `Host`, as `(lowercase host, port)`;
/// a port of `None` accepts any port (operator-given names without one).
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts {
    names: Vec<(String, Option<u16>)>,
}

/// Splits `host[:port]` (IPv6 in brackets) into a lowercase host and port.
fn split_host(value: &str) -> Option<(String, Option<u16>)> {
    let value = value.trim();
    let (host, port) = if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?.parse().ok()?),
        };
        (format!("[{inside}]"), port)
    } else {
        match value.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), Some(p.parse().ok()?)),
            None => (value.to_string(), None),
        }
    };
    if host.is_empty() || host.contains(['/', '@', ' ']) {
        return None;
    }
    Some((host.to_ascii_lowercase(), port))
}

impl AllowedHosts {
    /// The loopback names with `listen`'s port, `listen` itself, and the
    /// operator's `extra` names (`name` or `name:port`).
    pub fn new(listen: SocketAddr, extra: &[String]) -> AllowedHosts {
        let port = Some(listen.port());
        let mut names: Vec<(String, Option<u16>)> = ["localhost", "127.0.0.1", "[::1]"]
            .into_iter()
            .map(|h| (h.to_string(), port))
            .collect();
        if let Some(own) = split_host(&listen.to_string()) {
            names.push(own);
        }
        names.extend(extra.iter().filter_map(|e| split_host(e)));
        AllowedHosts { names }
    }

    /// Whether a `Host` value (or a request target's authority) names this
    /// server. A missing port means the default one: 80 for plain HTTP, but
    /// also 443 behind a TLS-terminating proxy, so either is accepted.
    pub fn accepts(&self, value: &str) -> bool {
        let Some((host, port)) = split_host(value) else {
            return false;
        };
        self.names.iter().any(|(name, allowed_port)| {
            *name == host
                && match (allowed_port, port) {
                    (None, _) => true,
                    (Some(a), Some(p)) => *a == p,
                    (Some(a), None) => *a == 80 || *a == 443,
                }
        })
    }
}

/// Whether a flag value is a host name this module can match, for the CLI.
pub fn is_valid_flag_value(value: &str) -> bool {
    split_host(value).is_some()
}

/// Middleware, outermost: refuses a request whose `Host` (and absolute-form
/// target, if any) does not name this server, with 421 in words, before
/// basic auth, the allow-list or the proxy see it; and one with two `Host`
/// headers, with 400, on every path.
pub async fn require(
    State(allowed): State<Arc<AllowedHosts>>,
    req: Request,
    next: Next,
) -> Response {
    // RFC 9112, 3.2: a request with more than one Host gets 400, since
    // two parsers may each believe a different one.
    if req.headers().get_all(header::HOST).iter().nth(1).is_some() {
        return detail(
            StatusCode::BAD_REQUEST,
            "This request has more than one Host header; send one",
        );
    }
    if req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    let target_ok = req
        .uri()
        .authority()
        .is_none_or(|a| allowed.accepts(a.as_str()));
    match host {
        None => detail(
            StatusCode::BAD_REQUEST,
            "This request has no Host header; send the dashboard's address as Host",
        ),
        Some(h) if allowed.accepts(h) && target_ok => next.run(req).await,
        Some(_) => detail(
            StatusCode::MISDIRECTED_REQUEST,
            "This dashboard does not answer to the host name in this request. \
             Open it by its own address, or have its operator start it with \
             --allowed-host NAME for the name you use",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_the_port_and_extra_names() {
        let a = AllowedHosts::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["Dash.Example.com".into(), "other.example:8443".into()],
        );
        for ok in [
            "localhost:8080",
            "LOCALHOST:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "dash.example.com",
            "dash.example.com:443",
            "other.example:8443",
        ] {
            assert!(a.accepts(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost:8081",
            "localhost",
            "127.0.0.1",
            "other.example:443",
            "dash.example.com.evil.example",
            "",
            "user@localhost:8080",
            "[::1:8080",
        ] {
            assert!(!a.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn a_public_listen_address_is_its_own_name() {
        let a = AllowedHosts::new("10.1.2.3:80".parse().unwrap(), &[]);
        assert!(a.accepts("10.1.2.3"));
        assert!(a.accepts("10.1.2.3:80"));
        assert!(a.accepts("localhost"));
        assert!(!a.accepts("10.1.2.4"));
    }
}
