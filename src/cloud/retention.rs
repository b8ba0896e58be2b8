//! `BackupRetentionPeriod`: how many days a cluster's continuous backup
//! reaches back (docs/aws-behaviour.md, "Continuous backup").

use std::fmt;

use serde::Serialize;

use crate::time::{DAY, Seconds};

/// A retention the API refuses: the days asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`backup-retention-period` = {days}: expected a whole number of days from {min} to {max}",
    min = RetentionPeriod::MIN,
    max = RetentionPeriod::MAX
)]
pub struct RetentionOutOfRange {
    pub days: u64,
}

/// Days of continuous backup, 1 to 35 (the RDS API's constraint on
/// `BackupRetentionPeriod`); 1 by default, as in the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RetentionPeriod(u8);

impl RetentionPeriod {
    /// The fewest days the API accepts, and its default.
    pub const MIN: u8 = 1;
    /// The most days the API accepts.
    pub const MAX: u8 = 35;

    /// `days`, if the API accepts it.
    pub fn new(days: u64) -> Result<Self, RetentionOutOfRange> {
        match u8::try_from(days) {
            Ok(d) if (Self::MIN..=Self::MAX).contains(&d) => Ok(RetentionPeriod(d)),
            _ => Err(RetentionOutOfRange { days }),
        }
    }

    pub fn days(self) -> u8 {
        self.0
    }

    pub fn seconds(self) -> Seconds {
        Seconds::from(self.0) * DAY
    }

    /// Whether the automated backup is free whatever it holds: AWS charges
    /// nothing for a retention period of one day.
    pub fn is_free(self) -> bool {
        self.0 == 1
    }
}

impl Default for RetentionPeriod {
    fn default() -> Self {
        RetentionPeriod(Self::MIN)
    }
}

impl fmt::Display for RetentionPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} day(s)", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_thirty_five_days() {
        assert!(RetentionPeriod::new(0).is_err());
        assert!(RetentionPeriod::new(36).is_err());
        assert_eq!(RetentionPeriod::new(7).map(|r| r.seconds()), Ok(7 * DAY));
        assert!(RetentionPeriod::default().is_free());
    }
}
