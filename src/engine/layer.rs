//! A layer: the page versions written into one step of a volume's history.
//!
//! Layers form a tree per family (qcow2 overlays, Neon timelines). A live
//! volume writes into its private *active* layer; cloning or snapshotting
//! freezes it, and the volume and the clone each continue on a new empty
//! layer whose parent is the frozen one. A volume sees, for each page, the
//! version in the nearest layer on the path from its active layer to the
//! root.
//!
//! Format: per 10 GiB segment, a `RoaringBitmap` of the segment-relative
//! offsets of the pages written in the layer. Bulk data is a run, so a
//! fully written 256 TiB layer costs a few bytes per segment; scattered
//! updates cost about two bytes each (array containers).

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use super::ids::{LayerId, VolumeId};
use super::page::{PageSet, SegmentNo};

/// One layer of a family's tree.
#[derive(Clone, Debug)]
pub(crate) struct Layer {
    pub parent: Option<LayerId>,
    pub children: Vec<LayerId>,
    /// The volume whose active layer this is or was: the owner of every page
    /// version in it.
    pub writer: VolumeId,
    /// `Some` while the layer is a live volume's active (mutable) layer.
    pub active_of: Option<VolumeId>,
    /// Snapshots that pin this (frozen) layer.
    pub pins: u32,
    pub segments: BTreeMap<SegmentNo, RoaringBitmap>,
}

impl Layer {
    pub fn new(parent: Option<LayerId>, writer: VolumeId) -> Self {
        Self {
            parent,
            children: Vec::new(),
            writer,
            active_of: Some(writer),
            pins: 0,
            segments: BTreeMap::new(),
        }
    }

    /// Whether the layer holds no page version.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Whether nothing can see this layer any more: frozen, unpinned, and
    /// with no layer below it.
    pub fn is_garbage(&self) -> bool {
        self.active_of.is_none() && self.pins == 0 && self.children.is_empty()
    }

    /// Adds `pages` to the layer; returns, per segment touched, the
    /// offsets new to the layer (a rewrite of a page it already holds
    /// changes no count), in increasing order, or `None` where there are
    /// more than `limit` of them.
    pub fn insert(
        &mut self,
        pages: &PageSet,
        segment_pages: u64,
        limit: usize,
    ) -> Vec<(SegmentNo, Option<Vec<u32>>)> {
        let mut touched = Vec::new();
        let mut pieces = pages.segment_pieces(segment_pages).peekable();
        while let Some((seg, first)) = pieces.next() {
            let bitmap = self.segments.entry(seg).or_default();
            let mut new = Some(Vec::new());
            let mut singles = Scattered::default();
            let mut piece = Some(first);
            while let Some(p) = piece {
                if p.len() == 1 {
                    singles.push(p.start, bitmap, &mut new, limit);
                } else {
                    singles.flush(bitmap, &mut new, limit);
                    if let Some(list) = &mut new {
                        let added = p.len() - bitmap.range_cardinality(p.clone()) as usize;
                        if list.len() + added > limit {
                            new = None;
                        } else if added > 0 {
                            list.extend(p.clone().filter(|&o| !bitmap.contains(o)));
                        }
                    }
                    bitmap.insert_range(p);
                }
                piece = pieces.next_if(|(s, _)| *s == seg).map(|(_, p)| p);
            }
            singles.flush(bitmap, &mut new, limit);
            touched.push((seg, new));
        }
        touched
    }

    /// Number of page versions in the layer.
    pub fn page_count(&self) -> u64 {
        self.segments.values().map(RoaringBitmap::len).sum()
    }
}

/// Scattered single-page writes to one segment, inserted a batch at a
/// time: every page of a batch is looked up before any is inserted, so the
/// lookups' memory loads overlap instead of each waiting on the previous
/// insert's branch. The batch lives on the stack: a one-page write costs
/// no allocation.
#[derive(Default)]
struct Scattered {
    offsets: [u32; SCATTERED_BATCH],
    len: usize,
}

const SCATTERED_BATCH: usize = 32;

impl Scattered {
    /// Adds `offset` (greater than any pending), inserting the batch when full.
    fn push(
        &mut self,
        offset: u32,
        bitmap: &mut RoaringBitmap,
        new: &mut Option<Vec<u32>>,
        limit: usize,
    ) {
        self.offsets[self.len] = offset;
        self.len += 1;
        if self.len == SCATTERED_BATCH {
            self.flush(bitmap, new, limit);
        }
    }

    /// Inserts the pending offsets, recording in `new` (in order) those the
    /// bitmap did not hold, or `None` past `limit` of them.
    fn flush(&mut self, bitmap: &mut RoaringBitmap, new: &mut Option<Vec<u32>>, limit: usize) {
        let offsets = &self.offsets[..self.len];
        let mut held = [false; SCATTERED_BATCH];
        for (h, &o) in held.iter_mut().zip(offsets) {
            *h = bitmap.contains(o);
        }
        for (&o, _) in offsets.iter().zip(held).filter(|(_, h)| !h) {
            bitmap.insert(o);
            match new {
                Some(list) if list.len() < limit => list.push(o),
                _ => *new = None,
            }
        }
        self.len = 0;
    }
}
