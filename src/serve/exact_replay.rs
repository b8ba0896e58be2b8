//! Exact replay, as a property: random sessions from several accounts,
//! their calls arriving in random orders through the whole router, with
//! accounts whose first call comes after keys, shares and invitations
//! exist. Every id the simulator mints is a function of the seed and of
//! the calls in the order applied, so the session's scenario and its
//! state file each replay under `cowsim run` to the server's own report,
//! byte for byte, and the server restarts from its state file to the same
//! report. Request ids are minted so too: a second server fed the same
//! calls answers with the same ids, none given twice.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::fuzz::{authorization, form};
use super::journal::Fsync;
use super::{App, Session, router};
use crate::scenario::{Options, Runner, Scenario};

/// The accounts that call: the first is declared by the scenario; the
/// others are declared by their first call, or by a call that names them.
const ACCOUNTS: [&str; 4] = [
    "111111111111",
    "222222222222",
    "333333333333",
    "444444444444",
];

/// Cluster names an account picks from.
const NAMES: [&str; 3] = ["orders", "ledger", "audit"];

/// One call of a session, its references given as indexes into what the
/// session has minted so far.
#[derive(Clone, Debug)]
enum Call {
    CreateKey,
    /// Lets `grantee` use one of the caller's keys.
    AllowKey {
        key: Index,
        grantee: usize,
    },
    /// A cluster, encrypted with a key minted so far (whoever owns it).
    CreateCluster {
        name: usize,
        key: Option<Index>,
    },
    /// An instance in one of the caller's clusters (a clone's source
    /// needs one).
    CreateInstance {
        name: usize,
    },
    Write {
        name: usize,
        pages: u64,
    },
    /// Waits for the caller's clusters (a describe), then shares one.
    Share {
        name: usize,
        principal: usize,
    },
    /// Reads the caller's invitations, then accepts one of them.
    Accept {
        invitation: Index,
    },
    /// Waits for the caller's clusters, then clones any account's
    /// cluster, by ARN, copy-on-write.
    /// `None`: the first cluster minted. A clone of another account's
    /// encrypted cluster names a key to encrypt it with: one of the
    /// caller's own, or (`None`) the first key minted.
    Clone {
        source: Option<Index>,
        name: usize,
        key: Option<Index>,
    },
    DeleteCluster {
        name: usize,
    },
    Describe,
    /// A describe with a member no API takes: refused before it is a
    /// step.
    Unreadable,
    ListShares,
    /// The operator's advance, in minutes.
    Advance {
        minutes: u32,
    },
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        2 => Just(Call::CreateKey),
        1 => (any::<Index>(), 0..ACCOUNTS.len()).prop_map(|(key, grantee)| Call::AllowKey { key, grantee }),
        3 => (0..NAMES.len(), prop::option::of(any::<Index>()))
            .prop_map(|(name, key)| Call::CreateCluster { name, key }),
        2 => (0..NAMES.len()).prop_map(|name| Call::CreateInstance { name }),
        2 => (0..NAMES.len(), 1..200u64).prop_map(|(name, pages)| Call::Write { name, pages }),
        2 => (0..NAMES.len(), 0..ACCOUNTS.len()).prop_map(|(name, principal)| Call::Share { name, principal }),
        3 => any::<Index>().prop_map(|invitation| Call::Accept { invitation }),
        3 => (any::<Index>(), 0..NAMES.len(), prop::option::of(any::<Index>()))
            .prop_map(|(source, name, key)| Call::Clone { source: Some(source), name, key }),
        1 => (0..NAMES.len()).prop_map(|name| Call::DeleteCluster { name }),
        1 => Just(Call::Describe),
        1 => Just(Call::Unreadable),
        1 => Just(Call::ListShares),
        1 => (1..180u32).prop_map(|minutes| Call::Advance { minutes }),
    ]
}

