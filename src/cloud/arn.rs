//! Amazon Resource Names, parsed once at the edge into their parts.
//!
//! `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, where RESOURCE may hold
//! `:` or `/` (`cluster:prod`, `resource-share/…`, `key/…`, `root`).

use std::fmt;

use thiserror::Error;

use super::ids::{AccountId, NotAnAccountId};
use crate::shown::shown;

/// A parsed ARN.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Arn {
    pub service: String,
    pub region: String,
    pub account: Option<AccountId>,
    pub resource: String,
}

/// Why a text is not an ARN: which part is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ArnError {
    /// Fewer than six `:`-separated parts.
    #[error("`{}` is not an ARN: expected arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE", shown(.0))]
    Shape(String),
    /// A prefix other than `arn:aws:`.
    #[error("`{}` is not an ARN: it must start with `arn:aws:`", shown(.0))]
    Prefix(String),
    /// An empty service or resource.
    #[error("`{}` is not an ARN: the service and resource must not be empty", shown(.0))]
    Empty(String),
    /// An account part that is not an account id.
    #[error("`{}`: {source}", shown(arn))]
    Account { arn: String, source: NotAnAccountId },
}

impl Arn {
    /// Parses an ARN; the error says what part is wrong.
    pub fn parse(s: &str) -> Result<Arn, ArnError> {
        let parts: Vec<&str> = s.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = parts[..] else {
            return Err(ArnError::Shape(s.to_string()));
        };
        if arn != "arn" || partition != "aws" {
            return Err(ArnError::Prefix(s.to_string()));
        }
        if service.is_empty() || resource.is_empty() {
            return Err(ArnError::Empty(s.to_string()));
        }
        let account = if account.is_empty() {
            None
        } else {
            Some(
                account
                    .parse::<AccountId>()
                    .map_err(|source| ArnError::Account {
                        arn: s.to_string(),
                        source,
                    })?,
            )
        };
        Ok(Arn {
            service: service.to_string(),
            region: region.to_string(),
            account,
            resource: resource.to_string(),
        })
    }

    /// Builds an ARN in the given service, region and account.
    pub fn new(service: &str, region: &str, account: AccountId, resource: String) -> Arn {
        Arn {
            service: service.to_string(),
            region: region.to_string(),
            account: Some(account),
            resource,
        }
    }

    /// The identifier after `PREFIX:` (RDS style, `cluster:prod`) or
    /// `PREFIX/` (RAM and KMS style, `key/…`), if the ARN is of that kind.
    pub fn resource_id(&self, service: &str, prefix: &str) -> Option<&str> {
        if self.service != service {
            return None;
        }
        let rest = self.resource.strip_prefix(prefix)?;
        let id = rest.strip_prefix(':').or_else(|| rest.strip_prefix('/'))?;
        (!id.is_empty()).then_some(id)
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let account = self.account.map(|a| a.to_string()).unwrap_or_default();
        write!(
            f,
            "arn:aws:{}:{}:{}:{}",
            self.service, self.region, account, self.resource
        )
    }
}

/// Whether a string looks like an ARN rather than a plain identifier.
pub fn looks_like_arn(s: &str) -> bool {
    s.starts_with("arn:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rds_ram_kms_and_iam_arns() {
        let c = Arn::parse("arn:aws:rds:us-east-1:111111111111:cluster:prod").unwrap();
        assert_eq!(c.resource_id("rds", "cluster"), Some("prod"));
        assert_eq!(c.resource_id("rds", "cluster-snapshot"), None);
        assert_eq!(
            c.to_string(),
            "arn:aws:rds:us-east-1:111111111111:cluster:prod"
        );
        let s = Arn::parse("arn:aws:ram:us-east-1:111111111111:resource-share/abc").unwrap();
        assert_eq!(s.resource_id("ram", "resource-share"), Some("abc"));
        let root = Arn::parse("arn:aws:iam::222222222222:root").unwrap();
        assert_eq!(root.account.unwrap().to_string(), "222222222222");
        assert_eq!(root.resource, "root");
    }

    #[test]
    fn malformed_arns_say_why() {
        assert!(
            Arn::parse("arn:aws:rds:us-east-1:1111:cluster:prod")
                .unwrap_err()
                .to_string()
                .contains("12 digits")
        );
        assert!(
            Arn::parse("prod")
                .unwrap_err()
                .to_string()
                .contains("not an ARN")
        );
        assert!(Arn::parse("arn:gcp:rds:r:111111111111:cluster:x").is_err());
    }
}
