//! Billing policies: who pays for a page version (docs/model.md, "Billing policies").
//!
//! A policy is a pure function of one fact about a version, whether its
//! writer is still alive; the accounting pass applies the answer to every
//! version. Keeping it this small is what lets the three policies be
//! computed side by side in a single pass.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A rule that assigns each live page version's cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BillingPolicy {
    /// Aurora's rule (the default): the writer pays while it lives; then the
    /// version is split equally among the live clusters that see it
    /// (docs/model.md, "Billing policies").
    Aurora,
    /// What-if: every version split equally among the clusters that see it.
    SharedEqual,
    /// What-if: the writer pays while it lives; then the version is split
    /// equally among all live clusters of the family.
    FamilyEqual,
}

/// Who pays for one page version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payer {
    /// The cluster that wrote it, all of it.
    Writer,
    /// An equal share to each live cluster that sees it.
    Viewers,
    /// An equal share to each live cluster of the family.
    Family,
}

impl BillingPolicy {
    /// All policies, in the order reports list them.
    pub const ALL: [BillingPolicy; 3] = [
        BillingPolicy::Aurora,
        BillingPolicy::SharedEqual,
        BillingPolicy::FamilyEqual,
    ];

    /// Who pays for a version, given whether its writer is alive.
    pub fn payer(self, writer_alive: bool) -> Payer {
        match (self, writer_alive) {
            (BillingPolicy::Aurora | BillingPolicy::FamilyEqual, true) => Payer::Writer,
            (BillingPolicy::Aurora | BillingPolicy::SharedEqual, _) => Payer::Viewers,
            (BillingPolicy::FamilyEqual, false) => Payer::Family,
        }
    }

    /// The policy's name as scenario files and the command line spell it.
    pub fn name(self) -> &'static str {
        match self {
            BillingPolicy::Aurora => "aurora",
            BillingPolicy::SharedEqual => "shared-equal",
            BillingPolicy::FamilyEqual => "family-equal",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for BillingPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BillingPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BillingPolicy::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown billing policy `{s}`: expected aurora, shared-equal or family-equal"
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_and_liveness_has_its_payer() {
        use BillingPolicy::*;
        assert_eq!(Aurora.payer(true), Payer::Writer);
        assert_eq!(Aurora.payer(false), Payer::Viewers);
        assert_eq!(SharedEqual.payer(true), Payer::Viewers);
        assert_eq!(SharedEqual.payer(false), Payer::Viewers);
        assert_eq!(FamilyEqual.payer(true), Payer::Writer);
        assert_eq!(FamilyEqual.payer(false), Payer::Family);
    }

    #[test]
    fn names_round_trip() {
        for p in BillingPolicy::ALL {
            assert_eq!(p.name().parse::<BillingPolicy>(), Ok(p));
        }
        assert!("aurora2".parse::<BillingPolicy>().is_err());
    }
}
