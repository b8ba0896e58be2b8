//! `--at`: the state of a run after a step or at a time, for `tree` and
//! `explain`.

use std::process::ExitCode;

use cowsim::engine::BillingPolicy;
use cowsim::scenario::{Options, Runner, Scenario, Stop};

use super::exit;

/// Runs a scenario up to `--at` (a step or a time; the end without it),
/// for pictures of the state there; exit status 2 if `--at` is refused.
pub fn run_until(
    scenario: &Scenario,
    at: Option<&str>,
    policy: Option<BillingPolicy>,
) -> Result<(cowsim::report::Report, cowsim::cloud::Cloud), ExitCode> {
    let stop = match at.map(|a| stop_at(scenario, a)).transpose() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("error: --at {}: {e}", at.unwrap_or_default());
            return Err(exit::refused());
        }
    };
    let options = Options {
        stop,
        policy,
        ..Options::default()
    };
    Ok(Runner::new(scenario, options).run_with_cloud(|_| {}))
}

/// `--at`: a step index, or a time within the run.
fn stop_at(scenario: &Scenario, at: &str) -> Result<Stop, String> {
    if let Ok(step) = at.parse::<usize>() {
        return match scenario.steps.len() {
            n if step < n => Ok(Stop::AfterStep(step)),
            n => Err(format!(
                "past the end: the scenario has {n} steps, 0 to {}",
                n.saturating_sub(1)
            )),
        };
    }
    let t = cowsim::time::SimTime::parse_rfc3339(at)
        .map_err(|_| "expected a step number or a time such as 2026-01-01T06:00:00Z".to_string())?;
    if t < scenario.start {
        return Err(format!("before the start of the run, {}", scenario.start));
    }
    let end = Runner::new(scenario, Options::default()).run(|_| {}).clock;
    if t > end {
        return Err(format!("past the end of the run, {end}"));
    }
    Ok(Stop::At(t))
}
