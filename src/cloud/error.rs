//! The AWS-facing errors of the control plane, each with its exact AWS
//! error code (docs/aws-behaviour.md). A failed call changes nothing.

use thiserror::Error;

use crate::shown::shown;

/// An AWS API error: a code a script can match and a message a person can
/// read.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum AwsError {
    /// A cluster that doesn't exist, or exists but isn't shared with the
    /// caller: the two answers are the same by design
    /// (docs/aws-behaviour.md).
    #[error("{}", not_found_message("DBCluster", .0))]
    DbClusterNotFound(String),
    #[error("{}", not_found_message("DBClusterSnapshot", .0))]
    DbClusterSnapshotNotFound(String),
    #[error("{}", not_found_message("DBInstance", .0))]
    DbInstanceNotFound(String),
    #[error("DB cluster {} already exists", shown(.0))]
    DbClusterAlreadyExists(String),
    #[error("DB cluster snapshot {} already exists", shown(.0))]
    DbClusterSnapshotAlreadyExists(String),
    #[error("DB instance {} already exists", shown(.0))]
    DbInstanceAlreadyExists(String),
    #[error("{0}")]
    DbClusterQuotaExceeded(String),
    #[error("{0}")]
    InvalidDbClusterState(String),
    #[error("{0}")]
    InvalidDbClusterSnapshotState(String),
    #[error("{0}")]
    InvalidDbInstanceState(String),
    #[error("{0}")]
    KmsKeyNotAccessible(String),
    #[error("{0}")]
    InvalidParameterCombination(String),
    /// RDS: a point-in-time restore to a time outside the source's
    /// restorable window.
    #[error("{0}")]
    InvalidRestore(String),
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
    #[error("resource share invitation {} has already been accepted", shown(.0))]
    InvitationAlreadyAccepted(String),
    #[error("resource share invitation {} has already been rejected", shown(.0))]
    InvitationAlreadyRejected(String),
    #[error("resource share invitation {} has expired", shown(.0))]
    InvitationExpired(String),
    #[error("{}", not_found_message("ResourceShareInvitation", .0))]
    InvitationArnNotFound(String),
    /// KMS: a key or alias that doesn't exist or isn't the caller's.
    #[error("{}", not_found_message("Key", .0))]
    KmsNotFound(String),
    /// KMS: an alias already in use in the account.
    #[error("alias {} already exists", shown(.0))]
    KmsAlreadyExists(String),
    /// KMS: a key policy that isn't a valid policy document.
    #[error("{0}")]
    MalformedPolicyDocument(String),
    /// KMS: the key's state doesn't allow the call (a key pending
    /// deletion is neither enabled nor disabled).
    #[error("{0}")]
    KmsInvalidState(String),
    /// KMS: the key is disabled.
    #[error("{0}")]
    KmsDisabled(String),
    /// KMS: a tag that isn't valid (an `aws:` key, a key or value too
    /// long).
    #[error("{0}")]
    KmsTag(String),
    /// KMS: a quota exceeded (tags per key).
    #[error("{0}")]
    KmsLimitExceeded(String),
    /// KMS: a `Marker` that no listing of this call gave.
    #[error("{0}")]
    KmsInvalidMarker(String),
    /// KMS: a grant id the key doesn't have.
    #[error("{0}")]
    KmsInvalidGrantId(String),
    /// KMS: a grant token not of KMS's making.
    #[error("{0}")]
    KmsInvalidGrantToken(String),
    /// KMS: a value out of the service's range (`PendingWindowInDays`,
    /// `Limit`).
    #[error("{0}")]
    KmsValidation(String),
    /// RAM: more tags than a share may have.
    #[error("{0}")]
    TagLimitExceeded(String),
    /// RAM: a `nextToken` that no listing of this call gave.
    #[error("{0}")]
    InvalidNextToken(String),
    /// A call from an account the control plane doesn't know.
    #[error("the security token of account {} is not valid", shown(.0))]
    UnknownCaller(String),
    /// A DB cluster parameter group a cluster names that the caller
    /// doesn't have.
    #[error("{}", not_found_message("DBClusterParameterGroup", .0))]
    DbClusterParameterGroupNotFound(String),
    /// A parameter group (of either level) a call on groups, or an
    /// instance, names that the caller doesn't have.
    #[error("{}", not_found_message("DBParameterGroup", .0))]
    DbParameterGroupNotFound(String),
    #[error("Parameter group {} already exists", shown(.0))]
    DbParameterGroupAlreadyExists(String),
    #[error("{0}")]
    DbParameterGroupQuotaExceeded(String),
    /// A default group changed or deleted, or a group in use deleted.
    #[error("{0}")]
    InvalidDbParameterGroupState(String),
    #[error("{}", not_found_message("DBSubnetGroup", .0))]
    DbSubnetGroupNotFound(String),
    #[error("DB subnet group {} already exists", shown(.0))]
    DbSubnetGroupAlreadyExists(String),
    #[error("{0}")]
    DbSubnetGroupQuotaExceeded(String),
    #[error("{0}")]
    DbSubnetQuotaExceeded(String),
    /// A DB subnet group in use deleted.
    #[error("{0}")]
    InvalidDbSubnetGroupState(String),
    /// Simulator: an update (a `write` without `mode = "append"`) names
    /// pages past the cluster's end. AWS has no such call; the code is the
    /// simulator's own.
    #[error("{0}")]
    WriteBeyondEnd(String),
}

