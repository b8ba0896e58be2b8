//! The JSON protocols: RAM's REST-JSON (an operation per path, members in
//! a JSON body, errors with `x-amzn-ErrorType`), KMS's JSON 1.1 (the
//! operation in `X-Amz-Target: TrentService.Name`, errors with `__type`)
//! and CloudWatch's JSON 1.0 (`X-Amz-Target:
//! GraniteServiceVersion20100801.Name`; errors with `__type` and, as the
//! service was a query-protocol one, the query code in
//! `x-amzn-query-error`, which botocore reports).

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::api_types::Service;
use super::errors::ApiError;
use super::limits;
use crate::shown::bounded_message;

/// A JSON body's members: an object, or nothing.
pub fn members(service: Service, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => limits::check(service, &m).map(|()| m),
        Ok(_) => Err(ApiError::invalid(
            service,
            "the request body is not a JSON object",
        )),
        Err(e) => Err(ApiError::invalid(
            service,
            format!("the request body is not valid JSON: {e}"),
        )),
    }
}

/// The KMS operation an `X-Amz-Target` names.
pub fn kms_target(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-amz-target")?
        .to_str()
        .ok()?
        .strip_prefix("TrentService.")
}

/// The CloudWatch operation an `X-Amz-Target` names.
pub fn cloudwatch_target(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("x-amz-target")?
        .to_str()
        .ok()?
        .strip_prefix(super::cloudwatch::TARGET_PREFIX)
}

/// A successful answer.
pub fn success(service: Service, value: &Value, request_id: &str) -> Response {
    let content = match service {
        Service::Kms => "application/x-amz-json-1.1",
        Service::Cloudwatch => "application/x-amz-json-1.0",
        _ => "application/json",
    };
    let mut response = (StatusCode::OK, value.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static(content));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", id);
    }
    response
}

/// An error, in the JSON protocols' shape.
pub fn error(service: Service, e: &ApiError, request_id: &str) -> Response {
    let kind = match service {
        Service::Cloudwatch => format!("com.amazonaws.cloudwatch#{}", cloudwatch_shape(&e.code)),
        _ => e.code.clone(),
    };
    let message = bounded_message(&e.message);
    let body = serde_json::json!({ "__type": kind, "message": message, "Message": message });
    let mut response = success(service, &body, request_id);
    *response.status_mut() = e.status;
    if service == Service::Cloudwatch {
        let fault = if e.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        };
        if let Ok(v) = HeaderValue::from_str(&format!("{};{fault}", e.code)) {
            response.headers_mut().insert("x-amzn-query-error", v);
        }
    }
    if let Ok(code) = HeaderValue::from_str(&e.code) {
        response.headers_mut().insert("x-amzn-errortype", code);
    }
    response
}

/// The name of the error shape of CloudWatch's model that carries a
/// query-protocol code.
fn cloudwatch_shape(code: &str) -> &str {
    match code {
        "InvalidParameterValue" => "InvalidParameterValueException",
        "MissingParameter" => "MissingRequiredParameterException",
        "InvalidParameterCombination" => "InvalidParameterCombinationException",
        "InternalServiceError" => "InternalServiceFault",
        other => other,
    }
}
