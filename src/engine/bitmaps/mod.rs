//! Bitmaps read and kept the engine's own way, for the sweep, the cache's
//! lookups and explanations alike.
//!
//! | file | holds |
//! |---|---|
//! | `serialized.rs` | pages and runs read from roaring's serialized containers |
//! | `bitset.rs` | dense bit sets over a segment's offsets |

pub(super) mod bitset;
pub(super) mod serialized;
