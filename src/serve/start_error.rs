//! Why `cowsim serve` could not start: a scenario or state file it can't
//! use, a runtime or address it can't have. Each message names the file
//! (and line) or the address.

use std::net::SocketAddr;

use thiserror::Error;

use crate::scenario::Diagnostic;

/// A start refused, before any call is answered.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StartError {
    /// The scenario (or the state file's) that the scenario parser
    /// refused, or one of the state file's calls it refused on replay.
    #[error("{}", without_prefix(.0))]
    Scenario(Diagnostic),
    /// A record of the state file whose closing line doesn't match its
    /// text, or is out of sequence: `file`, the record's first and last
    /// lines and its number.
    #[error(
        "{file}:{first}: record {record} (lines {first} to {last}) is damaged: \
         its closing line does not match its text. The records before it are whole; \
         cut the file before line {first} to start from them, or move it away to \
         start afresh"
    )]
    Damaged {
        file: String,
        record: u64,
        first: usize,
        last: usize,
    },
    /// A state file without any record closing line.
    #[error(
        "{file}: not a state file cowsim can start from: it has no record closing lines \
         (`# record N crc32 …`); a file written by an older cowsim can still be run with \
         `cowsim run`"
    )]
    NotAStateFile { file: String },
    /// The state file could not be opened, written or cut, or its
    /// flusher started.
    #[error("{file}: {source}")]
    StateFile {
        file: String,
        source: std::io::Error,
    },
    /// The state file could not be read (not UTF-8, among others).
    #[error("{file}: not a state file cowsim can read: {source}")]
    Unreadable {
        file: String,
        source: std::io::Error,
    },
    /// The async runtime could not be built.
    #[error("{0}")]
    Runtime(std::io::Error),
    /// The address could not be listened on.
    #[error("can't listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    /// The address listened on could not be told.
    #[error("{0}")]
    Address(std::io::Error),
}

/// A diagnostic's text without the `error: ` it starts with: whoever shows
/// a start-up error writes that prefix once, for every error alike.
fn without_prefix(d: &Diagnostic) -> String {
    let text = d.to_string();
    match text.strip_prefix("error: ") {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
