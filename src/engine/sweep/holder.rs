//! A layer holding pages in one segment, as the sweep and the incremental
//! update see it: where it sits in the family tree, what lies below it, and
//! its pages.

use roaring::RoaringBitmap;

/// The tree facts the sweep needs about one layer that holds pages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Holder<'a> {
    /// Preorder position in the family tree.
    pub pos: u32,
    /// One past the last preorder position of its subtree.
    pub end: u32,
    pub volumes_below: u32,
    pub snapshots_below: u32,
    pub writer_alive: bool,
    pub pages: &'a RoaringBitmap,
}

#[cfg(test)]
impl<'a> Holder<'a> {
    /// A holder at preorder `pos` whose subtree ends before `end`, with
    /// `volumes` live volumes below, no snapshots, and a live writer.
    pub fn for_test(pos: u32, end: u32, volumes: u32, pages: &'a RoaringBitmap) -> Self {
        Holder {
            pos,
            end,
            volumes_below: volumes,
            snapshots_below: 0,
            writer_alive: true,
            pages,
        }
    }
}

/// Volumes in the low half, snapshots in the high half: one add counts both.
pub(crate) fn pack(volumes: u32, snapshots: u32) -> u64 {
    u64::from(volumes) | (u64::from(snapshots) << 32)
}

/// The position in `items` of the first that `is`, looking from `start`
/// on first, then before it. Lists kept beside a segment's holders (its
/// sums, its index's bits) are mostly in the holders' order, so looking
/// from just after the last one found finds the next at once.
pub(crate) fn position_from<T>(
    items: &[T],
    start: usize,
    is: impl Fn(&T) -> bool,
) -> Option<usize> {
    let start = start.min(items.len());
    items[start..]
        .iter()
        .position(&is)
        .map(|i| start + i)
        .or_else(|| items[..start].iter().position(is))
}
