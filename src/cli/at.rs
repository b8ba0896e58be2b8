//! `--at`: the state of a run after a step or at a time, for `tree` and
//! `explain`.

use cowsim::engine::BillingPolicy;
use cowsim::scenario::{Options, Runner, Scenario, Stop};

use super::error::CliError;

/// Runs a scenario up to `--at` (a step or a time; the end without it),
/// for pictures of the state there.
pub fn run_until(
    scenario: &Scenario,
    at: Option<&str>,
    policy: Option<BillingPolicy>,
) -> Result<(cowsim::report::Report, cowsim::cloud::Cloud), CliError> {
    let stop = at.map(|a| stop_at(scenario, a)).transpose()?;
    let options = Options {
        stop,
        policy,
        ..Options::default()
    };
    Ok(Runner::new(scenario, options).run_with_cloud(|_| {}))
}

/// `--at`: a step index, or a time within the run.
fn stop_at(scenario: &Scenario, at: &str) -> Result<Stop, CliError> {
    if let Ok(step) = at.parse::<usize>() {
        return match scenario.steps.len() {
            n if step < n => Ok(Stop::AfterStep(step)),
            steps => Err(CliError::AtPastLastStep {
                at: at.to_string(),
                steps,
            }),
        };
    }
    let t = cowsim::time::SimTime::parse_rfc3339(at)
        .map_err(|_| CliError::AtNotStepOrTime { at: at.to_string() })?;
    if t < scenario.start {
        return Err(CliError::AtBeforeStart {
            at: at.to_string(),
            start: scenario.start,
        });
    }
    let end = Runner::new(scenario, Options::default()).run(|_| {}).clock;
    if t > end {
        return Err(CliError::AtPastEnd {
            at: at.to_string(),
            end,
        });
    }
    Ok(Stop::At(t))
}
