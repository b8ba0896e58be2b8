//! Who calls, and which service they call: from the SigV4 `Authorization`
//! header's credential scope (`Credential=AKID/DATE/REGION/SERVICE/…`).
//! The account is the access key id when it is 12 digits, as LocalStack
//! does, and `000000000000` otherwise. Signatures are not verified: this is
//! a simulator, not a security boundary (`trust.rs` says who may do what).

use axum::http::HeaderMap;

use super::api_types::Service;
use crate::cloud::AccountId;

/// The caller of a request.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Caller {
    pub account: AccountId,
    /// Whether the request carried a SigV4 `Authorization` header.
    pub signed: bool,
    /// The service its credential scope names, if any.
    pub service: Option<Service>,
}

/// The credential scope of a SigV4-signed request:
/// `AKID/DATE/REGION/SERVICE/aws4_request`.
fn scope(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .filter(|v| v.starts_with("AWS4-HMAC-SHA256"))
        .and_then(|v| v.split_once("Credential="))
        .map(|(_, rest)| rest.split([',', ' ']).next().unwrap_or(""))
}

/// The access key id a signed request names.
pub fn access_key(headers: &HeaderMap) -> Option<&str> {
    scope(headers).and_then(|s| s.split('/').next())
}

/// The caller of a request with these headers.
pub fn caller(headers: &HeaderMap) -> Caller {
    let Some(scope) = scope(headers) else {
        return Caller {
            account: AccountId::ZERO,
            signed: false,
            service: None,
        };
    };
    let mut parts = scope.split('/');
    let account = parts
        .next()
        .filter(|k| k.len() == 12 && k.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|k| k.parse().ok())
        .unwrap_or(AccountId::ZERO);
    Caller {
        account,
        signed: true,
        service: parts.nth(2).and_then(Service::from_signing_name),
    }
}
