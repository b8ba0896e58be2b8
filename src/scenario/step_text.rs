//! A typed step written back as scenario text: how a session's journal
//! records the calls it ran, so that the journal is a scenario `cowsim
//! run` reads, and a record is a TOML table that can't hold a key twice.
//! An AWS request writes its declared parameters (`write_request`); the
//! simulator's own steps write theirs here. What is written reads back as
//! the same action (the tests below hold every bundled scenario to it).

use super::step_values::StepWriter;
use super::steps::Action;
use super::writes::{Amount, Until, WorkloadSpec, WriteSpec};
use crate::cloud::AccountId;
use crate::cloud::ops::{OpName, write_request};
use crate::time::Seconds;
use crate::workload::Rate;

/// A step's lines: `op`, `account`, the error it expects, then its
/// parameters (`params`, as [`params`] wrote them).
pub fn step_lines(
    op: OpName,
    account: AccountId,
    expect_error: Option<&str>,
    params: &str,
) -> String {
    let mut lines = line("op", &op.name().into()) + &line("account", &account.to_string().into());
    if let Some(code) = expect_error {
        lines.push_str(&line("expect-error", &code.into()));
    }
    lines + params
}

/// An action's parameters, one `key = value` line each; `None` for an
/// expectation, which a session never runs (its checks are the scenario
/// author's, and are not written back).
pub fn params(action: &Action) -> Option<String> {
    let mut w = StepWriter::default();
    let t = &mut w.table;
    match action {
        Action::Aws(request) => write_request(request, &mut w),
        Action::Write { cluster, spec } => {
            t.insert("db-cluster-identifier".into(), cluster.as_str().into());
            write_spec(t, spec);
        }
        Action::Workload(spec) => workload(t, spec),
        Action::Advance(seconds) => {
            t.insert("duration".into(), duration(*seconds));
        }
        Action::Expect(_) => return None,
    }
    Some(w.table.iter().map(|(k, v)| line(k, v)).collect())
}

/// `key = value`, the value inline (an array of tables stays in its line).
fn line(key: &str, value: &toml::Value) -> String {
    format!("{key} = {value}\n")
}

fn duration(seconds: Seconds) -> toml::Value {
    format!("{seconds}s").into()
}

fn count(n: u64) -> toml::Value {
    toml::Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn write_spec(t: &mut toml::Table, spec: &WriteSpec) {
    match spec {
        WriteSpec::Exact { pages, mode } => {
            let ranges = pages
                .ranges()
                .iter()
                .map(|r| toml::Value::Array(vec![count(r.start), count(r.end)]))
                .collect();
            t.insert("page-ranges".into(), toml::Value::Array(ranges));
            t.insert("mode".into(), mode.name().into());
        }
        WriteSpec::Drawn {
            amount,
            mode,
            distribution,
            start_page,
        } => {
            match amount {
                Amount::Pages(p) => t.insert("pages".into(), count(*p)),
                Amount::Gib(g) => t.insert("gib".into(), toml::Value::Float(*g)),
            };
            t.insert("mode".into(), mode.name().into());
            t.insert("distribution".into(), distribution.to_string().into());
            t.insert("start-page".into(), count(*start_page));
        }
    }
}

fn workload(t: &mut toml::Table, spec: &WorkloadSpec) {
    t.insert("db-cluster-identifier".into(), spec.cluster.as_str().into());
    t.insert("rate".into(), rate(spec.rate).into());
    t.insert("mode".into(), spec.mode.name().into());
    t.insert("distribution".into(), spec.distribution.to_string().into());
    match spec.until {
        Until::Forever => {}
        Until::At(at) => {
            t.insert("until".into(), at.to_string().into());
        }
        Until::After(d) => {
            t.insert("until".into(), duration(d));
        }
    }
    t.insert("every".into(), duration(spec.every));
}

/// A rate as text that parses back to the same rate: bytes as KiB (a
/// power of two, so the division is exact), pages as pages, per second.
fn rate(rate: Rate) -> String {
    match rate {
        Rate::BytesPerSecond(b) => format!("{}KiB/s", b / 1024.0),
        Rate::PagesPerSecond(p) => format!("{p} pages/s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    /// Every step of every bundled scenario, written back, reads as the
    /// same action.
    #[test]
    fn bundled_steps_read_back_as_themselves() {
        let mut checked = 0;
        for entry in std::fs::read_dir("scenarios").expect("scenarios/") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let Ok(scenario) = Scenario::parse("s.toml", &text) else {
                continue;
            };
            for step in &scenario.steps {
                let Some(params) = params(&step.action) else {
                    continue;
                };
                let lines =
                    step_lines(step.op, step.account, step.expect_error.as_deref(), &params);
                let again = Scenario::parse_step("s.toml", &lines, &scenario.accounts, step.index)
                    .unwrap_or_else(|d| panic!("{}: {lines}\n{d}", path.display()));
                assert_eq!(again.action, step.action, "{}: {lines}", path.display());
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} steps checked");
    }
}
