//! Write patterns: which pages a write touches (`uniform`, `sequential`,
//! `zipf:S`, `hotspot:F:P`) and rates (`"2GiB/day"`, `"500 pages/h"`).
//! Draws come from a portable seeded RNG, so the same seed writes the same
//! pages on any machine.

use std::fmt;
use std::str::FromStr;

use rand::{Rng, RngExt};

use crate::engine::PageSet;
use crate::time::{DAY, HOUR, MINUTE};

/// How the pages of an `update` are chosen among `0..extent`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Distribution {
    /// Every page equally likely.
    Uniform,
    /// Consecutive pages from a start page, wrapping at the end.
    Sequential,
    /// Page `k` (from 0) with weight `1/(k+1)^s`: low pages are hot.
    Zipf(f64),
    /// A fraction `p` of writes to the first fraction `f` of the pages.
    Hotspot { f: f64, p: f64 },
}

/// A distribution's text that names none, or one with a parameter out
/// of its range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadDistribution {
    /// A known distribution with a parameter out of range: its text.
    #[error("`{0}`: {EXPECTED_DISTRIBUTION}")]
    Parameter(String),
    #[error("unknown distribution `{0}`: {EXPECTED_DISTRIBUTION}")]
    Unknown(String),
}

const EXPECTED_DISTRIBUTION: &str =
    "expected uniform, sequential, zipf:S (S > 0) or hotspot:F:P (0 < F, P < 1)";

impl FromStr for Distribution {
    type Err = BadDistribution;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = s.split(':').collect();
        let num = |x: &str| x.parse::<f64>().ok().filter(|v| v.is_finite());
        match parts[..] {
            ["uniform"] => Ok(Distribution::Uniform),
            ["sequential"] => Ok(Distribution::Sequential),
            ["zipf", s] => match num(s) {
                Some(v) if v > 0.0 => Ok(Distribution::Zipf(v)),
                _ => Err(BadDistribution::Parameter(format!("zipf:{s}"))),
            },
            ["hotspot", f, p] => match (num(f), num(p)) {
                (Some(f), Some(p)) if f > 0.0 && f < 1.0 && p > 0.0 && p < 1.0 => {
                    Ok(Distribution::Hotspot { f, p })
                }
                _ => Err(BadDistribution::Parameter(s.to_string())),
            },
            _ => Err(BadDistribution::Unknown(s.to_string())),
        }
    }
}

impl fmt::Display for Distribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Distribution::Uniform => write!(f, "uniform"),
            Distribution::Sequential => write!(f, "sequential"),
            Distribution::Zipf(s) => write!(f, "zipf:{s}"),
            Distribution::Hotspot { f: x, p } => write!(f, "hotspot:{x}:{p}"),
        }
    }
}

impl Distribution {
    /// `count` page writes among `0..extent` (repeats allowed, so the set
    /// may hold fewer pages), starting at `start` for `sequential`.
    pub fn pages(self, count: u64, extent: u64, start: u64, rng: &mut impl Rng) -> PageSet {
        if count == 0 || extent == 0 {
            return PageSet::new();
        }
        let start = start % extent;
        match self {
            Distribution::Sequential => {
                let n = count.min(extent);
                let end = start + n;
                if end <= extent {
                    PageSet::range(start..end)
                } else {
                    PageSet::from_ranges([start..extent, 0..end - extent])
                }
            }
            Distribution::Uniform => {
                PageSet::from_pages((0..count).map(|_| rng.random_range(0..extent)))
            }
            Distribution::Zipf(s) => PageSet::from_pages((0..count).map(|_| zipf(extent, s, rng))),
            Distribution::Hotspot { f, p } => {
                let hot = ((extent as f64 * f) as u64).clamp(1, extent);
                PageSet::from_pages((0..count).map(|_| {
                    if rng.random::<f64>() < p || hot == extent {
                        rng.random_range(0..hot)
                    } else {
                        rng.random_range(hot..extent)
                    }
                }))
            }
        }
    }
}

/// A Zipf draw over `0..n` by inverting the continuous approximation of
/// its CDF (exact enough for page-access skew, O(1) for any `n`).
fn zipf(n: u64, s: f64, rng: &mut impl Rng) -> u64 {
    let u: f64 = rng.random();
    let n = n as f64;
    let x = if (s - 1.0).abs() < 1e-9 {
        n.powf(u)
    } else {
        ((n.powf(1.0 - s) - 1.0) * u + 1.0).powf(1.0 / (1.0 - s))
    };
    (x.floor() as u64).saturating_sub(1).min(n as u64 - 1)
}

