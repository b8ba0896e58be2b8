//! A source's `VolumeBytesUsed` split into the pages it has now and the old
//! versions only its clones still see.
//!
//! A source pays for every version it wrote while any cluster sees it
//! (docs/model.md, "Billing policies"): a page it rewrote after a clone
//! was made is billed twice, its new version and the old one the clone
//! keeps. CloudWatch gives the sum, not its parts, nor which pages were
//! rewritten. Imported as one size, the source would have that many pages
//! and its clones would see them all. The estimate here takes the source's
//! writes since its first clone was made (its measured write rate over
//! that time) to be uniform updates of its pages, as the imported
//! workloads are: after `w` page writes spread over `n` pages,
//! `n·(1 − e^(−w/n))` of them have been rewritten, so the volume is
//! `n·(2 − e^(−w/n))`, which grows with `n`; the `n` that gives the
//! measured volume is found by bisection.

/// A source's volume as imported: its pages, and how many of them it has
/// rewritten since its clones were made (each also kept as an old version
/// the clones see).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    pub pages: u64,
    pub rewritten: u64,
}

/// The split of a volume of `volume` pages whose cluster wrote `writes`
/// pages since its first clone was made. `pages + rewritten` is `volume`.
pub fn split(volume: u64, writes: f64) -> Split {
    let billed = |n: u64| {
        let n = n as f64;
        n * (2.0 - (-writes / n).exp())
    };
    if volume == 0 || writes <= 0.0 || !writes.is_finite() {
        return Split {
            pages: volume,
            rewritten: 0,
        };
    }
    // The least n whose volume reaches the measured one: n·(2 − e^(−w/n))
    // is at most 2n, so n is at least half the volume, and at most all.
    let (mut low, mut high) = (volume.div_ceil(2), volume);
    while low < high {
        let mid = low + (high - low) / 2;
        if billed(mid) >= volume as f64 {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    Split {
        pages: low,
        rewritten: volume - low,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No writes since: the whole volume is the source's pages.
    #[test]
    fn without_writes_nothing_is_superseded() {
        assert_eq!(
            split(1000, 0.0),
            Split {
                pages: 1000,
                rewritten: 0
            }
        );
    }

    /// 1,000 pages and 1,000 uniform writes: 1000·(1 − e^−1) = 632.1
    /// rewritten, 1,632.1 billed. From 1,632 billed back: 1,000 pages
    /// (999 would give 1,631.3, short of 1,632).
    #[test]
    fn a_volume_splits_back_into_pages_and_rewrites() {
        assert_eq!(
            split(1632, 1000.0),
            Split {
                pages: 1000,
                rewritten: 632
            }
        );
    }

    /// Far more writes than pages: every page rewritten, the volume twice
    /// the pages.
    #[test]
    fn many_writes_rewrite_every_page() {
        assert_eq!(
            split(2000, 1e9),
            Split {
                pages: 1000,
                rewritten: 1000
            }
        );
    }
}
