//! The engine against the naive reference model: random sequences of
//! create / write / append / clone / full copy / snapshot / restore /
//! delete, and of the clock moving on, retention windows changing and
//! restores to a past time, every query compared for every volume after
//! every step, under every billing policy: page history included (the
//! superseded versions each window keeps, and how far back it reaches).
//!
//! 256 cases of up to 64 steps by default; `PROPTEST_CASES=20000 cargo test
//! --release --test engine_model` runs a longer search.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ops::Range;

use cowsim::engine::{
    Accounting, BillingPolicy, Engine, PageNo, PageSet, PageSize, SnapshotId, VolumeId,
    reference::Reference,
};
use proptest::prelude::*;
use proptest::sample::select;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};

/// Segments of 64 KiB (8 pages of 8 KiB, 4 of 16 KiB) swept 2 pages at a
/// time, so small volumes cross many segment and chunk boundaries.
const SEGMENT_BYTES: u64 = 64 * 1024;
const SWEEP_CHUNK: u32 = 2;
const MAX_PAGE: u64 = 40;

#[derive(Clone, Debug)]
enum Op {
    Create(PageSize, u64),
    Write(VolumeId, Vec<Range<u64>>),
    Append(VolumeId, u64),
    Clone(VolumeId),
    FullCopy(VolumeId),
    Snapshot(VolumeId),
    Restore(SnapshotId),
    DeleteVolume(VolumeId),
    DeleteSnapshot(SnapshotId),
    /// The clock moves on this many hours.
    Advance(u64),
    /// The volume keeps this many hours of history from now on.
    Retain(VolumeId, u64),
    /// A full copy of what the volume saw this many hours ago.
    RestoreAt(VolumeId, u64),
}

const HOUR: u64 = 3_600;

/// When a restore `hours` back from the reference's clock would ask for.
fn hours_back(r: &Reference, hours: u64) -> u64 {
    r.clock().saturating_sub(hours * HOUR)
}

struct Model;

impl ReferenceStateMachine for Model {
    type State = Reference;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Reference> {
        Just(Reference::new()).boxed()
    }

    fn transitions(state: &Reference) -> BoxedStrategy<Op> {
        let create = (
            prop_oneof![Just(PageSize::K8), Just(PageSize::K16)],
            0..MAX_PAGE,
        )
            .prop_map(|(s, n)| Op::Create(s, n));
        let volumes = state.live_volumes();
        let snapshots = state.live_snapshots();
        if volumes.is_empty() {
            return create.boxed();
        }
        let vol = select(volumes);
        let ranges = prop::collection::vec((0..MAX_PAGE, 1..6u64), 1..4)
            .prop_map(|rs| rs.into_iter().map(|(s, l)| s..s + l).collect::<Vec<_>>());
        let mut ops = vec![
            (1, create.boxed()),
            (
                6,
                (vol.clone(), ranges)
                    .prop_map(|(v, r)| Op::Write(v, r))
                    .boxed(),
            ),
            (
                1,
                (vol.clone(), 1..5u64)
                    .prop_map(|(v, n)| Op::Append(v, n))
                    .boxed(),
            ),
            (4, vol.clone().prop_map(Op::Clone).boxed()),
            (1, vol.clone().prop_map(Op::FullCopy).boxed()),
            (2, vol.clone().prop_map(Op::Snapshot).boxed()),
            (3, vol.clone().prop_map(Op::DeleteVolume).boxed()),
            (3, (1..30u64).prop_map(Op::Advance).boxed()),
            (
                2,
                (vol.clone(), prop_oneof![Just(0u64), 1..72u64])
                    .prop_map(|(v, h)| Op::Retain(v, h))
                    .boxed(),
            ),
            (
                2,
                (vol, 0..48u64)
                    .prop_map(|(v, h)| Op::RestoreAt(v, h))
                    .boxed(),
            ),
        ];
        if !snapshots.is_empty() {
            let snap = select(snapshots);
            ops.push((1, snap.clone().prop_map(Op::Restore).boxed()));
            ops.push((2, snap.prop_map(Op::DeleteSnapshot).boxed()));
        }
        prop::strategy::Union::new_weighted(ops).boxed()
    }

