//! Why a volume owns what it owns: its pages grouped by the version they
//! see, as run-length page ranges. Each group says who wrote those
//! versions, whether the writer lives, and how many live volumes see the
//! same versions; a billing policy then says what share of the group falls
//! to the volume (docs/model.md, "Billing policies").
//!
//! The work follows the layers, not the pages. Walking the volume's chain
//! from its active layer to the root, each layer contributes the pages it
//! holds that no nearer layer shadows. The other volumes that see those
//! versions are the live volumes below that layer in the tree; a volume
//! among them does not see a page that a layer on its own path, below the
//! shared layer, rewrote. Counting, per page, how many of them rewrote it
//! is a handful of bitmap operations per written segment, once per layer
//! (`levels.rs`). A clone sees all of its source's layer but what it
//! rewrote itself: its groups there are the whole layer's, grouped once,
//! less its own rewrites (`viewers.rs`). So the work for each volume is
//! what it wrote, not the size of what it sees: a 256 TiB source's
//! thousand clones explain in about as long as the source alone.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use super::model::bookkeeping::Bookkeeping;
use super::model::error::EngineError;
use super::model::ids::{LayerId, VolumeId};
use super::model::layer_pages::LayerPages;
use super::model::policy::{BillingPolicy, Payer};
use super::model::store::Store;

mod levels;
mod runs;
mod viewers;

pub use runs::MAX_RANGES;
use runs::{ByViewers, Pages, Pieces, push_gaps, push_ranges, within};
pub use viewers::ExplainCache;

/// Pages of one volume that see versions of one writer, seen by the same
/// number of live volumes.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionGroup {
    /// The volume whose layer holds these versions.
    pub writer: VolumeId,
    pub writer_alive: bool,
    /// Whether the volume sees these versions. Those it doesn't are
    /// versions it wrote and has since rewritten, which a clone still
    /// sees (while it lives, it pays for them where the writer pays), and
    /// versions of deleted writers that only other volumes see (which
    /// family-equal splits among the whole family).
    pub seen: bool,
    /// Live volumes that see these same versions (this one included when
    /// `seen`).
    pub viewers: u32,
    /// Live volumes of the family.
    pub family_live: u32,
    pub pages: u64,
    /// The pages, as ascending half-open ranges: all of them, or the first
    /// [`MAX_RANGES`] when there are more (`pages` counts them all; the
    /// last run kept may end early, where a segment does).
    pub ranges: Vec<Range<u64>>,
}

impl VersionGroup {
    /// The share of each of these versions that `volume` pays under
    /// `policy`.
    pub fn share(&self, volume: VolumeId, policy: BillingPolicy) -> f64 {
        self.share_as(self.writer == volume, policy)
    }

    /// The share under `policy` of a volume that is, or is not, the
    /// versions' writer.
    pub fn share_as(&self, is_writer: bool, policy: BillingPolicy) -> f64 {
        match policy.payer(self.writer_alive) {
            Payer::Writer if is_writer => 1.0,
            Payer::Writer => 0.0,
            Payer::Viewers if self.seen => 1.0 / f64::from(self.viewers),
            Payer::Viewers => 0.0,
            Payer::Family => 1.0 / f64::from(self.family_live),
        }
    }
}

/// A layer of a volume's chain, as [`Engine::chain`] leaves it: of the
/// layer's segments, the pages nearer layers of the chain hold (the volume
/// sees the layer's other pages) and, of the volume's own layers, the
/// pages a nearer layer of its shadows. Both are as large as what the
/// volume itself wrote, not as the layer: a 256 TiB source costs a clone
/// nothing here.
struct Link<'a> {
    id: LayerId,
    covered: Cow<'a, LayerPages>,
    shadowed: Pieces<'a>,
}

impl<B: Bookkeeping> Store<B> {
    /// The groups of a live volume's pages, nearest layer first; then the
    /// versions it wrote that only others still see.
    pub fn explain(&self, volume: VolumeId) -> Result<Vec<VersionGroup>, EngineError> {
        self.explain_with(volume, &mut ExplainCache::default())
    }

