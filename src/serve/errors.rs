//! Errors as each service sends them: the code and message of an AWS
//! error, the HTTP status botocore's service models give it, and the
//! protocol's own shape (an XML `ErrorResponse` for RDS and STS, a JSON
//! body with `x-amzn-ErrorType` / `__type` for RAM and KMS, and for
//! CloudWatch the query protocol's codes in a JSON body).

use axum::http::StatusCode;

use super::api_types::Service;

/// An error to answer with.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub status: StatusCode,
}

impl ApiError {
    /// An error the control plane returned, with its status.
    pub fn aws(code: &str, message: &str) -> ApiError {
        ApiError {
            code: code.to_string(),
            message: message.to_string(),
            status: status_of(code),
        }
    }

    /// A request the service could not read: each service's validation
    /// error.
    pub fn invalid(service: Service, message: impl Into<String>) -> ApiError {
        let code = match service {
            Service::Rds | Service::Sts | Service::Cloudwatch => "InvalidParameterValue",
            Service::Ram => "InvalidParameterException",
            Service::Kms => "ValidationException",
        };
        ApiError {
            code: code.into(),
            message: message.into(),
            status: StatusCode::BAD_REQUEST,
        }
    }

    /// A request refused for its HTTP envelope (its URL, headers, body
    /// size or method) with `status`: each service's validation error.
    pub fn refused(service: Service, status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            ..ApiError::invalid(service, message)
        }
    }

    /// A required parameter left out.
    pub fn missing(service: Service, name: &str) -> ApiError {
        let code = match service {
            Service::Rds | Service::Sts | Service::Cloudwatch => "MissingParameter",
            Service::Ram => "MissingRequiredParameterException",
            Service::Kms => "ValidationException",
        };
        ApiError {
            code: code.into(),
            message: format!("The request must contain the parameter {name}"),
            status: StatusCode::BAD_REQUEST,
        }
    }

    /// An operation the service does not have (or that cowsim does not
    /// answer), named.
    pub fn unknown_operation(service: Service, action: &str) -> ApiError {
        let (code, status) = match service {
            Service::Rds | Service::Sts | Service::Cloudwatch => {
                ("InvalidAction", StatusCode::BAD_REQUEST)
            }
            Service::Ram => ("UnknownOperationException", StatusCode::NOT_FOUND),
            Service::Kms => ("UnknownOperationException", StatusCode::BAD_REQUEST),
        };
        ApiError {
            code: code.into(),
            message: format!("The action {action} is not valid for this web service."),
            status,
        }
    }

    /// A KMS operation cowsim does not answer: the cryptographic ones
    /// (`Encrypt`, `Decrypt`, `GenerateDataKey`, `Sign`, ...) are out of
    /// its scope, which is key management; any other name is not KMS's.
    pub fn kms_unknown_operation(action: &str) -> ApiError {
        let message = if KMS_CRYPTO_OPERATIONS.contains(&action) {
            format!(
                "cowsim simulates KMS key management, not cryptography: {action} is not offered \
                 (docs/serve.md lists the KMS operations it answers)"
            )
        } else {
            format!("The action {action} is not valid for this web service.")
        };
        ApiError {
            message,
            ..ApiError::unknown_operation(Service::Kms, action)
        }
    }

    /// A request refused for who sent it, whatever it asked.
    pub fn access_denied(service: Service, message: impl Into<String>) -> ApiError {
        let code = match service {
            Service::Rds | Service::Sts | Service::Cloudwatch => "AccessDenied",
            Service::Ram | Service::Kms => "AccessDeniedException",
        };
        ApiError {
            code: code.into(),
            message: message.into(),
            status: StatusCode::FORBIDDEN,
        }
    }

    /// A request without a SigV4 signature.
    pub fn unsigned(service: Service) -> ApiError {
        let code = match service {
            Service::Rds | Service::Sts | Service::Cloudwatch => "MissingAuthenticationToken",
            Service::Ram | Service::Kms => "MissingAuthenticationTokenException",
        };
        ApiError {
            code: code.into(),
            message: "Request is missing Authentication Token".into(),
            status: StatusCode::FORBIDDEN,
        }
    }
}

/// KMS's cryptographic operations, which cowsim doesn't offer.
pub const KMS_CRYPTO_OPERATIONS: &[&str] = &[
    "Encrypt",
    "Decrypt",
    "ReEncrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateRandom",
    "GenerateMac",
    "VerifyMac",
    "Sign",
    "Verify",
    "GetPublicKey",
    "DeriveSharedSecret",
    "Encapsulate",
    "Decapsulate",
];

/// The HTTP status of an error code, as botocore's models give it.
fn status_of(code: &str) -> StatusCode {
    match code {
        "DBClusterNotFoundFault"
        | "DBClusterSnapshotNotFoundFault"
        | "DBInstanceNotFound"
        | "DBClusterParameterGroupNotFound"
        | "DBParameterGroupNotFound"
        | "DBSubnetGroupNotFoundFault" => StatusCode::NOT_FOUND,
        "DBClusterQuotaExceededFault" | "InvalidClientTokenId" => StatusCode::FORBIDDEN,
        "InternalServiceError" => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}
