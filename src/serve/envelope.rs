//! Bounds on a request's HTTP envelope, before anything reads its body:
//! the length of its URL, the size and number of its headers, and the
//! methods each service takes. A request outside them is answered with
//! the error shape of the service it is addressed to (a control route's
//! JSON for the control routes), never a bare HTTP status, so an SDK shows
//! its caller a code and a message.
//!
//! hyper itself reads at most [`HEAD_BUFFER`] bytes of a request's head
//! and [`HEADERS_PARSED`] headers; a request beyond those, far beyond the
//! bounds here, is answered by hyper with a bare `431` and closed.

use axum::http::{HeaderMap, Method, StatusCode, Uri};

use super::api_types::{ApiOperation, Service};
use super::errors::ApiError;

/// The longest URL (path and query string) taken. The AWS CLI and the
/// SDKs send their parameters in the body; a query-protocol `GET` with a
/// long filter list is a few KiB.
pub const MAX_URL: usize = 8 * 1024;

/// The most header bytes (each name and value, and four bytes a line)
/// taken. A signed SDK request carries under 2 KiB.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// The most headers taken. A signed SDK request carries about a dozen.
pub const MAX_HEADERS: usize = 100;

/// The most bytes of a request's head hyper reads (its own limit).
pub const HEAD_BUFFER: usize = 256 * 1024;

/// The most headers hyper parses (its own limit).
pub const HEADERS_PARSED: usize = 512;

/// Refuses a URL or headers beyond the bounds, with `service`'s
/// validation code and the HTTP status of the bound broken.
pub fn check_size(service: Service, uri: &Uri, headers: &HeaderMap) -> Result<(), ApiError> {
    let url = uri.path_and_query().map_or(0, |p| p.as_str().len());
    if url > MAX_URL {
        return Err(ApiError::refused(
            service,
            StatusCode::URI_TOO_LONG,
            format!("the request's URL is {url} bytes: at most {MAX_URL} are taken"),
        ));
    }
    if headers.len() > MAX_HEADERS {
        return Err(ApiError::refused(
            service,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request carries {} headers: at most {MAX_HEADERS} are taken",
                headers.len()
            ),
        ));
    }
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if bytes > MAX_HEADER_BYTES {
        return Err(ApiError::refused(
            service,
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!(
                "the request's headers are {bytes} bytes: at most {MAX_HEADER_BYTES} are taken"
            ),
        ));
    }
    Ok(())
}

/// Refuses a method `service` does not take: the query protocol (RDS,
/// STS) takes `GET` and `POST`; KMS's JSON protocol `POST`; RAM's REST
/// routes `POST`, and `DELETE` for its `Delete…` operations (`op`, when
/// the path names one), as botocore's model of RAM gives them.
pub fn check_method(
    service: Service,
    method: &Method,
    op: Option<&ApiOperation>,
) -> Result<(), ApiError> {
    let taken: &[Method] = match service {
        Service::Rds | Service::Sts => &[Method::GET, Method::POST],
        Service::Kms | Service::Cloudwatch => &[Method::POST],
        Service::Ram => match op {
            Some(op) if op.action.starts_with("Delete") => &[Method::DELETE],
            _ => &[Method::POST],
        },
    };
    if taken.contains(method) {
        return Ok(());
    }
    let names: Vec<&str> = taken.iter().map(Method::as_str).collect();
    Err(ApiError::refused(
        service,
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "the method {method} is not taken here: {} takes {} only",
            service.signing_name().to_uppercase(),
            names.join(" and ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn each_bound_has_its_status_and_the_services_code() {
        let long: Uri = format!("/?Action=DescribeDBClusters&x={}", "a".repeat(MAX_URL))
            .parse()
            .unwrap();
        let e = check_size(Service::Rds, &long, &HeaderMap::new()).unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (StatusCode::URI_TOO_LONG, "InvalidParameterValue")
        );

        let mut headers = HeaderMap::new();
        headers.insert(
            "x-big",
            HeaderValue::from_str(&"b".repeat(MAX_HEADER_BYTES)).unwrap(),
        );
        let e = check_size(Service::Kms, &Uri::from_static("/"), &headers).unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "ValidationException"
            )
        );
        assert!(check_size(Service::Rds, &Uri::from_static("/"), &HeaderMap::new()).is_ok());
    }

    #[test]
    fn methods_follow_each_protocol() {
        assert!(check_method(Service::Rds, &Method::GET, None).is_ok());
        let e = check_method(Service::Rds, &Method::PUT, None).unwrap_err();
        assert_eq!(
            (e.status, e.code.as_str()),
            (StatusCode::METHOD_NOT_ALLOWED, "InvalidParameterValue")
        );
        assert!(e.message.contains("GET and POST"), "{}", e.message);
        assert!(check_method(Service::Kms, &Method::GET, None).is_err());
        assert!(check_method(Service::Ram, &Method::DELETE, None).is_err());
    }
}
