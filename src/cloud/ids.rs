//! Typed identifiers of the control plane: account ids are validated once,
//! at the edge; resources are indexes into the control plane's tables.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::shown::shown;
use thiserror::Error;

/// A 12-digit AWS account id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(u64);

impl AccountId {
    /// `000000000000`, the account of a caller nobody named.
    pub const ZERO: AccountId = AccountId(0);

    /// The id as AWS prints it: 12 digits, zero-padded.
    pub fn as_string(self) -> String {
        format!("{:012}", self.0)
    }

    /// The id as a number.
    pub fn as_u64(self) -> u64 {
        self.0
    }
}

/// A text that is not 12 digits, where an account id is expected.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("`{}` is not an account id: expected 12 digits", shown(.0))]
pub struct NotAnAccountId(pub String);

impl FromStr for AccountId {
    type Err = NotAnAccountId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse()
                .map(AccountId)
                .map_err(|_| NotAnAccountId(s.to_string()))
        } else {
            Err(NotAnAccountId(s.to_string()))
        }
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012}", self.0)
    }
}

impl Serialize for AccountId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

impl<'de> Deserialize<'de> for AccountId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

macro_rules! index_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(pub(crate) u32);

        impl $name {
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_id!(
    /// A DB cluster (live or deleted).
    ClusterId
);
index_id!(
    /// A DB instance.
    InstanceId
);
index_id!(
    /// A DB cluster snapshot.
    ClusterSnapshotId
);
index_id!(
    /// A KMS key.
    KeyId
);
index_id!(
    /// A RAM resource share.
    ShareId
);
index_id!(
    /// A RAM resource share invitation.
    InvitationId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert_eq!(
            "011111111111".parse::<AccountId>().unwrap().to_string(),
            "011111111111"
        );
        assert!("11111111111".parse::<AccountId>().is_err());
        assert!("11111111111a".parse::<AccountId>().is_err());
    }
}
