//! Small hand-drawn trees, each with the arithmetic behind its numbers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cowsim::engine::{
    Accounting, BillingPolicy, Engine, EngineError, PageNo, PageSet, PageSize, VolumeId,
};

const AURORA: BillingPolicy = BillingPolicy::Aurora;
const SHARED: BillingPolicy = BillingPolicy::SharedEqual;
const FAMILY: BillingPolicy = BillingPolicy::FamilyEqual;

fn owned(acc: &Accounting, v: VolumeId, p: BillingPolicy) -> f64 {
    acc.volume(v).expect("live").owned_pages.get(p)
}

fn pages(acc: &Accounting, v: VolumeId) -> (u64, u64, u64) {
    let u = acc.volume(v).expect("live");
    (u.logical_pages, u.exclusive_pages, u.shared_pages)
}

/// The Aurora guide's worked example.
///
/// ```text
///   source: pages 0..1000 ──clone──▶ clone rewrites 0..100
/// ```
/// Source pays its 1,000 versions (the clone still sees 900 of them), the
/// clone pays the 100 it wrote. Delete the source: the clone is the only
/// viewer of the 900, so it pays 100 + 900 = 1,000.
#[test]
fn worked_example_from_the_aurora_guide() {
    let mut e = Engine::new();
    let source = e.create_volume(PageSize::K16, 1_000).unwrap();
    let clone = e.clone_volume(source).unwrap();
    e.write(clone, &PageSet::range(0..100)).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, source, AURORA), 1_000.0);
    assert_eq!(owned(&acc, clone, AURORA), 100.0);
    // Source: 1,000 visible, 0..100 seen by it alone → 100 exclusive.
    assert_eq!(pages(&acc, source), (1_000, 100, 900));
    assert_eq!(pages(&acc, clone), (1_000, 100, 900));
    assert_eq!(acc.families[0].live_page_versions, 1_100);

    e.delete_volume(source).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, clone, AURORA), 1_000.0);
    assert_eq!(pages(&acc, clone), (1_000, 1_000, 0));
    // The source's 100 versions of 0..100 are seen by nobody: reclaimed.
    assert_eq!(acc.families[0].live_page_versions, 1_000);
}

/// Two clones split the orphaned source equally, and keep re-splitting as
/// they diverge.
///
/// ```text
///             source 0..1000 (deleted)
///              ├── a
///              └── b
/// ```
/// After the delete each clone sees all 1,000: 500 each. Then `a` rewrites
/// 0..100: `a` pays its 100, plus half of 100..1000 (450) = 550; `b` is the
/// only viewer of the old 0..100 (100) plus half of 100..1000 (450) = 550.
/// Conservation: 1,100 live versions.
#[test]
fn two_clones_split_the_orphaned_source() {
    let mut e = Engine::new();
    let source = e.create_volume(PageSize::K8, 1_000).unwrap();
    let a = e.clone_volume(source).unwrap();
    let b = e.clone_volume(source).unwrap();
    e.delete_volume(source).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, a, AURORA), 500.0);
    assert_eq!(owned(&acc, b, AURORA), 500.0);

    e.write(a, &PageSet::range(0..100)).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, a, AURORA), 550.0);
    assert_eq!(owned(&acc, b, AURORA), 550.0);
    assert_eq!(pages(&acc, a), (1_000, 100, 900));
    assert_eq!(pages(&acc, b), (1_000, 100, 900));
    assert_eq!(acc.families[0].live_page_versions, 1_100);

    // A third clone of `b` joins the split of what it sees.
    //   100..1000: seen by a, b, c → 300 each; 0..100 (old): b, c → 50 each.
    let c = e.clone_volume(b).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, a, AURORA), 100.0 + 300.0);
    assert_eq!(owned(&acc, b, AURORA), 50.0 + 300.0);
    assert_eq!(owned(&acc, c, AURORA), 50.0 + 300.0);
}

/// The source overwrites a page the clone still sees: the old version stays
/// in the source's bill although the source no longer sees it.
///
/// ```text
///   source 0..10 ──clone──▶ clone
///   source rewrites 0..4
/// ```
/// Source: 10 old versions (the clone sees all of them) + 4 new = 14.
#[test]
fn the_writer_pays_for_versions_it_no_longer_sees() {
    let mut e = Engine::new();
    let source = e.create_volume(PageSize::K16, 10).unwrap();
    let clone = e.clone_volume(source).unwrap();
    e.write(source, &PageSet::range(0..4)).unwrap();
    let acc = e.accounting();
    assert_eq!(owned(&acc, source, AURORA), 14.0);
    assert_eq!(owned(&acc, clone, AURORA), 0.0);
    // Exclusive: the source sees 0..4 new (its own) → 4; the clone sees
    // the old 0..4 alone → 4.
    assert_eq!(pages(&acc, source), (10, 4, 6));
    assert_eq!(pages(&acc, clone), (10, 4, 6));
}