    fn preconditions(state: &Reference, op: &Op) -> bool {
        let live = |v: &VolumeId| state.live_volumes().contains(v);
        let snap = |s: &SnapshotId| state.live_snapshots().contains(s);
        match op {
            Op::Create(..) => true,
            Op::Write(v, _)
            | Op::Append(v, _)
            | Op::Clone(v)
            | Op::FullCopy(v)
            | Op::Snapshot(v)
            | Op::DeleteVolume(v)
            | Op::Retain(v, _) => live(v),
            Op::RestoreAt(v, h) => {
                live(v) && state.earliest_restorable(*v).expect("live") <= hours_back(state, *h)
            }
            Op::Restore(s) | Op::DeleteSnapshot(s) => snap(s),
            Op::Advance(_) => true,
        }
    }

    fn apply(mut state: Reference, op: &Op) -> Reference {
        apply_reference(&mut state, op);
        state
    }
}

fn apply_reference(r: &mut Reference, op: &Op) {
    match op {
        Op::Create(s, n) => drop(r.create_volume(*s, *n).expect("fits")),
        Op::Write(v, ranges) => r
            .write(*v, &PageSet::from_ranges(ranges.iter().cloned()))
            .expect("live"),
        Op::Append(v, n) => {
            let end = r
                .live_volumes()
                .contains(v)
                .then(|| reference_extent(r, *v))
                .expect("live");
            r.write(*v, &PageSet::range(end..end + n)).expect("live");
        }
        Op::Clone(v) => drop(r.clone_volume(*v).expect("live")),
        Op::FullCopy(v) => drop(r.full_copy(*v).expect("live")),
        Op::Snapshot(v) => drop(r.snapshot(*v).expect("live")),
        Op::Restore(s) => drop(r.restore_snapshot(*s).expect("live")),
        Op::DeleteVolume(v) => r.delete_volume(*v).expect("live"),
        Op::DeleteSnapshot(s) => r.delete_snapshot(*s).expect("live"),
        Op::Advance(h) => r.set_clock(r.clock() + h * HOUR),
        Op::Retain(v, h) => r.set_retention(*v, h * HOUR).expect("live"),
        Op::RestoreAt(v, h) => drop(
            r.full_copy_at(*v, hours_back(r, *h))
                .expect("in the window"),
        ),
    }
}

/// One past the highest page the reference volume holds.
fn reference_extent(r: &Reference, v: VolumeId) -> u64 {
    (0..4 * MAX_PAGE)
        .rev()
        .find(|&p| r.writer_of(v, p).expect("live").is_some())
        .map_or(0, |p| p + 1)
}

struct EngineUnderTest;

impl StateMachineTest for EngineUnderTest {
    type SystemUnderTest = Engine;
    type Reference = Model;

    fn init_test(_: &Reference) -> Engine {
        Engine::with_segment_bytes(SEGMENT_BYTES).with_sweep_chunk(SWEEP_CHUNK)
    }

    fn apply(mut engine: Engine, reference: &Reference, op: Op) -> Engine {
        // Account after most steps, so later accounting updates cached
        // sums (page by page after writes) rather than starting afresh;
        // some writes pile up first.
        let account_now = match &op {
            Op::Write(_, ranges) => ranges[0].start % 2 == 1,
            Op::Append(_, n) => n % 2 == 1,
            _ => true,
        };
        match op {
            Op::Create(s, n) => drop(engine.create_volume(s, n).expect("fits")),
            Op::Write(v, ranges) => engine
                .write(v, &PageSet::from_ranges(ranges))
                .expect("live"),
            Op::Append(v, n) => drop(engine.append(v, n).expect("live")),
            Op::Clone(v) => drop(engine.clone_volume(v).expect("live")),
            Op::FullCopy(v) => drop(engine.full_copy(v).expect("live")),
            Op::Snapshot(v) => drop(engine.snapshot(v).expect("live")),
            Op::Restore(s) => drop(engine.restore_snapshot(s).expect("live")),
            Op::DeleteVolume(v) => engine.delete_volume(v).expect("live"),
            Op::DeleteSnapshot(s) => engine.delete_snapshot(s).expect("live"),
            Op::Advance(h) => engine.set_clock(engine.clock() + h * HOUR),
            Op::Retain(v, h) => engine.set_retention(v, h * HOUR).expect("live"),
            // The reference has already taken the step: its clock is the
            // engine's.
            Op::RestoreAt(v, h) => drop(
                engine
                    .full_copy_at(v, hours_back(reference, h))
                    .expect("in the window"),
            ),
        }
        if account_now {
            engine.accounting();
        }
        engine
    }

