//! A volume's page history: what continuous backup keeps so that the
//! volume can be restored to any time in its retention window
//! (docs/model.md, "Page history and continuous backup").
//!
//! Two logs, oldest first, each dropped from the front once the window
//! can no longer reach it:
//!
//! - the page versions the volume's writes superseded, as a count per
//!   hour: a restore to a time before the write needs the old version,
//!   but which page it was never changes what a restore holds (a restore
//!   is a full copy: every page of it is a new version), so a count is
//!   all that is kept: four bytes for up to 65,535 versions of an hour,
//!   in a buffer never more than twice as long as it needs, so never more
//!   than eight bytes per version kept;
//! - the pages the volume gained (appends, writes past its end), with
//!   when: a restore to an earlier time leaves them out.
//!
//! Only versions the volume wrote itself are counted: a version a clone
//! sees from its source belongs to the source's storage and backup
//! (docs/aws-behaviour.md, "Continuous backup").

use std::collections::VecDeque;

use super::layer_pages::LayerPages;
use super::page::PageSet;

/// Seconds in an hour: superseded versions are counted per hour.
const HOUR: u64 = 3_600;

/// The longest window kept, in seconds: the hours of a window must fit
/// the 16 bits of an hour's offset (about 7 years; AWS allows 35 days).
pub(crate) const MAX_RETENTION: u64 = 65_000 * HOUR;

/// The versions superseded in one hour `(hour − 1, hour]` of the engine's
/// clock, `hour` counted from the history's `base`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct HourCount {
    offset: u16,
    versions: u16,
}

/// Pages a volume gained at one instant, and its extent before.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Growth {
    at: u64,
    born: PageSet,
    extent_before: u64,
}

/// One volume's history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct History {
    /// How far back a restore may go, in seconds; 0 keeps nothing.
    retention: u64,
    /// The earliest instant a restore may ask for, before the window's
    /// own start: when the volume was made, or the start of a shorter
    /// window it once had.
    covers_from: u64,
    superseded: VecDeque<HourCount>,
    /// The hour `superseded`'s offsets count from.
    base: u64,
    /// The versions `superseded` counts, in all.
    retained: u64,
    growths: VecDeque<Growth>,
}

impl History {
    /// The history of a volume made at `now`, keeping `retention` seconds.
    pub fn new(now: u64, retention: u64) -> Self {
        History {
            retention: retention.min(MAX_RETENTION),
            covers_from: now,
            ..History::default()
        }
    }

    /// Whether the volume keeps any history.
    pub fn keeps(&self) -> bool {
        self.retention > 0
    }

    /// Changes the window at `now`: a shorter one drops what it no longer
    /// reaches at once; a longer one reaches back only as the volume
    /// lives on, since what was dropped is gone.
    pub fn set_retention(&mut self, now: u64, retention: u64) -> bool {
        self.retention = retention.min(MAX_RETENTION);
        self.expire(now)
    }

    /// Drops what a restore at `now` or later can't need; returns whether
    /// the count of retained versions changed.
    pub fn expire(&mut self, now: u64) -> bool {
        let start = now.saturating_sub(self.retention);
        self.covers_from = self.covers_from.max(start);
        let before = self.retained;
        // A version superseded at `s` is needed while a restore can reach
        // a time before `s`: while `s > start`. An hour's count covers
        // `s` in `(hour − 1, hour]`, so it goes once `hour` is not past
        // `start`.
        while let Some(first) = self.superseded.front() {
            if (self.base + u64::from(first.offset)) * HOUR > start {
                break;
            }
            self.retained -= u64::from(first.versions);
            self.superseded.pop_front();
        }
        while self.growths.front().is_some_and(|g| g.at <= start) {
            self.growths.pop_front();
        }
        if self.superseded.capacity() > 2 * self.superseded.len() {
            self.superseded.shrink_to_fit();
        }
        before != self.retained
    }

    /// Records `versions` versions superseded at `now`.
    pub fn supersede(&mut self, now: u64, versions: u64) {
        // No restore can reach a time before `covers_from`, so a version
        // superseded then was never seen by any of them.
        if !self.keeps() || versions == 0 || now <= self.covers_from {
            return;
        }
        let hour = now.div_ceil(HOUR);
        let offset = self.offset(hour);
        self.retained += versions;
        let mut left = versions;
        if let Some(last) = self.superseded.back_mut().filter(|l| l.offset == offset) {
            let room = u64::from(u16::MAX - last.versions).min(left);
            last.versions += room as u16;
            left -= room;
        }
        while left > 0 {
            let here = left.min(u64::from(u16::MAX));
            // Doubles exactly when full: the buffer never holds more
            // than twice its entries, each of at least one version.
            if self.superseded.len() == self.superseded.capacity() {
                self.superseded.reserve_exact(self.superseded.len().max(1));
            }
            self.superseded.push_back(HourCount {
                offset,
                versions: here as u16,
            });
            left -= here;
        }
    }

