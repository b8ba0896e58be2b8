//! One AWS call, from the wire to the session and back: a request's
//! members (named as the API names them, in a JSON tree whatever the
//! protocol) become a scenario step's parameters, the session runs it, and
//! its typed response becomes the JSON tree each protocol renders.
//! Parameters the real API takes but cowsim does not model are accepted
//! and dropped; a parameter no API takes is refused.

use serde_json::{Map, Value};

use super::api_types::{ApiOperation, Kind, Service};
use super::errors::ApiError;
use super::identity::Caller;
use super::session::Session;
use crate::cloud::AccountId;
use crate::cloud::ops::{OPERATIONS, Param};
use crate::report::StepResult;

/// The tag with which CreateDBCluster gives a new cluster data, without
/// leaving the AWS API.
pub const DATA_GIB_TAG: &str = "cowsim:data-gib";

/// Runs `op` with `members` as `caller`; the response's JSON tree, with
/// the simulator's own keys (snake_case) left out.
pub fn answer(
    session: &mut Session,
    op: &'static ApiOperation,
    caller: Caller,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    if !caller.signed {
        return Err(ApiError::unsigned(op.service));
    }
    let Some((_, modelled)) = OPERATIONS.iter().find(|(name, _)| *name == op.op) else {
        return Err(ApiError {
            message: format!(
                "cowsim serve does not answer {} yet (README, \"Use it from the AWS CLI or boto3\")",
                op.action
            ),
            ..ApiError::unknown_operation(op.service, op.action)
        });
    };
    let (params, accounts) = step_params(op, modelled, members)?;
    let record = session
        .call_after_waiting(caller.account, op.op, &params, &accounts)
        .map_err(|e| internal(op.service, &e.to_string()))?
        .map_err(|d| ApiError::invalid(op.service, api_names(op, &d.message)))?;
    if let Some(e) = &record.error {
        return Err(ApiError::aws(&e.code, &e.message));
    }
    match record.result {
        Some(StepResult::Aws(response)) => {
            let value = serde_json::to_value(&response)
                .map_err(|e| internal(op.service, &e.to_string()))?;
            Ok(without_own_keys(value))
        }
        _ => Ok(Value::Object(Map::new())),
    }
}