    fn check_invariants(engine: &Engine, reference: &Reference) {
        // A copy: the checks' accountings would bring the engine's cache
        // up to date after every step, and leave no write for the next
        // step's accounting to catch up on.
        let engine = engine.clone();
        let ours = engine.accounting();
        let theirs = reference.accounting();
        assert_same_accounting(&ours, &theirs);
        assert_conservation(&ours);
        for v in reference.live_volumes() {
            for p in 0..4 * MAX_PAGE {
                assert_eq!(
                    engine.writer_of(v, PageNo(p)).expect("live"),
                    reference.writer_of(v, p).expect("live"),
                    "writer of page {p} seen by {v}"
                );
            }
            assert_eq!(
                engine.retained_versions(v).expect("live"),
                reference.retained_versions(v).expect("live"),
                "superseded versions {v}'s window keeps"
            );
            assert_eq!(
                engine.earliest_restorable(v).expect("live"),
                reference.earliest_restorable(v).expect("live"),
                "how far back {v} can be restored"
            );
            assert_would_free(&engine, reference, &ours, v);
            assert_explained(&engine, reference, &theirs, v);
        }
    }
}

/// `Engine::explain` groups the volume's pages by the version's writer and
/// its live viewers: every page once, with the writer the reference names,
/// adding up to the reference's logical, exclusive and owned pages under
/// every policy.
fn assert_explained(engine: &Engine, reference: &Reference, theirs: &Accounting, v: VolumeId) {
    let groups = engine.explain(v).expect("live");
    let usage = theirs.volume(v).expect("live");
    let mut seen = std::collections::BTreeSet::new();
    for g in groups.iter().filter(|g| g.seen) {
        let mut pages = 0;
        for r in &g.ranges {
            pages += r.end - r.start;
            for p in r.clone() {
                assert!(seen.insert(p), "page {p} of {v} in two groups");
                assert_eq!(
                    reference.writer_of(v, p).expect("live"),
                    Some(g.writer),
                    "writer of {p}"
                );
            }
        }
        assert_eq!(pages, g.pages, "a group's ranges and count");
        assert!(g.viewers >= 1 && g.viewers <= g.family_live);
    }
    assert_eq!(
        seen.len() as u64,
        usage.logical_pages,
        "logical pages of {v}"
    );
    for g in groups.iter().filter(|g| !g.seen) {
        assert!(
            g.writer == v || !g.writer_alive,
            "unseen: its own versions, or a deleted writer's"
        );
        let pages: u64 = g.ranges.iter().map(|r| r.end - r.start).sum();
        assert_eq!(pages, g.pages);
    }
    assert_adds_up(&groups, usage, v);
}

