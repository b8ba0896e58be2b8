//! The naive reference model: a page table per volume and brute-force
//! counts. It visits every page of every volume, which makes it slow but
//! simple enough to be obviously right: the engine is tested against it
//! operation by operation, and `cowsim bench engine` times the engine
//! against it.

use std::collections::BTreeMap;

use super::accounting::{Accounting, FamilyUsage, OwnedPages, SnapshotUsage, VolumeUsage};
use super::model::error::EngineError;
use super::model::ids::{FamilyId, SnapshotId, VolumeId};
use super::model::page::{PageSet, PageSize};
use super::model::policy::{BillingPolicy, Payer};

const NONE: u32 = u32::MAX;

/// A view of pages: `table[p]` is the version of page `p`, or `NONE`.
#[derive(Clone, Debug)]
struct View {
    family: FamilyId,
    page_size: PageSize,
    table: Vec<u32>,
}

/// The reference model. Its methods mirror [`super::Engine`]'s, and it hands
/// out the same ids for the same sequence of calls.
#[derive(Clone, Debug, Default)]
pub struct Reference {
    volumes: Vec<Option<View>>,
    snapshots: Vec<Option<View>>,
    /// The writer of each version.
    writers: Vec<VolumeId>,
    families: u32,
    /// Every volume's history, by volume id, live or not.
    histories: Vec<Timeline>,
    /// The clock, in seconds (see [`super::Engine::set_clock`]).
    clock: u64,
}

/// A volume's every write, never forgotten, and how far back its window
/// has ever let a restore go.
#[derive(Clone, Debug, Default)]
struct Timeline {
    retention: u64,
    /// The earliest instant a restore may ask for: when the volume was
    /// made, or the latest start its window ever had.
    covers_from: u64,
    /// (when, page, the version it replaced or `NONE`), in order.
    writes: Vec<(u64, u64, u32)>,
}

impl Timeline {
    fn earliest(&self, now: u64) -> u64 {
        self.covers_from.max(now.saturating_sub(self.retention))
    }
}

impl Reference {
    /// An empty model.
    pub fn new() -> Self {
        Self::default()
    }

    /// See [`super::Engine::create_volume`].
    pub fn create_volume(
        &mut self,
        page_size: PageSize,
        pages: u64,
    ) -> Result<VolumeId, EngineError> {
        let family = self.new_family();
        let id = self.push_volume(View {
            family,
            page_size,
            table: Vec::new(),
        });
        self.write(id, &PageSet::range(0..pages))?;
        Ok(id)
    }

    /// See [`super::Engine::write`].
    pub fn write(&mut self, volume: VolumeId, pages: &PageSet) -> Result<(), EngineError> {
        let view = self.volumes.get(volume.index()).and_then(Option::as_ref);
        let max_pages = view
            .ok_or(EngineError::NoSuchVolume(volume))?
            .page_size
            .max_pages();
        if pages.end() > max_pages {
            return Err(EngineError::PageOutOfRange {
                page: max_pages,
                max_pages,
            });
        }
        let mut next = self.writers.len() as u32;
        #[expect(clippy::expect_used, reason = "the volume was checked live above")]
        let view = self.volumes[volume.index()]
            .as_mut()
            .expect("checked above");
        if view.table.len() < pages.end() as usize {
            view.table.resize(pages.end() as usize, NONE);
        }
        let log = &mut self.histories[volume.index()].writes;
        for r in pages.ranges() {
            for p in r.clone() {
                log.push((self.clock, p, view.table[p as usize]));
                view.table[p as usize] = next;
                next += 1;
            }
        }
        let added = next as usize - self.writers.len();
        self.writers.extend(std::iter::repeat_n(volume, added));
        Ok(())
    }

    /// See [`super::Engine::clone_volume`].
    pub fn clone_volume(&mut self, source: VolumeId) -> Result<VolumeId, EngineError> {
        let view = self.volume(source)?.clone();
        Ok(self.push_volume(view))
    }

    /// See [`super::Engine::full_copy`].
    pub fn full_copy(&mut self, source: VolumeId) -> Result<VolumeId, EngineError> {
        let view = self.volume(source)?.clone();
        Ok(self.copy_of(&view))
    }

    /// See [`super::Engine::snapshot`].
    pub fn snapshot(&mut self, volume: VolumeId) -> Result<SnapshotId, EngineError> {
        let view = self.volume(volume)?.clone();
        self.snapshots.push(Some(view));
        Ok(SnapshotId(self.snapshots.len() as u32 - 1))
    }

    /// See [`super::Engine::restore_snapshot`].
    pub fn restore_snapshot(&mut self, snapshot: SnapshotId) -> Result<VolumeId, EngineError> {
        let view = self
            .snapshots
            .get(snapshot.index())
            .and_then(Option::as_ref)
            .ok_or(EngineError::NoSuchSnapshot(snapshot))?
            .clone();
        Ok(self.copy_of(&view))
    }

