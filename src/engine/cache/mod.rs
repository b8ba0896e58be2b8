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
//! updates as it goes sits behind a lock per family ([`SharedCache`]).
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
use std::sync::{Mutex, MutexGuard};

use crate::engine::model::ids::LayerId;
use crate::engine::model::layer::Touched;
use crate::engine::model::page::SegmentNo;
use crate::engine::sweep::family::FamilyEval;
use crate::engine::sweep::segment_sums::SumsBySegment;
use lookups::{Indexed, Probes};
use update::Fresh;

/// Fresh pages in one segment beyond which sweeping it again is cheaper
/// than updating its sums page by page.
pub(crate) const INCREMENTAL_PAGES: usize = 1 << 14;

/// Emptied lists of fresh pages a family keeps for reuse, and the
/// longest it keeps: enough for an hour of steady workloads on a volume of
/// a few TiB, while a rare large batch's lists are let go.
const SPARE_LISTS: usize = 256;
const SPARE_PAGES: usize = 1024;

/// A family's cached accounting state.
#[derive(Clone, Debug)]
pub(crate) struct FamilyCache {
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

/// A family's cache, which accounting updates through `&Engine`.
///
/// A `Mutex` rather than a `RefCell`, so that the engine stays `Sync` and
/// readers on several threads can share it. Writes hold `&mut Engine` and
/// reach the cache through [`SharedCache::get_mut`], which takes no lock;
/// an accounting locks once per family it accounts, one uncontended atomic
/// operation beside a sweep or an update. The lock is held for the whole
/// accounting of the family, so concurrent readers of one family take
/// turns rather than both doing the work. The sweep inside runs on rayon's
/// pool: a thread waiting there may pick up other queued tasks, so reads
/// of one engine run in parallel from threads of their own, not from tasks
/// of that pool (one such task could wait for the lock its own thread
/// holds).
#[derive(Debug)]
pub(crate) struct SharedCache(Mutex<FamilyCache>);

impl SharedCache {
    pub fn new(cache: FamilyCache) -> Self {
        SharedCache(Mutex::new(cache))
    }

    /// The cache, for a write, which no reader can share. After a panicked
    /// accounting, the next one sweeps everything again (the lock is
    /// cleared by [`SharedCache::lock`]).
    pub fn get_mut(&mut self) -> &mut FamilyCache {
        match self.0.get_mut() {
            Ok(cache) => cache,
            Err(poisoned) => {
                let cache = poisoned.into_inner();
                cache.reshape();
                cache
            }
        }
    }

    /// The cache, for an accounting. An accounting that panicked left it
    /// half taken: the next one then sweeps everything again.
    pub fn lock(&self) -> MutexGuard<'_, FamilyCache> {
        self.0.lock().unwrap_or_else(|poisoned| {
            self.0.clear_poison();
            let mut cache = poisoned.into_inner();
            cache.reshape();
            cache
        })
    }
}

impl Clone for SharedCache {
    fn clone(&self) -> Self {
        SharedCache::new(self.lock().clone())
    }
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

impl FamilyCache {
    /// A new family's cache: its first accounting sweeps every segment.
    pub fn new() -> Self {
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
    pub fn reshape(&mut self) {
        self.reshaped = true;
    }

    /// The last accounting, if nothing changed since.
    pub fn unchanged(&self) -> Option<&FamilyEval> {
        self.last
            .as_ref()
            .filter(|_| !self.reshaped && self.dirty.is_empty() && self.fresh.is_empty())
    }

    /// Takes what changed out, for an accounting.
    pub fn take(&mut self) -> Changes {
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
    pub fn keep(&mut self, sums: SumsBySegment, probes: Probes, eval: FamilyEval, used: Fresh) {
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
    pub fn known(&self, layer: LayerId) -> Indexed<'_> {
        Indexed::of(&self.probes, layer)
    }

    /// Records the offsets new to `layer` per segment (`None`: too many to
    /// list): for a page-by-page update of cached sums, or as a dirty
    /// segment to sweep again.
    pub fn note_fresh(&mut self, layer: LayerId, touched: &Touched) {
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