/// Explained groups add up to a volume's exclusive and owned pages.
fn assert_adds_up(
    groups: &[cowsim::engine::VersionGroup],
    usage: &cowsim::engine::VolumeUsage,
    v: VolumeId,
) {
    let exclusive: u64 = groups
        .iter()
        .filter(|g| g.seen && g.viewers == 1)
        .map(|g| g.pages)
        .sum();
    assert_eq!(exclusive, usage.exclusive_pages, "exclusive pages of {v}");
    for policy in BillingPolicy::ALL {
        let owned: f64 = groups
            .iter()
            .map(|g| g.pages as f64 * g.share(v, policy))
            .sum();
        assert!(
            close(owned, usage.owned_pages.get(policy)),
            "{v} owns {} under {policy}, explained {owned}",
            usage.owned_pages.get(policy)
        );
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn assert_same_accounting(ours: &Accounting, theirs: &Accounting) {
    assert_eq!(ours.volumes.len(), theirs.volumes.len(), "live volumes");
    for t in &theirs.volumes {
        let o = ours
            .volume(t.volume)
            .expect("engine lists every live volume");
        assert_eq!(o.family, t.family, "family of {}", t.volume);
        assert_eq!(
            o.logical_pages, t.logical_pages,
            "logical pages of {}",
            t.volume
        );
        assert_eq!(
            o.exclusive_pages, t.exclusive_pages,
            "exclusive pages of {}",
            t.volume
        );
        assert_eq!(
            o.shared_pages, t.shared_pages,
            "shared pages of {}",
            t.volume
        );
        for p in BillingPolicy::ALL {
            let (a, b) = (o.owned_pages.get(p), t.owned_pages.get(p));
            assert!(
                close(a, b),
                "owned pages of {} under {p}: engine {a}, reference {b}",
                t.volume
            );
        }
    }
    assert_eq!(
        ours.snapshots.len(),
        theirs.snapshots.len(),
        "live snapshots"
    );
    for t in &theirs.snapshots {
        let o = ours
            .snapshot(t.snapshot)
            .expect("engine lists every live snapshot");
        assert_eq!(
            o.logical_pages, t.logical_pages,
            "logical pages of {}",
            t.snapshot
        );
    }
    assert_eq!(ours.families.len(), theirs.families.len(), "live families");
    for t in &theirs.families {
        let o = ours
            .family(t.family)
            .expect("engine lists every live family");
        assert_eq!(o, t, "family {}", t.family);
    }
}

/// Under every policy, the owned pages of a family's volumes add up to the
/// page versions its volumes see.
fn assert_conservation(acc: &Accounting) {
    for f in &acc.families {
        for p in BillingPolicy::ALL {
            let sum: f64 = acc
                .volumes
                .iter()
                .filter(|u| u.family == f.family)
                .map(|u| u.owned_pages.get(p))
                .sum();
            assert!(
                close(sum, f.live_page_versions as f64),
                "{}: owned pages add to {sum} under {p}, live versions {}",
                f.family,
                f.live_page_versions
            );
        }
    }
}

/// "Would free" agrees with deleting the volume in the reference model.
fn assert_would_free(engine: &Engine, reference: &Reference, before: &Accounting, v: VolumeId) {
    let wf = engine.would_free(v).expect("live");
    let own = before.volume(v).expect("live");
    assert_eq!(wf.exclusive_pages, own.exclusive_pages);
    let mut after = reference.clone();
    after.delete_volume(v).expect("live");
    let after = after.accounting();
    for u in &after.volumes {
        let was = before
            .volume(u.volume)
            .expect("was live")
            .owned_pages
            .get(BillingPolicy::Aurora);
        let delta = u.owned_pages.get(BillingPolicy::Aurora) - was;
        let said = wf
            .moves
            .iter()
            .find(|m| m.to == u.volume)
            .map_or(0.0, |m| m.owned_pages_delta);
        assert!(
            close(delta, said),
            "deleting {v} moves {delta} to {}, engine said {said}",
            u.volume
        );
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256)
}

prop_state_machine! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 4096,
        failure_persistence: common::regressions::regressions!("engine_model"),
        ..ProptestConfig::default()
    })]

    #[test]
    fn engine_matches_reference(sequential 1..64 => EngineUnderTest);
}

/// Whole 64 Ki-page blocks (full roaring containers) and the default 10 GiB
/// segments and sweep chunks, which the small random cases never reach.
#[test]
fn full_blocks_match_reference() {
    let mut engine = Engine::new();
    let mut reference = Reference::new();
    let pages = 3 * 65_536 + 17;
    let s = engine.create_volume(PageSize::K8, pages).unwrap();
    reference.create_volume(PageSize::K8, pages).unwrap();
    let writes = [
        PageSet::from_pages([0, 65_535, 65_536, 131_071, pages - 1]),
        PageSet::from_ranges([65_000..70_000, 131_072..196_608]),
        PageSet::range(1..2),
    ];
    let mut volumes = vec![s];
    for w in &writes {
        let c = engine.clone_volume(*volumes.last().unwrap()).unwrap();
        reference.clone_volume(*volumes.last().unwrap()).unwrap();
        engine.write(c, w).unwrap();
        reference.write(c, w).unwrap();
        volumes.push(c);
    }
    engine.write(s, &writes[1]).unwrap();
    reference.write(s, &writes[1]).unwrap();
    assert_same_accounting(&engine.accounting(), &reference.accounting());
    engine.delete_volume(s).unwrap();
    reference.delete_volume(s).unwrap();
    let ours = engine.accounting();
    assert_same_accounting(&ours, &reference.accounting());
    assert_conservation(&ours);
}

