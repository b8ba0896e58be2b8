//! `cowsim serve`: an AWS-compatible endpoint in front of the simulator
//! (README, "Use it from the AWS CLI or boto3"). The AWS CLI and the SDKs
//! call it as they call AWS; each call becomes a step of a scenario that
//! the session runs and records, so the bill of a script's calls is the
//! report of that scenario.
//!
//! Requests reach a service by their SigV4 credential scope, or without
//! one by their protocol's markers: an `X-Amz-Target` (KMS, CloudWatch),
//! a RAM path, or a form body (RDS, STS). Calls are applied one at a time, in the
//! order the session's lock is taken.

mod api;
mod api_types;
mod call;
mod cloudwatch;
mod complete;
mod control;
mod control_error;
mod envelope;
mod errors;
mod identity;
mod journal;
mod json;
mod limits;
mod listener;
mod query;
mod registry;
mod request_ids;
mod rest;
mod session;
mod start_error;
mod trust;
mod wire_reader;
mod xml;

#[cfg(test)]
mod exact_replay;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod long_values;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::timeout::TimeoutLayer;

use api_types::{ApiOperation, Service};
use control_error::{AdvanceError, NotAdmitted};
use errors::ApiError;
use identity::caller;
pub use journal::Fsync;
pub use session::Session;
pub use start_error::StartError;
use trust::Role;

use crate::cloud::ops::AwsOp;
use crate::scenario::steps::SimOp;
use crate::time::{HOUR, MINUTE};

/// Where `cowsim serve` listens unless told: loopback, port 4600.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:4600";

/// The largest request body read; larger ones are refused.
pub const MAX_BODY: usize = 1 << 20;

/// How much of a body too large is read (and dropped) before the answer.
pub const DRAIN_BODY: usize = 64 << 20;

/// How long one request may take, from its first byte to its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// About the longest a report holds the session to copy step records.
pub const REPORT_SLICE: Duration = Duration::from_millis(20);

/// About the most work one slice of an `advance` holds the session for.
pub const ADVANCE_SLICE: Duration = Duration::from_millis(100);

const RDS_NAMESPACE: &str = "http://rds.amazonaws.com/doc/2014-10-31/";
const STS_NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// How to serve.
pub struct Options {
    pub listen: SocketAddr,
    /// A scenario to start from: its file name and text.
    pub scenario: Option<(String, String)>,
    pub state: Option<PathBuf>,
    /// Simulated seconds per wall-clock second (0: the clock moves only
    /// on `advance`).
    pub speed: f64,
    /// An access key id whose signed requests act as the operator
    /// (`trust.rs`), besides unsigned requests from this machine.
    pub operator_key: Option<String>,
    /// When the state file's records reach the disk.
    pub fsync: Fsync,
}

/// What every request shares.
struct App {
    session: Mutex<Session>,
    speed: f64,
    started: Instant,
    /// The simulated clock when the server started, in seconds.
    started_at: i64,
    operator_key: Option<String>,
    /// Resets so far, counted under the session's lock: a report copying
    /// the records a slice at a time starts again after one.
    resets: AtomicU64,
}

type Shared = Arc<App>;

impl App {
    fn new(session: Session, speed: f64, operator_key: Option<String>) -> Shared {
        Arc::new(App {
            started_at: session.now().0,
            session: Mutex::new(session),
            speed,
            started: Instant::now(),
            operator_key,
            resets: AtomicU64::new(0),
        })
    }
}

/// Every route: the control routes, and the AWS services behind the rest.
fn router(app: Shared) -> Router {
    Router::new()
        .route("/_cowsim/advance", post(advance))
        .route("/_cowsim/report", get(report))
        .route("/_cowsim/scenario", get(scenario))
        .route("/_cowsim/write", post(write))
        .route("/_cowsim/workload", post(workload))
        .route("/moto-api/reset", post(reset))
        .fallback(aws)
        .method_not_allowed_fallback(control_method)
        .layer(axum::middleware::from_fn_with_state(app.clone(), bounded))
        .with_state(app)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
}

/// The control routes, as an unknown `/_cowsim/` path's answer lists them.
const CONTROL_ROUTES: &[&str] = &[
    "POST /_cowsim/advance",
    "GET /_cowsim/report",
    "GET /_cowsim/scenario",
    "POST /_cowsim/write",
    "POST /_cowsim/workload",
    "POST /moto-api/reset",
];

