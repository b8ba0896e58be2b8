//! `cowsim forecast`: a scenario run many times with independent seeds, in
//! parallel, and the spread of what it costs.
//!
//! Each run draws its own workload randomness, latency jitter and, where the
//! scenario declares `[uncertainty]`, its own write rates. Runs are
//! independent and collected in run order, so the result doesn't depend on
//! the number of threads.

mod merge_error;
mod run;
pub mod shard;
mod shard_error;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cloud::AccountId;
use crate::engine::{BillingPolicy, GIB};
use crate::sampling::Sampler;
use crate::scenario::{Options, Runner, Scenario};
use crate::time::{HOUR, SimTime};

pub use run::{AccountFigures, ClusterFigures, RunFigures, SeriesPoint};

/// How to forecast.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    pub runs: u32,
    /// Keep each run going to this many 730-hour months after the start
    /// (at least to its last step).
    pub months: Option<u32>,
    /// Run `i` uses seed `seed + i`.
    pub seed: u64,
    pub accuracy: Accuracy,
    /// Report failed `expect` steps without counting them as surprises.
    pub no_expect: bool,
    /// Who pays for shared pages in every run: the scenario's policy, or
    /// the one `--policy` names, as `cowsim run --policy` does. The fleet's
    /// total is the same under every policy; only its split changes.
    pub policy: BillingPolicy,
}

impl Config {
    /// The options of the run with `seed`: its rate draws, its sampled
    /// blocks and its horizon, the same whether it runs inside the forecast
    /// or alone (`cowsim forecast --only-run SEED`), so that a surprise
    /// seen in a forecast can be replayed step by step.
    pub fn run_options(&self, scenario: &Scenario, seed: u64) -> Options {
        self.options_with_salt(scenario, seed, SALT)
    }

    fn options_with_salt(&self, scenario: &Scenario, seed: u64, salt: u64) -> Options {
        let sample = match self.accuracy {
            Accuracy::Exact => None,
            Accuracy::Sampled(rate) => Some(Sampler::new(rate, seed ^ salt)),
        };
        Options {
            seed: Some(seed),
            uncertain: true,
            horizon: self
                .months
                .map(|m| scenario.start.plus(i64::from(m) * 730 * HOUR)),
            sample,
            no_expect: self.no_expect,
            policy: Some(self.policy),
            ..Options::default()
        }
    }
}

/// The first surprise of a run that had one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Surprise {
    /// The run's seed: `cowsim forecast FILE --only-run SEED` replays it.
    pub seed: u64,
    pub step: usize,
    pub op: String,
    pub what: String,
}

/// Whether every page is simulated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Accuracy {
    Exact,
    /// Only this fraction of 64-page blocks, chosen by hash, and the
    /// counts scaled up (SHARDS-style spatial sampling).
    Sampled(f64),
}

impl Accuracy {
    /// Exact for scenarios whose clusters are created with fewer than
    /// `AUTO_SAMPLE_PAGES` pages in all; else the smallest power-of-two
    /// fraction (1/64 at most) that keeps at least `SAMPLE_PAGES` pages:
    /// a sample's error depends on how many blocks it holds, not on the
    /// fraction (SHARDS's fixed-size variant), so larger data is sampled
    /// more thinly for the same accuracy.
    pub fn auto(scenario: &Scenario) -> Accuracy {
        let pages: u64 = scenario
            .steps
            .iter()
            .filter_map(|s| match &s.action {
                crate::scenario::steps::Action::Aws(
                    crate::cloud::ops::Request::CreateDbCluster(c),
                ) => Some(c.data_pages),
                _ => None,
            })
            .sum();
        if pages >= AUTO_SAMPLE_PAGES {
            let thinning = (pages / SAMPLE_PAGES).max(1);
            let power = 63 - thinning.leading_zeros();
            Accuracy::Sampled(1.0 / f64::from(1u32 << power.max(6)))
        } else {
            Accuracy::Exact
        }
    }
}

impl std::fmt::Display for Accuracy {
    /// `exact`, or `sampled (1/128 of the pages)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Accuracy::Exact => f.write_str("exact"),
            Accuracy::Sampled(rate) => write!(f, "sampled ({} of the pages)", fraction(rate)),
        }
    }
}

/// Data beyond which forecasts sample by default: 2^26 pages (1 TiB of
/// 16 KiB pages), where exact runs take seconds each.
pub const AUTO_SAMPLE_PAGES: u64 = 1 << 26;

/// Pages a default sample keeps at least: 2^20, 16,384 blocks.
pub const SAMPLE_PAGES: u64 = 1 << 20;

/// How many runs are repeated with other sampled pages to estimate the
/// sampling error.
pub const ERROR_RUNS: u32 = 4;

