//! What the model tells the state a family keeps for accounting: the
//! pages each write made new, and each clone, snapshot or delete that
//! changed who sees what. That state and what it keeps are the
//! accountant's (`cache/`); the model only holds one per family, behind a
//! lock ([`Kept`]), because accounting reads the model through `&Engine`
//! and updates the state as it goes.
//!
//! The trait, the state, and the layer types the trait names are `pub` in
//! modules private to the engine: [`Engine`](crate::engine::Engine) is a
//! public alias of the store of `cache/`'s state, and Rust wants what an
//! alias names to be nominally public. Nothing outside the engine reaches
//! them.

use std::sync::{Mutex, MutexGuard};

use super::ids::LayerId;
use super::layer::{Layer, Touched};
use super::page::PageSet;

/// A family's accounting state, as the model's writes and reshapes see it.
pub trait Bookkeeping: Clone + Send + Sync {
    /// A new family's state: its first accounting sweeps every segment.
    fn new() -> Self;

    /// Who sees what has changed: the next accounting sweeps everything.
    fn reshape(&mut self);

    /// Writes `pages` into `layer`, the active layer `active` of one of
    /// the family's volumes, skipping the rewrites the state knows of.
    /// Takes `&self` so that writes to several layers of one family run in
    /// parallel.
    fn write(
        &self,
        layer: &mut Layer,
        segment_pages: u64,
        active: LayerId,
        pages: &PageSet,
    ) -> Touched;

    /// Records what a write made new to `layer`, per segment.
    fn note_fresh(&mut self, layer: LayerId, touched: &Touched);
}

/// A family's accounting state, which accounting updates through `&Engine`.
///
/// A `Mutex` rather than a `RefCell`, so that the engine stays `Sync` and
/// readers on several threads can share it. Writes hold `&mut Engine` and
/// reach the state through [`Kept::get_mut`], which takes no lock; an
/// accounting locks once per family it accounts, one uncontended atomic
/// operation beside a sweep or an update. The lock is held for the whole
/// accounting of the family, so concurrent readers of one family take
/// turns rather than both doing the work. The sweep inside runs on rayon's
/// pool: a thread waiting there may pick up other queued tasks, so reads
/// of one engine run in parallel from threads of their own, not from tasks
/// of that pool (one such task could wait for the lock its own thread
/// holds).
#[derive(Debug)]
pub struct Kept<B>(Mutex<B>);

impl<B: Bookkeeping> Kept<B> {
    pub fn new() -> Self {
        Kept(Mutex::new(B::new()))
    }

    /// The state, for a write, which no reader can share. After a panicked
    /// accounting, the next one sweeps everything again (the lock is
    /// cleared by [`Kept::lock`]).
    pub fn get_mut(&mut self) -> &mut B {
        match self.0.get_mut() {
            Ok(kept) => kept,
            Err(poisoned) => {
                let kept = poisoned.into_inner();
                kept.reshape();
                kept
            }
        }
    }

    /// The state, for an accounting. An accounting that panicked left it
    /// half taken: the next one then sweeps everything again.
    pub fn lock(&self) -> MutexGuard<'_, B> {
        self.0.lock().unwrap_or_else(|poisoned| {
            self.0.clear_poison();
            let mut kept = poisoned.into_inner();
            kept.reshape();
            kept
        })
    }
}

impl<B: Bookkeeping> Clone for Kept<B> {
    fn clone(&self) -> Self {
        Kept(Mutex::new(self.lock().clone()))
    }
}