/// The what-if policies on one tree.
///
/// ```text
///   s 0..6 (deleted)
///    ├── x rewrites 0..2
///    └── y
///   z: a clone of y, rewrites 5
/// ```
/// Versions seen by some live volume: s's 2..6 (x, y, z see 2..5; 5 is
/// seen by x, y), s's 0..2 (y, z), x's 0..2 (x), z's 5 (z): 4 + 2 + 2 + 1.
#[test]
fn what_if_policies_split_differently() {
    let mut e = Engine::new();
    let s = e.create_volume(PageSize::K16, 6).unwrap();
    let x = e.clone_volume(s).unwrap();
    let y = e.clone_volume(s).unwrap();
    e.write(x, &PageSet::range(0..2)).unwrap();
    let z = e.clone_volume(y).unwrap();
    e.write(z, &PageSet::range(5..6)).unwrap();
    e.delete_volume(s).unwrap();
    let acc = e.accounting();
    assert_eq!(acc.families[0].live_page_versions, 9);
    // aurora: x = 2 own + s's 2..5 / 3 (1) + s's 5 / 2 (0.5) = 3.5
    //         y = s's 0..2 / 2 (1) + 2..5 / 3 (1) + 5 / 2 (0.5) = 2.5
    //         z = 1 own + 0..2 / 2 (1) + 2..5 / 3 (1) = 3
    assert_eq!(owned(&acc, x, AURORA), 3.5);
    assert_eq!(owned(&acc, y, AURORA), 2.5);
    assert_eq!(owned(&acc, z, AURORA), 3.0);
    // shared-equal: x's own 0..2 and z's own 5 are each seen by one volume,
    // so the result equals aurora here.
    assert_eq!(owned(&acc, x, SHARED), 3.5);
    // family-equal: the 6 orphaned versions split over 3 volumes (2 each).
    assert_eq!(owned(&acc, x, FAMILY), 2.0 + 2.0);
    assert_eq!(owned(&acc, y, FAMILY), 2.0);
    assert_eq!(owned(&acc, z, FAMILY), 1.0 + 2.0);
}

/// A snapshot keeps versions alive without paying for them as cluster
/// storage: they are snapshot-only (backup) versions.
///
/// ```text
///   v 0..8 ─snapshot─▶ S ; v rewrites 0..3
/// ```
#[test]
fn snapshots_pin_versions() {
    let mut e = Engine::new();
    let v = e.create_volume(PageSize::K8, 8).unwrap();
    let snap = e.snapshot(v).unwrap();
    e.write(v, &PageSet::range(0..3)).unwrap();
    let acc = e.accounting();
    let family = &acc.families[0];
    assert_eq!(family.live_page_versions, 8);
    assert_eq!(family.snapshot_only_page_versions, 3);
    assert_eq!(acc.snapshot(snap).unwrap().logical_pages, 8);
    assert_eq!(owned(&acc, v, AURORA), 8.0);

    e.delete_snapshot(snap).unwrap();
    let acc = e.accounting();
    assert_eq!(acc.families[0].snapshot_only_page_versions, 0);
}

/// A full copy and a snapshot restore share nothing.
#[test]
fn full_copies_share_nothing() {
    let mut e = Engine::new();
    let v = e.create_volume(PageSize::K16, 100).unwrap();
    let copy = e.full_copy(v).unwrap();
    let snap = e.snapshot(v).unwrap();
    let restored = e.restore_snapshot(snap).unwrap();
    let acc = e.accounting();
    for vol in [v, copy, restored] {
        assert_eq!(pages(&acc, vol), (100, 100, 0));
        assert_eq!(owned(&acc, vol, AURORA), 100.0);
    }
    assert_ne!(e.family_of(v).unwrap(), e.family_of(copy).unwrap());
    assert_eq!(e.writer_of(copy, PageNo(5)).unwrap(), Some(copy));
}

/// "Would free": what deleting a volume frees and who inherits its bill.
///
/// ```text
///   s 0..10 ── a rewrites 0..4, b
/// ```
/// Deleting s frees nothing (everything it sees is seen by b); its 10
/// versions move: 0..4 to b alone (4), 4..10 split a/b (3 each): a +3,
/// b +7.
#[test]
fn would_free_tells_who_inherits() {
    let mut e = Engine::new();
    let s = e.create_volume(PageSize::K16, 10).unwrap();
    let a = e.clone_volume(s).unwrap();
    let b = e.clone_volume(s).unwrap();
    e.write(a, &PageSet::range(0..4)).unwrap();
    let wf = e.would_free(s).unwrap();
    assert_eq!(wf.exclusive_pages, 0);
    let moved = |v| {
        wf.moves
            .iter()
            .find(|m| m.to == v)
            .unwrap()
            .owned_pages_delta
    };
    assert_eq!(moved(a), 3.0);
    assert_eq!(moved(b), 7.0);
    // Nothing changed.
    assert!(e.is_alive(s));
    assert_eq!(owned(&e.accounting(), s, AURORA), 10.0);
}