/// P10 / P50 / P90 and mean of a figure over the runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Spread {
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub mean: f64,
}

impl Spread {
    /// Nearest-rank quantiles of `values`.
    pub fn of(mut values: Vec<f64>) -> Spread {
        if values.is_empty() {
            return Spread::default();
        }
        values.sort_by(f64::total_cmp);
        let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
        Spread {
            p10: at(0.1),
            p50: at(0.5),
            p90: at(0.9),
            mean: values.iter().sum::<f64>() / values.len() as f64,
        }
    }
}

/// One calendar month's cost over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthSpread {
    pub month: String,
    pub cost_usd: Spread,
}

/// An account's forecast. Each part of the bill (storage, I/O, backup,
/// DB instances) has its own spread; in every run the parts add up to the
/// total, so their means add up to the mean total (their quantiles need
/// not: each is taken over the runs on its own).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AccountForecast {
    pub id: AccountId,
    pub name: Option<String>,
    pub total_cost_usd: Spread,
    /// Total cost per 730-hour month: the total times 730 over the whole
    /// hours metered, so a run shorter than a month is scaled up.
    pub monthly_cost_usd: Spread,
    /// Billed GiB at the end of the run.
    pub billed_gib: Spread,
    pub storage_cost_usd: Spread,
    pub io_cost_usd: Spread,
    pub backup_cost_usd: Spread,
    /// The DB instances' share of the total.
    pub instance_cost_usd: Spread,
    /// The storage had every clone been a full copy (snapshot restore).
    pub full_copy_storage_cost_usd: Spread,
    /// The total had every clone been a full copy: that storage, and the
    /// other parts as they were.
    pub full_copy_total_cost_usd: Spread,
    pub months: Vec<MonthSpread>,
}

/// A cluster's forecast: its whole bill, each part apart, and the what-if
/// of a full copy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterForecast {
    pub arn: String,
    /// Storage, I/O, backup and DB instances.
    pub total_cost_usd: Spread,
    pub monthly_cost_usd: Spread,
    pub billed_gib: Spread,
    pub storage_cost_usd: Spread,
    pub io_cost_usd: Spread,
    pub backup_cost_usd: Spread,
    /// Its DB instances' share of the total.
    pub instance_cost_usd: Spread,
    /// Its storage had it been a full copy of everything it sees.
    pub full_copy_storage_cost_usd: Spread,
    /// Its total had it been a full copy: that storage, and its I/O,
    /// backup and instances as they were.
    pub full_copy_total_cost_usd: Spread,
}

/// The forecast.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Forecast {
    pub scenario: String,
    pub runs: u32,
    pub seed: u64,
    pub start: SimTime,
    pub end: SimTime,
    /// `exact`, or `sampled` with the fraction of blocks simulated.
    pub accuracy: String,
    /// The billing policy every run was metered under.
    pub policy: BillingPolicy,
    /// Under sampling: one standard error of an account's total cost,
    /// relative, estimated from runs repeated with other sampled pages.
    pub sampling_error: Option<f64>,
    /// Runs in which a step didn't go as the scenario said.
    pub runs_with_surprises: u32,
    /// Each such run's seed and first surprise, in seed order.
    pub surprises: Vec<Surprise>,
    /// The seed of the run whose total cost, all accounts together, is
    /// the median (the run `--focus` exports and `--only-run` replays).
    pub p50_run_seed: u64,
    pub accounts: Vec<AccountForecast>,
    pub clusters: Vec<ClusterForecast>,
}

/// One run of a forecast: its index, figures and first surprise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    /// Run `index` has seed `seed + index`.
    pub index: u32,
    pub figures: RunFigures,
    pub surprise: Option<Surprise>,
}

/// Which runs to do: all, or those a shard is dealt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deal {
    /// This shard, from 0.
    pub shard: u32,
    /// How many shards.
    pub shards: u32,
}

impl Deal {
    /// The whole forecast on one machine.
    pub const ALL: Deal = Deal {
        shard: 0,
        shards: 1,
    };

    /// Whether run `index` is this shard's: runs are dealt by index.
    pub fn has(self, index: u32) -> bool {
        index % self.shards == self.shard
    }
}

