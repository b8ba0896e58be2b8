//! How a request names a DB cluster or a DB cluster snapshot: an
//! identifier of the caller's own, or an ARN, which may name another
//! account's. Parsed once, where the request is read; a malformed ARN is
//! kept with why, for the service to refuse as AWS does (a scenario that
//! expects the error passes it through unchecked).

use std::fmt;

use crate::cloud::arn::Arn;
use crate::cloud::ids::AccountId;

/// What a reference names, once parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The caller's own, by identifier.
    Own(String),
    /// By ARN: its account (an ARN may leave it out), region and
    /// identifier.
    Arn {
        account: Option<AccountId>,
        region: String,
        identifier: String,
    },
    /// Not an ARN of the kind: why.
    Malformed(String),
}

macro_rules! resource_ref {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name {
            /// As the caller wrote it, for messages.
            text: String,
            target: Target,
        }

        impl $name {
            /// The resource's ARN prefix (`arn:aws:rds:REGION:ACCOUNT:PREFIX:NAME`).
            pub const PREFIX: &'static str = $prefix;

            pub fn parse(text: &str) -> Self {
                $name {
                    text: text.to_string(),
                    target: parse_target(text, $prefix, $what),
                }
            }

            /// The reference as the caller wrote it.
            pub fn as_str(&self) -> &str {
                &self.text
            }

            pub fn target(&self) -> &Target {
                &self.target
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name::parse(text)
            }
        }

        impl From<&String> for $name {
            fn from(text: &String) -> Self {
                $name::parse(text)
            }
        }

        /// A handler takes a reference it is given parsed, or text.
        impl From<&$name> for $name {
            fn from(parsed: &$name) -> Self {
                parsed.clone()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }
    };
}

resource_ref!(
    /// A DB cluster: `orders`, or `arn:aws:rds:REGION:ACCOUNT:cluster:orders`.
    ClusterRef,
    "cluster",
    "DB cluster"
);
resource_ref!(
    /// A DB cluster snapshot: `monday`, or
    /// `arn:aws:rds:REGION:ACCOUNT:cluster-snapshot:monday`.
    SnapshotRef,
    "cluster-snapshot",
    "DB cluster snapshot"
);

fn parse_target(text: &str, prefix: &str, what: &str) -> Target {
    if !crate::cloud::arn::looks_like_arn(text) {
        return Target::Own(text.to_string());
    }
    let arn = match Arn::parse(text) {
        Ok(arn) => arn,
        Err(e) => return Target::Malformed(e.to_string()),
    };
    match arn.resource_id("rds", prefix) {
        Some(id) => Target::Arn {
            account: arn.account,
            region: arn.region.clone(),
            identifier: id.to_string(),
        },
        None => Target::Malformed(format!("`{text}` is not a {what} ARN")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_arns_and_malformed_arns() {
        assert_eq!(
            ClusterRef::parse("orders").target(),
            &Target::Own("orders".into())
        );
        let arn = ClusterRef::parse("arn:aws:rds:us-east-1:111111111111:cluster:orders");
        assert!(matches!(arn.target(), Target::Arn { identifier, .. } if identifier == "orders"));
        assert_eq!(
            arn.as_str(),
            "arn:aws:rds:us-east-1:111111111111:cluster:orders"
        );
        let snapshot = ClusterRef::parse("arn:aws:rds:us-east-1:111111111111:cluster-snapshot:x");
        assert_eq!(
            snapshot.target(),
            &Target::Malformed(
                "`arn:aws:rds:us-east-1:111111111111:cluster-snapshot:x` is not a DB cluster ARN"
                    .into()
            )
        );
        assert!(matches!(
            SnapshotRef::parse("arn:aws:rds:us-east-1:1:cluster-snapshot:x").target(),
            Target::Malformed(e) if e.contains("12 digits")
        ));
    }
}
