//! A family's accounting from scratch: its tree of live layers, the sweep
//! of each of its segments (in parallel), and the sums added up.
//!
//! The sweep (`mod.rs`) leaves, at each layer, the sum of what its
//! versions are worth to a viewer minus what the versions they hide were
//! worth. A prefix sum down the tree then gives every volume the total over
//! exactly the versions it sees; the writer's and the family's shares come
//! from per-layer counts of the versions some live volume sees.

use std::collections::{BTreeMap, BTreeSet};

use roaring::RoaringBitmap;

use super::holder::Holder;
use super::segment_sums::{Acc, SegmentSums};
use super::sweep;
use crate::engine::accounting::{FamilyUsage, OwnedPages, SnapshotUsage, VolumeUsage};
use crate::engine::model::ids::{FamilyId, LayerId, SnapshotId, VolumeId};
use crate::engine::model::layer::Layer;
use crate::engine::model::page::SegmentNo;
use crate::engine::model::policy::{BillingPolicy, Payer};

/// What the evaluation needs to know about the engine.
pub(crate) struct FamilyView<'a> {
    pub family: FamilyId,
    pub root: LayerId,
    pub layers: &'a [Option<Layer>],
    pub volume_alive: &'a dyn Fn(VolumeId) -> bool,
    pub snapshot_layers: &'a [(SnapshotId, LayerId)],
    /// A volume to treat as deleted (for "would free").
    pub excluded: Option<VolumeId>,
    /// Offsets the sweep handles at a time.
    pub sweep_chunk: u32,
    /// Pages per segment in this family.
    pub segment_pages: u64,
}

impl<'a> FamilyView<'a> {
    /// A live layer of the family's tree.
    fn layer(&self, id: LayerId) -> &'a Layer {
        live_layer(self.layers, id)
    }
}

/// A layer of a family's tree, which holds live layers only.
#[expect(clippy::expect_used, reason = "tree holds live layers")]
fn live_layer(layers: &[Option<Layer>], id: LayerId) -> &Layer {
    layers[id.index()].as_ref().expect("tree holds live layers")
}

const NONE: u32 = u32::MAX;

/// The tree of a family's live layers in preorder.
pub(crate) struct Tree {
    ids: Vec<LayerId>,
    parent: Vec<u32>,
    /// One past the last preorder position of each layer's subtree.
    end: Vec<u32>,
    volumes_below: Vec<u32>,
    snapshots_below: Vec<u32>,
    writer_alive: Vec<bool>,
    /// Preorder position of each global layer index, `NONE` if absent.
    position: Vec<u32>,
}

impl Tree {
    pub fn build(view: &FamilyView<'_>) -> Self {
        let mut tree = Tree {
            ids: Vec::new(),
            parent: Vec::new(),
            end: Vec::new(),
            volumes_below: Vec::new(),
            snapshots_below: Vec::new(),
            writer_alive: Vec::new(),
            position: vec![NONE; view.layers.len()],
        };
        let mut stack = vec![(view.root, NONE)];
        while let Some((id, parent)) = stack.pop() {
            let Some(l) = view.layers[id.index()].as_ref() else {
                continue;
            };
            let pos = tree.ids.len() as u32;
            tree.position[id.index()] = pos;
            tree.ids.push(id);
            tree.parent.push(parent);
            tree.end.push(pos + 1);
            let live_volume = l.active_of.is_some_and(|v| Some(v) != view.excluded);
            tree.volumes_below.push(u32::from(live_volume));
            tree.snapshots_below.push(0);
            tree.writer_alive
                .push(Some(l.writer) != view.excluded && (view.volume_alive)(l.writer));
            for &child in l.children.iter().rev() {
                stack.push((child, pos));
            }
        }
        for &(_, id) in view.snapshot_layers {
            let pos = tree.position[id.index()];
            if pos != NONE {
                tree.snapshots_below[pos as usize] += 1;
            }
        }
        for i in (0..tree.ids.len()).rev() {
            let p = tree.parent[i];
            if p != NONE {
                let p = p as usize;
                tree.volumes_below[p] += tree.volumes_below[i];
                tree.snapshots_below[p] += tree.snapshots_below[i];
                tree.end[p] = tree.end[p].max(tree.end[i]);
            }
        }
        tree
    }

    /// The layer at preorder position `pos`.
    pub fn id_at(&self, pos: u32) -> LayerId {
        self.ids[pos as usize]
    }

    /// The preorder position of `layer`, if it is in the tree.
    pub fn pos_of(&self, layer: LayerId) -> Option<u32> {
        let pos = self.position[layer.index()];
        (pos != NONE).then_some(pos)
    }

    fn holder<'a>(&self, pos: usize, pages: &'a RoaringBitmap) -> Holder<'a> {
        Holder {
            pos: pos as u32,
            end: self.end[pos],
            volumes_below: self.volumes_below[pos],
            snapshots_below: self.snapshots_below[pos],
            writer_alive: self.writer_alive[pos],
            pages,
        }
    }
}

/// The layers holding pages in each of `segments` (in its order), in
/// preorder.
pub(crate) fn holders_of<'a>(
    view: &FamilyView<'a>,
    tree: &Tree,
    segments: impl Iterator<Item = SegmentNo>,
) -> Vec<Vec<Holder<'a>>> {
    segments
        .map(|seg| holders_in(view.layers, tree, seg))
        .collect()
}

