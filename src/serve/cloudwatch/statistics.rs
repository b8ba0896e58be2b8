//! Samples added up per period, as CloudWatch does: periods from the
//! start time, each with its count, sum, average, least and greatest
//! sample; a period without samples has no datapoint.

use super::input::Statistic;
use crate::time::SimTime;

/// One period's samples, added up.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Datapoint {
    pub at: SimTime,
    count: f64,
    sum: f64,
    min: f64,
    max: f64,
}

impl Datapoint {
    pub fn get(&self, s: Statistic) -> f64 {
        match s {
            Statistic::SampleCount => self.count,
            Statistic::Sum => self.sum,
            Statistic::Average => self.sum / self.count,
            Statistic::Minimum => self.min,
            Statistic::Maximum => self.max,
        }
    }
}

/// The datapoints of `samples` (sorted by time, all at or after `start`)
/// in periods of `period` seconds from `start`, oldest first.
pub fn datapoints(samples: &[(SimTime, f64)], start: SimTime, period: i64) -> Vec<Datapoint> {
    let mut out: Vec<Datapoint> = Vec::new();
    for &(t, v) in samples {
        let at = start.plus(t.since(start) / period * period);
        match out.last_mut() {
            Some(d) if d.at == at => {
                d.count += 1.0;
                d.sum += v;
                d.min = d.min.min(v);
                d.max = d.max.max(v);
            }
            _ => out.push(Datapoint {
                at,
                count: 1.0,
                sum: v,
                min: v,
                max: v,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_add_up_their_samples() {
        let s: Vec<(SimTime, f64)> = [(0, 1.0), (3_600, 3.0), (7_200, 5.0)]
            .into_iter()
            .map(|(t, v)| (SimTime(t), v))
            .collect();
        let d = datapoints(&s, SimTime(0), 7_200);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].get(Statistic::Sum), 4.0);
        assert_eq!(d[0].get(Statistic::Average), 2.0);
        assert_eq!(d[0].get(Statistic::SampleCount), 2.0);
        assert_eq!(d[0].get(Statistic::Minimum), 1.0);
        assert_eq!(d[1].at, SimTime(7_200));
        assert_eq!(d[1].get(Statistic::Maximum), 5.0);
    }
}