/// Serves until Ctrl-C or SIGTERM; `ready` is told the address it
/// listens on.
pub fn serve(options: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), StartError> {
    let mut session = Session::start(options.scenario, options.state, options.fsync)?;
    if options.speed > 0.0 {
        session.follow_wall_clock();
    }
    let app = App::new(session, options.speed, options.operator_key);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(StartError::Runtime)?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .map_err(|source| StartError::Listen {
                address: options.listen,
                source,
            })?;
        let address = listener.local_addr().map_err(StartError::Address)?;
        ready(address);
        listener::serve(listener, router(app), stopped()).await;
        Ok(())
    });
    // A handler still running after the grace holds a worker: stop without
    // waiting for it. Its call was not answered; what the state file holds
    // of it (the slices an advance made, a record not yet flushed) is whole
    // records, which a restart replays.
    runtime.shutdown_timeout(Duration::from_millis(500));
    served
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

/// Runs `f` on the session, after the clock has followed the wall clock
/// when `--speed` asks it to. It runs on the worker that read the request:
/// calls are applied one at a time anyway, and most take microseconds, so
/// handing each to another thread would cost more than it spares (a long
/// `advance` holds that worker, and every other call waits for the lock).
async fn with_session(
    app: Shared,
    f: impl FnOnce(&mut Session) -> Response + Send + 'static,
) -> Response {
    let (response, durable) = {
        let mut session = lock(&app.session);
        if let Err(e) = follow_wall_clock(&app, &mut session) {
            return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
        }
        let response = f(&mut session);
        (response, session.durable())
    };
    match on_disk(durable).await {
        Ok(()) => response,
        Err(failed) => failed,
    }
}

/// Waits, without the session, until the records a call wrote are on disk
/// (`--fsync batch`), so that no answer is given for a call a power
/// failure could still lose.
async fn on_disk(durable: Option<journal::Durable>) -> Result<(), Response> {
    let Some(durable) = durable else {
        return Ok(());
    };
    match tokio::task::spawn_blocking(move || durable.wait()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()),
        Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()),
    }
}

/// The session, even after a panic elsewhere left its lock poisoned: every
/// change to it is whole before the lock is let go.
fn lock(session: &Mutex<Session>) -> MutexGuard<'_, Session> {
    session
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// With `--speed S`, moves the clock to S simulated seconds per second
/// since the server started, as a recorded `advance`.
fn follow_wall_clock(app: &App, session: &mut Session) -> Result<(), AdvanceError> {
    if app.speed <= 0.0 {
        return Ok(());
    }
    let due = app.started_at + (app.started.elapsed().as_secs_f64() * app.speed) as i64;
    let account = session.first_account();
    session.advance_seconds(account, due - session.now().0)
}

/// What a control route reads of its request before its body: who sent
/// it, from where, and how.
struct Visit {
    peer: SocketAddr,
    method: Method,
    headers: HeaderMap,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = Infallible;

    /// A request that arrived without its peer's address (none does
    /// through [`listener::serve`]) is taken as from nowhere local, so it
    /// is never the operator.
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Visit, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(SocketAddr::from(([0, 0, 0, 0], 0)), |c| c.0);
        Ok(Visit {
            peer,
            method: parts.method.clone(),
            headers: parts.headers.clone(),
        })
    }
}

/// What a control route knows of its request.
struct Control {
    role: Role,
    headers: HeaderMap,
}

/// A control route's request, admitted; or why it is refused: a browser
/// sent it cross-site, or `operator_only` and the caller isn't the
/// operator.
fn admit(app: &App, visit: Visit, operator_only: bool) -> Result<Control, NotAdmitted> {
    let Visit {
        peer,
        method,
        headers,
    } = visit;
    if let Some(why) =
        trust::cross_site(&method, &headers, true).or_else(|| trust::rebound(peer, &headers))
    {
        return Err(NotAdmitted::Untrusted(why));
    }
    let role = trust::role(
        caller(&headers),
        &headers,
        peer,
        app.operator_key.as_deref(),
    );
    match role {
        Role::Anonymous => Err(NotAdmitted::Anonymous),
        Role::Account(_) if operator_only => Err(NotAdmitted::NotOperator),
        _ => Ok(Control { role, headers }),
    }
}

