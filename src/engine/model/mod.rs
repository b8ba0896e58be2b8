//! The model: volumes, snapshots and families over trees of layers, and
//! the pages they hold. Reads of it take `&Engine`; what accounting keeps
//! between reads lives in `cache/`, and the model holds it, per family,
//! without knowing what it is (`bookkeeping.rs`).
//!
//! | file | holds |
//! |---|---|
//! | `store.rs` | the store behind the [`Engine`](super::Engine): families, volumes, layers and snapshots, and every operation on them (its accounting is `../accountant.rs`) |
//! | `bookkeeping.rs` | what the model tells a family's accounting state of its writes and reshapes, and the lock it holds that state behind |
//! | `layer.rs` | a layer: its place in the tree, its writer, and writes into it |
//! | `layer_pages.rs` | the pages a layer holds: whole segments as runs, others as bitmaps |
//! | `history.rs` | a volume's history: the versions its writes superseded and the pages it gained, while its retention window reaches them |
//! | `page.rs` | pages, page sets, page sizes, segments |
//! | `ids.rs` | typed ids of volumes, layers, snapshots and families |
//! | `policy.rs` | the billing policies: who pays for a version |
//! | `error.rs` | what an operation on the model refuses |

pub(super) mod bookkeeping;
pub(super) mod error;
pub(super) mod history;
pub(super) mod ids;
pub(super) mod layer;
pub(super) mod layer_pages;
pub(super) mod page;
pub(super) mod policy;
pub(super) mod store;