/// Declares each variant's code once: [`AwsError::code`] matches every
/// variant (so a new one without a code doesn't compile), and
/// [`AwsError::CODES`], the list a scenario's `expect-error` is checked
/// against, comes from the same lines.
macro_rules! codes {
    ($($variant:ident => $code:literal,)*) => {
        impl AwsError {
            /// The AWS error code, exactly as the service returns it.
            pub fn code(&self) -> &'static str {
                match self {
                    $(AwsError::$variant(_) => $code,)*
                }
            }

            /// Every code an operation can return.
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }
    };
}

codes! {
    DbClusterNotFound => "DBClusterNotFoundFault",
    DbClusterSnapshotNotFound => "DBClusterSnapshotNotFoundFault",
    DbInstanceNotFound => "DBInstanceNotFound",
    DbClusterAlreadyExists => "DBClusterAlreadyExistsFault",
    DbClusterSnapshotAlreadyExists => "DBClusterSnapshotAlreadyExistsFault",
    DbInstanceAlreadyExists => "DBInstanceAlreadyExists",
    DbClusterQuotaExceeded => "DBClusterQuotaExceededFault",
    InvalidDbClusterState => "InvalidDBClusterStateFault",
    InvalidDbClusterSnapshotState => "InvalidDBClusterSnapshotStateFault",
    InvalidDbInstanceState => "InvalidDBInstanceState",
    KmsKeyNotAccessible => "KMSKeyNotAccessibleFault",
    InvalidParameterCombination => "InvalidParameterCombination",
    InvalidRestore => "InvalidRestoreFault",
    InvalidParameterValue => "InvalidParameterValue",
    InvalidParameter => "InvalidParameterException",
    InvalidStateTransition => "InvalidStateTransitionException",
    OperationNotPermitted => "OperationNotPermittedException",
    MalformedArn => "MalformedArnException",
    UnknownResource => "UnknownResourceException",
    InvitationAlreadyAccepted => "ResourceShareInvitationAlreadyAcceptedException",
    InvitationAlreadyRejected => "ResourceShareInvitationAlreadyRejectedException",
    InvitationExpired => "ResourceShareInvitationExpiredException",
    InvitationArnNotFound => "ResourceShareInvitationArnNotFoundException",
    KmsNotFound => "NotFoundException",
    KmsAlreadyExists => "AlreadyExistsException",
    MalformedPolicyDocument => "MalformedPolicyDocumentException",
    KmsInvalidState => "KMSInvalidStateException",
    KmsDisabled => "DisabledException",
    KmsTag => "TagException",
    KmsLimitExceeded => "LimitExceededException",
    KmsInvalidMarker => "InvalidMarkerException",
    KmsInvalidGrantId => "InvalidGrantIdException",
    KmsInvalidGrantToken => "InvalidGrantTokenException",
    KmsValidation => "ValidationException",
    TagLimitExceeded => "TagLimitExceededException",
    InvalidNextToken => "InvalidNextTokenException",
    UnknownCaller => "InvalidClientTokenId",
    DbClusterParameterGroupNotFound => "DBClusterParameterGroupNotFound",
    DbParameterGroupNotFound => "DBParameterGroupNotFound",
    DbParameterGroupAlreadyExists => "DBParameterGroupAlreadyExists",
    DbParameterGroupQuotaExceeded => "DBParameterGroupQuotaExceeded",
    InvalidDbParameterGroupState => "InvalidDBParameterGroupState",
    DbSubnetGroupNotFound => "DBSubnetGroupNotFoundFault",
    DbSubnetGroupAlreadyExists => "DBSubnetGroupAlreadyExists",
    DbSubnetGroupQuotaExceeded => "DBSubnetGroupQuotaExceeded",
    DbSubnetQuotaExceeded => "DBSubnetQuotaExceededFault",
    InvalidDbSubnetGroupState => "InvalidDBSubnetGroupStateFault",
    WriteBeyondEnd => "WriteBeyondEnd",
}

/// The one message for "does not exist" and "not shared with you", so the
/// two can't drift apart.
fn not_found_message(kind: &str, name: &str) -> String {
    format!("{kind} {} not found.", shown(name))
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

    #[test]
    fn every_code_is_listed_once() {
        let mut codes = AwsError::CODES.to_vec();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AwsError::CODES.len());
        assert!(AwsError::CODES.contains(&AwsError::WriteBeyondEnd(String::new()).code()));
    }
}