/// `POST /_cowsim/advance`, in slices: each takes the session for at most
/// about [`ADVANCE_SLICE`] of work (one simulated minute at the least), and
/// lets every other waiting call in between, so a long advance never stops
/// the server for others. Each slice is recorded as an `advance` of its
/// own, in the order applied, so the session still replays; a request cut
/// off by [`REQUEST_TIMEOUT`] keeps the slices it made.
async fn advance(State(app): State<Shared>, visit: Visit, body: Bytes) -> Response {
    if let Err(why) = admit(&app, visit, true) {
        return control::forbidden(&why.to_string());
    }
    let mut left = match control::advance_duration(&body) {
        Ok(seconds) => seconds,
        Err(why) => return control::refuse(&why.to_string()),
    };
    if let Err(e) = follow_wall_clock(&app, &mut lock(&app.session)) {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    let mut slice = HOUR;
    while left > 0 {
        let step = slice.min(left);
        let (took, durable) = {
            let mut session = lock(&app.session);
            let began = Instant::now();
            if let Err(e) = control::advance(&mut session, step) {
                return control::failed(&e.to_string());
            }
            (began.elapsed(), session.durable())
        };
        if let Err(failed) = on_disk(durable).await {
            return failed;
        }
        left -= step;
        if took < ADVANCE_SLICE / 4 {
            slice = slice.saturating_mul(2);
        } else if took > ADVANCE_SLICE {
            slice = (slice / 2).max(MINUTE);
        }
        tokio::task::yield_now().await;
    }
    control::clock(&lock(&app.session))
}

/// A route only the operator may take: `f` runs on the session once the
/// request is admitted.
async fn operator_only(
    app: Shared,
    visit: Visit,
    f: impl FnOnce(&mut Session) -> Response + Send + 'static,
) -> Response {
    if let Err(why) = admit(&app, visit, true) {
        return control::forbidden(&why.to_string());
    }
    with_session(app, f).await
}

/// `GET /_cowsim/report`, without stopping the world: the step records,
/// which calls only ever add to, are copied a slice of about
/// [`REPORT_SLICE`] at a time, each under the session's lock, with other
/// calls served in between; the last slice takes the rest of the report
/// (clusters, accounts, families, series) under the same lock, so the
/// report is of one instant. A reset in between starts the copy again.
/// The JSON is rendered without the session, on a blocking thread.
async fn report(State(app): State<Shared>, visit: Visit) -> Response {
    if let Err(why) = admit(&app, visit, true) {
        return control::forbidden(&why.to_string());
    }
    let mut steps = Vec::new();
    let mut resets = app.resets.load(Ordering::Relaxed);
    let (report, durable) = loop {
        {
            let mut session = lock(&app.session);
            if let Err(e) = follow_wall_clock(&app, &mut session) {
                return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
            }
            let now = app.resets.load(Ordering::Relaxed);
            if now != resets {
                steps.clear();
                resets = now;
            }
            let started = Instant::now();
            let records = session.records();
            while steps.len() < records.len() && started.elapsed() < REPORT_SLICE {
                let to = (steps.len() + 64).min(records.len());
                steps.extend_from_slice(&records[steps.len()..to]);
            }
            if steps.len() == records.len() {
                let report = session.report_of(std::mem::take(&mut steps));
                break (report, session.durable());
            }
        }
        tokio::task::yield_now().await;
    };
    if let Err(failed) = on_disk(durable).await {
        return failed;
    }
    match tokio::task::spawn_blocking(move || control::report_response(&report)).await {
        Ok(response) => response,
        Err(e) => control::failed(&e.to_string()),
    }
}

async fn scenario(State(app): State<Shared>, visit: Visit) -> Response {
    operator_only(app, visit, |s| control::scenario(s)).await
}

async fn write(State(app): State<Shared>, visit: Visit, body: Bytes) -> Response {
    step(app, visit, body, SimOp::Write).await
}

async fn workload(State(app): State<Shared>, visit: Visit, body: Bytes) -> Response {
    step(app, visit, body, SimOp::Workload).await
}

async fn step(app: Shared, visit: Visit, body: Bytes, op: SimOp) -> Response {
    let control = match admit(&app, visit, false) {
        Ok(c) => c,
        Err(why) => return control::forbidden(&why.to_string()),
    };
    with_session(app, move |s| {
        control::step(s, op, control.role, &control.headers, &body)
    })
    .await
}

async fn reset(State(app): State<Shared>, visit: Visit) -> Response {
    let counted = app.clone();
    operator_only(app, visit, move |session| {
        counted.resets.fetch_add(1, Ordering::Relaxed);
        control::reset(session)
    })
    .await
}

/// Every request's envelope held to its bounds (`envelope.rs`) before
/// any route reads it: refused in the shape of the service it is
/// addressed to, or a control route's JSON.
async fn bounded(
    State(app): State<Shared>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    if is_control(path) {
        if let Err(e) = envelope::check_size(Service::Rds, &parts.uri, &parts.headers) {
            return control::refuse_with(e.status, &e.message);
        }
    } else {
        let service = service_of(caller(&parts.headers), &parts.headers, path);
        let op = (service == Service::Ram)
            .then(|| registry::at_path(Service::Ram, path))
            .flatten();
        let checked = envelope::check_size(service, &parts.uri, &parts.headers)
            .and_then(|()| envelope::check_method(service, &parts.method, op));
        if let Err(e) = checked {
            return refusal(service, &e, &request_id(&app));
        }
    }
    next.run(Request::from_parts(parts, body)).await
}

/// A control route asked with a method it does not take.
async fn control_method(request: Request) -> Response {
    let mut answer = control::unknown_route(request.method(), request.uri().path(), CONTROL_ROUTES);
    *answer.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    answer
}

/// Whether `path` is one of cowsim's own routes rather than an AWS call.
fn is_control(path: &str) -> bool {
    path.starts_with("/_cowsim/") || path.starts_with("/moto-api/")
}

/// The service a request from `who` is addressed to: its signature's
/// scope, else its protocol's markers (an `X-Amz-Target`, a RAM path),
/// else RDS's query protocol.
fn service_of(who: identity::Caller, headers: &HeaderMap, path: &str) -> Service {
    who.service.unwrap_or_else(|| {
        if json::kms_target(headers).is_some() {
            Service::Kms
        } else if json::cloudwatch_target(headers).is_some() {
            Service::Cloudwatch
        } else if registry::at_path(Service::Ram, path).is_some() {
            Service::Ram
        } else {
            Service::Rds
        }
    })
}

/// Every other request: an AWS call.
async fn aws(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_string();
    if is_control(&path) {
        return control::unknown_route(&parts.method, &path, CONTROL_ROUTES);
    }
    let who = caller(&parts.headers);
    let service = service_of(who, &parts.headers, &path);
    if let Some(why) = trust::cross_site(&parts.method, &parts.headers, false)
        .or_else(|| trust::rebound(peer, &parts.headers))
    {
        let e = ApiError::access_denied(service, why);
        return refusal(service, &e, &request_id(&app));
    }
    let body = match read(body).await {
        Ok(b) => b,
        Err((status, message)) => {
            let e = ApiError::refused(service, status, message);
            return refusal(service, &e, &request_id(&app));
        }
    };
    let query = parts.uri.query().map(str::to_owned);
    let headers = parts.headers;
    with_session(app, move |session| {
        // The session's next id, taken under its lock as the call is.
        let id = session.request_id();
        match service {
            Service::Rds | Service::Sts => {
                // A GET's query string stands for the form body.
                let form = match (body.is_empty(), &query) {
                    (true, Some(q)) => q.as_bytes(),
                    _ => &body,
                };
                query_call(session, service, who, form, &id)
            }
            Service::Ram => {
                let Some(op) = registry::at_path(Service::Ram, &path) else {
                    return refusal(service, &ApiError::unknown_operation(service, &path), &id);
                };
                let members = json::members(service, &body)
                    .and_then(|m| rest::members(op, m, query.as_deref(), &headers));
                json_call(session, op, who, members, &id)
            }
            Service::Kms => {
                let Some(target) = json::kms_target(&headers) else {
                    return refusal(service, &ApiError::missing(service, "X-Amz-Target"), &id);
                };
                let Some(op) = registry::find(Service::Kms, target) else {
                    return refusal(service, &ApiError::kms_unknown_operation(target), &id);
                };
                json_call(session, op, who, json::members(service, &body), &id)
            }
            Service::Cloudwatch => {
                let Some(target) = json::cloudwatch_target(&headers) else {
                    return refusal(service, &ApiError::missing(service, "X-Amz-Target"), &id);
                };
                let Some(op) = registry::find(Service::Cloudwatch, target) else {
                    return refusal(service, &ApiError::unknown_operation(service, target), &id);
                };
                metrics_call(session, op, who, json::members(service, &body), &id)
            }
        }
    })
    .await
}

/// The body, at most [`MAX_BODY`] bytes. A larger body is read to its end
/// (up to [`DRAIN_BODY`]) and dropped, so that the client, still sending,
/// reads the refusal.
async fn read(mut body: Body) -> Result<Vec<u8>, (StatusCode, String)> {
    use http_body_util::BodyExt;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            let message = format!("the request body was cut short: {e}");
            (StatusCode::BAD_REQUEST, message)
        })?;
        if let Ok(data) = frame.into_data() {
            seen += data.len();
            if seen <= MAX_BODY {
                kept.extend_from_slice(&data);
            } else if seen > DRAIN_BODY {
                break;
            }
        }
    }
    if seen > MAX_BODY {
        return Err((
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is {seen} bytes or more: at most {MAX_BODY} are read"),
        ));
    }
    Ok(kept)
}

