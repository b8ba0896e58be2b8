//! Billing policies: who pays for a page version (docs/model.md, "Billing policies").
//!
//! A policy is a pure function of one fact about a version, whether its
//! writer is still alive; the accounting pass applies the answer to every
//! version. Keeping it this small is what lets the three policies be
//! computed side by side in a single pass.

use crate::names::named_enum;

named_enum! {
    /// A rule that assigns each live page version's cost.
    pub enum BillingPolicy ("billing policy") {
        /// Aurora's rule (the default): the writer pays while it lives;
        /// then the version is split equally among the live clusters that
        /// see it (docs/model.md, "Billing policies").
        Aurora = "aurora",
        /// What-if: every version split equally among the clusters that
        /// see it.
        SharedEqual = "shared-equal",
        /// What-if: the writer pays while it lives; then the version is
        /// split equally among all live clusters of the family.
        FamilyEqual = "family-equal",
    }
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
    /// Who pays for a version, given whether its writer is alive.
    pub fn payer(self, writer_alive: bool) -> Payer {
        match (self, writer_alive) {
            (BillingPolicy::Aurora | BillingPolicy::FamilyEqual, true) => Payer::Writer,
            (BillingPolicy::Aurora | BillingPolicy::SharedEqual, _) => Payer::Viewers,
            (BillingPolicy::FamilyEqual, false) => Payer::Family,
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
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
