//! What a family keeps between two accountings, so that metering costs
//! follow what changed rather than the family's size: each segment's sums
//! from the last sweep, the segments written since, the pages new to a
//! layer when few enough to update the sums page by page, the lookups that
//! update uses (dense copies and the holder index, `lookups.rs`), and the
//! last result, which an idle family returns as it is.
//!
//! Everything here can be thrown away: the accounting is the same without
//! it, only slower. A clone, snapshot or delete changes who sees what, and
//! [`FamilyCache::reshape`] then makes the next accounting sweep again.
//!
//! Accounting is a read of the model, so it takes `&Engine`; the cache it
//! updates as it goes sits behind a lock per family, which the model holds
//! (`model/bookkeeping.rs`).
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | what a family keeps between accountings |
//! | `update.rs` | updating kept sums page by page after small writes |
//! | `lookups.rs` | which layers hold a written page: lookups with dense copies; what a write knows a layer holds |
//! | `holder_index.rs` | which layers hold each page of a segment, at one load a page |

mod holder_index;
mod lookups;
pub(super) mod update;

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::model::bookkeeping::Bookkeeping;
use crate::engine::model::ids::LayerId;
use crate::engine::model::layer::{Layer, Touched};
use crate::engine::model::page::{PageSet, SegmentNo};
use crate::engine::sweep::family::FamilyEval;
use crate::engine::sweep::segment_sums::SumsBySegment;
use lookups::{Indexed, Probes};
use update::Fresh;

/// Fresh pages in one segment beyond which sweeping it again is cheaper
/// than updating its sums page by page.
pub(super) const INCREMENTAL_PAGES: usize = 1 << 14;

/// Emptied lists of fresh pages a family keeps for reuse, and the
/// longest it keeps: enough for an hour of steady workloads on a volume of
/// a few TiB, while a rare large batch's lists are let go.
const SPARE_LISTS: usize = 256;
const SPARE_PAGES: usize = 1024;

/// A family's cached accounting state.
#[derive(Clone, Debug)]
pub struct FamilyCache {
    /// Each segment's sums as of the last accounting, valid while the tree
    /// keeps its shape.
    sums: SumsBySegment,
    /// Segments written since the last accounting, to sweep again.
    dirty: BTreeSet<SegmentNo>,
    /// Whether a clone, snapshot or delete changed who sees what since the
    /// last accounting, so every segment must be swept again.
    reshaped: bool,
    /// The last accounting, valid while nothing changed.
    last: Option<FamilyEval>,
    /// Pages new to a layer since the last accounting, per segment.
    fresh: Fresh,
    /// How incremental updates look up each layer's pages.
    probes: Probes,
    /// Emptied lists of fresh pages, reused: an hour's writes fill one
    /// list per segment, and growing new ones every hour costs more than
    /// the writes' bookkeeping itself.
    spare: Vec<Vec<(u32, LayerId)>>,
}

/// What changed since the last accounting, taken out of the cache for the
/// next one.
pub(crate) struct Changes {
    pub reshaped: bool,
    pub dirty: BTreeSet<SegmentNo>,
    pub fresh: Fresh,
    pub sums: SumsBySegment,
    pub probes: Probes,
}

impl Bookkeeping for FamilyCache {
    /// A new family's cache: its first accounting sweeps every segment.
    fn new() -> Self {
        FamilyCache {
            sums: SumsBySegment::default(),
            dirty: BTreeSet::new(),
            reshaped: true,
            last: None,
            fresh: BTreeMap::new(),
            probes: Probes::default(),
            spare: Vec::new(),
        }
    }

    /// Who sees what has changed: the next accounting sweeps everything.
    fn reshape(&mut self) {
        self.reshaped = true;
    }

    fn write(
        &self,
        layer: &mut Layer,
        segment_pages: u64,
        active: LayerId,
        pages: &PageSet,
    ) -> Touched {
        layer.insert(pages, segment_pages, INCREMENTAL_PAGES, self.known(active))
    }

    /// Records the offsets new to `layer` per segment (`None`: too many to
    /// list): for a page-by-page update of cached sums, or as a dirty
    /// segment to sweep again.
    fn note_fresh(&mut self, layer: LayerId, touched: &Touched) {
        for (seg, new) in touched.iter() {
            if new.is_some_and(<[u32]>::is_empty) {
                continue;
            }
            if self.reshaped {
                // The next accounting sweeps every segment anyway.
                continue;
            }
            if self.dirty.contains(&seg) {
                continue;
            }
            let spare = &mut self.spare;
            let list = self
                .fresh
                .entry(seg)
                .or_insert_with(|| spare.pop().unwrap_or_default());
            match new {
                Some(new) if list.len() + new.len() <= INCREMENTAL_PAGES => {
                    list.extend(new.iter().map(|&offset| (offset, layer)));
                }
                _ => {
                    self.fresh.remove(&seg);
                    self.dirty.insert(seg);
                }
            }
        }
    }
}

impl FamilyCache {
    /// The last accounting, if nothing changed since.
    pub(in crate::engine) fn unchanged(&self) -> Option<&FamilyEval> {
        self.last
            .as_ref()
            .filter(|_| !self.reshaped && self.dirty.is_empty() && self.fresh.is_empty())
    }

    /// Takes what changed out, for an accounting.
    pub(in crate::engine) fn take(&mut self) -> Changes {
        Changes {
            reshaped: self.reshaped,
            dirty: std::mem::take(&mut self.dirty),
            fresh: std::mem::take(&mut self.fresh),
            sums: std::mem::take(&mut self.sums),
            probes: std::mem::take(&mut self.probes),
        }
    }

    /// Keeps an accounting's sums, lookups and result, and the lists of
    /// fresh pages it used, to fill again.
    pub(in crate::engine) fn keep(
        &mut self,
        sums: SumsBySegment,
        probes: Probes,
        eval: FamilyEval,
        used: Fresh,
    ) {
        self.sums = sums;
        self.probes = probes;
        self.reshaped = false;
        self.last = Some(eval);
        let room = SPARE_LISTS.saturating_sub(self.spare.len());
        self.spare.extend(
            used.into_values()
                .filter(|list| list.capacity() <= SPARE_PAGES)
                .take(room)
                .map(|mut list| {
                    list.clear();
                    list
                }),
        );
    }

    /// What `layer`, of this family, is known to hold.
    pub(in crate::engine) fn known(&self, layer: LayerId) -> Indexed<'_> {
        Indexed::of(&self.probes, layer)
    }
}