    /// See [`super::Engine::delete_volume`].
    pub fn delete_volume(&mut self, volume: VolumeId) -> Result<(), EngineError> {
        self.volume(volume)?;
        self.volumes[volume.index()] = None;
        Ok(())
    }

    /// See [`super::Engine::delete_snapshot`].
    pub fn delete_snapshot(&mut self, snapshot: SnapshotId) -> Result<(), EngineError> {
        let slot = self
            .snapshots
            .get_mut(snapshot.index())
            .filter(|s| s.is_some())
            .ok_or(EngineError::NoSuchSnapshot(snapshot))?;
        *slot = None;
        Ok(())
    }

    /// Every live volume, in id order.
    pub fn live_volumes(&self) -> Vec<VolumeId> {
        (0..self.volumes.len() as u32)
            .map(VolumeId)
            .filter(|v| self.volumes[v.index()].is_some())
            .collect()
    }

    /// Every live snapshot, in id order.
    pub fn live_snapshots(&self) -> Vec<SnapshotId> {
        (0..self.snapshots.len() as u32)
            .map(SnapshotId)
            .filter(|s| self.snapshots[s.index()].is_some())
            .collect()
    }

    /// The writer of the version of `page` that `volume` sees.
    pub fn writer_of(&self, volume: VolumeId, page: u64) -> Result<Option<VolumeId>, EngineError> {
        let view = self.volume(volume)?;
        Ok(view
            .table
            .get(page as usize)
            .filter(|&&x| x != NONE)
            .map(|&x| self.writers[x as usize]))
    }

    /// The writer of the version of `page` that `volume` sees, and how
    /// many live volumes (itself included) see that same version.
    pub fn version_of(
        &self,
        volume: VolumeId,
        page: u64,
    ) -> Result<Option<(VolumeId, u32)>, EngineError> {
        let view = self.volume(volume)?;
        let Some(&x) = view.table.get(page as usize).filter(|&&x| x != NONE) else {
            return Ok(None);
        };
        let viewers = self
            .volumes
            .iter()
            .flatten()
            .filter(|v| v.table.get(page as usize) == Some(&x))
            .count();
        Ok(Some((self.writers[x as usize], viewers as u32)))
    }