/// Each account's session, and the order their calls arrive in: a random
/// interleaving of the sessions. The opening makes sure a key and a share
/// exist before the later accounts call for the first time.
fn sessions() -> impl Strategy<Value = (u64, Vec<(usize, Call)>)> {
    let each = prop::collection::vec(prop::collection::vec(call(), 0..8), ACCOUNTS.len());
    let order = prop::collection::vec(0..ACCOUNTS.len(), 0..32);
    (0..1_000u64, any::<Index>(), each, order).prop_map(|(seed, first_key, each, order)| {
        let mut calls = vec![
            (0, Call::CreateKey),
            (
                0,
                Call::CreateCluster {
                    name: 0,
                    key: Some(first_key),
                },
            ),
            (0, Call::CreateInstance { name: 0 }),
            (
                0,
                Call::AllowKey {
                    key: first_key,
                    grantee: 2,
                },
            ),
            (0, Call::Advance { minutes: 30 }),
            (
                0,
                Call::Share {
                    name: 0,
                    principal: 2,
                },
            ),
        ];
        let mut queues: Vec<std::collections::VecDeque<Call>> =
            each.into_iter().map(Into::into).collect();
        // The principal accepts and clones, whenever its turn comes.
        queues[2].push_front(Call::Clone {
            source: None,
            name: 2,
            key: None,
        });
        queues[2].push_front(Call::Accept {
            invitation: first_key,
        });
        for account in order {
            if let Some(call) = queues[account].pop_front() {
                calls.push((account, call));
            }
        }
        for (account, queue) in queues.into_iter().enumerate() {
            calls.extend(queue.into_iter().map(|c| (account, c)));
        }
        (seed, calls)
    })
}

/// A server in process, and what its answers have minted so far.
struct Server {
    runtime: tokio::runtime::Runtime,
    router: Router,
    /// KMS key ARNs, whoever owns them (another account's key is named
    /// by its ARN).
    keys: Vec<String>,
    /// The key ARNs each account minted.
    own_keys: [Vec<String>; ACCOUNTS.len()],
    /// Cluster ARNs, whoever owns them.
    clusters: Vec<String>,
    /// The request id of every AWS call's answer, in order.
    request_ids: Vec<String>,
}

impl Server {
    fn start(session: Session) -> Server {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        Server {
            runtime,
            router: router(App::new(session, 0.0, None)),
            keys: Vec::new(),
            own_keys: Default::default(),
            clusters: Vec::new(),
            request_ids: Vec::new(),
        }
    }