    /// `hour`'s offset from `base`, moving `base` up to the oldest hour
    /// kept when `hour` is too far from it (the window, at most
    /// [`MAX_RETENTION`], fits 16 bits).
    fn offset(&mut self, hour: u64) -> u16 {
        match self.superseded.front() {
            None => self.base = hour,
            Some(first) if hour - self.base > u64::from(u16::MAX) => {
                let shift = first.offset;
                for e in &mut self.superseded {
                    e.offset -= shift;
                }
                self.base += u64::from(shift);
            }
            Some(_) => {}
        }
        u16::try_from(hour - self.base).unwrap_or(u16::MAX)
    }

    /// Records that `born` became pages of the volume at `now`, its extent
    /// having been `extent_before`.
    pub fn grow(&mut self, now: u64, born: PageSet, extent_before: u64) {
        if self.keeps() {
            self.growths.push_back(Growth {
                at: now,
                born,
                extent_before,
            });
        }
    }

    /// The superseded versions the window keeps.
    pub fn retained(&self) -> u64 {
        self.retained
    }

    /// The earliest instant a restore may ask for at `now`.
    pub fn earliest(&self, now: u64) -> u64 {
        self.covers_from.max(now.saturating_sub(self.retention))
    }

    /// Bytes the superseded-version log occupies (its spare room
    /// included).
    pub fn bytes(&self) -> usize {
        self.superseded.capacity() * std::mem::size_of::<HourCount>()
    }

    /// What a restore to `at` leaves out of the volume's pages now: the
    /// pages gained after `at`, and the extent it had then (given its
    /// extent now).
    pub fn since(&self, at: u64, extent_now: u64) -> (Vec<&PageSet>, u64) {
        let later: Vec<&Growth> = self.growths.iter().filter(|g| g.at > at).collect();
        let extent = later.first().map_or(extent_now, |g| g.extent_before);
        (later.into_iter().map(|g| &g.born).collect(), extent)
    }
}

/// Removes `pages` from a layer's pages.
pub(crate) fn remove_pages(visible: &mut LayerPages, pages: &PageSet, segment_pages: u64) {
    for (seg, piece) in pages.segment_pieces(segment_pages) {
        visible.remove_range(seg, piece);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_version_an_hour_costs_at_most_eight_bytes() {
        // The worst case: every hour's count holds one version.
        let mut h = History::new(0, 7 * 24 * HOUR);
        for hour in 1..=24 * 60 {
            h.supersede(hour * HOUR, 1);
            h.expire(hour * HOUR);
            assert!(h.bytes() as u64 <= 8 * h.retained(), "hour {hour}");
        }
        assert_eq!(h.retained(), 7 * 24);
    }

    #[test]
    fn offsets_move_with_a_long_life() {
        let mut h = History::new(0, 24 * HOUR);
        for hour in (1..100_000).step_by(100) {
            h.supersede(hour * HOUR, 3);
            h.expire(hour * HOUR);
        }
        assert_eq!(h.retained(), 3);
    }

    #[test]
    fn counts_expire_with_the_window() {
        // A day's window; 3 versions at 00:30 (hour 1), 5 at 02:00 (hour 2).
        let mut h = History::new(0, 24 * HOUR);
        h.supersede(1_800, 3);
        h.supersede(2 * HOUR, 5);
        assert_eq!(h.retained(), 8);
        // At 25:00 the window starts at 01:00: the 00:30 versions go.
        assert!(h.expire(25 * HOUR));
        assert_eq!(h.retained(), 5);
        // At 26:00 it starts at 02:00: a version superseded at 02:00 was
        // never seen in the window.
        assert!(h.expire(26 * HOUR));
        assert_eq!(h.retained(), 0);
        assert_eq!(h.earliest(26 * HOUR), 2 * HOUR);
    }

    #[test]
    fn a_shorter_window_drops_what_a_longer_one_cannot_bring_back() {
        let mut h = History::new(0, 7 * 24 * HOUR);
        h.supersede(HOUR, 10);
        h.set_retention(10 * HOUR, HOUR);
        assert_eq!(h.retained(), 0);
        h.set_retention(10 * HOUR, 7 * 24 * HOUR);
        assert_eq!(h.earliest(10 * HOUR), 9 * HOUR);
    }

    #[test]
    fn no_retention_keeps_nothing() {
        let mut h = History::new(0, 0);
        h.supersede(HOUR, 10);
        h.grow(HOUR, PageSet::range(0..4), 0);
        assert_eq!((h.retained(), h.bytes()), (0, 0));
        assert!(h.since(0, 4).0.is_empty());
    }
}
