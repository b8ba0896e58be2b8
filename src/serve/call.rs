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
use crate::cloud::ops::extras::AwsOnly;
use crate::cloud::ops::{AwsOp, Request, read_request};
use crate::report::StepResult;
use crate::scenario::steps::Action;

/// Runs `op` with `members` as `caller`; the response's JSON tree, as
/// AWS sends it (without the simulator's extras).
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
        Some(StepResult::Aws(response)) => serde_json::to_value(AwsOnly(&response))
            .map_err(|e| internal(op.service, &e.to_string())),
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use crate::cloud::ops::extras::AwsOnly;
    use crate::report::StepResult;
    use crate::scenario::{Options, Runner, Scenario};

    /// Every key of `value`, at any depth.
    fn keys(value: &Value, into: &mut BTreeSet<String>) {
        match value {
            Value::Object(fields) => {
                for (k, v) in fields {
                    into.insert(k.clone());
                    keys(v, into);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| keys(v, into)),
            _ => {}
        }
    }

    /// The keys of the simulator's extras (`extras.rs`).
    const EXTRAS: [&str; 3] = ["available_at", "restore_type_applied", "invitations"];

    /// Every answer of every bundled scenario, as the wire writes it,
    /// holds AWS's keys only (AWS spells none with `_`), while the report
    /// keeps the simulator's extras beside them.
    #[test]
    fn no_wire_answer_carries_an_extra() {
        let mut reported = BTreeSet::new();
        let mut answers = 0;
        for entry in std::fs::read_dir("scenarios").expect("scenarios/") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let scenario = Scenario::parse("s.toml", &text).expect("a bundled scenario");
            let report = Runner::new(&scenario, Options::default()).run(|_| {});
            for record in &report.steps {
                let Some(StepResult::Aws(response)) = &record.result else {
                    continue;
                };
                let mut wire = BTreeSet::new();
                keys(&serde_json::to_value(AwsOnly(response)).unwrap(), &mut wire);
                let extra: Vec<_> = wire
                    .iter()
                    .filter(|k| k.contains('_') || EXTRAS.contains(&k.as_str()))
                    .collect();
                assert!(extra.is_empty(), "{}: {extra:?}", path.display());
                keys(&serde_json::to_value(response).unwrap(), &mut reported);
                answers += 1;
            }
        }
        assert!(answers > 100, "{answers} answers");
        for kept in EXTRAS {
            assert!(reported.contains(kept), "the report keeps `{kept}`");
        }
    }
}
