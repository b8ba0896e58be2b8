//! Why a process can't tell which shard of a forecast it runs: from
//! `--shard K/S` or from an array job's environment.

use thiserror::Error;

/// A shard that is not one, or an environment that names a shard without
/// saying how many there are.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShardError {
    /// Shard `shard` of `shards`: past the last shard, or of none.
    #[error("shard {shard} of {shards}: expected a shard from 0 to {}", shards.saturating_sub(1))]
    OutOfRange { shard: u32, shards: u32 },
    /// `--shard` that is not `K/S` (the text given).
    #[error("`{0}`: expected K/S, such as 0/4 (shard K of S, from 0)")]
    NotKOfS(String),
    /// An environment variable that should hold a whole number.
    #[error("{name}={value:?}: expected a whole number")]
    NotANumber { name: String, value: String },
    /// A Kubernetes Indexed Job names the shard but not the count.
    #[error(
        "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give --shards, the Job's completions"
    )]
    KubernetesWithoutShards,
    /// An AWS Batch array job's index without its size.
    #[error("AWS_BATCH_JOB_ARRAY_INDEX is set without AWS_BATCH_JOB_ARRAY_SIZE: give --shards")]
    BatchWithoutSize,
    /// A Slurm array task's id without the task count.
    #[error("SLURM_ARRAY_TASK_ID is set without SLURM_ARRAY_TASK_COUNT: give --shards")]
    SlurmWithoutCount,
    /// A Slurm array task id below the array's first.
    #[error("SLURM_ARRAY_TASK_ID {id} is below SLURM_ARRAY_TASK_MIN {min}")]
    SlurmBelowMin { id: u32, min: u32 },
}
