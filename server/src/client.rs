//! Who sent a request: the connection's peer address, or, behind a reverse
//! proxy the operator trusts (`--trust-forwarded`), the address that proxy
//! saw. The access line names it (so fail2ban-style tools can block an
//! address) and basic auth slows failed attempts per client with it.

use axum::extract::{ConnectInfo, Request};
use axum::http::HeaderName;
use std::net::{IpAddr, SocketAddr};

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The connection's peer address (serve.rs puts it on every request);
/// `None` for a request that came through no socket (tests' routers).
pub fn peer(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// The address the reverse proxy in front of this server saw: the last
/// `X-Forwarded-For` entry, the one that proxy appended. Earlier entries
/// come from the client itself and may be forged, so they are not used.
pub fn forwarded_for(req: &Request) -> Option<IpAddr> {
    req.headers()
        .get_all(X_FORWARDED_FOR)
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|hop| hop.trim().parse().ok())
}

/// The client to name and to throttle: the forwarded address when the
/// operator trusts the proxy in front (`trust_forwarded`) and it sent one,
/// else the peer.
pub fn of(req: &Request, trust_forwarded: bool) -> Option<IpAddr> {
    trust_forwarded
        .then(|| forwarded_for(req))
        .flatten()
        .or_else(|| peer(req))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(xff: &[&str], peer: Option<&str>) -> Request {
        let mut b = axum::http::Request::builder();
        for v in xff {
            b = b.header("x-forwarded-for", *v);
        }
        let mut r = b.body(axum::body::Body::empty()).unwrap();
        if let Some(p) = peer {
            r.extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(p.parse().unwrap()));
        }
        r
    }

    #[test]
    fn the_proxys_own_entry_counts_and_only_when_trusted() {
        let r = req(&["6.6.6.6, 10.0.0.9"], Some("127.0.0.1:5000"));
        assert_eq!(forwarded_for(&r), "10.0.0.9".parse().ok());
        assert_eq!(of(&r, true), "10.0.0.9".parse().ok());
        assert_eq!(of(&r, false), "127.0.0.1".parse().ok());
        let two = req(&["6.6.6.6", "10.0.0.8"], None);
        assert_eq!(forwarded_for(&two), "10.0.0.8".parse().ok());
        let junk = req(&["not an address"], Some("[::1]:1"));
        assert_eq!(of(&junk, true), "::1".parse().ok());
        assert_eq!(of(&req(&[], None), true), None);
    }
}
