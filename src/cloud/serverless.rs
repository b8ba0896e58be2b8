//! Aurora Serverless v2's capacity (docs/scenarios.md, "Serverless v2"):
//! a cluster's `serverless-v2-scaling-configuration` bounds the Aurora
//! capacity units (ACUs) its `db.serverless` instances run at, between
//! `min-capacity` and `max-capacity` as the AWS CLI names them. What load
//! they see is the scenario's to say: `acus`, one figure for every hour,
//! or 24, one per hour of the day (UTC), each within the range. Without
//! `acus`, an instance runs at `min-capacity`, where an idle one settles.

use crate::time::{DAY, HOUR, SimTime};

/// Most ACUs an instance scales to (Aurora guide, "Aurora Serverless v2
/// capacity").
pub const MAX_ACUS: f64 = 256.0;

/// The ACUs an instance runs at over time.
#[derive(Clone, Debug, PartialEq)]
pub enum AcuProfile {
    Constant(f64),
    /// One figure per hour of the day, from 00:00 UTC.
    Daily(Vec<f64>),
}

/// A cluster's Serverless v2 scaling configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerlessScaling {
    pub min_capacity: f64,
    pub max_capacity: f64,
    pub acus: AcuProfile,
}

/// A scaling configuration AWS refuses; [`ScalingError::field`] names the
/// parameter at fault.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScalingError {
    #[error("`min-capacity` = {0}: expected 0 to 256 ACUs in steps of 0.5")]
    MinCapacity(f64),
    #[error("`max-capacity` = {0}: expected 1 to 256 ACUs in steps of 0.5")]
    MaxCapacity(f64),
    #[error("`max-capacity` = {max} is below `min-capacity` = {min}")]
    MaxBelowMin { min: f64, max: f64 },
    #[error("`acus` lists {0} figures: expected one, or 24 (one per hour of the day, UTC)")]
    AcusCount(usize),
    #[error("`acus` = {acus}: expected ACUs from `min-capacity` = {min} to `max-capacity` = {max}")]
    AcusOutOfRange { acus: f64, min: f64, max: f64 },
}

impl ScalingError {
    /// The scenario key of the parameter at fault.
    pub fn field(&self) -> &'static str {
        match self {
            ScalingError::MinCapacity(_) => "min-capacity",
            ScalingError::MaxCapacity(_) | ScalingError::MaxBelowMin { .. } => "max-capacity",
            ScalingError::AcusCount(_) | ScalingError::AcusOutOfRange { .. } => "acus",
        }
    }
}

impl ServerlessScaling {
    /// A configuration, checked as AWS checks it (capacities in steps of
    /// 0.5 ACU, `min-capacity` from 0, `max-capacity` from 1 to 256 and
    /// not below `min-capacity`) and with every figure of `acus` in the
    /// range. The error names the parameter at fault.
    pub fn new(min: f64, max: f64, acus: Option<AcuProfile>) -> Result<Self, ScalingError> {
        let half_steps = |x: f64| (x * 2.0).fract() == 0.0;
        if !(0.0..=MAX_ACUS).contains(&min) || !half_steps(min) {
            return Err(ScalingError::MinCapacity(min));
        }
        if !(1.0..=MAX_ACUS).contains(&max) || !half_steps(max) {
            return Err(ScalingError::MaxCapacity(max));
        }
        if max < min {
            return Err(ScalingError::MaxBelowMin { min, max });
        }
        let acus = acus.unwrap_or(AcuProfile::Constant(min));
        let figures = match &acus {
            AcuProfile::Constant(a) => std::slice::from_ref(a),
            AcuProfile::Daily(day) => {
                if day.len() != 24 {
                    return Err(ScalingError::AcusCount(day.len()));
                }
                day.as_slice()
            }
        };
        if let Some(a) = figures.iter().find(|a| !(min..=max).contains(*a)) {
            return Err(ScalingError::AcusOutOfRange { acus: *a, min, max });
        }
        Ok(ServerlessScaling {
            min_capacity: min,
            max_capacity: max,
            acus,
        })
    }

    /// The ACUs an instance runs at during the hour that begins at `at`.
    pub fn acus_at(&self, at: SimTime) -> f64 {
        match &self.acus {
            AcuProfile::Constant(a) => *a,
            AcuProfile::Daily(day) => {
                let hour = at.0.rem_euclid(DAY) / HOUR;
                day[hour as usize]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_checked_and_the_profile_read_by_hour() {
        assert_eq!(
            ServerlessScaling::new(4.0, 2.0, None).unwrap_err().field(),
            "max-capacity"
        );
        assert_eq!(
            ServerlessScaling::new(0.5, 8.0, Some(AcuProfile::Constant(9.0)))
                .unwrap_err()
                .field(),
            "acus"
        );
        let mut day = vec![0.5; 24];
        day[9] = 4.0;
        let s = ServerlessScaling::new(0.5, 8.0, Some(AcuProfile::Daily(day))).unwrap();
        let midnight = SimTime::DEFAULT_START;
        assert_eq!(s.acus_at(midnight), 0.5);
        assert_eq!(s.acus_at(midnight.plus(9 * HOUR + 59)), 4.0);
        assert_eq!(
            ServerlessScaling::new(2.0, 8.0, None)
                .unwrap()
                .acus_at(midnight),
            2.0
        );
    }
}
