//! The exit status of a run whose expectation failed (1); those of errors
//! are [`super::error::CliError::exit_code`]'s.

use std::process::ExitCode;

/// An `expect` step of the run failed.
pub fn expectation_failed() -> ExitCode {
    ExitCode::from(1)
}