fn query_call(
    session: &mut Session,
    service: Service,
    who: identity::Caller,
    body: &[u8],
    id: &str,
) -> Response {
    let request = match query::parse(service, body) {
        Ok(r) => r,
        Err(e) => return refusal(service, &e, id),
    };
    if request.action == "GetCallerIdentity" {
        return caller_identity(who, id);
    }
    let Some(op) = registry::find(Service::Rds, &request.action) else {
        return refusal(
            service,
            &ApiError::unknown_operation(service, &request.action),
            id,
        );
    };
    match call::answer(session, op, who, request.members) {
        Ok(value) => xml_response(
            StatusCode::OK,
            xml::success(op.action, RDS_NAMESPACE, &value, id),
        ),
        Err(e) => refusal(Service::Rds, &e, id),
    }
}

/// A call of the JSON protocols, given its members (or why they could not
/// be read).
fn json_call(
    session: &mut Session,
    op: &'static ApiOperation,
    who: identity::Caller,
    members: Result<serde_json::Map<String, serde_json::Value>, ApiError>,
    id: &str,
) -> Response {
    let members = match members {
        Ok(m) => m,
        Err(e) => return refusal(op.service, &e, id),
    };
    let only: Option<Vec<serde_json::Value>> = match members.get("principals") {
        Some(serde_json::Value::Array(p)) if call::is(op, AwsOp::ListPrincipals) => Some(p.clone()),
        _ => None,
    };
    match call::answer(session, op, who, members) {
        Ok(mut value) => {
            // `list-principals --principals ID …` lists only those named.
            if let (Some(only), Some(serde_json::Value::Array(listed))) =
                (only, value.get_mut("principals"))
            {
                listed.retain(|p| p.get("id").is_some_and(|id| only.contains(id)));
            }
            if call::is(op, AwsOp::PutKeyPolicy) {
                value = serde_json::Value::Object(Default::default());
            }
            complete::key_metadata(session.cloud(), who.account, &mut value);
            complete::resource_shares(session.cloud(), who.account, &mut value);
            json::success(op.service, &value, id)
        }
        Err(e) => refusal(op.service, &e, id),
    }
}

