//! Who may do what at the endpoint (README, "Trust"): the trust model of
//! a simulator on a developer's machine, not a security boundary, since
//! signatures are not verified.
//!
//! - An **account** is a caller whose request is SigV4-signed: its access
//!   key id names it. Through the AWS routes it sees and does what AWS
//!   would let that account see and do. Through the control routes it may
//!   write to, and run workloads on, its own clusters only.
//! - The **operator** runs the simulator: an unsigned request from this
//!   machine (a loopback address), or a request signed with the access key
//!   id given as `--operator-key`. Only the operator may act for another
//!   account (`account` in a control body), move the clock, reset the
//!   session, or read the whole report and the session's scenario.
//! - Anyone else (unsigned, from elsewhere) may do nothing.
//!
//! A web page open in the user's browser can send requests to a loopback
//! server. Requests a browser marks as cross-site are refused on every
//! route: a foreign `Origin`, `Sec-Fetch-Site: cross-site`, and a POST to
//! a control route that is not `application/json` (which a page can only
//! send after a CORS preflight that this server never grants).

use std::net::SocketAddr;

use axum::http::{HeaderMap, Method, header};

use super::identity::{Caller, access_key};
use super::listener::is_local;
use crate::cloud::AccountId;

/// What a caller is, for the control routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Operator,
    Account(AccountId),
    Anonymous,
}

/// The role of a request with these headers from `peer`; `operator_key`
/// is the access key id that `--operator-key` names, if any.
pub fn role(
    caller: Caller,
    headers: &HeaderMap,
    peer: SocketAddr,
    operator_key: Option<&str>,
) -> Role {
    let key = access_key(headers);
    if operator_key.is_some() && key == operator_key {
        return Role::Operator;
    }
    match (caller.signed, is_local(peer)) {
        (true, _) => Role::Account(caller.account),
        (false, true) => Role::Operator,
        (false, false) => Role::Anonymous,
    }
}

/// Why a request from this machine names a host other than this machine,
/// if it does. A page whose host name its author re-resolves to 127.0.0.1
/// (DNS rebinding) reaches a loopback server as its own origin, so neither
/// `Origin` nor `Sec-Fetch-Site` gives it away; but its requests still
/// carry its own host name, where a client on this machine names a loopback
/// address or `localhost`.
pub fn rebound(peer: SocketAddr, headers: &HeaderMap) -> Option<String> {
    if !is_local(peer) {
        return None;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    (!loopback_host(host)).then(|| {
        format!(
            "a request from this machine for host {host:?} is refused: name the server by a \
             loopback address or localhost"
        )
    })
}

/// Whether a `Host` header names this machine: `localhost` or a loopback
/// address, with or without a port.
fn loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        },
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.to_canonical().is_loopback())
}

/// Why a request looks like one a browser sent on a page's behalf from
/// another site, if it does.
pub fn cross_site(method: &Method, headers: &HeaderMap, control: bool) -> Option<String> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return Some("a cross-site request (Sec-Fetch-Site: cross-site) is refused".into());
    }
    if let Some(origin) = text(header::ORIGIN) {
        let host = text(header::HOST).unwrap_or_default();
        let own = ["http://", "https://"]
            .iter()
            .any(|scheme| origin.strip_prefix(scheme) == Some(host));
        if !own {
            return Some(format!(
                "a request from another origin ({origin}) is refused"
            ));
        }
    }
    if control && method == Method::POST {
        let json = text(header::CONTENT_TYPE)
            .is_some_and(|t| t.split(';').next().map(str::trim) == Some("application/json"));
        if !json {
            return Some("a control route takes a body of Content-Type application/json".into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn a_page_from_another_site_is_refused_and_the_clients_own_requests_pass() {
        let json = [
            ("content-type", "application/json"),
            ("host", "127.0.0.1:4600"),
        ];
        assert_eq!(cross_site(&Method::POST, &headers(&json), true), None);
        let foreign = [
            ("content-type", "application/json"),
            ("host", "127.0.0.1:4600"),
            ("origin", "https://evil.example"),
        ];
        assert!(cross_site(&Method::POST, &headers(&foreign), false).is_some());
        let same = [
            ("host", "127.0.0.1:4600"),
            ("origin", "http://127.0.0.1:4600"),
        ];
        assert_eq!(cross_site(&Method::GET, &headers(&same), true), None);
        let fetch = [("sec-fetch-site", "cross-site")];
        assert!(cross_site(&Method::GET, &headers(&fetch), false).is_some());
        let plain = [("content-type", "text/plain")];
        assert!(cross_site(&Method::POST, &headers(&plain), true).is_some());
        assert_eq!(cross_site(&Method::POST, &headers(&plain), false), None);
    }

    #[test]
    fn a_local_request_must_name_this_machine() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let remote: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        for host in [
            "127.0.0.1:4600",
            "localhost:4600",
            "LOCALHOST",
            "[::1]:4600",
            "127.8.9.10",
        ] {
            assert_eq!(rebound(local, &headers(&[("host", host)])), None, "{host}");
        }
        for host in [
            "evil.example:4600",
            "evil.example",
            "192.0.2.7:4600",
            "localhost.evil.example",
        ] {
            assert!(
                rebound(local, &headers(&[("host", host)])).is_some(),
                "{host}"
            );
        }
        assert!(rebound(local, &HeaderMap::new()).is_some());
        assert_eq!(rebound(remote, &headers(&[("host", "evil.example")])), None);
    }

    #[test]
    fn roles_follow_the_signature_the_peer_and_the_operator_key() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let remote: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        let unsigned = Caller {
            account: AccountId::ZERO,
            signed: false,
            service: None,
        };
        let none = HeaderMap::new();
        assert_eq!(role(unsigned, &none, local, None), Role::Operator);
        assert_eq!(role(unsigned, &none, remote, None), Role::Anonymous);
        let signed_as = "AWS4-HMAC-SHA256 Credential=222222222222/20260101/us-east-1/rds/aws4_request, SignedHeaders=host, Signature=0";
        let h = headers(&[("authorization", signed_as)]);
        let caller = super::super::identity::caller(&h);
        let account = Role::Account("222222222222".parse().unwrap());
        assert_eq!(role(caller, &h, local, None), account);
        assert_eq!(
            role(caller, &h, remote, Some("222222222222")),
            Role::Operator
        );
        assert_eq!(role(caller, &h, local, Some("OPERATOR")), account);
    }
}