    /// Brute-force accounting: counts the viewers of every version by
    /// visiting every page of every volume and snapshot.
    #[expect(
        clippy::expect_used,
        reason = "every live volume's family and every writer's entry were made above"
    )]
    pub fn accounting(&self) -> Accounting {
        let n = self.writers.len();
        let mut viewers = vec![0u32; n];
        let mut snapshot_viewers = vec![0u32; n];
        let mut family_of = vec![FamilyId(NONE); n];
        let live: Vec<(VolumeId, &View)> = self
            .volumes
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((VolumeId(i as u32), v.as_ref()?)))
            .collect();
        for (_, view) in &live {
            for &x in view.table.iter().filter(|&&x| x != NONE) {
                viewers[x as usize] += 1;
                family_of[x as usize] = view.family;
            }
        }
        for view in self.snapshots.iter().flatten() {
            for &x in view.table.iter().filter(|&&x| x != NONE) {
                snapshot_viewers[x as usize] += 1;
                family_of[x as usize] = view.family;
            }
        }
        let mut families: BTreeMap<FamilyId, FamilyUsage> = BTreeMap::new();
        let family_entry = |families: &mut BTreeMap<FamilyId, FamilyUsage>, f: FamilyId| {
            families.entry(f).or_insert_with(|| FamilyUsage {
                family: f,
                live_page_versions: 0,
                snapshot_only_page_versions: 0,
                volumes: Vec::new(),
            });
        };
        for (v, view) in &live {
            family_entry(&mut families, view.family);
            families
                .get_mut(&view.family)
                .expect("inserted")
                .volumes
                .push(*v);
        }
        for view in self.snapshots.iter().flatten() {
            family_entry(&mut families, view.family);
        }
        let alive = |v: VolumeId| self.volumes[v.index()].is_some();
        let mut owned: BTreeMap<VolumeId, [f64; 3]> =
            live.iter().map(|(v, _)| (*v, [0.0; 3])).collect();
        // Versions paid by their writer or by the family, found per version.
        for x in 0..n {
            if viewers[x] == 0 {
                if snapshot_viewers[x] > 0 {
                    families
                        .get_mut(&family_of[x])
                        .expect("seen")
                        .snapshot_only_page_versions += 1;
                }
                continue;
            }
            let fam = families.get_mut(&family_of[x]).expect("seen");
            fam.live_page_versions += 1;
            let writer = self.writers[x];
            for p in BillingPolicy::ALL {
                match p.payer(alive(writer)) {
                    Payer::Writer => owned.get_mut(&writer).expect("alive")[p.index()] += 1.0,
                    Payer::Family => {
                        let share = 1.0 / fam.volumes.len() as f64;
                        for v in &fam.volumes {
                            owned.get_mut(v).expect("alive")[p.index()] += share;
                        }
                    }
                    Payer::Viewers => {}
                }
            }
        }
        let mut volumes = Vec::new();
        for (v, view) in &live {
            let (mut logical, mut exclusive) = (0u64, 0u64);
            let mine = owned.get_mut(v).expect("alive");
            for &x in view.table.iter().filter(|&&x| x != NONE) {
                let c = viewers[x as usize];
                logical += 1;
                exclusive += u64::from(c == 1);
                let writer_alive = alive(self.writers[x as usize]);
                for p in BillingPolicy::ALL {
                    if p.payer(writer_alive) == Payer::Viewers {
                        mine[p.index()] += 1.0 / f64::from(c);
                    }
                }
            }
            volumes.push(VolumeUsage {
                volume: *v,
                family: view.family,
                logical_pages: logical,
                exclusive_pages: exclusive,
                shared_pages: logical - exclusive,
                owned_pages: OwnedPages(*mine),
            });
        }
        let snapshots = self
            .snapshots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let view = s.as_ref()?;
                Some(SnapshotUsage {
                    snapshot: SnapshotId(i as u32),
                    family: view.family,
                    logical_pages: view.table.iter().filter(|&&x| x != NONE).count() as u64,
                })
            })
            .collect();
        Accounting {
            volumes,
            snapshots,
            families: families.into_values().collect(),
        }
    }

    fn volume(&self, volume: VolumeId) -> Result<&View, EngineError> {
        self.volumes
            .get(volume.index())
            .and_then(Option::as_ref)
            .ok_or(EngineError::NoSuchVolume(volume))
    }

    fn new_family(&mut self) -> FamilyId {
        self.families += 1;
        FamilyId(self.families - 1)
    }

    fn copy_of(&mut self, view: &View) -> VolumeId {
        let id = VolumeId(self.volumes.len() as u32);
        let family = self.new_family();
        let mut table = view.table.clone();
        for x in table.iter_mut().filter(|x| **x != NONE) {
            *x = self.writers.len() as u32;
            self.writers.push(id);
        }
        self.push_volume(View {
            family,
            page_size: view.page_size,
            table,
        })
    }

    fn push_volume(&mut self, view: View) -> VolumeId {
        self.volumes.push(Some(view));
        self.histories.push(Timeline {
            covers_from: self.clock,
            ..Timeline::default()
        });
        VolumeId(self.volumes.len() as u32 - 1)
    }

    /// See [`super::Engine::set_clock`].
    pub fn set_clock(&mut self, now: u64) {
        self.clock = self.clock.max(now);
        let now = self.clock;
        for h in &mut self.histories {
            h.covers_from = h.earliest(now);
        }
    }

    /// See [`super::Engine::clock`].
    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// See [`super::Engine::set_retention`].
    pub fn set_retention(&mut self, volume: VolumeId, seconds: u64) -> Result<(), EngineError> {
        self.volume(volume)?;
        let h = &mut self.histories[volume.index()];
        h.retention = seconds;
        h.covers_from = h.earliest(self.clock);
        Ok(())
    }

    /// See [`super::Engine::earliest_restorable`].
    pub fn earliest_restorable(&self, volume: VolumeId) -> Result<u64, EngineError> {
        self.volume(volume)?;
        Ok(self.histories[volume.index()].earliest(self.clock))
    }

    /// See [`super::Engine::retained_versions`]: every version of the
    /// volume's own that one of its writes replaced after the earliest
    /// instant a restore may ask for (a restore to a time before the
    /// write needs it).
    pub fn retained_versions(&self, volume: VolumeId) -> Result<u64, EngineError> {
        self.volume(volume)?;
        let h = &self.histories[volume.index()];
        let from = h.earliest(self.clock);
        Ok(h.writes
            .iter()
            .filter(|&&(at, _, old)| {
                at > from && old != NONE && self.writers[old as usize] == volume
            })
            .count() as u64)
    }

    /// See [`super::Engine::full_copy_at`]: the volume's page table with
    /// every write after `at` undone, copied.
    pub fn full_copy_at(&mut self, source: VolumeId, at: u64) -> Result<VolumeId, EngineError> {
        let mut view = self.volume(source)?.clone();
        let earliest = self.earliest_restorable(source)?;
        if at < earliest || at > self.clock {
            return Err(EngineError::NotRestorable {
                at,
                earliest,
                latest: self.clock,
            });
        }
        let h = &self.histories[source.index()];
        for &(_, page, old) in h.writes.iter().rev().take_while(|w| w.0 > at) {
            view.table[page as usize] = old;
        }
        Ok(self.copy_of(&view))
    }
}
