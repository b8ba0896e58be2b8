//! Criterion benches of the volume engine's operations: clone, write,
//! delete and accounting. `cargo bench -- --test` runs each once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use cowsim::engine::{Engine, GIB, PageSet, PageSize};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

const PAGES: u64 = 10 * GIB / 16_384;

/// A 10 GiB source with `clones` clones, each of which rewrote `diverged`
/// random pages.
fn family(clones: usize, diverged: usize) -> Engine {
    family_of(PAGES, clones, diverged)
}

/// A source of `pages` 16 KiB pages with `clones` clones, each of which
/// rewrote `diverged` random pages.
fn family_of(pages: u64, clones: usize, diverged: usize) -> Engine {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    let mut engine = Engine::new();
    let source = engine.create_volume(PageSize::K16, pages).expect("fits");
    for _ in 0..clones {
        let c = engine.clone_volume(source).expect("live");
        let rewritten = PageSet::from_pages((0..diverged).map(|_| rng.random_range(0..pages)));
        engine.write(c, &rewritten).expect("in range");
    }
    engine
}

fn engine_benches(c: &mut Criterion) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let updates = PageSet::from_pages((0..4096).map(|_| rng.random_range(0..PAGES)));

    c.bench_function("clone 10 GiB volume", |b| {
        let mut engine = family(0, 0);
        let source = cowsim::engine::VolumeId(0);
        b.iter(|| black_box(engine.clone_volume(source).expect("live")));
    });
    c.bench_function("write 4096 random pages (copy-on-write)", |b| {
        b.iter_batched(
            || family(1, 0),
            |mut engine| {
                engine
                    .write(cowsim::engine::VolumeId(1), &updates)
                    .expect("live")
            },
            BatchSize::LargeInput,
        );
    });
    c.bench_function("delete a clone with 100k diverged pages", |b| {
        b.iter_batched(
            || family(4, 100_000),
            |mut engine| {
                engine
                    .delete_volume(cowsim::engine::VolumeId(2))
                    .expect("live")
            },
            BatchSize::LargeInput,
        );
    });
    c.bench_function("accounting: 16 clones x 100k diverged pages (cold)", |b| {
        b.iter_batched(
            || family(16, 100_000),
            |engine| black_box(engine.accounting()),
            BatchSize::LargeInput,
        );
    });
    // The family of `cowsim bench engine`'s comparison with the reference
    // model (there, the source rewrites a tenth too).
    c.bench_function(
        "accounting: 99 clones of 1 GiB x 10% rewritten (cold)",
        |b| {
            b.iter_batched(
                || family_of(GIB / 16_384, 99, 6_554),
                |engine| black_box(engine.accounting()),
                BatchSize::LargeInput,
            );
        },
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = engine_benches
}
criterion_main!(benches);