/// The runs of a forecast, or of its shard: the main runs, and under
/// sampling the runs repeated with other sampled pages (for the error
/// estimate). `tick` is called once per finished run (from any thread).
pub fn run_dealt(
    scenario: &Scenario,
    config: Config,
    deal: Deal,
    tick: impl Fn(u32) + Sync,
) -> (Vec<RunOutcome>, Vec<RunOutcome>) {
    let run = |i: u32, salt: u64| {
        let seed = config.seed + u64::from(i);
        let options = config.options_with_salt(scenario, seed, salt);
        let report = Runner::new(scenario, options).run(|_| {});
        let surprise = report
            .steps
            .iter()
            .find(|s| !s.as_expected)
            .map(|s| Surprise {
                seed,
                step: s.index,
                op: s.op.to_string(),
                what: s.surprise.clone().unwrap_or_default(),
            });
        tick(i);
        RunOutcome {
            index: i,
            figures: RunFigures::of(&report),
            surprise,
        }
    };
    let mine: Vec<u32> = (0..config.runs).filter(|&i| deal.has(i)).collect();
    let runs = mine.par_iter().map(|&i| run(i, SALT)).collect();
    let again = match config.accuracy {
        Accuracy::Exact => Vec::new(),
        Accuracy::Sampled(_) => mine
            .par_iter()
            .filter(|&&i| i < ERROR_RUNS)
            .map(|&i| run(i, OTHER_SALT))
            .collect(),
    };
    (runs, again)
}

/// Runs the forecast; `tick` is called once per finished run (from any
/// thread).
pub fn forecast(scenario: &Scenario, config: Config, tick: impl Fn() + Sync) -> Forecast {
    let (runs, again) = run_dealt(scenario, config, Deal::ALL, |_| tick());
    combine(&Facts::of(scenario), config, &runs, &again)
}

/// What a forecast's summary needs of its scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub name: String,
    pub start: SimTime,
    pub accounts: Vec<(AccountId, Option<String>)>,
}

impl Facts {
    pub fn of(scenario: &Scenario) -> Facts {
        Facts {
            name: scenario.name.clone(),
            start: scenario.start,
            accounts: scenario
                .accounts
                .iter()
                .map(|a| (a.id, a.name.clone()))
                .collect(),
        }
    }
}

/// The forecast from every run, in run order, and the repeated runs.
pub fn combine(
    facts: &Facts,
    config: Config,
    runs: &[RunOutcome],
    again: &[RunOutcome],
) -> Forecast {
    let figures: Vec<&RunFigures> = runs.iter().map(|r| &r.figures).collect();
    let mut f = summarise(facts, config, &figures);
    f.surprises = runs.iter().filter_map(|r| r.surprise.clone()).collect();
    f.p50_run_seed = config.seed + u64::from(median_run(runs));
    if let Accuracy::Sampled(_) = config.accuracy {
        let again: Vec<&RunFigures> = again.iter().map(|r| &r.figures).collect();
        f.sampling_error = Some(sampling_error(&figures, &again));
    }
    f
}

/// The index of the run whose total cost is the median, at the rank
/// [`Spread::of`] takes for P50 (the earlier run among equal totals).
fn median_run(runs: &[RunOutcome]) -> u32 {
    let total = |r: &RunOutcome| {
        r.figures
            .accounts
            .iter()
            .map(|a| a.total_cost_usd)
            .sum::<f64>()
    };
    let mut order: Vec<(f64, u32)> = runs.iter().map(|r| (total(r), r.index)).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let rank = ((order.len().saturating_sub(1)) as f64 * 0.5).round() as usize;
    order.get(rank).map_or(0, |&(_, index)| index)
}

/// A sampling fraction as a person writes it: `1/128` rather than
/// `0.0078125` when it is one over a whole number.
pub fn fraction(rate: f64) -> String {
    let inverse = 1.0 / rate;
    if inverse.fract() == 0.0 && inverse < 1e12 {
        format!("1/{inverse:.0}")
    } else {
        format!("{rate}")
    }
}

/// Salts picking the sampled blocks: the runs', and their repeats'.
const SALT: u64 = 0x5a4d_7e11_0000_0001;
const OTHER_SALT: u64 = 0x0ddb_a11e_0000_0002;

/// One standard error of the total cost, relative, from pairs of runs with
/// the same seed and other sampled pages: two independent estimates with
/// standard error σ differ by 2σ/√π on average.
fn sampling_error(runs: &[&RunFigures], again: &[&RunFigures]) -> f64 {
    let mut worst: f64 = 0.0;
    for (a, b) in runs.iter().zip(again) {
        for (x, y) in a.accounts.iter().zip(&b.accounts) {
            let mean = (x.total_cost_usd + y.total_cost_usd) / 2.0;
            if mean > 0.0 {
                let relative = (x.total_cost_usd - y.total_cost_usd).abs() / mean;
                worst = worst.max(relative * std::f64::consts::PI.sqrt() / 2.0);
            }
        }
    }
    worst
}