/// 256 TiB volumes are representable, and clones of them cost nothing.
#[test]
fn largest_volume_clones() {
    let mut e = Engine::new();
    let max = PageSize::K8.max_pages();
    let v = e.create_volume(PageSize::K8, max).unwrap();
    let c = e.clone_volume(v).unwrap();
    e.write(c, &PageSet::from_pages([0, max / 2, max - 1]))
        .unwrap();
    let acc = e.accounting();
    assert_eq!(pages(&acc, c), (max, 3, max - 3));
    assert_eq!(owned(&acc, v, AURORA), max as f64);
    assert_eq!(
        e.write(v, &PageSet::range(max..max + 1)),
        Err(EngineError::PageOutOfRange {
            page: max,
            max_pages: max
        })
    );
}

/// Deleted volumes and snapshots are refused, and the refusal changes
/// nothing.
#[test]
fn dead_ids_are_refused() {
    let mut e = Engine::new();
    let v = e.create_volume(PageSize::K16, 4).unwrap();
    let snap = e.snapshot(v).unwrap();
    e.delete_volume(v).unwrap();
    e.delete_snapshot(snap).unwrap();
    let before = e.accounting();
    assert_eq!(e.clone_volume(v), Err(EngineError::NoSuchVolume(v)));
    assert_eq!(
        e.write(v, &PageSet::range(0..1)),
        Err(EngineError::NoSuchVolume(v))
    );
    assert_eq!(
        e.delete_snapshot(snap),
        Err(EngineError::NoSuchSnapshot(snap))
    );
    assert_eq!(e.accounting(), before);
    assert_eq!(e.layer_count(), 0, "everything was reclaimed");
}

/// Appends grow the volume from its end.
#[test]
fn appends_grow_from_the_end() {
    let mut e = Engine::new();
    let v = e.create_volume(PageSize::K16, 10).unwrap();
    assert_eq!(e.append(v, 5).unwrap(), 10..15);
    e.write(v, &PageSet::range(20..21)).unwrap();
    assert_eq!(e.extent(v).unwrap(), 21);
    assert_eq!(pages(&e.accounting(), v), (16, 16, 0));
}

/// Clones written in one batch, as the scenario runner writes its
/// workloads every hour.
///
/// ```text
///   source: pages 0..10000 ──clone──▶ a rewrites 0, 3, 6 … 4497
///                          ├─clone──▶ b rewrites 1, 4, 7 … 4498
///                          └─clone──▶ c rewrites 2, 5, 8 … 4499
/// ```
/// 4,500 pages in all: more than the batch size below which the layers
/// are written one after another, so they are written in parallel. Each
/// clone sees 10,000 pages, 1,500 of them its own; the source's versions
/// of 0..4500 are each still seen by two clones, so the source has no
/// exclusive page. The accounting equals that of the same writes in turn.
#[test]
fn batched_writes_equal_writes_in_turn() {
    let build = || {
        let mut e = Engine::new();
        let source = e.create_volume(PageSize::K16, 10_000).unwrap();
        let clones: Vec<VolumeId> = (0..3).map(|_| e.clone_volume(source).unwrap()).collect();
        (e, source, clones)
    };
    let writes: Vec<PageSet> = (0..3)
        .map(|k| PageSet::from_pages((k..4500).step_by(3)))
        .collect();
    let (mut batched, source, clones) = build();
    let batch: Vec<(VolumeId, &PageSet)> = clones.iter().copied().zip(&writes).collect();
    batched.write_many(&batch).unwrap();
    let (mut in_turn, _, _) = build();
    for (&v, pages) in clones.iter().zip(&writes) {
        in_turn.write(v, pages).unwrap();
    }
    let acc = batched.accounting();
    assert_eq!(acc, in_turn.accounting());
    assert_eq!(pages(&acc, source), (10_000, 0, 10_000));
    for &v in &clones {
        assert_eq!(pages(&acc, v), (10_000, 1_500, 8_500));
    }

    // A batch naming a deleted volume is refused whole.
    batched.delete_volume(clones[2]).unwrap();
    let before = batched.accounting();
    let more = PageSet::range(5_000..9_000);
    assert_eq!(
        batched.write_many(&[(clones[0], &more), (clones[2], &more)]),
        Err(EngineError::NoSuchVolume(clones[2]))
    );
    assert_eq!(batched.accounting(), before);

    // Two writes to one volume in a batch land one after the other.
    batched
        .write_many(&[(clones[0], &more), (clones[0], &PageSet::range(0..1))])
        .unwrap();
    let (logical, exclusive, _) = pages(&batched.accounting(), clones[0]);
    assert_eq!((logical, exclusive), (10_000, 1_500 + 4_000));
}
