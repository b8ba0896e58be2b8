//! Running a scenario: each step against the control plane, the clock moved
//! by `advance` with hourly metering and workloads, expectations checked.
//! A run is a pure function of the scenario and its seed.

use std::time::Instant;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::expect::Target;
use super::format::Scenario;
use super::steps::Action;
use super::steps::Step;
use super::writes::{Until, WorkloadSpec, WriteMode, WriteSpec};
use crate::billing::Meter;
use crate::billing::ledger::{Granularity, Ledger};
use crate::cloud::ops::sim::WriteResult;
use crate::cloud::rds::ClusterStatus;
use crate::cloud::{
    AccountId, AwsError, CLONE_LIMIT, Cloud, CloudConfig, ClusterId, DEFAULT_CLUSTER_QUOTA,
    WritePages,
};
use crate::engine::{BillingPolicy, PageSet};
use crate::report::checked::Checked;
use crate::report::field::FieldValue;
use crate::report::{
    self, Clock, ClusterRow, ErrorRecord, ExpectOutcome, Report, StepRecord, StepResult,
    WorkloadStarted,
};
use crate::sampling::Sampler;
use crate::time::{HOUR, SimTime};
use crate::workload::Distribution;

/// What the command line may override.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub seed: Option<u64>,
    pub policy: Option<BillingPolicy>,
    /// Check conservation at every metering instant.
    pub verify: bool,
    /// Draw the scenario's `[uncertainty]` (forecasts do).
    pub uncertain: bool,
    /// Keep the clock running to this instant after the last step.
    pub horizon: Option<SimTime>,
    /// Simulate only a sample of the pages (see `crate::sampling`).
    pub sample: Option<Sampler>,
    /// Check `expect` steps and report what they found, but don't count
    /// a failed one as a surprise (comparing billing policies on a
    /// scenario whose expectations were written for one of them).
    pub no_expect: bool,
    /// Stop early, to show the state at a point of the run.
    pub stop: Option<Stop>,
    /// Keep the bill's line items, in periods of this length (for
    /// exports in billing formats).
    pub ledger: Option<Granularity>,
    /// Lift the per-family clone limit and the per-account cluster quota:
    /// benchmarks build families larger than AWS allows (scenario files
    /// can't).
    pub beyond_aws_limits: bool,
}

/// Where a run stops early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// After the step of this index.
    AfterStep(usize),
    /// At this instant: steps that would start later don't run, and an
    /// `advance` across it stops there.
    At(SimTime),
}

/// What a run leaves: its report, the control plane's state, and the
/// bill's line items when [`Options::ledger`] asked for them.
pub struct Finished {
    pub report: Report,
    pub cloud: Cloud,
    pub ledger: Option<Ledger>,
}

/// A workload writing as the clock advances.
struct Workload {
    cluster: ClusterId,
    spec: WorkloadSpec,
    until: Option<SimTime>,
    /// Simulated time up to which its writes are done.
    done_to: SimTime,
    /// Fraction of a page owed from earlier intervals.
    owed: f64,
    /// Next page of a sequential workload.
    cursor: u64,
    rng: Xoshiro256PlusPlus,
}

/// A scenario being run.
pub struct Runner<'s> {
    /// The steps [`Runner::finish`] runs; none for a runner that is given
    /// its steps one at a time ([`Runner::step`]).
    steps: &'s [Step],
    name: String,
    description: String,
    start: SimTime,
    rate_sigma: f64,
    cloud: Cloud,
    meter: Meter,
    workloads: Vec<Workload>,
    next_hour: SimTime,
    seed: u64,
    names: Vec<(AccountId, Option<String>)>,
    options: Options,
    /// Told of the hours metered during an `advance` (done, in all).
    progress: Option<Box<dyn FnMut(u64, u64) + Send + 's>>,
    /// Shown the state after each step.
    observer: Option<Observer<'s>>,
}

/// Sees the run's state after each step (the HTML report's per-step
/// pictures).
pub type Observer<'s> = Box<dyn FnMut(&StepRecord, Moment<'_>) + Send + 's>;

/// The state of a run between steps.
pub struct Moment<'a> {
    pub cloud: &'a Cloud,
    pub meter: &'a Meter,
    /// The accounts and their names, in the scenario's order.
    pub names: &'a [(AccountId, Option<String>)],
}

