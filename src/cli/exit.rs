//! The exit status of a run or a forecast in which a step didn't go as
//! the scenario said (1); those of errors are
//! [`super::error::CliError::exit_code`]'s.

use std::process::ExitCode;

use cowsim::forecast::Forecast;

/// An `expect` step of the run failed.
pub fn expectation_failed() -> ExitCode {
    ExitCode::from(1)
}

/// A forecast exits as a run would: 1 when any of its runs had a
/// surprise, so a script can't mistake a forecast whose expectations
/// failed for one whose expectations held.
pub fn forecast(f: &Forecast) -> ExitCode {
    if f.runs_with_surprises == 0 {
        ExitCode::SUCCESS
    } else {
        expectation_failed()
    }
}
