//! Running a scenario as the tests of figures run it: with the engine
//! checked against its reference model, and every step as the scenario
//! said.

use cowsim::report::Report;
use cowsim::scenario::{Options, Runner, Scenario};

/// The report of `scenario`, run with `verify`; fails the test, listing
/// the surprises, unless every step went as the scenario said.
pub fn run_as_said(scenario: &Scenario) -> Report {
    let report = Runner::new(
        scenario,
        Options {
            verify: true,
            ..Options::default()
        },
    )
    .run(|_| {});
    assert!(
        report.ok,
        "{:#?}",
        report
            .steps
            .iter()
            .filter_map(|s| s.surprise.clone())
            .collect::<Vec<_>>()
    );
    report
}