impl<'s> Runner<'s> {
    /// Sets up accounts and organizations; `options` override the
    /// scenario's seed and billing policy.
    pub fn new(scenario: &'s Scenario, options: Options) -> Self {
        let seed = options.seed.unwrap_or(scenario.seed);
        let policy = options.policy.unwrap_or(scenario.policy);
        let mut cloud = Cloud::new(CloudConfig {
            region: scenario.region.clone(),
            start: scenario.start,
            seed,
            latency: scenario.latency.clone(),
            cluster_quota: if options.beyond_aws_limits {
                usize::MAX
            } else {
                DEFAULT_CLUSTER_QUOTA
            },
            clone_limit: if options.beyond_aws_limits {
                usize::MAX
            } else {
                CLONE_LIMIT
            },
            sampler: options.sample,
        });
        for a in &scenario.accounts {
            cloud.add_account(a.id, a.name.clone());
        }
        for o in &scenario.organizations {
            cloud.add_organization(o.id.clone(), o.management, &o.accounts);
        }
        let mut meter = Meter::new(policy, scenario.pricing.clone());
        meter.verify |= options.verify;
        meter.ledger = options.ledger.map(|g| Ledger::new(g, scenario.start));
        Runner {
            steps: &scenario.steps,
            name: scenario.name.clone(),
            description: scenario.description.clone(),
            start: scenario.start,
            rate_sigma: scenario.uncertainty.rate_sigma,
            cloud,
            meter,
            workloads: Vec::new(),
            next_hour: scenario.start.plus(HOUR),
            seed,
            names: scenario
                .accounts
                .iter()
                .map(|a| (a.id, a.name.clone()))
                .collect(),
            options,
            progress: None,
            observer: None,
        }
    }