/// Families the size of `cowsim bench engine`'s reference comparison, at
/// the engine's default segments and chunks: a source of 65,536 pages (one
/// segment, cut in eighths) with 20 clones and 5 clones of clones
/// rewriting 500 pages each, so the source holds more than all the others
/// and visits only its shared pages, found with a dense bit set (more than
/// 16 other holders); and a source with 30 clones rewriting 5,000 pages
/// each, where every layer visits all its pages. The results match the
/// reference, and are the same to the last bit on one thread or two.
#[test]
fn large_families_match_reference_on_one_thread_or_two() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    let mut engine = Engine::new();
    let mut reference = Reference::new();
    let pages = 65_536;
    for (clones, nested, rewritten) in [(20, 5, 500), (30, 0, 5_000)] {
        let source = engine.create_volume(PageSize::K16, pages).unwrap();
        reference.create_volume(PageSize::K16, pages).unwrap();
        let mut volumes = vec![source];
        for i in 0..clones + nested {
            let parent = if i < clones {
                source
            } else {
                volumes[1 + i - clones]
            };
            volumes.push(engine.clone_volume(parent).unwrap());
            reference.clone_volume(parent).unwrap();
        }
        for &v in &volumes {
            let w = PageSet::from_pages((0..rewritten).map(|_| rng.random_range(0..pages)));
            engine.write(v, &w).unwrap();
            reference.write(v, &w).unwrap();
        }
    }
    assert_matches_on_one_thread_or_two(&engine, &reference);
}

/// The engine's accounting matches the reference, conserves pages, and is
/// the same to the last bit on one thread or two.
fn assert_matches_on_one_thread_or_two(engine: &Engine, reference: &Reference) {
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| engine.clone().accounting())
    };
    let one = on(1);
    assert_eq!(one, on(2));
    assert_same_accounting(&one, &reference.accounting());
    assert_conservation(&one);
}

/// Accounting reads through `&Engine`: threads sharing one engine, whose
/// cache has small writes to catch up on, all read what a copy of it reads
/// alone, to the last bit.
#[test]
fn threads_sharing_an_engine_read_the_same_accounting() {
    let pages = 100_000;
    let mut engine = Engine::with_segment_bytes(PageSize::K16.bytes() * 8_192);
    let source = engine
        .create_volume(PageSize::K16, pages)
        .expect("in range");
    let clones: Vec<VolumeId> = (0..6)
        .map(|_| engine.clone_volume(source).expect("live"))
        .collect();
    for (i, &c) in clones.iter().enumerate() {
        let written = PageSet::from_pages((0..500).map(|k| (k * 197 + i as u64 * 31) % pages));
        engine.write(c, &written).expect("in range");
    }
    engine.accounting();
    for (i, &c) in clones.iter().enumerate() {
        let written = PageSet::from_pages((0..50).map(|k| (k * 389 + i as u64 * 7) % pages));
        engine.write(c, &written).expect("in range");
    }
    let alone = engine.clone().accounting();
    let shared: Vec<Accounting> = std::thread::scope(|s| {
        let readers: Vec<_> = (0..4).map(|_| s.spawn(|| engine.accounting())).collect();
        readers
            .into_iter()
            .map(|r| r.join().expect("a reader finishes"))
            .collect()
    });
    for accounting in shared {
        assert_eq!(accounting, alone);
    }
}

