//! Why a control route (docs/serve.md) refused or failed: a body it can't
//! read, a caller it doesn't admit, or a clock move the session could not
//! record. Each route answers with the message as `{"error": …}`.

use thiserror::Error;

use super::errors::ApiError;
use crate::scenario::Diagnostic;
use crate::time::DurationError;

/// A control route's body refused (400).
#[derive(Debug, Error)]
pub enum BodyError {
    #[error("not valid JSON: {0}")]
    NotJson(serde_json::Error),
    #[error("expected a JSON object")]
    NotObject,
    /// A body past the bounds of any request (`limits.rs`).
    #[error("{}", .0.message)]
    Bounds(ApiError),
    #[error("expected {{\"duration\": \"7d\"}} (s, m, h, d)")]
    NoDuration,
    #[error("the only key is \"duration\"")]
    NotOnlyDuration,
    #[error("\"duration\": {0}")]
    Duration(DurationError),
}

/// A caller a control route doesn't admit (403).
#[derive(Debug, Error)]
pub enum NotAdmitted {
    /// A browser's cross-site or rebound request (`trust.rs` says which).
    #[error("{0}")]
    Untrusted(String),
    #[error(
        "a control route needs the operator (an unsigned request from this machine) or a signed account"
    )]
    Anonymous,
    #[error("only the operator (an unsigned request from this machine) may use this route")]
    NotOperator,
}

/// A clock move the session could not make (500).
#[derive(Debug, Error)]
pub enum AdvanceError {
    /// The `advance` step refused (a session whose journal broke).
    #[error("{}", .0.message)]
    Refused(Diagnostic),
    /// The step could not be written to the state file.
    #[error(transparent)]
    Journal(#[from] std::io::Error),
}