crate::names::named_enum! {
    /// Whether a write rewrites pages the volume has or grows it. An update
    /// never grows a volume: it names pages inside it or is refused.
    pub enum WriteMode ("write mode") {
        Update = "update",
        Append = "append",
    }
}

/// A write rate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rate {
    BytesPerSecond(f64),
    PagesPerSecond(f64),
}

impl Rate {
    /// Pages per second for a given page size.
    pub fn pages_per_second(self, page_bytes: u64) -> f64 {
        match self {
            Rate::BytesPerSecond(b) => b / page_bytes as f64,
            Rate::PagesPerSecond(p) => p,
        }
    }

    /// The same rate times `factor`.
    pub fn scaled(self, factor: f64) -> Rate {
        match self {
            Rate::BytesPerSecond(b) => Rate::BytesPerSecond(b * factor),
            Rate::PagesPerSecond(p) => Rate::PagesPerSecond(p * factor),
        }
    }
}

/// Text that is not a rate: the text as given.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a rate such as \"2GiB/day\", \"100MiB/h\" or \"500 pages/h\"")]
pub struct BadRate(pub String);

impl FromStr for Rate {
    type Err = BadRate;

    /// `AMOUNT UNIT/PERIOD`: `"2GiB/day"`, `"100 MiB/h"`, `"500 pages/h"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadRate(s.to_string());
        let (amount, period) = s.split_once('/').ok_or_else(bad)?;
        let amount = amount.trim();
        let split = amount
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (number, unit) = amount.split_at(split);
        let number: f64 = number
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
            .ok_or_else(bad)?;
        let seconds = match period.trim() {
            "s" | "sec" | "second" => 1,
            "m" | "min" | "minute" => MINUTE,
            "h" | "hr" | "hour" => HOUR,
            "d" | "day" => DAY,
            _ => return Err(bad()),
        } as f64;
        let bytes = |scale: u64| Ok(Rate::BytesPerSecond(number * scale as f64 / seconds));
        match unit.trim() {
            "KiB" => bytes(1 << 10),
            "MiB" => bytes(1 << 20),
            "GiB" => bytes(1 << 30),
            "TiB" => bytes(1 << 40),
            "page" | "pages" => Ok(Rate::PagesPerSecond(number / seconds)),
            _ => Err(bad()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn distributions_parse() {
        assert_eq!("uniform".parse(), Ok(Distribution::Uniform));
        assert_eq!("zipf:1.1".parse(), Ok(Distribution::Zipf(1.1)));
        assert_eq!(
            "hotspot:0.1:0.9".parse(),
            Ok(Distribution::Hotspot { f: 0.1, p: 0.9 })
        );
        assert!("hotspot:2:0.9".parse::<Distribution>().is_err());
        assert!("normal".parse::<Distribution>().is_err());
    }

    #[test]
    fn rates_parse() {
        assert_eq!(
            "2GiB/day".parse::<Rate>().unwrap().pages_per_second(16_384) * 86_400.0,
            131_072.0
        );
        assert_eq!(
            "500 pages/h".parse(),
            Ok(Rate::PagesPerSecond(500.0 / 3_600.0))
        );
        assert!("fast".parse::<Rate>().is_err());
        assert!("2GB/day".parse::<Rate>().is_err());
    }

    #[test]
    fn pages_stay_in_range_and_are_seeded() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        for d in [
            Distribution::Uniform,
            Distribution::Zipf(1.0),
            Distribution::Zipf(1.5),
            Distribution::Hotspot { f: 0.1, p: 0.9 },
        ] {
            let set = d.pages(1_000, 500, 0, &mut rng);
            assert!(set.end() <= 500 && !set.is_empty(), "{d}");
        }
        let seq = Distribution::Sequential.pages(10, 100, 95, &mut rng);
        assert_eq!(seq.ranges(), &[0..5, 95..100]);
        let a =
            Distribution::Uniform.pages(50, 1_000, 0, &mut Xoshiro256PlusPlus::seed_from_u64(9));
        let b =
            Distribution::Uniform.pages(50, 1_000, 0, &mut Xoshiro256PlusPlus::seed_from_u64(9));
        assert_eq!(a, b);
    }

    #[test]
    fn hotspots_are_hot() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
        let set = Distribution::Hotspot { f: 0.01, p: 0.99 }.pages(2_000, 1_000_000, 0, &mut rng);
        let hot = set.ranges().iter().filter(|r| r.start < 10_000).count();
        assert!(hot as f64 > 0.9 * set.ranges().len() as f64);
    }
}
