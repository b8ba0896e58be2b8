//! The routes beside the AWS ones (docs/serve.md): simulated time, the
//! report, the session as a scenario, writes and workloads (which have no
//! AWS API), and moto's reset. Who may call which is `trust.rs`'s to say.
//!
//! `/_cowsim/report` is the whole simulation's report, every account's,
//! as `cowsim run --json` gives it for the session's scenario: it is the
//! operator's view of the simulator, not an AWS API, and so the operator's
//! alone.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::api_types::Service;
use super::call::toml_of;
use super::control_error::{AdvanceError, BodyError};
use super::identity::caller;
use super::limits;
use super::session::Session;
use super::trust::Role;
use crate::cloud::AccountId;
use crate::report::Report;
use crate::scenario::steps::SimOp;
use crate::shown::bounded_message;
use crate::time::{Seconds, parse_duration};

/// The duration `POST /_cowsim/advance` asks for, with
/// `{"duration": "7d"}`; or why the request is refused.
pub fn advance_duration(body: &[u8]) -> Result<Seconds, BodyError> {
    let fields = object(body)?;
    let Some(Value::String(duration)) = fields.get("duration") else {
        return Err(BodyError::NoDuration);
    };
    if fields.len() > 1 {
        return Err(BodyError::NotOnlyDuration);
    }
    parse_duration(duration).map_err(BodyError::Duration)
}

/// Moves the clock `seconds` on, as the session's own `advance` step; or
/// why it could not be recorded.
pub fn advance(session: &mut Session, seconds: Seconds) -> Result<(), AdvanceError> {
    let account = session.first_account();
    session.advance_seconds(account, seconds)
}

/// `POST /_cowsim/write` and `/_cowsim/workload`: the keys of the
/// scenario's step, and `account`: the operator's choice of account (the
/// signer's when it is left out of a signed request), or for an account,
/// itself only. The cloud lets an account write to its own clusters only.
/// Only the
/// step's own parameters are taken: a key the step format reserves
/// (`expect-error`, `note`) would otherwise reach the journal beside the
/// session's own and spoil every later start from it.
pub fn step(
    session: &mut Session,
    op: SimOp,
    role: Role,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let mut fields = match object(body) {
        Ok(f) => f,
        Err(e) => return refuse(&e.to_string()),
    };
    let who = caller(headers);
    let named = match fields.remove("account") {
        Some(Value::String(a)) => match a.parse::<AccountId>() {
            Ok(a) => Some(a),
            Err(e) => return refuse(&format!("\"account\": {e}")),
        },
        Some(_) => return refuse("\"account\": expected a 12-digit account id, as a string"),
        None => None,
    };
    let account = match (role, named) {
        (Role::Account(signer), Some(a)) if a != signer => {
            return forbidden("only the operator may act for another account");
        }
        (Role::Account(signer), _) => signer,
        (_, Some(a)) => a,
        (_, None) if who.signed => who.account,
        (_, None) => return refuse("\"account\" is required when the request is not signed"),
    };
    let mut lines = String::new();
    for (key, value) in fields {
        if !op.params().contains(&key.as_str()) {
            return refuse(&format!(
                "\"{key}\" is not a parameter of {}: expected \"account\" or one of {}",
                op.name(),
                op.params().join(", ")
            ));
        }
        let Some(value) = toml_of(value) else {
            return refuse(&format!("\"{key}\": null has no meaning here"));
        };
        let key = toml::Value::String(key).to_string();
        lines.push_str(&format!("{key} = {value}\n"));
    }
    let action = match session.read_step(account, op, &lines) {
        Ok(action) => action,
        Err(d) => return refuse(&d.message),
    };
    match session.call_after_waiting(account, action, &[]) {
        Ok(Ok(record)) => {
            let status = if record.ok {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            let body = serde_json::json!({
                "ok": record.ok,
                "error": record.error,
                "result": record.result,
                "clock": session.now(),
            });
            (status, json_headers(), body.to_string()).into_response()
        }
        Ok(Err(d)) => refuse(&d.message),
        Err(e) => failed(&e.to_string()),
    }
}

/// The clock, as an answer.
pub fn clock(session: &Session) -> Response {
    let body = serde_json::json!({ "clock": session.now() });
    (StatusCode::OK, json_headers(), body.to_string()).into_response()
}

/// `GET /_cowsim/report`'s answer, rendered from a report taken earlier.
pub fn report_response(report: &Report) -> Response {
    match serde_json::to_string_pretty(report) {
        Ok(text) => (StatusCode::OK, json_headers(), text).into_response(),
        Err(e) => failed(&e.to_string()),
    }
}

/// `GET /_cowsim/scenario`.
pub fn scenario(session: &Session) -> Response {
    let headers = [("content-type", "application/toml")];
    (StatusCode::OK, headers, session.scenario_text().to_string()).into_response()
}

/// `POST /moto-api/reset`.
pub fn reset(session: &mut Session) -> Response {
    match session.reset() {
        Ok(()) => (StatusCode::OK, json_headers(), "{}").into_response(),
        Err(e) => failed(&e.to_string()),
    }
}

/// A JSON object body within the bounds of any request, or why not.
fn object(body: &[u8]) -> Result<Map<String, Value>, BodyError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => match limits::check(Service::Rds, &m) {
            Ok(()) => Ok(m),
            Err(e) => Err(BodyError::Bounds(e)),
        },
        Ok(_) => Err(BodyError::NotObject),
        Err(e) => Err(BodyError::NotJson(e)),
    }
}

fn json_headers() -> [(&'static str, &'static str); 1] {
    [("content-type", "application/json")]
}

/// A caller refused for who it is.
pub fn forbidden(message: &str) -> Response {
    let body = serde_json::json!({ "error": message });
    (StatusCode::FORBIDDEN, json_headers(), body.to_string()).into_response()
}

/// A `/_cowsim/` or `/moto-api/` path that is not a control route (or
/// not with this method): 404, with the routes there are.
pub fn unknown_route(method: &Method, path: &str, routes: &[&str]) -> Response {
    let body = serde_json::json!({
        "error": format!("no control route {method} {path}"),
        "routes": routes,
    });
    (StatusCode::NOT_FOUND, json_headers(), body.to_string()).into_response()
}

/// A refusal with `status`, as every control route words its errors.
pub fn refuse_with(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": bounded_message(message) });
    (status, json_headers(), body.to_string()).into_response()
}

pub fn refuse(message: &str) -> Response {
    let body = serde_json::json!({ "error": bounded_message(message) });
    (StatusCode::BAD_REQUEST, json_headers(), body.to_string()).into_response()
}

pub fn failed(message: &str) -> Response {
    let body = serde_json::json!({ "error": message });
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        json_headers(),
        body.to_string(),
    )
        .into_response()
}
