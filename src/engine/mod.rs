//! The page-level copy-on-write volume engine.
//!
//! It knows pages, volumes, layers and writers; nothing of accounts, ARNs,
//! keys or money. See `store.rs` for the operations, `sweep.rs` and
//! `accounting.rs` for how the counts are computed, and `reference.rs` for
//! the naive model the engine is tested against.

mod accounting;
mod bitset;
mod chunk;
mod decode;
mod error;
mod holder_index;
mod ids;
mod incremental;
mod layer;
mod page;
mod policy;
mod probe;
pub mod reference;
mod store;
mod sweep;
mod visits;
mod words;
mod worth;

pub use accounting::{
    Accounting, FamilyUsage, Move, OwnedPages, SnapshotUsage, VolumeUsage, WouldFree,
};
pub use error::EngineError;
pub use ids::{FamilyId, LayerId, SnapshotId, VolumeId};
pub use page::{GIB, MAX_VOLUME_BYTES, PageNo, PageSet, PageSize, SEGMENT_BYTES, SegmentNo, TIB};
pub use policy::{BillingPolicy, Payer};
pub use store::Engine;
