//! AWS RAM resource shares, their associations and invitations, as state
//! machines (docs/aws-behaviour.md). Each machine's transitions are one
//! `match`; a transition that isn't listed is refused.

use std::collections::BTreeMap;

use super::ids::{AccountId, ClusterId, InvitationId, ShareId};
use super::kms::Tag;
use crate::names::named_enum;
use crate::time::SimTime;

named_enum! {
    /// A resource share's status.
    pub enum ShareStatus ("resource share status") {
        Active = "ACTIVE",
        Deleted = "DELETED",
    }
}

named_enum! {
    /// An association's status (resource or principal): `ASSOCIATING` is a
    /// principal invited and not answered yet, `FAILED` one that rejected
    /// or let the invitation expire.
    pub enum AssociationStatus ("association status") {
        Associating = "ASSOCIATING",
        Associated = "ASSOCIATED",
        Failed = "FAILED",
        Disassociated = "DISASSOCIATED",
    }
}

/// What happens to an association.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssociationEvent {
    Accept,
    Fail,
    Disassociate,
}

impl AssociationStatus {
    /// The status after `event`, or `None` if it can't happen.
    pub fn next(self, event: AssociationEvent) -> Option<AssociationStatus> {
        use AssociationEvent::*;
        use AssociationStatus::*;
        match (self, event) {
            (Associating, Accept) => Some(Associated),
            (Associating, Fail) => Some(Failed),
            (Associating | Associated, Disassociate) => Some(Disassociated),
            _ => None,
        }
    }
}

named_enum! {
    /// An invitation's status.
    pub enum InvitationStatus ("invitation status") {
        Pending = "PENDING",
        Accepted = "ACCEPTED",
        Rejected = "REJECTED",
        Expired = "EXPIRED",
    }
}

/// What happens to an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvitationEvent {
    Accept,
    Reject,
    /// Seven days passed unanswered.
    Expire,
}

impl InvitationStatus {
    /// The status after `event`, or `None` if it can't happen.
    pub fn next(self, event: InvitationEvent) -> Option<InvitationStatus> {
        use InvitationEvent::*;
        use InvitationStatus::*;
        match (self, event) {
            (Pending, Accept) => Some(Accepted),
            (Pending, Reject) => Some(Rejected),
            (Pending, Expire) => Some(Expired),
            _ => None,
        }
    }
}

/// How long an invitation to a share of Aurora DB clusters stays open
/// (docs/aws-behaviour.md: 7 days).
pub const INVITATION_TTL_SECONDS: i64 = 7 * 86_400;

/// A RAM resource share.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    pub id: ShareId,
    /// The UUID part of the ARN.
    pub uuid: String,
    pub owner: AccountId,
    pub name: String,
    pub allow_external_principals: bool,
    pub status: ShareStatus,
    pub resources: BTreeMap<ClusterId, AssociationStatus>,
    /// Resources of other types RAM shares (`ec2:Subnet`, ...), by ARN as
    /// given, with their type: stored and listed, with no effect.
    pub others: BTreeMap<String, (&'static str, AssociationStatus)>,
    pub principals: BTreeMap<AccountId, AssociationStatus>,
    pub created_at: SimTime,
    /// When it was last renamed, retagged or had associations changed.
    pub updated_at: SimTime,
    pub tags: Vec<Tag>,
}

impl Share {
    /// Whether `account` may use the share's resources now.
    pub fn grants(&self, account: AccountId, cluster: ClusterId) -> bool {
        self.status == ShareStatus::Active
            && self.resources.get(&cluster) == Some(&AssociationStatus::Associated)
            && self.principals.get(&account) == Some(&AssociationStatus::Associated)
    }
}

/// A RAM invitation to one account to join a share.
#[derive(Clone, Debug, PartialEq)]
pub struct Invitation {
    pub id: InvitationId,
    pub uuid: String,
    pub share: ShareId,
    pub sender: AccountId,
    pub receiver: AccountId,
    pub status: InvitationStatus,
    pub sent_at: SimTime,
    /// Withdrawn while pending, because its principal was removed from the
    /// share: RAM lists it no more, and it can't be answered.
    pub withdrawn: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_invitation_arrow() {
        use InvitationEvent::*;
        use InvitationStatus::*;
        assert_eq!(Pending.next(Accept), Some(Accepted));
        assert_eq!(Pending.next(Reject), Some(Rejected));
        assert_eq!(Pending.next(Expire), Some(Expired));
        for done in [Accepted, Rejected, Expired] {
            for e in [Accept, Reject, Expire] {
                assert_eq!(done.next(e), None, "{done:?} --{e:?}-->");
            }
        }
    }

    #[test]
    fn every_association_arrow() {
        use AssociationEvent::*;
        use AssociationStatus::*;
        assert_eq!(Associating.next(Accept), Some(Associated));
        assert_eq!(Associating.next(Fail), Some(Failed));
        assert_eq!(Associating.next(Disassociate), Some(Disassociated));
        assert_eq!(Associated.next(Disassociate), Some(Disassociated));
        assert_eq!(Associated.next(Accept), None);
        assert_eq!(Associated.next(Fail), None);
        for done in [Failed, Disassociated] {
            for e in [Accept, Fail, Disassociate] {
                assert_eq!(done.next(e), None);
            }
        }
    }
}
