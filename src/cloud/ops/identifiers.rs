//! The names a caller gives what it creates, checked as AWS checks them
//! (docs/aws-behaviour.md, "Identifiers"): DB cluster, instance and
//! snapshot identifiers, KMS alias names and RAM share names. A request's
//! declaration names the rule of each such field, so both front doors
//! refuse a bad name as they read it: nothing is run, and nothing reaches
//! the journal. Identifiers are checked as given; the control plane
//! stores RDS ones in lower case, as AWS does.

use super::param::{Param, Refusal};

/// How a name must be formed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// An RDS identifier of at most this many characters: ASCII letters,
    /// digits and hyphens, a letter first, no two hyphens in a row, and
    /// no hyphen last.
    Rds(usize),
    /// A KMS alias name: `alias/` and then letters, digits, `/`, `_` and
    /// `-`, at most 256 characters, not under `alias/aws/`.
    KmsAlias,
    /// A RAM resource share's name: not empty, and at most
    /// [`SHARE_NAME_MAX`] characters.
    ShareName,
    /// A DB subnet group's name: at most 255 letters, digits, periods,
    /// underscores, spaces and hyphens, a letter first, and not `default`.
    SubnetGroup,
    /// A KMS grant's name: 1 to 256 letters, digits, `:`, `/`, `_` and `-`
    /// (the model's `GrantNameType`).
    GrantName,
    /// Free text of at most this many characters, under the error code
    /// of the service that bounds it.
    Text(usize, &'static str),
}

/// A DB cluster's identifier (CreateDBCluster, the restores, a rename).
pub const DB_CLUSTER: Rule = Rule::Rds(63);
/// A DB instance's identifier.
pub const DB_INSTANCE: Rule = Rule::Rds(63);
/// A DB cluster snapshot's identifier (CreateDBClusterSnapshot,
/// CopyDBClusterSnapshot).
pub const DB_CLUSTER_SNAPSHOT: Rule = Rule::Rds(63);
/// DeleteDBCluster's final snapshot: RDS allows 255 characters there.
pub const FINAL_SNAPSHOT: Rule = Rule::Rds(255);
/// A DB cluster parameter group's or DB parameter group's name (a
/// custom one: only RDS's own default groups hold a period).
pub const PARAMETER_GROUP: Rule = Rule::Rds(255);
/// A DB subnet group's name.
pub const SUBNET_GROUP: Rule = Rule::SubnetGroup;
/// A KMS alias.
pub const KMS_ALIAS: Rule = Rule::KmsAlias;
/// A RAM resource share's name.
pub const SHARE_NAME: Rule = Rule::ShareName;
/// A KMS grant's name.
pub const GRANT_NAME: Rule = Rule::GrantName;
/// A KMS key's description (the model's `DescriptionType`: 8,192).
pub const KEY_DESCRIPTION: Rule = Rule::Text(8192, "ValidationException");

/// The longest share name taken. RAM's model and API reference set no
/// bound; this one keeps a name from growing the state without limit.
pub const SHARE_NAME_MAX: usize = 255;

/// The most characters of a KMS alias name (the model's `AliasNameType`).
const ALIAS_MAX: usize = 256;

/// KMS's error for a malformed alias name.
const INVALID_ALIAS: &str = "InvalidAliasNameException";