fn summarise(facts: &Facts, config: Config, reports: &[&RunFigures]) -> Forecast {
    // Costs accrue at whole hours, so a month's share is the whole hours
    // metered over 730, not the seconds the clock ran past the last one.
    let months_of = |r: &RunFigures| (r.clock.since(r.start) / HOUR).max(1) as f64 / 730.0;
    let gib = |bytes: f64| bytes / GIB as f64;
    let accounts = facts
        .accounts
        .iter()
        .map(|(id, name)| {
            let rows: Vec<(&AccountFigures, f64)> = reports
                .iter()
                .filter_map(|r| {
                    r.accounts
                        .iter()
                        .find(|x| x.id == *id)
                        .map(|row| (row, months_of(r)))
                })
                .collect();
            let pick = |f: &dyn Fn(&AccountFigures, f64) -> f64| {
                Spread::of(rows.iter().map(|(row, m)| f(row, *m)).collect())
            };
            AccountForecast {
                id: *id,
                name: name.clone(),
                total_cost_usd: pick(&|r, _| r.total_cost_usd),
                monthly_cost_usd: pick(&|r, m| r.total_cost_usd / m),
                billed_gib: pick(&|r, _| gib(r.billed_bytes)),
                storage_cost_usd: pick(&|r, _| r.storage_cost_usd),
                io_cost_usd: pick(&|r, _| r.io_cost_usd),
                backup_cost_usd: pick(&|r, _| r.backup_cost_usd),
                instance_cost_usd: pick(&|r, _| r.instance_cost_usd),
                full_copy_storage_cost_usd: pick(&|r, _| r.full_copy_storage_cost_usd()),
                full_copy_total_cost_usd: pick(&|r, _| r.full_copy_total_cost_usd),
                months: month_spreads(reports, *id),
            }
        })
        .collect();
    let mut arns: Vec<String> = reports
        .iter()
        .flat_map(|r| r.clusters.iter().map(|c| c.arn.clone()))
        .collect();
    arns.sort();
    arns.dedup();
    let clusters = arns
        .into_iter()
        .map(|arn| {
            let rows: Vec<(&ClusterFigures, f64)> = reports
                .iter()
                .filter_map(|r| {
                    r.clusters
                        .iter()
                        .filter(|c| c.arn == arn)
                        .max_by_key(|c| c.created_at)
                        .map(|row| (row, months_of(r)))
                })
                .collect();
            let pick = |f: &dyn Fn(&ClusterFigures, f64) -> f64| {
                Spread::of(rows.iter().map(|(row, m)| f(row, *m)).collect())
            };
            ClusterForecast {
                total_cost_usd: pick(&|c, _| c.total_cost_usd()),
                monthly_cost_usd: pick(&|c, m| c.total_cost_usd() / m),
                billed_gib: pick(&|c, _| gib(c.billed_bytes)),
                storage_cost_usd: pick(&|c, _| c.storage_cost_usd),
                io_cost_usd: pick(&|c, _| c.io_cost_usd),
                backup_cost_usd: pick(&|c, _| c.backup_cost_usd),
                instance_cost_usd: pick(&|c, _| c.instance_cost_usd),
                full_copy_storage_cost_usd: pick(&|c, _| c.full_copy_storage_cost_usd),
                full_copy_total_cost_usd: pick(&|c, _| c.full_copy_total_cost_usd()),
                arn,
            }
        })
        .collect();
    Forecast {
        scenario: facts.name.clone(),
        runs: config.runs,
        seed: config.seed,
        start: facts.start,
        end: reports.iter().map(|r| r.clock).max().unwrap_or(facts.start),
        accuracy: config.accuracy.to_string(),
        policy: config.policy,
        sampling_error: None,
        runs_with_surprises: reports.iter().filter(|r| !r.ok).count() as u32,
        surprises: Vec::new(),
        p50_run_seed: config.seed,
        accounts,
        clusters,
    }
}

/// Each calendar month's cost of an account, from the daily series.
fn month_spreads(reports: &[&RunFigures], account: AccountId) -> Vec<MonthSpread> {
    let mut by_month: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in reports {
        let mut before = 0.0;
        let mut last: BTreeMap<String, f64> = BTreeMap::new();
        for p in r.series.iter().filter(|p| p.account == account) {
            last.insert(p.at.to_string()[..7].to_string(), p.total_cost_usd);
        }
        for (month, end) in last {
            by_month.entry(month).or_default().push(end - before);
            before = end;
        }
    }
    by_month
        .into_iter()
        .map(|(month, v)| MonthSpread {
            month,
            cost_usd: Spread::of(v),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_use_nearest_ranks() {
        let s = Spread::of((1..=11).map(f64::from).collect());
        assert_eq!((s.p10, s.p50, s.p90, s.mean), (2.0, 6.0, 10.0, 6.0));
        assert_eq!(Spread::of(vec![]), Spread::default());
    }
}