    /// Sends `request` from loopback; the answer's status and body. The
    /// answer's request id, if it has one, is noted.
    fn send(&mut self, mut request: Request<Body>) -> (u16, String) {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5000))));
        self.runtime.block_on(async {
            let response = self
                .router
                .clone()
                .oneshot(request)
                .await
                .expect("infallible");
            let status = response.status().as_u16();
            let header = response.headers().get("x-amzn-requestid").cloned();
            let body = axum::body::to_bytes(response.into_body(), 1 << 26)
                .await
                .expect("a body");
            let body = String::from_utf8_lossy(&body).into_owned();
            let in_body = body
                .split_once("<RequestId>")
                .and_then(|(_, rest)| rest.split_once("</RequestId>"))
                .map(|(id, _)| id.to_string());
            let header = header.and_then(|h| Some(h.to_str().ok()?.to_string()));
            if let Some(id) = header.or(in_body) {
                self.request_ids.push(id);
            }
            (status, body)
        })
    }

    /// An RDS call in the query protocol.
    fn rds(&mut self, account: &str, action: &str, members: Value) -> String {
        let mut pairs = vec![
            ("Action".to_string(), action.to_string()),
            ("Version".to_string(), "2014-10-31".to_string()),
        ];
        if let Value::Object(fields) = &members {
            for (k, v) in fields {
                form(k, v, &mut pairs);
            }
        }
        let body = serde_urlencoded::to_string(&pairs).expect("a form");
        let request = Request::builder()
            .method(Method::POST)
            .uri("/")
            .header("host", "127.0.0.1:4600")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", authorization(account, "rds"))
            .body(Body::from(body))
            .expect("a request");
        self.send(request).1
    }

    /// A RAM call (`path`) or a KMS call (`target`), in JSON.
    fn json(&mut self, account: &str, service: &str, at: &str, members: Value) -> Value {
        let builder = Request::builder()
            .method(Method::POST)
            .header("host", "127.0.0.1:4600")
            .header("content-type", "application/x-amz-json-1.1")
            .header("authorization", authorization(account, service));
        let builder = match service {
            "kms" => builder
                .uri("/")
                .header("x-amz-target", format!("TrentService.{at}")),
            _ => builder.uri(at),
        };
        let request = builder
            .body(Body::from(members.to_string()))
            .expect("a request");
        serde_json::from_str(&self.send(request).1).unwrap_or(Value::Null)
    }

    /// A control route, as the operator (unsigned, from loopback).
    fn control(&mut self, method: Method, path: &str, body: Option<Value>) -> String {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "127.0.0.1:4600")
            .header("content-type", "application/json")
            .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
            .expect("a request");
        let (status, body) = self.send(request);
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// Sends one call as `ACCOUNTS[account]`, noting the ids it mints.
    fn call(&mut self, account: usize, call: &Call) {
        let me = ACCOUNTS[account];
        let arn = |name: usize| format!("arn:aws:rds:us-east-1:{me}:cluster:{}", NAMES[name]);
        match call {
            Call::CreateKey => {
                let answer = self.json(me, "kms", "CreateKey", json!({}));
                if let Some(Value::String(id)) = answer.pointer("/KeyMetadata/Arn") {
                    self.keys.push(id.clone());
                    self.own_keys[account].push(id.clone());
                }
            }
            Call::AllowKey { key, grantee } => {
                let Some(key) = pick(&self.keys, key) else {
                    return;
                };
                let policy = json!({
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"AWS": format!("arn:aws:iam::{}:root", ACCOUNTS[*grantee])},
                        "Action": "kms:*",
                        "Resource": "*",
                    }],
                });
                let members = json!({"KeyId": key, "Policy": policy.to_string()});
                self.json(me, "kms", "PutKeyPolicy", members);
            }
            Call::CreateCluster { name, key } => {
                let mut members =
                    json!({"DBClusterIdentifier": NAMES[*name], "Engine": "aurora-mysql"});
                if let Some(key) = key.as_ref().and_then(|k| pick(&self.keys, k)) {
                    members["StorageEncrypted"] = json!(true);
                    members["KmsKeyId"] = json!(key);
                }
                let answer = self.rds(me, "CreateDBCluster", members);
                if answer.contains("<CreateDBClusterResult>") {
                    self.clusters.push(arn(*name));
                }
            }
            Call::CreateInstance { name } => {
                let members = json!({
                    "DBInstanceIdentifier": format!("{}-1", NAMES[*name]),
                    "DBClusterIdentifier": NAMES[*name],
                    "DBInstanceClass": "db.r6g.large",
                    "Engine": "aurora-mysql",
                });
                self.rds(me, "CreateDBInstance", members);
            }
            Call::Write { name, pages } => {
                let body = json!({"db-cluster-identifier": NAMES[*name], "pages": pages});
                let request = Request::builder()
                    .method(Method::POST)
                    .uri("/_cowsim/write")
                    .header("host", "127.0.0.1:4600")
                    .header("content-type", "application/json")
                    .header("authorization", authorization(me, "rds"))
                    .body(Body::from(body.to_string()))
                    .expect("a request");
                self.send(request);
            }
            Call::Share { name, principal } => {
                self.rds(me, "DescribeDBClusters", json!({}));
                let members = json!({
                    "name": format!("share-{}", NAMES[*name]),
                    "resourceArns": [arn(*name)],
                    "principals": [ACCOUNTS[*principal]],
                });
                self.json(me, "ram", "/createresourceshare", members);
            }
            Call::Accept { invitation } => {
                let listed = self.json(me, "ram", "/getresourceshareinvitations", json!({}));
                let arns: Vec<String> = listed
                    .get("resourceShareInvitations")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|i| i.get("resourceShareInvitationArn")?.as_str())
                    .map(str::to_string)
                    .collect();
                if let Some(arn) = pick(&arns, invitation) {
                    let members = json!({"resourceShareInvitationArn": arn});
                    self.json(me, "ram", "/acceptresourceshareinvitation", members);
                }
            }
            Call::Clone { source, name, key } => {
                let source = match source {
                    Some(index) => pick(&self.clusters, index),
                    None => self.clusters.first().map(String::as_str),
                };
                let Some(source) = source.map(str::to_string) else {
                    return;
                };
                self.rds(me, "DescribeDBClusters", json!({}));
                let mut members = json!({
                    "SourceDBClusterIdentifier": source,
                    "DBClusterIdentifier": NAMES[*name],
                    "RestoreType": "copy-on-write",
                    "UseLatestRestorableTime": true,
                });
                let key = match key {
                    Some(index) => pick(&self.own_keys[account], index),
                    None => self.keys.first().map(String::as_str),
                };
                if let Some(key) = key {
                    members["KmsKeyId"] = json!(key);
                }
                let answer = self.rds(me, "RestoreDBClusterToPointInTime", members);
                if answer.contains("<RestoreDBClusterToPointInTimeResult>") {
                    self.clusters.push(arn(*name));
                }
            }
            Call::DeleteCluster { name } => {
                let members =
                    json!({"DBClusterIdentifier": NAMES[*name], "SkipFinalSnapshot": true});
                self.rds(me, "DeleteDBCluster", members);
            }
            Call::Describe => {
                self.rds(me, "DescribeDBClusters", json!({}));
            }
            Call::Unreadable => {
                self.rds(me, "DescribeDBClusters", json!({"Bogus": "x"}));
            }
            Call::ListShares => {
                let members = json!({"resourceOwner": "OTHER-ACCOUNTS"});
                self.json(me, "ram", "/getresourceshares", members);
            }
            Call::Advance { minutes } => {
                let body = json!({"duration": format!("{minutes}m")});
                self.control(Method::POST, "/_cowsim/advance", Some(body));
            }
        }
    }
}