fn internal(service: Service, message: &str) -> ApiError {
    ApiError {
        code: match service {
            Service::Rds | Service::Sts => "InternalFailure",
            Service::Ram | Service::Kms => "ServerInternalException",
        }
        .into(),
        message: message.into(),
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A step's parameter lines (`key = value`) from a request's members, and
/// the account ids they name.
fn step_params(
    op: &ApiOperation,
    modelled: &[Param],
    members: Map<String, Value>,
) -> Result<(String, Vec<AccountId>), ApiError> {
    for p in op.params.iter().filter(|p| p.required) {
        if !members.contains_key(p.name) && !members.contains_key(p.wire) {
            return Err(ApiError::missing(op.service, p.name));
        }
    }
    let mut lines = String::new();
    let mut accounts = Vec::new();
    for (name, value) in members {
        let Some(p) = op.param(&name) else {
            return Err(ApiError::invalid(
                op.service,
                format!("{name} is not a parameter of {}", op.action),
            ));
        };
        let value = typed(op.service, p.name, p.kind, value)?;
        let (step, value) = match (op.action, p.name) {
            ("CreateDBCluster", "Tags") => match data_gib(op.service, &value)? {
                Some(gib) => ("data-gib", gib),
                None => continue,
            },
            ("ListPrincipals", "resourceArn") => ("resource-arns", toml::Value::Array(vec![value])),
            _ => (p.step, value),
        };
        if !modelled.iter().any(|m| m.step == step) {
            continue;
        }
        if matches!(step, "principals" | "values-to-add" | "values-to-remove")
            && let toml::Value::Array(items) = &value
        {
            accounts.extend(
                items
                    .iter()
                    .filter_map(|v| v.as_str()?.parse::<AccountId>().ok()),
            );
        }
        lines.push_str(&format!("{step} = {value}\n"));
    }
    Ok((lines, accounts))
}

/// A member's value as its model types it, as TOML.
fn typed(service: Service, name: &str, kind: Kind, value: Value) -> Result<toml::Value, ApiError> {
    let wrong = |expected: &str| {
        ApiError::invalid(
            service,
            format!("Invalid type for parameter {name}: expected {expected}"),
        )
    };
    Ok(match (kind, value) {
        (Kind::Bool, Value::Bool(b)) => toml::Value::Boolean(b),
        (Kind::Bool, Value::String(s)) => match s.as_str() {
            "true" => toml::Value::Boolean(true),
            "false" => toml::Value::Boolean(false),
            _ => return Err(wrong("true or false")),
        },
        (Kind::Bool, _) => return Err(wrong("a boolean")),
        (Kind::Int, Value::Number(n)) => {
            toml::Value::Integer(n.as_i64().ok_or_else(|| wrong("an integer"))?)
        }
        (Kind::Int, Value::String(s)) => {
            toml::Value::Integer(s.parse().map_err(|_| wrong("an integer"))?)
        }
        (Kind::Int, _) => return Err(wrong("an integer")),
        (Kind::Str | Kind::Time, Value::String(s)) => toml::Value::String(s),
        (Kind::Str | Kind::Time, _) => return Err(wrong("a string")),
        (Kind::List, v @ Value::Array(_)) => toml_of(v).ok_or_else(|| wrong("a list"))?,
        // An empty list travels in the query protocol as `Name=`.
        (Kind::List, Value::String(s)) if s.is_empty() => toml::Value::Array(Vec::new()),
        (Kind::List, _) => return Err(wrong("a list")),
        (Kind::Struct, v @ Value::Object(_)) => toml_of(v).ok_or_else(|| wrong("a structure"))?,
        (Kind::Struct, _) => return Err(wrong("a structure")),
    })
}

/// A JSON value as TOML: objects as tables, arrays as arrays, scalars as
/// themselves; `None` when it holds a `null`, which has no TOML form.
pub(super) fn toml_of(value: Value) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => toml::Value::String(s),
        Value::Array(items) => {
            toml::Value::Array(items.into_iter().map(toml_of).collect::<Option<_>>()?)
        }
        Value::Object(fields) => toml::Value::Table(
            fields
                .into_iter()
                .map(|(k, v)| Some((k, toml_of(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// The `cowsim:data-gib` tag's value, if the tags carry one.
fn data_gib(service: Service, tags: &toml::Value) -> Result<Option<toml::Value>, ApiError> {
    let Some(items) = tags.as_array() else {
        return Ok(None);
    };
    for tag in items {
        if tag.get("Key").and_then(toml::Value::as_str) == Some(DATA_GIB_TAG) {
            let value = tag.get("Value").and_then(toml::Value::as_str).unwrap_or("");
            let gib: f64 = value.parse().map_err(|_| {
                ApiError::invalid(
                    service,
                    format!("tag {DATA_GIB_TAG} = {value:?}: expected a number of GiB"),
                )
            })?;
            return Ok(Some(toml::Value::Float(gib)));
        }
    }
    Ok(None)
}

/// A scenario parser's message as a caller of the API reads it: without
/// the step it would be in a scenario file ("step 673 (write): "), which
/// would tell any caller how busy the others are, and with each parameter
/// named as the API names it (`DBClusterIdentifier`, not
/// `db-cluster-identifier`).
fn api_names(op: &ApiOperation, message: &str) -> String {
    let message = message
        .strip_prefix("step ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(label, _)| label.starts_with(|c: char| c.is_ascii_digit()))
        .map_or(message, |(_, rest)| rest);
    let mut out = message.to_string();
    for p in op.params {
        out = out.replace(&format!("`{}`", p.step), p.name);
    }
    out
}

/// A response's JSON tree without the simulator's own keys, which are
/// snake_case where AWS's are not (`available_at`).
fn without_own_keys(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .filter(|(k, _)| !k.contains('_'))
                .map(|(k, v)| (k, without_own_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_own_keys).collect()),
        other => other,
    }
}
