//! A bound on the random page draws a scenario's workloads make in all.
//!
//! Each `workload` rate and each `advance` is bounded on its own, but
//! their product is not: 10 million pages an hour for a century of
//! `advance` is 8.8 × 10¹² draws, days of work. The cost of a run follows
//! the pages its workloads draw at random (appends and sequential updates
//! are ranges, and cost next to nothing), so that is what is bounded, as
//! the file is read: the step whose workload would pass the bound is
//! refused, and says what it would draw.

use super::steps::Action;
use super::steps::Step;
use super::writes::{Until, WorkloadSpec, WriteMode};
use crate::engine::PageSize;
use crate::time::{HOUR, SimTime};
use crate::workload::Distribution;

/// Random page draws all workloads of one run may make together: about
/// 30 s of writing at the engine's pace (some 35 million draws a second),
/// and eight times a year of a GiB a day on five clusters.
pub const MAX_WORKLOAD_DRAWS: f64 = 1.0e9;

/// A workload that would pass the bound.
#[derive(Clone, Debug, PartialEq)]
pub struct OverBudget {
    /// The index of its step.
    pub step: usize,
    /// The draws of every workload together, to the end of the run.
    pub draws: f64,
}

impl OverBudget {
    /// What to say about it.
    pub fn message(&self) -> String {
        format!(
            "step {} (workload): the workloads would draw about {:.3e} random pages by the end of the run, counting this one: at most {MAX_WORKLOAD_DRAWS:e} (lower the `rate`, or shorten the `advance` or the workload's `until`; appends and `sequential` updates write ranges and are not counted)",
            self.step, self.draws
        )
    }
}

/// The first workload step after which the workloads' random draws, to
/// the end of the run, would pass [`MAX_WORKLOAD_DRAWS`]. The clock is
/// taken to move by `advance` steps alone (the minutes of long operations
/// are left out), and a workload without `until` to write until the run
/// ends: its last `advance`, or `horizon` when later (a forecast's
/// `--months`). Rates are counted in 8 KiB pages, the most a rate can be,
/// and in full: a workload on a cluster that is stopped or deleted writes
/// less. `sampled` is the share of the pages a run simulates (1 unless a
/// forecast samples).
pub fn over_budget(
    steps: &[Step],
    start: SimTime,
    horizon: Option<SimTime>,
    sampled: f64,
) -> Option<OverBudget> {
    let mut clock = start;
    let mut started: Vec<(usize, SimTime, &WorkloadSpec)> = Vec::new();
    for step in steps {
        match &step.action {
            Action::Advance(d) => clock = clock.plus(*d),
            Action::Workload(spec) if draws_at_random(spec) => {
                started.push((step.index, clock, spec));
            }
            _ => {}
        }
    }
    let end = horizon.map_or(clock, |h| h.max(clock));
    let mut draws = 0.0;
    for (index, from, spec) in started {
        let to = match spec.until {
            Until::Forever => end,
            Until::At(t) => t.min(end),
            Until::After(d) => from.plus(d).min(end),
        };
        let hours = to.since(from).max(0) as f64 / HOUR as f64;
        draws += spec.rate.pages_per_second(PageSize::K8.bytes()) * 3_600.0 * hours * sampled;
        if draws > MAX_WORKLOAD_DRAWS {
            return Some(OverBudget { step: index, draws });
        }
    }
    None
}

/// Whether the workload picks its pages at random (an update by any
/// distribution but `sequential`).
fn draws_at_random(spec: &WorkloadSpec) -> bool {
    spec.mode == WriteMode::Update && spec.distribution != Distribution::Sequential
}