/// Clones rewriting a tenth of a 64 Ki-page block hold it as a bitmap, and
/// the sweep reads their pages from its words, eight or more such leaves
/// at a time. Around them, two families at the engine's default
/// segments and chunks:
///
/// ```text
///   source (65,536 pages, cut in eighths)            source (200,000 pages,
///   ├── middle (rewrote 8,000 pages)                 whole 65,536-page
///   │   └── 10 clones, 7,000 pages each              chunks, the last one
///   ├── 12 clones, 7,000 pages each                  partial)
///   │   (one with a snapshot, one cloned again       └── 3 clones, 20,000
///   │   without writing: leaves that block               pages each
///   │   more than one volume)
/// ```
///
/// Middle's clones hide versions of two writers. Deleting the source makes
/// one of them dead, so a word's hidden versions have live and dead
/// writers at once; deleting middle too makes them all dead. The results
/// match the reference after each step, and are the same to the last bit
/// on one thread or two.
#[test]
fn dense_rewrites_read_from_words_match_reference() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(23);
    let mut engine = Engine::new();
    let mut reference = Reference::new();
    let mut write = |engine: &mut Engine, reference: &mut Reference, v, n, pages| {
        let w = PageSet::from_pages((0..n).map(|_| rng.random_range(0..pages)));
        engine.write(v, &w).unwrap();
        reference.write(v, &w).unwrap();
    };
    let clone = |engine: &mut Engine, reference: &mut Reference, v| {
        reference.clone_volume(v).unwrap();
        engine.clone_volume(v).unwrap()
    };
    let pages = 65_536;
    let source = engine.create_volume(PageSize::K16, pages).unwrap();
    reference.create_volume(PageSize::K16, pages).unwrap();
    let middle = clone(&mut engine, &mut reference, source);
    write(&mut engine, &mut reference, middle, 8_000, pages);
    let mut leaves = Vec::new();
    for parent in [middle; 10].into_iter().chain([source; 12]) {
        let c = clone(&mut engine, &mut reference, parent);
        write(&mut engine, &mut reference, c, 7_000, pages);
        leaves.push(c);
    }
    engine.snapshot(leaves[12]).unwrap();
    reference.snapshot(leaves[12]).unwrap();
    clone(&mut engine, &mut reference, leaves[13]);
    let big = 200_000;
    let other = engine.create_volume(PageSize::K16, big).unwrap();
    reference.create_volume(PageSize::K16, big).unwrap();
    for _ in 0..3 {
        let c = clone(&mut engine, &mut reference, other);
        write(&mut engine, &mut reference, c, 20_000, big);
    }
    assert_matches_on_one_thread_or_two(&engine, &reference);
    for gone in [source, middle] {
        engine.delete_volume(gone).unwrap();
        reference.delete_volume(gone).unwrap();
        assert_matches_on_one_thread_or_two(&engine, &reference);
    }
}

/// Past the runs a group keeps, explain counts pages from per-segment
/// tables: a family whose clones see their source in thousands of runs
/// still adds up to the accounting, on default segments and on small ones.
#[test]
fn explanations_past_the_kept_runs_add_up() {
    use rand::{RngExt, SeedableRng};
    for engine in [
        Engine::new(),
        Engine::with_segment_bytes(SEGMENT_BYTES * 64),
    ] {
        let mut engine = engine;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let source = engine
            .create_volume_pages(PageSize::K16, &PageSet::range(0..300_000), 300_000)
            .unwrap();
        let clones: Vec<VolumeId> = (0..12)
            .map(|_| engine.clone_volume(source).unwrap())
            .collect();
        for &c in &clones {
            let pages: Vec<u64> = (0..3_000).map(|_| rng.random_range(0..300_000)).collect();
            engine.write(c, &PageSet::from_pages(pages)).unwrap();
        }
        engine.write(source, &PageSet::range(0..5_000)).unwrap();
        engine.delete_volume(clones[0]).unwrap();
        let accounting = engine.clone().accounting();
        let mut cache = cowsim::engine::ExplainCache::default();
        for v in std::iter::once(source).chain(clones[1..].iter().copied()) {
            let groups = engine.explain_with(v, &mut cache).unwrap();
            assert!(
                groups
                    .iter()
                    .any(|g| g.ranges.len() == cowsim::engine::MAX_RANGES),
                "the cap is reached"
            );
            let usage = accounting.volume(v).unwrap();
            let seen: u64 = groups.iter().filter(|g| g.seen).map(|g| g.pages).sum();
            assert_eq!(seen, usage.logical_pages);
            assert_adds_up(&groups, usage, v);
        }
    }
}