    /// Has `progress` told, during each `advance` and the run to the
    /// horizon, how many of the hours to meter are done: a century of
    /// hourly metering takes seconds, and a person should see it move.
    pub fn with_progress(mut self, progress: impl FnMut(u64, u64) + Send + 's) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Has `observer` shown the state after each step.
    pub fn with_observer(
        mut self,
        observer: impl FnMut(&StepRecord, Moment<'_>) + Send + 's,
    ) -> Self {
        self.observer = Some(Box::new(observer));
        self
    }

    /// Runs every step, calling `each` after each; returns the report.
    pub fn run(self, each: impl FnMut(&StepRecord)) -> Report {
        self.run_with_cloud(each).0
    }

    /// Runs as [`Runner::run`], and gives the control plane as the run
    /// left it too, for pictures of its state.
    pub fn run_with_cloud(self, each: impl FnMut(&StepRecord)) -> (Report, Cloud) {
        let finished = self.finish(each);
        (finished.report, finished.cloud)
    }

    /// Runs as [`Runner::run`], and gives everything the run leaves.
    pub fn finish(mut self, mut each: impl FnMut(&StepRecord)) -> Finished {
        let steps = self.steps;
        let mut records = Vec::with_capacity(steps.len());
        for step in steps {
            let past = match self.options.stop {
                Some(Stop::AfterStep(n)) => step.index > n,
                Some(Stop::At(t)) => self.cloud.now() >= t,
                None => false,
            };
            if past {
                break;
            }
            let record = self.step(step);
            each(&record);
            records.push(record);
        }
        let to = match self.options.stop {
            Some(Stop::At(t)) => Some(t),
            Some(Stop::AfterStep(_)) => None,
            None => self.options.horizon,
        };
        if let Some(h) = to.filter(|h| *h > self.cloud.now()) {
            self.advance_to(h);
        }
        let report = self.report(records);
        Finished {
            report,
            cloud: self.cloud,
            ledger: self.meter.ledger,
        }
    }

    /// A runner of steps given one at a time: the scenario's header
    /// (accounts, organizations, pricing, latency, policy, seed, start)
    /// without its steps, as a server that receives calls holds it.
    pub fn without_steps(scenario: &Scenario, options: Options) -> Runner<'static> {
        let mut runner = Runner::new(scenario, options);
        Runner {
            steps: &[],
            name: std::mem::take(&mut runner.name),
            description: std::mem::take(&mut runner.description),
            start: runner.start,
            rate_sigma: runner.rate_sigma,
            cloud: runner.cloud,
            meter: runner.meter,
            workloads: runner.workloads,
            next_hour: runner.next_hour,
            seed: runner.seed,
            names: runner.names,
            options: runner.options,
            progress: None,
            observer: None,
        }
    }

    /// The control plane as the steps so far left it.
    pub fn cloud(&self) -> &Cloud {
        &self.cloud
    }

    /// The CloudWatch metrics metered so far.
    pub fn metrics(&self) -> &crate::billing::metrics::Metrics {
        &self.meter.metrics
    }

    /// Declares an account that was not in the scenario's header (a server
    /// learns of an account from its first call).
    pub fn add_account(&mut self, id: AccountId) {
        if !self.names.iter().any(|(a, _)| *a == id) {
            self.cloud.add_account(id, None);
            self.names.push((id, None));
        }
    }

    /// The report of the run so far, given the records of its steps.
    pub fn report(&mut self, records: Vec<StepRecord>) -> Report {
        let now = report::snapshot(&self.cloud, &self.meter, &self.names);
        Report {
            scenario: self.name.clone(),
            description: self.description.clone(),
            seed: self.seed,
            policy: self.meter.policy,
            ok: records.iter().all(|r| r.as_expected),
            start: self.start,
            clock: self.cloud.now(),
            engine_wall_us: report::wall_times(&records),
            steps: records,
            clusters: now.clusters,
            accounts: now.accounts,
            families: now.families,
            series: self.meter.series.clone(),
            cluster_series: self
                .meter
                .cluster_series
                .iter()
                .map(|p| report::ClusterPoint {
                    at: p.at,
                    cluster: self.cloud.cluster_arn(p.cluster),
                    cost_usd: p.cost_usd,
                    billed_bytes: p.billed_bytes,
                })
                .collect(),
            metrics_period: self.meter.metrics.period(),
            metrics: report::metrics(&self.cloud, &self.meter),
        }
    }

    /// Runs one step, and shows the state after it to the observer.
    pub fn step(&mut self, step: &Step) -> StepRecord {
        let at = self.cloud.now();
        let started = Instant::now();
        let outcome = self.execute(step.account, &step.action, step.index);
        let wall_us = started.elapsed().as_micros() as u64;
        let record = match outcome {
            Outcome::Done(Ok(result)) => {
                let surprise = step
                    .expect_error
                    .as_ref()
                    .map(|code| format!("expected error {code}, but the call succeeded"));
                StepRecord {
                    index: step.index,
                    op: step.op,
                    account: step.account,
                    ok: true,
                    error: None,
                    at,
                    result: Some(result),
                    as_expected: surprise.is_none(),
                    surprise,
                    note: step.note.clone(),
                    wall_us,
                }
            }
            Outcome::Done(Err(e)) => {
                let surprise = match &step.expect_error {
                    Some(code) if code == e.code() => None,
                    Some(code) => Some(format!("expected error {code}, got {}: {e}", e.code())),
                    None => Some(format!("{}: {e}", e.code())),
                };
                let error = Some(ErrorRecord {
                    code: e.code().into(),
                    message: e.to_string(),
                });
                StepRecord {
                    index: step.index,
                    op: step.op,
                    account: step.account,
                    ok: false,
                    error,
                    at,
                    result: None,
                    as_expected: surprise.is_none(),
                    surprise,
                    note: step.note.clone(),
                    wall_us,
                }
            }
            Outcome::Checked(checked) => {
                let failures: Vec<String> = checked
                    .iter()
                    .filter(|c| !c.held)
                    .map(Checked::failure)
                    .collect();
                let ok = failures.is_empty();
                let enforced = !ok && !self.options.no_expect;
                let surprise = enforced.then(|| failures.join("; "));
                StepRecord {
                    index: step.index,
                    op: step.op,
                    account: step.account,
                    ok,
                    error: None,
                    at,
                    result: Some(StepResult::Expect(ExpectOutcome {
                        failed: failures,
                        checked,
                    })),
                    as_expected: !enforced,
                    surprise,
                    note: step.note.clone(),
                    wall_us,
                }
            }
        };
        if let Some(observer) = &mut self.observer {
            observer(
                &record,
                Moment {
                    cloud: &self.cloud,
                    meter: &self.meter,
                    names: &self.names,
                },
            );
        }
        record
    }

    fn execute(&mut self, caller: AccountId, action: &Action, index: usize) -> Outcome {
        let result = match action {
            Action::Aws(request) => self.cloud.call(caller, request).map(StepResult::Aws),
            Action::Write { cluster, spec } => self
                .write(caller, cluster, spec, index)
                .map(StepResult::Write),
            Action::Workload(spec) => self
                .start_workload(caller, spec, index)
                .map(StepResult::Workload),
            Action::Advance(seconds) => {
                let mut to = self.cloud.now().plus(*seconds);
                if let Some(Stop::At(t)) = self.options.stop {
                    to = to.min(t);
                }
                self.advance_to(to);
                Ok(StepResult::Advance(Clock {
                    clock: self.cloud.now(),
                }))
            }
            Action::Expect(e) => return Outcome::Checked(self.check(caller, e)),
        };
        Outcome::Done(result)
    }

    /// Moves the clock, metering at every whole hour on the way.
    fn advance_to(&mut self, to: SimTime) {
        let hours = if self.next_hour <= to {
            (to.since(self.next_hour) / HOUR + 1) as u64
        } else {
            0
        };
        let mut done = 0;
        while self.next_hour <= to {
            let hour = self.next_hour;
            self.cloud.advance_to(hour);
            self.run_workloads(hour);
            self.meter.charge_hour(&self.cloud);
            self.next_hour = hour.plus(HOUR);
            done += 1;
            if let Some(progress) = &mut self.progress {
                progress(done, hours);
            }
        }
        self.cloud.advance_to(to);
        self.run_workloads(to);
    }

    fn write(
        &mut self,
        caller: AccountId,
        cluster: &str,
        spec: &WriteSpec,
        index: usize,
    ) -> Result<WriteResult, AwsError> {
        let (amount, mode, distribution, start_page) = match spec {
            WriteSpec::Exact { pages, mode } => {
                let own = WritePages::Own(pages.clone());
                return self.cloud.write(caller, cluster, own, pages.len(), *mode);
            }
            WriteSpec::Drawn {
                amount,
                mode,
                distribution,
                start_page,
            } => (amount, mode, distribution, start_page),
        };
        let id = self.cloud.own_cluster_id(caller, cluster)?;
        let count = amount.pages(self.cloud.cluster(id).engine().page_size());
        let extent = self.cloud.cluster_extent(id);
        let pages = match mode {
            WriteMode::Append => {
                WritePages::Own(PageSet::range(extent..extent.saturating_add(count)))
            }
            WriteMode::Update => {
                let mut rng = self.rng_for(index);
                updates(
                    &mut self.cloud,
                    id,
                    *distribution,
                    count,
                    *start_page,
                    &mut rng,
                )
            }
        };
        self.cloud.write(caller, cluster, pages, count, *mode)
    }

    fn start_workload(
        &mut self,
        caller: AccountId,
        spec: &WorkloadSpec,
        index: usize,
    ) -> Result<WorkloadStarted, AwsError> {
        let id = self.cloud.own_cluster_id(caller, &spec.cluster)?;
        let now = self.cloud.now();
        let until = match spec.until {
            Until::Forever => None,
            Until::At(t) => Some(t),
            Until::After(d) => Some(now.plus(d)),
        };
        let mut spec = spec.clone();
        let sigma = self.rate_sigma;
        if self.options.uncertain && sigma > 0.0 {
            let mut rng = self.rng_for(index + (1 << 32));
            let z = crate::latency::standard_normal(&mut rng);
            spec.rate = spec.rate.scaled((sigma * z - sigma * sigma / 2.0).exp());
        }
        let page = self.cloud.cluster(id).engine().page_size().bytes();
        let result = WorkloadStarted {
            workload: spec.cluster.clone(),
            until,
            pages_per_hour: spec.rate.pages_per_second(page) * 3_600.0,
        };
        self.workloads.push(Workload {
            cluster: id,
            spec,
            until,
            done_to: now,
            owed: 0.0,
            cursor: 0,
            rng: self.rng_for(index),
        });
        Ok(result)
    }

    /// Applies every workload's writes up to `to`, in a batch, so the
    /// engine writes the clusters' volumes in parallel.
    fn run_workloads(&mut self, to: SimTime) {
        let mut batch = Vec::with_capacity(self.workloads.len());
        for w in &mut self.workloads {
            let end = w.until.map_or(to, |u| u.min(to));
            let early =
                w.spec.every > HOUR && end.since(w.done_to) < w.spec.every && w.until != Some(end);
            if end <= w.done_to || early {
                continue;
            }
            let c = self.cloud.cluster(w.cluster);
            let seconds = end.since(w.done_to) as f64;
            w.done_to = end;
            if c.status() != ClusterStatus::Available {
                continue;
            }
            let page = c.engine().page_size().bytes();
            let due = w.spec.rate.pages_per_second(page) * seconds + w.owed;
            let count = due.floor();
            w.owed = due - count;
            // A second workload on a cluster sees the first's writes (an
            // append moves the extent).
            if batch.iter().any(|(cluster, _, _)| *cluster == w.cluster) {
                write_batch(&mut self.cloud, &mut batch);
            }
            let extent = self.cloud.cluster_extent(w.cluster);
            let pages = match w.spec.mode {
                WriteMode::Append => WritePages::Own(PageSet::range(extent..extent + count as u64)),
                WriteMode::Update => {
                    let set = updates(
                        &mut self.cloud,
                        w.cluster,
                        w.spec.distribution,
                        count as u64,
                        w.cursor,
                        &mut w.rng,
                    );
                    w.cursor = w.cursor.wrapping_add(count as u64);
                    set
                }
            };
            batch.push((w.cluster, pages, count as u64));
        }
        write_batch(&mut self.cloud, &mut batch);
        self.workloads.retain(|w| {
            w.until.is_none_or(|u| u > w.done_to)
                && self.cloud.cluster(w.cluster).status() != ClusterStatus::Deleted
        });
    }

    /// A portable RNG for the step at `index`, derived from the run's seed.
    fn rng_for(&self, index: usize) -> Xoshiro256PlusPlus {
        Xoshiro256PlusPlus::seed_from_u64(
            self.seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        )
    }

    fn check(&mut self, caller: AccountId, e: &super::expect::Expectation) -> Vec<Checked> {
        let now = report::snapshot(&self.cloud, &self.meter, &self.names);
        let found = |field: Option<FieldValue>| field.unwrap_or(FieldValue::None);
        let values: Vec<FieldValue> = match &e.target {
            Target::Cluster(name) => {
                let Some(row) = find_cluster(&now.clusters, caller, name) else {
                    return vec![Checked {
                        field: "cluster".into(),
                        expected: format!("{name:?}"),
                        found: FieldValue::None,
                        held: false,
                    }];
                };
                e.checks
                    .iter()
                    .map(|c| found(row.field(&c.field)))
                    .collect()
            }
            Target::Account(a) => {
                let row = now.accounts.iter().find(|r| r.id == *a);
                e.checks
                    .iter()
                    .map(|c| found(row.and_then(|r| r.field(&c.field))))
                    .collect()
            }
        };
        e.checks
            .iter()
            .zip(values)
            .map(|(check, value)| check.verify(value))
            .collect()
    }
}

/// The cluster an expectation names: by ARN, or by identifier in the
/// caller's account; a live one before deleted ones of the same name, and
/// the latest of those.
fn find_cluster<'r>(
    rows: &'r [ClusterRow],
    caller: AccountId,
    name: &str,
) -> Option<&'r ClusterRow> {
    let matches = |r: &&ClusterRow| {
        if name.starts_with("arn:") {
            r.arn == name
        } else {
            r.account == caller && r.identifier == name
        }
    };
    rows.iter()
        .filter(matches)
        .max_by_key(|r| (r.status != ClusterStatus::Deleted, r.created_at))
}