impl Rule {
    /// `value`, given as `param`, checked against the rule.
    pub fn check(&self, param: Param, value: &str) -> Result<(), Refusal> {
        let key = param.step;
        match *self {
            Rule::Rds(most) => {
                let chars = value.chars().count();
                let formed = value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !value.ends_with('-')
                    && !value.contains("--");
                if formed && (1..=most).contains(&chars) {
                    return Ok(());
                }
                Err(Refusal::of(
                    param,
                    format!(
                        "`{key}` is not a valid identifier. Identifiers must begin with a \
                         letter; must contain only ASCII letters, digits, and hyphens; must not \
                         end with a hyphen or contain two consecutive hyphens; and must hold 1 \
                         to {most} characters."
                    ),
                ))
            }
            Rule::KmsAlias => {
                let name = value.strip_prefix("alias/").unwrap_or_default();
                let why = if !value.starts_with("alias/") || name.is_empty() {
                    "must begin with alias/ followed by a name, such as alias/ExampleAlias"
                } else if value.starts_with("alias/aws/") {
                    "must not begin with alias/aws/, which is reserved for AWS managed keys"
                } else if value.chars().count() > ALIAS_MAX
                    || !value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-'))
                {
                    "must hold 1 to 256 characters: letters, digits, forward slashes (/), \
                     underscores (_) and dashes (-)"
                } else {
                    return Ok(());
                };
                Err(Refusal {
                    param: Some(param),
                    code: Some(INVALID_ALIAS),
                    message: format!("`{key}` is not a valid alias name: it {why}."),
                })
            }
            Rule::SubnetGroup => {
                let formed = value.starts_with(|c: char| c.is_ascii_alphabetic())
                    && value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ' ' | '-'))
                    && value.chars().count() <= 255
                    && !value.eq_ignore_ascii_case("default");
                if formed {
                    return Ok(());
                }
                Err(Refusal::of(
                    param,
                    format!(
                        "`{key}` is not a valid DB subnet group name. It must begin with a \
                         letter; contain only ASCII letters, digits, periods, underscores, \
                         spaces, and hyphens; hold at most 255 characters; and not be default."
                    ),
                ))
            }
            Rule::GrantName => {
                let chars = value.chars().count();
                let formed = value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '_' | '-'));
                if formed && (1..=256).contains(&chars) {
                    return Ok(());
                }
                Err(Refusal {
                    param: Some(param),
                    code: Some("ValidationException"),
                    message: format!(
                        "`{key}` is not a valid grant name: it must hold 1 to 256 letters, \
                         digits, colons (:), forward slashes (/), underscores (_) and dashes (-)."
                    ),
                })
            }
            Rule::Text(most, code) => {
                if value.chars().count() <= most {
                    return Ok(());
                }
                Err(Refusal {
                    param: Some(param),
                    code: Some(code),
                    message: format!("`{key}` holds at most {most} characters."),
                })
            }
            Rule::ShareName => {
                let chars = value.chars().count();
                if (1..=SHARE_NAME_MAX).contains(&chars) {
                    return Ok(());
                }
                Err(Refusal::of(
                    param,
                    format!(
                        "`{key}` is not a valid resource share name: it must hold 1 to \
                         {SHARE_NAME_MAX} characters."
                    ),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::ops::param::param;

    const ID: Param = param("db-cluster-identifier", "DBClusterIdentifier");

    fn ok(rule: Rule, value: &str) -> bool {
        rule.check(ID, value).is_ok()
    }

    #[test]
    fn group_names_as_rds_forms_them() {
        for good in ["app", "App_db.subnets 1", &"a".repeat(255)] {
            assert!(ok(SUBNET_GROUP, good), "{good}");
        }
        for bad in ["", "1app", "default", "Default", "a/b", &"a".repeat(256)] {
            assert!(!ok(SUBNET_GROUP, bad), "{bad}");
        }
        assert!(ok(PARAMETER_GROUP, &"a".repeat(255)));
        for bad in ["default.aurora-mysql8.0", "a--b", "a-", "1a"] {
            assert!(!ok(PARAMETER_GROUP, bad), "{bad}");
        }
    }

    #[test]
    fn rds_identifiers_as_rds_forms_them() {
        for good in ["a", "orders", "Orders-2", "a1-b2-c3", &"a".repeat(63)] {
            assert!(ok(DB_CLUSTER, good), "{good}");
        }
        for bad in [
            "",
            "1bad",
            "-a",
            "a-",
            "a--b",
            "a_b",
            "a.b",
            "é",
            &"a".repeat(64),
        ] {
            assert!(!ok(DB_CLUSTER, bad), "{bad}");
        }
        assert!(ok(FINAL_SNAPSHOT, &"a".repeat(255)));
        assert!(!ok(FINAL_SNAPSHOT, &"a".repeat(256)));
        let refused = DB_CLUSTER.check(ID, "1bad--id").unwrap_err();
        assert_eq!(refused.code, None);
        assert!(
            refused
                .message
                .starts_with("`db-cluster-identifier` is not a valid identifier")
        );
    }

    #[test]
    fn kms_alias_names_as_kms_forms_them() {
        for good in ["alias/orders", "alias/a/b_c-d", "alias/awsome"] {
            assert!(ok(KMS_ALIAS, good), "{good}");
        }
        for bad in [
            "orders",
            "alias/",
            "alias/aws/rds",
            "alias/a b",
            "alias/a:b",
        ] {
            let refused = KMS_ALIAS.check(ID, bad).unwrap_err();
            assert_eq!(refused.code, Some(INVALID_ALIAS), "{bad}");
        }
        assert!(!ok(KMS_ALIAS, &format!("alias/{}", "a".repeat(251))));
    }

    #[test]
    fn share_names_are_bounded() {
        assert!(ok(SHARE_NAME, "orders share"));
        assert!(!ok(SHARE_NAME, ""));
        assert!(!ok(SHARE_NAME, &"a".repeat(SHARE_NAME_MAX + 1)));
    }
}
