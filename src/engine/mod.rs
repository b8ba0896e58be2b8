//! The page-level copy-on-write volume engine.
//!
//! It knows pages, volumes, layers and writers; nothing of accounts, ARNs,
//! keys or money. The model is described in `docs/model.md`.
//!
//! Where each concept lives (each folder's `mod.rs` maps its files):
//!
//! | folder or file | holds |
//! |---|---|
//! | `model/` | the [`Store`] behind the [`Engine`]: volumes, snapshots, families, layers, pages, ids, billing policies, and what it refuses |
//! | `accounting.rs` | what accounting answers: per-volume counts and bills, "would free" |
//! | `accountant.rs` | the [`Engine`], a store keeping `cache/`'s state per family, and how it answers accounting, family by family, through the cache or a sweep |
//! | `sweep/` | accounting from scratch: the sweep of each segment's page versions |
//! | `cache/` | what a family keeps between accountings, and the page-by-page updates after small writes |
//! | `explain/` | a volume's pages grouped by the versions they see, who wrote them and who else sees them: the chain walk (`mod.rs`), who rewrote each page of a layer (`levels.rs`), grouping by viewers (`viewers.rs`), page runs (`runs.rs`) |
//! | `bitmaps/` | roaring's serialized containers read in place, and dense bit sets |
//! | `reference.rs` | the naive model the engine is tested against |

mod accountant;
mod accounting;
mod bitmaps;
mod cache;
mod explain;
mod model;
pub mod reference;
mod sweep;

pub use accountant::Engine;
pub use accounting::{
    Accounting, FamilyUsage, Move, OwnedPages, SnapshotUsage, VolumeUsage, WouldFree,
};
pub use explain::{ExplainCache, MAX_RANGES, VersionGroup};
pub use model::error::EngineError;
pub use model::ids::{FamilyId, LayerId, SnapshotId, VolumeId};
pub use model::page::{
    GIB, MAX_VOLUME_BYTES, PageNo, PageSet, PageSize, SEGMENT_BYTES, SegmentNo, TIB,
};
pub use model::policy::{BillingPolicy, Payer};
pub use model::store::Store;