/// A CloudWatch call: a read of the metered metrics, which changes
/// nothing and is not a step (`cloudwatch/`).
fn metrics_call(
    session: &mut Session,
    op: &'static ApiOperation,
    who: identity::Caller,
    members: Result<serde_json::Map<String, serde_json::Value>, ApiError>,
    id: &str,
) -> Response {
    let answered = if who.signed {
        members.and_then(|m| cloudwatch::answer(session, op, who.account, m))
    } else {
        Err(ApiError::unsigned(op.service))
    };
    match answered {
        Ok(value) => json::success(op.service, &value, id),
        Err(e) => {
            session.count_refused();
            refusal(op.service, &e, id)
        }
    }
}

/// STS `GetCallerIdentity`: who the access key id says the caller is.
fn caller_identity(who: identity::Caller, id: &str) -> Response {
    if !who.signed {
        return refusal(Service::Sts, &ApiError::unsigned(Service::Sts), id);
    }
    let account = who.account.to_string();
    let result = serde_json::json!({
        "UserId": account,
        "Account": account,
        "Arn": format!("arn:aws:iam::{account}:root"),
    });
    xml_response(
        StatusCode::OK,
        xml::success("GetCallerIdentity", STS_NAMESPACE, &result, id),
    )
}

/// An error in the service's own shape.
fn refusal(service: Service, e: &ApiError, id: &str) -> Response {
    match service {
        Service::Rds | Service::Sts => xml_response(e.status, xml::error(e, id)),
        Service::Ram | Service::Kms | Service::Cloudwatch => json::error(service, e, id),
    }
}

fn xml_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("text/xml"));
    response
}

/// The id of a call refused before it reached the session: taken from
/// the session all the same, so that ids follow the calls in the order
/// the session takes them (`request_ids.rs`).
fn request_id(app: &App) -> String {
    lock(&app.session).request_id()
}
