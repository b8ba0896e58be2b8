//! Why a sharded forecast's parts could not be merged, or a part not
//! written.

use std::path::PathBuf;

use thiserror::Error;

/// A part that can't be read or written, or parts that are not the
/// shards, each once, of one forecast.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum MergeError {
    /// A part file could not be read.
    #[error("{0}: can't read: {1}")]
    Read(PathBuf, std::io::Error),
    /// A part file could not be written (or its text not made).
    #[error("{0}: can't write: {1}")]
    Write(PathBuf, std::io::Error),
    /// A file that is not a part, or a part that holds what its shard
    /// can't (another shard's runs, a shard past the count).
    #[error("{0}: not a forecast part of cowsim: {1}")]
    NotAPart(PathBuf, String),
    /// A part written by another version of cowsim, which may run the
    /// same seed differently.
    #[error("{0}: written by cowsim {1}, not {2}: run every shard with one version")]
    Version(PathBuf, String, &'static str),
    /// A part of the same version written by a build whose parts hold
    /// other fields (`PART_REVISION`).
    #[error(
        "{0}: a part of revision {1}, written by another build of cowsim {version}; this build reads revision {2}: run every shard with one build",
        version = env!("CARGO_PKG_VERSION")
    )]
    Revision(PathBuf, u32, u32),
    /// A part of another forecast: its scenario, options or shard count
    /// (named) differ from the first part's.
    #[error("{0}: {1} differs from {2}'s: parts of different forecasts can't be merged")]
    Different(PathBuf, &'static str, PathBuf),
    /// One shard given by two parts.
    #[error("{0}: shard {1} is given twice (also in {2})")]
    Duplicate(PathBuf, u32, PathBuf),
    /// Shards without a part: their indices and the shard count.
    #[error("shard(s) {0} of {1} missing")]
    Missing(String, u32),
    /// Nothing to merge.
    #[error("no part to merge")]
    Empty,
}
