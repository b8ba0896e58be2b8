//! A cluster's storage configuration, which sets how its storage, its I/O
//! and its instance-hours are priced.

use crate::names::named_enum;

named_enum! {
    /// Aurora Standard (`aurora`) or I/O-Optimized (`aurora-iopt1`).
    pub enum StorageType ("storage type") {
        Standard = "aurora",
        IoOptimized = "aurora-iopt1",
    }
}
