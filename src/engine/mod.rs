//! The page-level copy-on-write volume engine.
//!
//! It knows pages, volumes, layers and writers; nothing of accounts, ARNs,
//! keys or money. The model is described in `docs/model.md`.
//!
//! Where each concept lives:
//!
//! | file | holds |
//! |---|---|
//! | `store.rs` | the [`Engine`]: families, volumes, layers and snapshots, and every operation on them |
//! | `layer.rs` | a layer: the pages written in it, per segment |
//! | `page.rs` | pages, page sets, page sizes, segments |
//! | `ids.rs` | typed ids of volumes, layers, snapshots and families |
//! | `policy.rs` | the billing policies: who pays for a version |
//! | `explain/` | a volume's pages grouped by the versions they see, who wrote them and who else sees them: the chain walk (`mod.rs`), who rewrote each page of a layer (`levels.rs`), grouping by viewers (`viewers.rs`), page runs (`runs.rs`) |
//! | `accounting.rs` | per-volume counts and bills from a family's segment sums; "would free" |
//! | `sweep.rs` | the sweep of one segment's page versions |
//! | `visits.rs` | which pages a sweep visits |
//! | `chunk.rs` | sweeping a chunk of page offsets with dense arrays |
//! | `holder.rs` | a layer holding pages in a segment, as the sweep sees it |
//! | `sums.rs` | a segment's sums per holding layer, left by a sweep |
//! | `worth.rs` | what a version is worth to each viewer, by table |
//! | `words.rs` | leaf layers' bitmap words, read in place |
//! | `decode.rs` | pages and runs read from roaring's serialized containers |
//! | `bitset.rs` | dense bit sets |
//! | `cache.rs` | what a family keeps between accountings |
//! | `incremental.rs` | updating cached sums page by page after small writes |
//! | `probe.rs` | page lookups for those updates, with dense copies |
//! | `holder_index.rs` | which layers hold each page of a segment, at one load a page |
//! | `reference.rs` | the naive model the engine is tested against |
//! | `error.rs` | the engine's errors |

mod accounting;
mod bitset;
mod cache;
mod chunk;
mod decode;
mod error;
mod explain;
mod holder;
mod holder_index;
mod ids;
mod incremental;
mod layer;
mod page;
mod policy;
mod probe;
pub mod reference;
mod store;
mod sums;
mod sweep;
mod visits;
mod words;
mod worth;

pub use accounting::{
    Accounting, FamilyUsage, Move, OwnedPages, SnapshotUsage, VolumeUsage, WouldFree,
};
pub use error::EngineError;
pub use explain::{ExplainCache, MAX_RANGES, VersionGroup};
pub use ids::{FamilyId, LayerId, SnapshotId, VolumeId};
pub use page::{GIB, MAX_VOLUME_BYTES, PageNo, PageSet, PageSize, SEGMENT_BYTES, SegmentNo, TIB};
pub use policy::{BillingPolicy, Payer};
pub use store::Engine;
