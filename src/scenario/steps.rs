//! The operations a scenario step can name (README, "Scenario files"):
//! the AWS operations of the registry (`crate::cloud::ops`), read as typed
//! requests (`requests.rs`), and the simulator's own `write`, `workload`,
//! `advance` and `expect`. Everything a step says is checked here, before
//! anything runs.

use super::diag::{Diagnostic, closest};
use super::expect::Expectation;
use super::fields::{Accounts, At, Fields, check_ref};
use super::requests::StepReader;
use super::writes::{WorkloadSpec, WriteSpec, workload, write_spec};
use crate::cloud::AccountId;
pub use crate::cloud::ops::sim::SimOp;
use crate::cloud::ops::{OPERATIONS, OpName, Param, Request, read_request};
use crate::time::{Seconds, parse_duration};

/// Keys every step may carry.
pub const COMMON: &[&str] = &["op", "account", "expect-error", "note"];

impl SimOp {
    /// The parameters it takes (an `expect` takes report fields, checked
    /// by `Expectation::parse`).
    pub fn params(self) -> &'static [&'static str] {
        match self {
            SimOp::Write => &[
                "db-cluster-identifier",
                "page-ranges",
                "pages",
                "gib",
                "mode",
                "distribution",
                "start-page",
            ],
            SimOp::Workload => &[
                "db-cluster-identifier",
                "rate",
                "mode",
                "distribution",
                "until",
                "every",
            ],
            SimOp::Advance => &["duration"],
            SimOp::Expect => &[],
        }
    }
}

/// Every op a step may name: the AWS operations, then the simulator's.
pub fn op_names() -> impl Iterator<Item = &'static str> {
    OPERATIONS
        .iter()
        .map(|(name, _)| *name)
        .chain(SimOp::ALL.iter().map(|s| s.name()))
}

impl Action {
    /// The operation the step runs.
    pub fn op(&self) -> OpName {
        match self {
            Action::Aws(request) => OpName::Aws(request.op()),
            Action::Write { .. } => OpName::Sim(SimOp::Write),
            Action::Workload(_) => OpName::Sim(SimOp::Workload),
            Action::Advance(_) => OpName::Sim(SimOp::Advance),
            Action::Expect(_) => OpName::Sim(SimOp::Expect),
        }
    }
}

/// One step, checked and typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub index: usize,
    pub line: usize,
    pub op: OpName,
    pub account: AccountId,
    pub expect_error: Option<String>,
    pub note: Option<String>,
    pub action: Action,
}

/// What a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// An AWS call.
    Aws(Request),
    Write {
        cluster: String,
        spec: WriteSpec,
    },
    Workload(WorkloadSpec),
    Advance(Seconds),
    Expect(Expectation),
}

/// Parses a step's parameters into an action, given its op.
pub fn parse_action(
    op: &At<String>,
    f: &mut Fields<'_, '_>,
    accounts: &dyn Accounts,
    expects_error: bool,
) -> Result<Action, Diagnostic> {
    let mut reader = StepReader {
        fields: f,
        accounts,
        expects_error,
    };
    let check = |r: &mut StepReader<'_, '_, '_>, params: &[Param]| {
        let allowed: Vec<&str> = params
            .iter()
            .map(|p| p.step)
            .chain(COMMON.iter().copied())
            .collect();
        r.fields.finish(&allowed)
    };
    let sim = match op.0.parse::<OpName>() {
        Ok(OpName::Aws(aws)) => return read_request(aws, &mut reader, check).map(Action::Aws),
        Ok(OpName::Sim(sim)) => sim,
        Err(_) => {
            let d = f.error(op.1.clone(), format!("unknown op `{}`", op.0));
            return Err(match closest(&op.0, op_names()) {
                Some(c) => d.help(format!("did you mean `{c}`?")),
                None => d.help("see the README for the list of ops"),
            });
        }
    };
    if sim != SimOp::Expect {
        let allowed: Vec<&str> = sim.params().iter().chain(COMMON).copied().collect();
        f.finish(&allowed)?;
    }
    let cluster_ref = |f: &mut Fields<'_, '_>| -> Result<String, Diagnostic> {
        let (v, span) = f.required_string("db-cluster-identifier")?;
        check_ref(f, &v, span, "rds", "cluster", expects_error)?;
        Ok(v)
    };
    Ok(match sim {
        SimOp::Write => Action::Write {
            cluster: cluster_ref(f)?,
            spec: write_spec(f)?,
        },
        SimOp::Workload => {
            let cluster = cluster_ref(f)?;
            Action::Workload(workload(f, cluster)?)
        }
        SimOp::Advance => {
            let (v, span) = f.required_string("duration")?;
            let d = parse_duration(&v).map_err(|e| f.error(span, format!("`duration`: {e}")))?;
            Action::Advance(d)
        }
        SimOp::Expect => Action::Expect(Expectation::parse(f, accounts, expects_error)?),
    })
}
