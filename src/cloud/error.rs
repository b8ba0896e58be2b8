//! The AWS-facing errors of the control plane, each with its exact AWS
//! error code (SPEC section 6). A failed call changes nothing.

use thiserror::Error;

/// An AWS API error: a code a script can match and a message a person can
/// read.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum AwsError {
    /// A cluster that doesn't exist, or exists but isn't shared with the
    /// caller: the two answers are the same by design (FACTS.md, "API").
    #[error("{}", not_found_message("DBCluster", .0))]
    DbClusterNotFound(String),
    #[error("{}", not_found_message("DBClusterSnapshot", .0))]
    DbClusterSnapshotNotFound(String),
    #[error("{}", not_found_message("DBInstance", .0))]
    DbInstanceNotFound(String),
    #[error("DB cluster {0} already exists")]
    DbClusterAlreadyExists(String),
    #[error("DB cluster snapshot {0} already exists")]
    DbClusterSnapshotAlreadyExists(String),
    #[error("DB instance {0} already exists")]
    DbInstanceAlreadyExists(String),
    #[error("{0}")]
    DbClusterQuotaExceeded(String),
    #[error("{0}")]
    InvalidDbClusterState(String),
    #[error("{0}")]
    InvalidDbClusterSnapshotState(String),
    #[error("{0}")]
    KmsKeyNotAccessible(String),
    #[error("{0}")]
    InvalidParameterCombination(String),
    /// RDS: a parameter value is not valid (malformed RDS ARN among them).
    #[error("{0}")]
    InvalidParameterValue(String),
    /// RAM: a parameter is not valid for the resource.
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{0}")]
    InvalidStateTransition(String),
    #[error("{0}")]
    OperationNotPermitted(String),
    /// RAM: a malformed ARN.
    #[error("{0}")]
    MalformedArn(String),
    /// RAM: a resource share that doesn't exist (or isn't the caller's).
    #[error("{}", not_found_message("ResourceShare", .0))]
    UnknownResource(String),
    #[error("resource share invitation {0} has already been accepted")]
    InvitationAlreadyAccepted(String),
    #[error("resource share invitation {0} has already been rejected")]
    InvitationAlreadyRejected(String),
    #[error("resource share invitation {0} has expired")]
    InvitationExpired(String),
    #[error("{}", not_found_message("ResourceShareInvitation", .0))]
    InvitationArnNotFound(String),
    /// KMS: a key or alias that doesn't exist or isn't the caller's.
    #[error("{}", not_found_message("Key", .0))]
    KmsNotFound(String),
    /// KMS: an alias already in use in the account.
    #[error("alias {0} already exists")]
    KmsAlreadyExists(String),
    /// KMS: a key policy that isn't a valid policy document.
    #[error("{0}")]
    MalformedPolicyDocument(String),
    /// A call from an account the control plane doesn't know.
    #[error("the security token of account {0} is not valid")]
    UnknownCaller(String),
}

/// The one message for "does not exist" and "not shared with you", so the
/// two can't drift apart.
fn not_found_message(kind: &str, name: &str) -> String {
    format!("{kind} {name} not found.")
}

impl AwsError {
    /// The AWS error code, exactly as the service returns it.
    pub fn code(&self) -> &'static str {
        match self {
            AwsError::DbClusterNotFound(_) => "DBClusterNotFoundFault",
            AwsError::DbClusterSnapshotNotFound(_) => "DBClusterSnapshotNotFoundFault",
            AwsError::DbInstanceNotFound(_) => "DBInstanceNotFound",
            AwsError::DbClusterAlreadyExists(_) => "DBClusterAlreadyExistsFault",
            AwsError::DbClusterSnapshotAlreadyExists(_) => "DBClusterSnapshotAlreadyExistsFault",
            AwsError::DbInstanceAlreadyExists(_) => "DBInstanceAlreadyExists",
            AwsError::DbClusterQuotaExceeded(_) => "DBClusterQuotaExceededFault",
            AwsError::InvalidDbClusterState(_) => "InvalidDBClusterStateFault",
            AwsError::InvalidDbClusterSnapshotState(_) => "InvalidDBClusterSnapshotStateFault",
            AwsError::KmsKeyNotAccessible(_) => "KMSKeyNotAccessibleFault",
            AwsError::InvalidParameterCombination(_) => "InvalidParameterCombination",
            AwsError::InvalidParameterValue(_) => "InvalidParameterValue",
            AwsError::InvalidParameter(_) => "InvalidParameterException",
            AwsError::InvalidStateTransition(_) => "InvalidStateTransitionException",
            AwsError::OperationNotPermitted(_) => "OperationNotPermittedException",
            AwsError::MalformedArn(_) => "MalformedArnException",
            AwsError::UnknownResource(_) => "UnknownResourceException",
            AwsError::InvitationAlreadyAccepted(_) => {
                "ResourceShareInvitationAlreadyAcceptedException"
            }
            AwsError::InvitationAlreadyRejected(_) => {
                "ResourceShareInvitationAlreadyRejectedException"
            }
            AwsError::InvitationExpired(_) => "ResourceShareInvitationExpiredException",
            AwsError::InvitationArnNotFound(_) => "ResourceShareInvitationArnNotFoundException",
            AwsError::KmsNotFound(_) => "NotFoundException",
            AwsError::KmsAlreadyExists(_) => "AlreadyExistsException",
            AwsError::MalformedPolicyDocument(_) => "MalformedPolicyDocumentException",
            AwsError::UnknownCaller(_) => "InvalidClientTokenId",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_unshared_read_the_same() {
        let arn = "arn:aws:rds:us-east-1:222222222222:cluster:prod";
        let e = AwsError::DbClusterNotFound(arn.into());
        assert_eq!(e.code(), "DBClusterNotFoundFault");
        assert_eq!(e.to_string(), format!("DBCluster {arn} not found."));
    }
}
