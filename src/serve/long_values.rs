//! Every parameter of every operation, in turn, given a value of half a
//! megabyte: whatever the service answers, an error's body stays small
//! (src/shown.rs), so a caller can't make the server repeat its request.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request};
use serde_json::{Map, Value};
use tower::ServiceExt;

use super::api::OPERATIONS;
use super::api_types::{ApiOperation, ApiParam, Kind, Location, Service};
use super::fuzz::{authorization, form};
use super::journal::Fsync;
use super::{App, Session, router};

/// The most bytes an error body may have, whatever the request.
const MOST_ERROR_BYTES: usize = 4 * 1024;

/// A value of the parameter's kind that reads, so the call goes on to the
/// parameter under test.
fn plausible(p: &ApiParam) -> Option<Value> {
    match p.kind {
        Kind::Str => Some(Value::from("orders")),
        Kind::Int => Some(Value::from(1)),
        Kind::Bool => Some(Value::from(false)),
        Kind::List => Some(Value::Array(vec![Value::from("orders")])),
        Kind::Time | Kind::Struct => None,
    }
}

fn request(op: &ApiOperation, members: &Map<String, Value>) -> Request<Body> {
    let builder = Request::builder()
        .method(Method::POST)
        .header("host", "127.0.0.1:4600")
        .header(
            "authorization",
            authorization("111111111111", op.service.signing_name()),
        );
    let (builder, body) = match op.service {
        Service::Rds | Service::Sts => {
            let mut pairs = vec![
                ("Action".to_string(), op.action.to_string()),
                ("Version".to_string(), "2014-10-31".to_string()),
            ];
            for (k, v) in members {
                form(k, v, &mut pairs);
            }
            let body = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            let b = builder
                .uri("/")
                .header("content-type", "application/x-www-form-urlencoded");
            (b, body)
        }
        Service::Kms | Service::Cloudwatch => {
            let target = match op.service {
                Service::Kms => format!("TrentService.{}", op.action),
                _ => format!("{}{}", super::cloudwatch::TARGET_PREFIX, op.action),
            };
            let b = builder
                .uri("/")
                .header("content-type", "application/x-amz-json-1.1")
                .header("x-amz-target", target);
            (b, Value::Object(members.clone()).to_string())
        }
        Service::Ram => {
            let b = builder
                .uri(op.uri)
                .header("content-type", "application/json");
            (b, Value::Object(members.clone()).to_string())
        }
    };
    let mut request = builder
        .body(Body::from(body))
        .expect("a well-formed request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
    request
}

#[test]
fn no_error_repeats_a_long_value() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let session = Session::start(None, None, Fsync::Never).expect("the default session");
    let app = router(App::new(session, 0.0, None));
    let long = "x".repeat(1 << 19);
    let mut errors = 0;
    for op in OPERATIONS {
        let body_params = || op.params.iter().filter(|p| p.location == Location::Body);
        let base: Map<String, Value> = body_params()
            .filter(|p| p.required)
            .filter_map(|p| Some((p.wire.to_string(), plausible(p)?)))
            .collect();
        for p in body_params().filter(|p| matches!(p.kind, Kind::Str | Kind::List)) {
            let mut members = base.clone();
            let value = match p.kind {
                Kind::List => Value::Array(vec![Value::from(long.as_str())]),
                _ => Value::from(long.as_str()),
            };
            members.insert(p.wire.to_string(), value);
            let (status, body) = runtime.block_on(async {
                let response = app
                    .clone()
                    .oneshot(request(op, &members))
                    .await
                    .expect("infallible");
                let status = response.status();
                let body = axum::body::to_bytes(response.into_body(), 1 << 24)
                    .await
                    .expect("a body");
                (status, body)
            });
            if status.is_success() {
                continue;
            }
            errors += 1;
            assert!(
                body.len() <= MOST_ERROR_BYTES,
                "{} with a long {}: a {}-byte error: {}",
                op.action,
                p.wire,
                body.len(),
                String::from_utf8_lossy(&body[..512])
            );
        }
    }
    assert!(errors > 100, "only {errors} calls were refused");
}
