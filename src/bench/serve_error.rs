//! Why `cowsim bench serve` could not measure: a server that would not
//! start, a call that failed or answered with a status it shouldn't, or a
//! histogram that could not count.

use hdrhistogram::{AdditionError, CreationError, RecordError};
use thiserror::Error;

/// A serve benchmark stopped before its figures.
#[derive(Debug, Error)]
pub enum ServeBenchError {
    /// The path of this build's binary, to start as the server.
    #[error("{0}")]
    Exe(std::io::Error),
    #[error("can't start cowsim serve: {0}")]
    Spawn(std::io::Error),
    /// A server that exited or printed no address (its first line).
    #[error("cowsim serve did not start: {0:?}")]
    NotStarted(String),
    /// A call that got no answer, or an answer not read to its end.
    #[error("{0}")]
    Http(#[from] ureq::Error),
    #[error("{path}: status {status}")]
    Control { path: String, status: u16 },
    /// A timed call answered with neither success nor a refusal.
    #[error("status {0}")]
    Status(u16),
    #[error("restore {index} in {account}: status {status}")]
    Restore {
        index: u64,
        account: String,
        status: u16,
    },
    #[error("a client thread failed")]
    ClientThread,
    #[error("{0}")]
    Histogram(#[from] CreationError),
    #[error("{0}")]
    Record(#[from] RecordError),
    #[error("{0}")]
    Add(#[from] AdditionError),
}
