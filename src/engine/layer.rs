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
        let (mut singles, mut held) = (Vec::new(), Vec::new());
        while let Some((seg, first)) = pieces.next() {
            let bitmap = self.segments.entry(seg).or_default();
            let mut new = Some(Vec::new());
            let mut ranges = false;
            singles.clear();
            let mut piece = Some(first);
            while let Some(p) = piece {
                if p.len() == 1 {
                    singles.push(p.start);
                } else {
                    ranges = true;
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
            // Scattered updates: every page is looked up before any is
            // inserted, so that the lookups' memory loads overlap instead
            // of waiting on each insert's branch.
            held.clear();
            held.extend(singles.iter().map(|&o| bitmap.contains(o)));
            for (&o, _) in singles.iter().zip(&held).filter(|(_, h)| !**h) {
                bitmap.insert(o);
                match &mut new {
                    Some(list) if list.len() < limit => list.push(o),
                    _ => new = None,
                }
            }
            if let Some(list) = &mut new
                && ranges
                && !singles.is_empty()
            {
                list.sort_unstable();
            }
            touched.push((seg, new));
        }
        touched
    }

    /// Number of page versions in the layer.
    pub fn page_count(&self) -> u64 {
        self.segments.values().map(RoaringBitmap::len).sum()
    }
}