/// Sweeps `only` those segments, or else all of the family's, in
/// parallel; the results come back in segment order, as runs: each is the
/// sums of every segment of a run (its first segment and length). All the
/// family's are swept a run at a time where every layer holds each
/// segment of the run whole or not at all (bulk data nobody rewrote):
/// those segments' sums are equal, so one sweep gives them all, and a
/// 256 TiB volume costs two sweeps, not 26,215.
pub(crate) fn sweep_segments(
    view: &FamilyView<'_>,
    tree: &Tree,
    only: Option<&BTreeSet<SegmentNo>>,
) -> Vec<(SegmentNo, u32, SegmentSums)> {
    use rayon::prelude::*;

    let runs: Vec<(SegmentNo, u32)> = match only {
        Some(only) => only.iter().map(|&seg| (seg, 1)).collect(),
        None => alike_runs(view, tree),
    };
    // Each run's holders are gathered where it is swept, so only the runs
    // being swept hold a list at any time.
    let (chunk, layers) = (view.sweep_chunk, view.layers);
    runs.par_iter()
        .map(|&(seg, len)| (seg, len, sweep(&holders_in(layers, tree, seg), chunk)))
        .collect()
}

/// The family's held segments cut into runs that every layer holds alike
/// (each segment whole, or none of it), a segment held in part being a
/// run of its own. The work is the layers' runs and partial segments, not
/// the segments.
fn alike_runs(view: &FamilyView<'_>, tree: &Tree) -> Vec<(SegmentNo, u32)> {
    let mut cuts: Vec<u32> = Vec::new();
    let mut partial: BTreeSet<u32> = BTreeSet::new();
    for id in &tree.ids {
        view.layer(*id)
            .segments
            .for_each_piece(|start, end, whole| {
                cuts.extend([start, end]);
                if !whole {
                    partial.insert(start);
                }
            });
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter(|w| {
            partial.contains(&w[0])
                || tree
                    .ids
                    .iter()
                    .any(|id| view.layer(*id).segments.holds_whole(SegmentNo(w[0])))
        })
        .map(|w| (SegmentNo(w[0]), w[1] - w[0]))
        .collect()
}

/// The layers of `tree` holding pages in `seg`, in preorder.
fn holders_in<'a>(layers: &'a [Option<Layer>], tree: &Tree, seg: SegmentNo) -> Vec<Holder<'a>> {
    let mut holders = Vec::with_capacity(tree.ids.len());
    for (pos, id) in tree.ids.iter().enumerate() {
        if let Some(pages) = live_layer(layers, *id).segments.get(seg) {
            holders.push(tree.holder(pos, pages));
        }
    }
    holders
}

/// The accounting of one family.
#[derive(Clone, Debug)]
pub(crate) struct FamilyEval {
    pub volumes: Vec<VolumeUsage>,
    pub snapshots: Vec<SnapshotUsage>,
    pub family: FamilyUsage,
}

/// Adds up the segments' sums and attributes them to volumes.
pub(crate) fn finish<'a>(
    view: &FamilyView<'_>,
    tree: &Tree,
    segments: impl Iterator<Item = &'a SegmentSums>,
) -> FamilyEval {
    let n = tree.ids.len();
    let mut cum = vec![Acc::default(); n];
    let mut seen = vec![0u64; n];
    let mut snapshot_only = 0;
    for sums in segments {
        for l in &sums.layers {
            cum[l.pos as usize].add(&l.acc);
            seen[l.pos as usize] += l.seen;
        }
        snapshot_only += sums.snapshot_only;
    }
    for i in 0..n {
        let p = tree.parent[i];
        if p != NONE {
            let parent = cum[p as usize];
            cum[i].add(&parent);
        }
    }
    let mut volumes: Vec<(VolumeId, usize)> = Vec::new();
    let mut direct: BTreeMap<VolumeId, u64> = BTreeMap::new();
    let mut pool = [0u64; 3];
    for (i, (id, &seen)) in tree.ids.iter().zip(&seen).enumerate() {
        let l = view.layer(*id);
        if let Some(v) = l.active_of.filter(|v| Some(*v) != view.excluded) {
            volumes.push((v, i));
        }
        let alive = tree.writer_alive[i];
        if alive {
            *direct.entry(l.writer).or_default() += seen;
        }
        for p in BillingPolicy::ALL {
            if p.payer(alive) == Payer::Family {
                pool[p.index()] += seen;
            }
        }
    }
    volumes.sort_unstable();
    let live = volumes.len() as f64;
    let usages = volumes
        .iter()
        .map(|&(v, i)| {
            let c = cum[i];
            let mine = direct.get(&v).copied().unwrap_or(0) as f64;
            let mut owned = [0.0; 3];
            for p in BillingPolicy::ALL {
                let written = if p.payer(true) == Payer::Writer {
                    mine
                } else {
                    0.0
                };
                owned[p.index()] = c.split[p.index()] + written + pool[p.index()] as f64 / live;
            }
            VolumeUsage {
                volume: v,
                family: view.family,
                logical_pages: c.visible as u64,
                exclusive_pages: c.exclusive as u64,
                shared_pages: (c.visible - c.exclusive) as u64,
                owned_pages: OwnedPages(owned),
            }
        })
        .collect();
    let snapshots = view
        .snapshot_layers
        .iter()
        .filter_map(|&(s, id)| {
            let pos = tree.position[id.index()];
            (pos != NONE).then(|| SnapshotUsage {
                snapshot: s,
                family: view.family,
                logical_pages: cum[pos as usize].visible as u64,
            })
        })
        .collect();
    FamilyEval {
        volumes: usages,
        snapshots,
        family: FamilyUsage {
            family: view.family,
            live_page_versions: seen.iter().sum(),
            snapshot_only_page_versions: snapshot_only,
            volumes: volumes.iter().map(|&(v, _)| v).collect(),
        },
    }
}
