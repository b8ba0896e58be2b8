//! The exit statuses besides success: 1 when an expectation failed, 2 when
//! the input was refused (a file that can't be read or written, an
//! argument the scenario doesn't have).

use std::process::ExitCode;

/// An `expect` step of the run failed.
pub fn expectation_failed() -> ExitCode {
    ExitCode::from(1)
}

/// The input was refused; what was wrong has been said on stderr.
pub fn refused() -> ExitCode {
    ExitCode::from(2)
}
