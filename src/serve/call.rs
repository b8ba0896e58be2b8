//! One AWS call, from the wire to the session and back: a request's
//! members (named as the API names them, in a JSON tree whatever the
//! protocol) are read into the operation's typed request
//! (`wire_reader.rs`), the session runs it as a step, and its typed
//! response becomes the JSON tree each protocol renders. A call refused
//! as it is read changes nothing: the session counts it, and journals
//! nothing of it.

use serde_json::{Map, Value};

use super::api_types::{ApiOperation, Service};
use super::errors::ApiError;
use super::identity::Caller;
use super::session::Session;
use super::wire_reader::{WireReader, api_names};
use crate::cloud::AccountId;
use crate::cloud::ops::{AwsOp, Request, read_request};
use crate::report::StepResult;
use crate::scenario::steps::Action;

/// Runs `op` with `members` as `caller`; the response's JSON tree, with
/// the simulator's own keys (snake_case) left out.
pub fn answer(
    session: &mut Session,
    op: &'static ApiOperation,
    caller: Caller,
    members: Map<String, Value>,
) -> Result<Value, ApiError> {
    let read = if caller.signed {
        read(op, members)
    } else {
        Err(ApiError::unsigned(op.service))
    };
    let (request, accounts) = match read {
        Ok(read) => read,
        Err(e) => {
            session.count_refused();
            return Err(e);
        }
    };
    let record = session
        .call_after_waiting(caller.account, Action::Aws(request), &accounts)
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

/// The typed request `members` make for `op`, and the account ids it
/// names (which exist from then on); or the service's refusal.
fn read(
    op: &'static ApiOperation,
    members: Map<String, Value>,
) -> Result<(Request, Vec<AccountId>), ApiError> {
    let Some(aws) = op.aws_op() else {
        return Err(ApiError {
            message: format!(
                "cowsim serve does not answer {} yet (README, \"Use it from the AWS CLI or boto3\")",
                op.action
            ),
            ..ApiError::unknown_operation(op.service, op.action)
        });
    };
    let mut reader = WireReader::new(op, members)?;
    let request = read_request(aws, &mut reader, |_, _| Ok(()))?;
    Ok((request, reader.accounts))
}

/// Whether `op` is the operation `aws`.
pub fn is(op: &ApiOperation, aws: AwsOp) -> bool {
    op.aws_op() == Some(aws)
}

fn internal(service: Service, message: &str) -> ApiError {
    ApiError {
        code: match service {
            Service::Rds | Service::Sts => "InternalFailure",
            Service::Cloudwatch => "InternalServiceError",
            Service::Ram | Service::Kms => "ServerInternalException",
        }
        .into(),
        message: message.into(),
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
    }
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
