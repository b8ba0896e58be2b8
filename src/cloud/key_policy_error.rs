//! Why a key policy document was refused: which statement, and which part
//! of it, is malformed. KMS answers with `MalformedPolicyDocumentException`
//! and this text.

use thiserror::Error;

use super::arn::ArnError;
use crate::shown::shown;

/// A policy text that is not a key policy.
#[derive(Debug, Error)]
pub enum PolicyError {
    /// Not JSON of a policy document's shape.
    #[error("the policy is not a policy document: {0}")]
    NotADocument(serde_json::Error),
    /// A document without `Statement`.
    #[error("the policy must have a `Statement` list")]
    NoStatements,
    /// A malformed statement, counted from 0.
    #[error("Statement[{index}]: {source}")]
    Statement {
        index: usize,
        source: StatementError,
    },
}

/// The malformed part of one statement.
#[derive(Debug, Error)]
pub enum StatementError {
    #[error("`Effect` must be \"Allow\" or \"Deny\"")]
    Effect,
    #[error("`Principal` must be \"*\" or an object such as {{\"AWS\": [...]}}")]
    Principal,
    #[error(transparent)]
    PrincipalAccount(#[from] PrincipalError),
    #[error("`Action` must be a string or a list of strings")]
    Action,
}

/// A principal that names no account: neither an account id nor the ARN
/// of an account's root, a user or a role.
#[derive(Debug, Error)]
pub enum PrincipalError {
    #[error(transparent)]
    Arn(#[from] ArnError),
    #[error("`{}` is not an account, root, user or role principal", shown(.0))]
    NotAnAccount(String),
}