/// A group's runs are the first runs of its pages, in page order, as the
/// reference finds them page by page: for a source seen by its clones in
/// thousands of runs, for clones that see it all but their own rewrites,
/// and for a clone that rewrote whole stretches, past the runs explain
/// keeps of the source per level.
#[test]
fn explained_runs_are_the_first_runs_of_each_group() {
    use rand::{RngExt, SeedableRng};
    let pages = 200_000;
    let mut engine = Engine::with_segment_bytes(PageSize::K16.bytes() * 64);
    let mut reference = Reference::new();
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
    let size = PageSize::K16;
    let all = PageSet::range(0..pages);
    let source = engine.create_volume_pages(size, &all, pages).unwrap();
    assert_eq!(reference.create_volume(size, pages).unwrap(), source);
    let mut clones = Vec::new();
    for _ in 0..8 {
        let c = engine.clone_volume(source).unwrap();
        assert_eq!(reference.clone_volume(source).unwrap(), c);
        clones.push(c);
    }
    for (i, &c) in clones.iter().enumerate() {
        let written = match i {
            // Whole stretches: more runs of the source go than it keeps.
            0 => PageSet::from_ranges((0..30_000).map(|k| k * 6..k * 6 + 3)),
            _ => PageSet::from_pages((0..2_000).map(|_| rng.random_range(0..pages))),
        };
        engine.write(c, &written).unwrap();
        reference.write(c, &written).unwrap();
    }
    let mut cache = cowsim::engine::ExplainCache::default();
    for v in std::iter::once(source).chain(clones.iter().copied()) {
        let mut runs: std::collections::BTreeMap<(VolumeId, u32), Vec<Range<u64>>> =
            Default::default();
        for p in 0..pages {
            let Some(key) = reference.version_of(v, p).unwrap() else {
                continue;
            };
            let list = runs.entry(key).or_default();
            match list.last_mut() {
                Some(last) if last.end == p => last.end = p + 1,
                _ => list.push(p..p + 1),
            }
        }
        let groups = engine.explain_with(v, &mut cache).unwrap();
        for g in groups.iter().filter(|g| g.seen) {
            let expected = &runs[&(g.writer, g.viewers)];
            let kept = expected.len().min(cowsim::engine::MAX_RANGES);
            assert_eq!(
                g.ranges.len(),
                kept,
                "{v}: runs of {}/{}",
                g.writer,
                g.viewers
            );
            // The last run kept may stop where a segment did.
            let (last, first) = g.ranges.split_last().unwrap();
            assert_eq!(first, &expected[..kept - 1], "{v}: runs of {}", g.writer);
            assert_eq!(last.start, expected[kept - 1].start);
            assert!(last.end <= expected[kept - 1].end);
            let count: u64 = expected.iter().map(|r| r.end - r.start).sum();
            assert_eq!(g.pages, count, "{v}: pages of {}/{}", g.writer, g.viewers);
        }
        let seen = groups.iter().filter(|g| g.seen).count();
        assert_eq!(seen, runs.len(), "{v}: one group per writer and viewers");
    }
}

/// Hourly metering of a sampled family larger than a `u16` of layers: a
/// source holding one block of 64 pages in 16 over two segments, 20
/// clones, and every volume writing a few pages an hour, mostly into the
/// sampled blocks and now and then into a block nobody held. Accounting
/// every hour earns each segment its holder index (a bit per layer, kept
/// only for the blocks held); the results match the reference as it goes.
#[test]
fn sampled_families_metered_hourly_match_reference() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(31);
    let mut engine = Engine::new();
    let mut reference = Reference::new();
    let extent = 2 * 655_360;
    let blocks: Vec<u64> = (0..extent / 64).filter(|b| b % 16 == 3).collect();
    let sample = PageSet::from_ranges(blocks.iter().map(|b| b * 64..b * 64 + 64));
    let source = engine
        .create_volume_pages(PageSize::K16, &sample, extent)
        .unwrap();
    let theirs = reference.create_volume(PageSize::K16, 0).unwrap();
    reference.write(theirs, &sample).unwrap();
    let mut volumes = vec![source];
    for _ in 0..20 {
        volumes.push(engine.clone_volume(source).unwrap());
        reference.clone_volume(source).unwrap();
    }
    for hour in 0..120 {
        for &v in &volumes {
            let pages = (0..6).map(|_| match rng.random_range(0..50) {
                0 => rng.random_range(0..extent),
                _ => blocks[rng.random_range(0..blocks.len())] * 64 + rng.random_range(0..64),
            });
            let w = PageSet::from_pages(pages);
            engine.write(v, &w).unwrap();
            reference.write(v, &w).unwrap();
        }
        let ours = engine.accounting();
        if hour % 40 == 39 {
            assert_same_accounting(&ours, &reference.accounting());
            assert_conservation(&ours);
        }
    }
}

