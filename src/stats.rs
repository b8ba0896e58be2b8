//! Quantiles of measurements, kept in HdrHistograms: p50 / p90 / p99 / max
//! with three significant figures, whatever the range.

use hdrhistogram::Histogram;
use serde::Serialize;

/// A histogram for values from 1 to 10^12 (seconds or microseconds).
#[expect(
    clippy::expect_used,
    reason = "the bounds are constants hdrhistogram accepts"
)]
pub fn histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 1_000_000_000_000, 3).expect("valid bounds")
}

/// Records `value`, at least 1 (a histogram has no 0 bucket).
pub fn record(h: &mut Histogram<u64>, value: u64) {
    h.saturating_record(value.max(1));
}

/// Quantiles of a histogram.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Quantiles {
    pub count: u64,
    pub p50: u64,
    pub p90: u64,
    pub p99: u64,
    pub max: u64,
}

impl Quantiles {
    pub fn of(h: &Histogram<u64>) -> Quantiles {
        Quantiles {
            count: h.len(),
            p50: h.value_at_quantile(0.5),
            p90: h.value_at_quantile(0.9),
            p99: h.value_at_quantile(0.99),
            max: h.max(),
        }
    }
}
