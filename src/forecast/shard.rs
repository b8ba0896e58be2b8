//! A forecast spread over machines: each shard runs the runs dealt to it
//! (by index, each with the seed it has in the whole forecast) and writes a
//! part file; `merge` combines the parts into exactly the forecast one
//! machine would have made. Array jobs of Kubernetes, AWS Batch and Slurm
//! say which shard a process is through their environment.
//!
//! A part carries the hash of the scenario's text and of the forecast's
//! options, and the cowsim version, so that parts of different forecasts
//! are never merged.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use super::merge_error::MergeError;
pub use super::shard_error::ShardError;
use super::{Config, Deal, Facts, Forecast, RunOutcome, combine};

/// What a part file says it is.
const FORMAT: &str = "cowsim-forecast-part";

/// The version of cowsim that wrote a part; merges take parts of their own
/// version only, since another version may run the same seed differently.
pub(super) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The revision of a part's fields. Builds of one version can differ in
/// what a part holds, so a build that changes the fields of `Part` or of
/// what it carries raises this; `tests/shards.rs` pins the fields a part of
/// a bundled forecast carries, and fails when they change until it is
/// raised. A part of another revision is then refused by name, not by a
/// field it lacks.
pub const PART_REVISION: u32 = 2;

/// What a part says of itself, read before the rest. Parts written before
/// revisions were counted carry none: they are revision 1.
#[derive(Deserialize)]
struct Header {
    format: String,
    cowsim_version: String,
    #[serde(default = "first_revision")]
    revision: u32,
}

fn first_revision() -> u32 {
    1
}

/// One shard's runs of a forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub format: String,
    pub cowsim_version: String,
    /// [`PART_REVISION`] of the build that wrote it.
    pub revision: u32,
    /// FNV-1a of the scenario file's text, in hex.
    pub scenario_hash: String,
    /// FNV-1a of the forecast's options, in hex.
    pub options_hash: String,
    pub shard: u32,
    pub shards: u32,
    pub config: Config,
    pub facts: Facts,
    pub runs: Vec<RunOutcome>,
    /// Under sampling, this shard's runs repeated with other sampled pages.
    pub repeated: Vec<RunOutcome>,
}

/// FNV-1a, 64 bits: a stable hash of bytes, the same on every machine and
/// version of Rust (unlike the standard library's hashers).
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Part {
    /// The part of shard `deal` of a forecast of the scenario whose file
    /// reads `text`.
    pub fn new(
        text: &[u8],
        facts: Facts,
        config: Config,
        deal: Deal,
        runs: Vec<RunOutcome>,
        repeated: Vec<RunOutcome>,
    ) -> Part {
        Part {
            format: FORMAT.into(),
            cowsim_version: VERSION.into(),
            revision: PART_REVISION,
            scenario_hash: fnv(text),
            options_hash: options_hash(&config),
            shard: deal.shard,
            shards: deal.shards,
            config,
            facts,
            runs,
            repeated,
        }
    }

    /// Writes the part whole or not at all: to a file beside `path`, then
    /// renamed over it, so a merge never reads half a part.
    pub fn write(&self, path: &Path) -> Result<(), MergeError> {
        let text = serde_json::to_string(self)
            .map_err(|e| MergeError::Write(path.into(), std::io::Error::other(e)))?;
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        std::fs::write(&partial, text)
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                MergeError::Write(path.into(), e)
            })
    }

    /// Reads a part file.
    pub fn read(path: &Path) -> Result<Part, MergeError> {
        let text = std::fs::read(path).map_err(|e| MergeError::Read(path.into(), e))?;
        let header: Header = serde_json::from_slice(&text)
            .map_err(|e| MergeError::NotAPart(path.into(), e.to_string()))?;
        if header.format != FORMAT {
            return Err(MergeError::NotAPart(
                path.into(),
                format!("format {:?}", header.format),
            ));
        }
        if header.cowsim_version != VERSION {
            return Err(MergeError::Version(
                path.into(),
                header.cowsim_version,
                VERSION,
            ));
        }
        if header.revision != PART_REVISION {
            return Err(MergeError::Revision(
                path.into(),
                header.revision,
                PART_REVISION,
            ));
        }
        serde_json::from_slice(&text).map_err(|e| MergeError::NotAPart(path.into(), e.to_string()))
    }
}

fn options_hash(config: &Config) -> String {
    fnv(serde_json::to_string(config).unwrap_or_default().as_bytes())
}

/// Combines parts into the forecast one machine would have made, after
/// checking they are the shards, each once, of one forecast.
pub fn merge(parts: &[(PathBuf, Part)]) -> Result<Forecast, MergeError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(MergeError::Empty);
    };
    let mut owner: Vec<Option<&PathBuf>> = vec![None; first.shards as usize];
    for (path, part) in parts {
        let different = |what| MergeError::Different(path.clone(), what, first_path.clone());
        if part.scenario_hash != first.scenario_hash || part.facts != first.facts {
            return Err(different("the scenario"));
        }
        if part.options_hash != first.options_hash || part.config != first.config {
            return Err(different(
                "the options (runs, months, seed, accuracy, policy)",
            ));
        }
        if part.shards != first.shards {
            return Err(different("the number of shards"));
        }
        let slot = owner.get_mut(part.shard as usize).ok_or_else(|| {
            MergeError::NotAPart(
                path.clone(),
                format!("shard {} of {}", part.shard, part.shards),
            )
        })?;
        if let Some(other) = slot {
            return Err(MergeError::Duplicate(
                path.clone(),
                part.shard,
                (*other).clone(),
            ));
        }
        *slot = Some(path);
        let deal = Deal {
            shard: part.shard,
            shards: part.shards,
        };
        if part
            .runs
            .iter()
            .chain(&part.repeated)
            .any(|r| !deal.has(r.index))
        {
            return Err(MergeError::NotAPart(
                path.clone(),
                "a run of another shard".into(),
            ));
        }
    }
    let missing: Vec<String> = owner
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_none())
        .map(|(k, _)| k.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing(missing.join(", "), first.shards));
    }
    let mut runs: Vec<RunOutcome> = parts.iter().flat_map(|(_, p)| p.runs.clone()).collect();
    let mut repeated: Vec<RunOutcome> =
        parts.iter().flat_map(|(_, p)| p.repeated.clone()).collect();
    runs.sort_by_key(|r| r.index);
    repeated.sort_by_key(|r| r.index);
    if runs.len() != first.config.runs as usize
        || runs.iter().enumerate().any(|(i, r)| r.index != i as u32)
    {
        return Err(MergeError::NotAPart(
            first_path.clone(),
            format!(
                "the parts hold {} of the {} runs",
                runs.len(),
                first.config.runs
            ),
        ));
    }
    Ok(combine(&first.facts, first.config, &runs, &repeated))
}