fn pick<'a>(items: &'a [String], index: &Index) -> Option<&'a str> {
    (!items.is_empty()).then(|| items[index.index(items.len())].as_str())
}

/// A report as JSON text, without the simulator's own wall times, which
/// vary run to run.
fn comparable(report: &str) -> String {
    fn strip(value: Value) -> Value {
        match value {
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .filter(|(k, _)| k != "wall_us" && k != "engine_wall_us")
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(strip).collect()),
            other => other,
        }
    }
    let value: Value = serde_json::from_str(report).expect("a report");
    serde_json::to_string_pretty(&strip(value)).expect("JSON")
}

/// What `cowsim run --json` reports for scenario `text`.
fn run(file: &str, text: &[u8]) -> String {
    let scenario = Scenario::parse_bytes(file, text).unwrap_or_else(|e| panic!("{e:?}"));
    let report = Runner::new(&scenario, Options::default()).run(|_| {});
    serde_json::to_string(&report).expect("JSON")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/serve_exact_replay.txt"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_session_replays_exactly((seed, calls) in sessions()) {
        let dir = tempfile::tempdir().expect("a folder");
        let state = dir.path().join("state.toml");
        let header = format!(
            "name = \"replay\"\nseed = {seed}\n\n[[accounts]]\nid = \"{}\"\nname = \"first\"\n",
            ACCOUNTS[0]
        );
        let scenario = Some(("scenario.toml".to_string(), header));
        let session = Session::start(scenario.clone(), Some(state.clone()), Fsync::Never)
            .expect("a session");
        let mut server = Server::start(session);
        let mut twin = Server::start(Session::start(scenario.clone(), None, Fsync::Never).expect("a twin"));
        for (account, call) in &calls {
            server.call(*account, call);
            twin.call(*account, call);
        }
        prop_assert_eq!(&twin.request_ids, &server.request_ids);
        let distinct: std::collections::HashSet<_> = server.request_ids.iter().collect();
        prop_assert_eq!(distinct.len(), server.request_ids.len());
        let report = comparable(&server.control(Method::GET, "/_cowsim/report", None));
        let text = server.control(Method::GET, "/_cowsim/scenario", None);
        prop_assert_eq!(&comparable(&run("session.toml", text.as_bytes())), &report, "{}", text);
        let saved = std::fs::read(&state).expect("the state file");
        prop_assert_eq!(&comparable(&run("state.toml", &saved)), &report);
        drop(server);
        let mut restarted = Server::start(
            Session::start(scenario, Some(state), Fsync::Never).expect("a restart"),
        );
        let again = comparable(&restarted.control(Method::GET, "/_cowsim/report", None));
        prop_assert_eq!(&again, &report);
    }
}
