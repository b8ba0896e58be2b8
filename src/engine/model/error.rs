//! Errors of the volume engine.

use thiserror::Error;

use super::ids::{SnapshotId, VolumeId};

/// Why an engine operation was refused. A refused operation changes nothing.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EngineError {
    /// The volume was never created or has been deleted.
    #[error("volume {0} does not exist")]
    NoSuchVolume(VolumeId),
    /// The snapshot was never created or has been deleted.
    #[error("snapshot {0} does not exist")]
    NoSuchSnapshot(SnapshotId),
    /// A write would grow the volume past the largest supported size.
    #[error("page {page} is past the largest volume ({max_pages} pages of this size, 256 TiB)")]
    PageOutOfRange {
        /// The first page past the limit.
        page: u64,
        /// How many pages the largest volume holds.
        max_pages: u64,
    },
    /// A restore to a time outside the volume's restorable window.
    #[error("time {at} is outside the restorable window {earliest} to {latest}")]
    NotRestorable {
        /// The time asked for, on the engine's clock.
        at: u64,
        /// The window's first and last instants.
        earliest: u64,
        latest: u64,
    },
}