/// Which scheduler dealt a shard, for the message that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheduler {
    Kubernetes,
    AwsBatch,
    Slurm,
}

/// The shard an array job's environment gives this process, if any:
/// Kubernetes Indexed Jobs (`JOB_COMPLETION_INDEX`, with `shards` from the
/// command line), AWS Batch array jobs (`AWS_BATCH_JOB_ARRAY_INDEX`,
/// `AWS_BATCH_JOB_ARRAY_SIZE`) and Slurm job arrays
/// (`SLURM_ARRAY_TASK_ID` from `SLURM_ARRAY_TASK_MIN`,
/// `SLURM_ARRAY_TASK_COUNT`).
pub fn from_env(
    var: impl Fn(&str) -> Option<String>,
    shards: Option<u32>,
) -> Result<Option<(Deal, Scheduler)>, ShardError> {
    let number = |name: &str| -> Result<Option<u32>, ShardError> {
        var(name)
            .map(|v| {
                v.trim().parse::<u32>().map_err(|_| ShardError::NotANumber {
                    name: name.to_string(),
                    value: v.clone(),
                })
            })
            .transpose()
    };
    let (shard, count, scheduler) = if let Some(k) = number("JOB_COMPLETION_INDEX")? {
        let s = shards.ok_or(ShardError::KubernetesWithoutShards)?;
        (k, s, Scheduler::Kubernetes)
    } else if let Some(k) = number("AWS_BATCH_JOB_ARRAY_INDEX")? {
        let s = number("AWS_BATCH_JOB_ARRAY_SIZE")?
            .or(shards)
            .ok_or(ShardError::BatchWithoutSize)?;
        (k, s, Scheduler::AwsBatch)
    } else if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
        let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let s = number("SLURM_ARRAY_TASK_COUNT")?
            .or(shards)
            .ok_or(ShardError::SlurmWithoutCount)?;
        let k = id
            .checked_sub(min)
            .ok_or(ShardError::SlurmBelowMin { id, min })?;
        (k, s, Scheduler::Slurm)
    } else {
        return Ok(None);
    };
    check(shard, count).map(|deal| Some((deal, scheduler)))
}

/// A shard `shard` of `shards`, checked.
pub fn check(shard: u32, shards: u32) -> Result<Deal, ShardError> {
    if shards == 0 || shard >= shards {
        return Err(ShardError::OutOfRange { shard, shards });
    }
    Ok(Deal { shard, shards })
}

/// `K/S`, as `--shard` takes it.
pub fn parse_shard(s: &str) -> Result<Deal, ShardError> {
    let not_k_of_s = || ShardError::NotKOfS(s.to_string());
    let (k, n) = s.split_once('/').ok_or_else(not_k_of_s)?;
    let parse = |x: &str| x.trim().parse::<u32>().map_err(|_| not_k_of_s());
    check(parse(k)?, parse(n)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn each_scheduler_names_the_shard() {
        let deal = |shard, shards| Deal { shard, shards };
        assert_eq!(from_env(env(&[]), None), Ok(None));
        assert_eq!(
            from_env(env(&[("JOB_COMPLETION_INDEX", "2")]), Some(4)),
            Ok(Some((deal(2, 4), Scheduler::Kubernetes)))
        );
        assert!(from_env(env(&[("JOB_COMPLETION_INDEX", "2")]), None).is_err());
        assert_eq!(
            from_env(
                env(&[
                    ("AWS_BATCH_JOB_ARRAY_INDEX", "0"),
                    ("AWS_BATCH_JOB_ARRAY_SIZE", "3")
                ]),
                None
            ),
            Ok(Some((deal(0, 3), Scheduler::AwsBatch)))
        );
        assert_eq!(
            from_env(
                env(&[
                    ("SLURM_ARRAY_TASK_ID", "5"),
                    ("SLURM_ARRAY_TASK_MIN", "1"),
                    ("SLURM_ARRAY_TASK_COUNT", "8")
                ]),
                None
            ),
            Ok(Some((deal(4, 8), Scheduler::Slurm)))
        );
        assert!(from_env(env(&[("JOB_COMPLETION_INDEX", "4")]), Some(4)).is_err());
        assert!(from_env(env(&[("AWS_BATCH_JOB_ARRAY_INDEX", "x")]), Some(2)).is_err());
    }

    #[test]
    fn shards_parse_as_k_of_s() {
        assert_eq!(
            parse_shard("1/4"),
            Ok(Deal {
                shard: 1,
                shards: 4
            })
        );
        assert!(parse_shard("4/4").is_err());
        assert!(parse_shard("1").is_err());
        assert!(parse_shard("0/0").is_err());
    }
}