/// History costs at most 8 bytes per superseded version a window keeps,
/// whether an hour supersedes many versions or one: a volume rewriting
/// 50 pages an hour and one rewriting a single page, each keeping 7 days,
/// over 30 days.
#[test]
fn history_costs_at_most_eight_bytes_a_retained_version() {
    let mut engine = Engine::new();
    let busy = engine.create_volume(PageSize::K16, 10_000).unwrap();
    let quiet = engine.create_volume(PageSize::K16, 10_000).unwrap();
    for v in [busy, quiet] {
        engine.set_retention(v, 7 * 24 * HOUR).unwrap();
    }
    for hour in 1..=30 * 24u64 {
        engine.set_clock(hour * HOUR);
        let start = (hour * 97) % 9_000;
        engine
            .write(busy, &PageSet::range(start..start + 50))
            .unwrap();
        engine.write(quiet, &PageSet::range(7..8)).unwrap();
        let retained =
            engine.retained_versions(busy).unwrap() + engine.retained_versions(quiet).unwrap();
        assert!(
            engine.history_bytes() as u64 <= 8 * retained,
            "hour {hour}: {} bytes for {retained} versions",
            engine.history_bytes()
        );
    }
    assert_eq!(engine.retained_versions(busy).unwrap(), 7 * 24 * 50);
    assert_eq!(engine.retained_versions(quiet).unwrap(), 7 * 24);
}

/// Volumes keeping history that rewrite a few pages at a time over a chain
/// of large layers (the write's pages looked up one by one against each
/// layer, not subtracted from it), some pages in each layer of the chain
/// and some in none, keep the versions the reference keeps and restore to
/// the same past.
#[test]
fn few_pages_written_over_large_layers_keep_the_reference_history() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let mut engine = Engine::new();
    let mut reference = Reference::new();
    let source = engine.create_volume(PageSize::K16, 10_000).unwrap();
    reference.create_volume(PageSize::K16, 10_000).unwrap();
    engine.set_retention(source, 24 * HOUR).unwrap();
    reference.set_retention(source, 24 * HOUR).unwrap();
    // A first clone leaves the source writing into a layer of its own,
    // which the second clone freezes holding the source's 10,000..12,000;
    // after it each volume's own layer holds 12,000..14,000. Each volume
    // reads through its own layer, that frozen one, and the root's
    // 0..10,000.
    engine.clone_volume(source).unwrap();
    reference.clone_volume(source).unwrap();
    let frozen = PageSet::range(10_000..12_000);
    engine.write(source, &frozen).unwrap();
    reference.write(source, &frozen).unwrap();
    let clone = engine.clone_volume(source).unwrap();
    reference.clone_volume(source).unwrap();
    engine.set_retention(clone, 24 * HOUR).unwrap();
    reference.set_retention(clone, 24 * HOUR).unwrap();
    let volumes = [source, clone];
    for v in volumes {
        let own = PageSet::range(12_000..14_000);
        engine.write(v, &own).unwrap();
        reference.write(v, &own).unwrap();
    }
    for hour in 1..=36 {
        engine.set_clock(hour * HOUR);
        reference.set_clock(hour * HOUR);
        for v in volumes {
            let w = PageSet::from_pages([
                rng.random_range(0..10_000),
                rng.random_range(10_000..12_000),
                rng.random_range(12_000..14_000),
                rng.random_range(14_000..14_050),
            ]);
            engine.write(v, &w).unwrap();
            reference.write(v, &w).unwrap();
        }
    }
    for v in volumes {
        assert_eq!(
            engine.retained_versions(v).unwrap(),
            reference.retained_versions(v).unwrap()
        );
        assert_eq!(
            engine.earliest_restorable(v).unwrap(),
            reference.earliest_restorable(v).unwrap()
        );
        let at = 20 * HOUR;
        let ours = engine.full_copy_at(v, at).unwrap();
        let theirs = reference.full_copy_at(v, at).unwrap();
        for p in (0..14_050).step_by(7) {
            assert_eq!(
                engine.writer_of(ours, PageNo(p)).unwrap(),
                reference.writer_of(theirs, p).unwrap(),
                "page {p} of {v} restored to hour 20"
            );
        }
    }
    assert_same_accounting(&engine.accounting(), &reference.accounting());
}