    /// As [`Store::explain`], sharing `cache` with other explanations of
    /// the engine as it is now (the cache is wrong once it changes).
    pub fn explain_with(
        &self,
        volume: VolumeId,
        cache: &mut ExplainCache,
    ) -> Result<Vec<VersionGroup>, EngineError> {
        let record = self.live_volume(volume)?;
        let (root, segment_pages) = self.root_and_segment_pages(record.family);
        let family_live = self.live_volumes_below(root).len() as u32;
        let chain = self.chain(volume, record.active, segment_pages);
        let mut seen = Vec::new();
        let mut hidden = Vec::new();
        let group =
            |writer, writer_alive, seen, (viewers, ranges, pages): ByViewers| VersionGroup {
                writer,
                writer_alive,
                seen,
                viewers,
                family_live,
                pages,
                ranges,
            };
        for link in &chain {
            let l = self.layer(link.id);
            let writer_alive = self.is_alive(l.writer);
            for (pages, into, seen_by_it) in [
                (Pages::AllBut(&link.covered), &mut seen, true),
                (Pages::Only(&link.shadowed), &mut hidden, false),
            ] {
                // Versions only snapshots keep are backup, nobody's share.
                let groups = self.by_viewers(link.id, pages, segment_pages, cache)?;
                into.extend(
                    groups
                        .into_iter()
                        .filter(|(viewers, ..)| *viewers > 0)
                        .map(|g| group(l.writer, writer_alive, seen_by_it, g)),
                );
            }
        }
        let on_chain: BTreeMap<LayerId, &LayerPages> = chain
            .iter()
            .map(|link| (link.id, link.covered.as_ref()))
            .collect();
        // Under family-equal, every live version of a deleted writer is
        // split among all live volumes of the family, seen or not.
        let nothing = LayerPages::default();
        for id in self.family_layers(record.family) {
            let l = self.layer(id);
            if self.is_alive(l.writer) {
                continue;
            }
            let unseen;
            let pages = match on_chain.get(&id) {
                Some(covered) => {
                    unseen = within(&l.segments, covered, segment_pages);
                    Pages::Only(&unseen)
                }
                None => Pages::AllBut(&nothing),
            };
            let groups = self.by_viewers(id, pages, segment_pages, cache)?;
            hidden.extend(
                groups
                    .into_iter()
                    .filter(|(viewers, ..)| *viewers > 0)
                    .map(|g| group(l.writer, false, false, g)),
            );
        }
        seen.extend(hidden);
        Ok(seen)
    }

    /// Where each page of a live volume's view comes from, without who
    /// else sees it: one group per layer of its chain, `viewers` 0. This is
    /// the chain walk alone, for page maps of large families.
    pub fn origins(&self, volume: VolumeId) -> Result<Vec<VersionGroup>, EngineError> {
        let record = self.live_volume(volume)?;
        let (_, segment_pages) = self.root_and_segment_pages(record.family);
        let mut groups = Vec::new();
        for link in self.chain(volume, record.active, segment_pages) {
            let l = self.layer(link.id);
            let mut ranges = Vec::new();
            let mut pages = 0;
            for (seg, bits) in l.segments.iter() {
                let base = u64::from(seg.0) * segment_pages;
                let len = bits.len();
                match link.covered.get(seg) {
                    None => {
                        pages += len;
                        push_ranges(&mut ranges, bits, base, segment_pages, MAX_RANGES);
                    }
                    Some(c) if len == segment_pages => {
                        pages += len - c.len();
                        push_gaps(&mut ranges, c, base, segment_pages, MAX_RANGES);
                    }
                    Some(c) => {
                        let seen = bits - c;
                        pages += seen.len();
                        push_ranges(&mut ranges, &seen, base, segment_pages, MAX_RANGES);
                    }
                }
            }
            if pages > 0 {
                groups.push(VersionGroup {
                    writer: l.writer,
                    writer_alive: self.is_alive(l.writer),
                    seen: true,
                    viewers: 0,
                    family_live: 0,
                    pages,
                    ranges,
                });
            }
        }
        Ok(groups)
    }

    /// The layers from a volume's active layer to the root, each with what
    /// nearer layers cover and, of the volume's own layers, what they
    /// shadow.
    fn chain(&self, volume: VolumeId, active: LayerId, segment_pages: u64) -> Vec<Link<'_>> {
        let mut covered: Cow<'_, LayerPages> = Cow::Owned(LayerPages::default());
        let mut links = Vec::new();
        let mut layer = Some(active);
        while let Some(id) = layer {
            let l = self.layer(id);
            let shadowed = match l.writer == volume {
                true => within(&l.segments, &covered, segment_pages)
                    .into_iter()
                    .map(|(seg, bits)| (seg, Cow::Owned(bits.into_owned())))
                    .collect(),
                false => Pieces::new(),
            };
            links.push(Link {
                id,
                covered: covered.clone(),
                shadowed,
            });
            if l.parent.is_some() {
                // One layer covers as itself: most clones are one layer.
                if covered.is_empty() {
                    covered = Cow::Borrowed(&l.segments);
                } else {
                    covered.to_mut().union_with(&l.segments);
                }
            }
            layer = l.parent;
        }
        links
    }
}