/// A step's outcome.
enum Outcome {
    Done(Result<StepResult, AwsError>),
    /// An expectation, with each check's outcome.
    Checked(Vec<Checked>),
}

/// `count` updates of a cluster drawn by `distribution` (a sequential one
/// from `start`). Under sampling, uniform ones are drawn only where they
/// land in sampled blocks (`Cloud::sampled_uniform_updates`).
fn updates(
    cloud: &mut Cloud,
    id: ClusterId,
    distribution: Distribution,
    count: u64,
    start: u64,
    rng: &mut Xoshiro256PlusPlus,
) -> WritePages {
    if distribution == Distribution::Uniform
        && let Some(pages) = cloud.sampled_uniform_updates(id, count, rng)
    {
        return pages;
    }
    WritePages::Own(distribution.pages(count, cloud.cluster_extent(id), start, rng))
}

/// Writes workloads' pages (cluster, pages, page writes they stand for) in
/// one batch, so the engine writes the clusters' volumes in parallel, and
/// empties the batch. The clusters are available, and the writes count the
/// I/O of every page write due, sampled or not. A write can still fail: an
/// append past the largest volume the engine holds. The batch then changes
/// nothing, and its writes go one by one, so that only that one is lost.
fn write_batch(cloud: &mut Cloud, batch: &mut Vec<(ClusterId, WritePages, u64)>) {
    if cloud.write_clusters(batch).is_err() {
        for write in batch.iter() {
            let _ = cloud.write_clusters(std::slice::from_ref(write));
        }
    }
    batch.clear();
}
