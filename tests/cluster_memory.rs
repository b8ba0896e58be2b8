//! A cluster's memory follows what was written to it, not its size: a
//! fresh 256 TiB cluster, created, metered and reported, costs under 64
//! KiB of heap.
//!
//! Measured by counting every allocation of this test process (this
//! target holds this one test, so nothing else allocates meanwhile).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use cowsim::scenario::{Options, Runner, Scenario};

/// The system allocator, counting the bytes live.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        // SAFETY: the caller's contract, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// A scenario creating one cluster of `gib`, letting it become available
/// and metering it for two hours.
fn one_cluster(gib: u64) -> Scenario {
    let text = format!(
        r#"
name = "one cluster"
seed = 1

[[accounts]]
id = "111111111111"

[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "big"
engine = "aurora-mysql"
data-gib = {gib}

[[steps]]
op = "advance"
duration = "2h"
"#
    );
    Scenario::parse("one-cluster.toml", &text).unwrap()
}

/// Heap bytes a cluster of `gib` leaves live once created, metered for
/// two hours and reported on: the control plane's cluster, the engine's
/// layers, the family's cached accounting, the meter's hours and the step
/// records, as a server keeps them.
fn cost_of(gib: u64) -> isize {
    let scenario = one_cluster(gib);
    let mut runner = Runner::without_steps(&scenario, Options::default());
    let before = live();
    let records: Vec<_> = scenario.steps.iter().map(|s| runner.step(s)).collect();
    drop(runner.report(records.clone()));
    let cost = live() - before;
    drop((records, runner));
    cost
}

#[test]
fn a_fresh_256_tib_cluster_costs_under_64_kib() {
    // What is allocated once per process (rayon's pool, thread-locals)
    // is allocated by a first run.
    cost_of(1);
    let small = cost_of(1);
    let large = cost_of(256 * 1024);
    assert!(
        large < 64 * 1024,
        "a fresh 256 TiB cluster costs {large} bytes (1 GiB: {small})"
    );
}
