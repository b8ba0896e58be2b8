//! Random requests through the whole router, in process: every protocol's
//! codec and the dispatch behind it. Whatever a request holds, the server
//! must not panic, and must answer in the shape its service's clients
//! read: XML for RDS and STS, JSON with an error type for RAM and KMS,
//! JSON for the control routes.

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};
use tower::ServiceExt;

use super::api::OPERATIONS;
use super::api_types::Service;
use super::journal::Fsync;
use super::{App, Session, router};

/// One runtime and one server for every case: the session grows as the
/// cases run, as a real one would.
fn server() -> &'static (tokio::runtime::Runtime, Router) {
    static SERVER: OnceLock<(tokio::runtime::Runtime, Router)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the fuzz test");
        let session = Session::start(None, None, Fsync::Never).expect("the default session");
        (runtime, router(App::new(session, 0.0, None)))
    })
}

/// Every parameter name the table knows, to hit real members often.
fn names() -> Vec<&'static str> {
    let mut names: Vec<&str> = OPERATIONS
        .iter()
        .flat_map(|o| o.params.iter().map(|p| p.name))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        "[a-z0-9:/-]{0,40}".prop_map(Value::String),
        Just(Value::Null),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[A-Za-z]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn members() -> impl Strategy<Value = Map<String, Value>> {
    let name = prop_oneof![
        4 => prop::sample::select(names()).prop_map(str::to_string),
        1 => "[A-Za-z.]{1,12}",
    ];
    prop::collection::vec((name, value()), 0..6).prop_map(|m| m.into_iter().collect())
}

/// What a case sends.
#[derive(Debug, Clone)]
enum Case {
    Query {
        action: String,
        members: Map<String, Value>,
        account: Option<String>,
    },
    Json {
        service: Service,
        operation: usize,
        members: Map<String, Value>,
        query: String,
        method: Method,
    },
    Control {
        route: &'static str,
        members: Map<String, Value>,
        json: bool,
    },
    Raw {
        path: String,
        body: Vec<u8>,
    },
}

fn case() -> impl Strategy<Value = Case> {
    let actions: Vec<&str> = OPERATIONS
        .iter()
        .filter(|o| matches!(o.service, Service::Rds | Service::Sts))
        .map(|o| o.action)
        .chain(["GetCallerIdentity", "Nothing"])
        .collect();
    let account = prop_oneof![
        Just(None),
        Just(Some("111111111111".to_string())),
        "[0-9]{12}".prop_map(Some),
        "[A-Z0-9]{1,20}".prop_map(Some),
    ];
    prop_oneof![
        4 => (prop::sample::select(actions), members(), account).prop_map(
            |(action, members, account)| Case::Query {
                action: action.to_string(),
                members,
                account,
            }
        ),
        4 => (
            prop::sample::select(vec![Service::Ram, Service::Kms, Service::Cloudwatch]),
            any::<prop::sample::Index>(),
            members(),
            "[a-zA-Z=&:/%0-9]{0,30}",
            prop::sample::select(vec![Method::POST, Method::DELETE, Method::GET]),
        )
            .prop_map(|(service, index, members, query, method)| Case::Json {
                service,
                operation: index.index(usize::MAX),
                members,
                query,
                method,
            }),
        2 => (
            prop::sample::select(vec![
                "/_cowsim/write",
                "/_cowsim/workload",
                "/_cowsim/advance",
                "/moto-api/reset",
                "/_cowsim/elsewhere",
            ]),
            members(),
            any::<bool>(),
        )
            .prop_map(|(route, members, json)| Case::Control { route, members, json }),
        1 => ("/[a-z_/]{0,20}", prop::collection::vec(any::<u8>(), 0..200))
            .prop_map(|(path, body)| Case::Raw { path, body }),
    ]
}

/// A member tree as the query protocol spells it: `Name.member.N` for a
/// list's items, `Name.Key` for a structure's members.
pub(super) fn form(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                form(&format!("{prefix}.member.{}", i + 1), item, out);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                form(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::String(s) => out.push((prefix.into(), s.clone())),
        Value::Null => out.push((prefix.into(), String::new())),
        other => out.push((prefix.into(), other.to_string())),
    }
}

pub(super) fn authorization(account: &str, service: &str) -> String {
    format!(
        "AWS4-HMAC-SHA256 Credential={account}/20260101/us-east-1/{service}/aws4_request, \
         SignedHeaders=host, Signature=0"
    )
}

/// The request a case sends, and the service whose shape the answer has
/// (`None`: a control route's JSON).
fn request(case: &Case) -> (Request<Body>, Option<Service>) {
    let builder = Request::builder().header("host", "127.0.0.1:4600");
    let (builder, body, service) = match case {
        Case::Query {
            action,
            members,
            account,
        } => {
            let mut pairs = vec![
                ("Action".to_string(), action.clone()),
                ("Version".to_string(), "2014-10-31".to_string()),
            ];
            for (k, v) in members {
                form(k, v, &mut pairs);
            }
            let body = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            let mut b = builder
                .method(Method::POST)
                .uri("/")
                .header("content-type", "application/x-www-form-urlencoded");
            if let Some(a) = account {
                b = b.header("authorization", authorization(a, "rds"));
            }
            (b, Body::from(body), Some(Service::Rds))
        }
        Case::Json {
            service,
            operation,
            members,
            query,
            method,
        } => {
            let ops: Vec<_> = OPERATIONS
                .iter()
                .filter(|o| o.service == *service)
                .collect();
            let op = ops[operation % ops.len()];
            let mut b = builder
                .method(method.clone())
                .header("content-type", "application/x-amz-json-1.1")
                .header(
                    "authorization",
                    authorization("111111111111", service.signing_name()),
                );
            b = match service {
                Service::Kms => b
                    .uri("/")
                    .header("x-amz-target", format!("TrentService.{}", op.action)),
                Service::Cloudwatch => b.uri("/").header(
                    "x-amz-target",
                    format!("{}{}", super::cloudwatch::TARGET_PREFIX, op.action),
                ),
                _ => b.uri(format!("{}?{query}", op.uri)),
            };
            let body = Value::Object(members.clone()).to_string();
            (b, Body::from(body), Some(*service))
        }
        Case::Control {
            route,
            members,
            json,
        } => {
            let kind = if *json {
                "application/json"
            } else {
                "text/plain"
            };
            let body = Value::Object(members.clone()).to_string();
            let b = builder
                .method(Method::POST)
                .uri(*route)
                .header("content-type", kind);
            (b, Body::from(body), None)
        }
        Case::Raw { path, body } => {
            let b = builder.method(Method::POST).uri(path.as_str());
            (b, Body::from(body.clone()), Some(Service::Rds))
        }
    };
    let mut request = builder.body(body).expect("a well-formed request");
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
    (request, service)
}

/// Whether an answer has its service's shape.
fn shaped(
    service: Option<Service>,
    status: StatusCode,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> bool {
    let text = String::from_utf8_lossy(body);
    match service {
        None => serde_json::from_slice::<Value>(body).is_ok(),
        Some(Service::Rds | Service::Sts) if status.is_success() => text.starts_with('<'),
        Some(Service::Rds | Service::Sts) => {
            text.contains("<ErrorResponse") && text.contains("<Code>")
                || serde_json::from_slice::<Value>(body).is_ok_and(|v| v.get("__type").is_some())
        }
        Some(Service::Ram | Service::Kms | Service::Cloudwatch) if status.is_success() => {
            serde_json::from_slice::<Value>(body).is_ok()
        }
        Some(Service::Ram | Service::Kms | Service::Cloudwatch) => {
            headers.contains_key("x-amzn-errortype")
                || serde_json::from_slice::<Value>(body).is_ok_and(|v| v.get("__type").is_some())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/serve_fuzz.txt"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_request_is_answered_in_its_services_shape(case in case()) {
        let (runtime, router) = server();
        let (request, service) = request(&case);
        let (status, headers, body) = runtime.block_on(async {
            let response = router.clone().oneshot(request).await.expect("infallible");
            let (parts, body) = response.into_parts();
            let body = axum::body::to_bytes(body, 1 << 24).await.expect("a body");
            (parts.status, parts.headers, body)
        });
        prop_assert!(!status.is_server_error(), "{status}: {}", String::from_utf8_lossy(&body));
        // A request of another service's protocol (a RAM path reached
        // unsigned, say) may answer in that service's shape.
        let any_shape = [None, Some(Service::Rds), Some(Service::Ram)]
            .into_iter()
            .any(|s| shaped(s, status, &headers, &body));
        prop_assert!(
            shaped(service, status, &headers, &body) || (matches!(case, Case::Raw { .. }) && any_shape),
            "{status}: {}", String::from_utf8_lossy(&body)
        );
    }
}
