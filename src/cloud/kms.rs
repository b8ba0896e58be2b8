//! KMS keys and key policies.
//!
//! Every account has the AWS managed key `aws/rds`, which no other account
//! can ever use, and may create customer managed keys with an alias. A key
//! policy is the JSON document AWS takes; another account may use the key
//! when an `Allow` statement names its root, or a user or role in it, as
//! principal for both `kms:Decrypt` and `kms:CreateGrant` (wildcards such as
//! `kms:*` count) and no `Deny` statement takes that away (docs/aws-behaviour.md,
//! "Key policies").

use serde::Deserialize;

use super::arn::Arn;
use super::ids::{AccountId, KeyId};
use super::key_policy_error::{PolicyError, PrincipalError, StatementError};
use crate::names::named_enum;
use crate::time::SimTime;

/// The alias of every account's AWS managed RDS key.
pub const DEFAULT_RDS_ALIAS: &str = "aws/rds";

named_enum! {
    /// A key's state, as KMS names it (docs/aws-behaviour.md, "KMS key
    /// states"). Only an `Enabled` key encrypts a new cluster or a clone.
    pub enum KeyState ("key state") {
        Enabled = "Enabled",
        Disabled = "Disabled",
        PendingDeletion = "PendingDeletion",
    }
}

/// One of a key's aliases.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyAlias {
    /// Without the `alias/` prefix.
    pub name: String,
    pub created_at: SimTime,
    pub updated_at: SimTime,
}

/// A tag of a KMS key or a RAM resource share: a key and a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A grant: a principal of another (or the same) account allowed some
/// operations on the key, besides what the key policy allows
/// (docs/aws-behaviour.md, "Grants").
#[derive(Clone, Debug, PartialEq)]
pub struct Grant {
    /// The 64-hex-digit id KMS shows (deterministic here).
    pub grant_id: String,
    pub name: Option<String>,
    /// The principal as given: an account id, or an IAM ARN.
    pub grantee: String,
    /// The account of the grantee.
    pub grantee_account: AccountId,
    pub retiring: Option<String>,
    /// KMS's operation names (`Decrypt`, `CreateGrant`, ...).
    pub operations: Vec<String>,
    pub created_at: SimTime,
}

/// A KMS key.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub id: KeyId,
    /// The key id AWS shows (a UUID-shaped string, deterministic here).
    pub key_id: String,
    pub owner: AccountId,
    /// Its aliases, in the order they were made (an AWS managed key has
    /// one, `aws/rds`).
    pub aliases: Vec<KeyAlias>,
    /// The AWS managed `aws/rds` key.
    pub aws_managed: bool,
    pub policy: KeyPolicy,
    /// The policy document as it was put; `None` for the default policy.
    pub policy_text: Option<String>,
    pub description: String,
    /// `KeySpec` as given (`SYMMETRIC_DEFAULT` unless told): kept and
    /// shown, no cryptography follows from it.
    pub spec: String,
    /// `KeyUsage` as given (`ENCRYPT_DECRYPT` unless told).
    pub usage: String,
    pub created_at: SimTime,
    pub state: KeyState,
    /// When a key pending deletion goes, and its waiting period in days.
    pub deletion: Option<(SimTime, u32)>,
    /// Gone after its waiting period: no call finds it any more.
    pub deleted: bool,
    /// Automatic rotation on (of key material the simulator doesn't
    /// have: only the setting is kept).
    pub rotation: bool,
    pub tags: Vec<Tag>,
    pub grants: Vec<Grant>,
}

impl Key {
    /// The key's ARN.
    pub fn arn(&self, region: &str) -> String {
        Arn::new("kms", region, self.owner, format!("key/{}", self.key_id)).to_string()
    }

    /// The first of its aliases, without `alias/`.
    pub fn alias(&self) -> Option<&str> {
        self.aliases.first().map(|a| a.name.as_str())
    }

    /// Whether the key has the alias `name` (without `alias/`).
    pub fn has_alias(&self, name: &str) -> bool {
        self.aliases.iter().any(|a| a.name == name)
    }

    /// Whether `account` may use the key now to decrypt and create
    /// grants: the key is enabled, and `account` owns it, or the key
    /// policy or a grant allows it both and the policy denies it neither.
    pub fn usable_by(&self, account: AccountId) -> bool {
        !self.deleted && self.state == KeyState::Enabled && self.admits(account)
    }

    /// Whether `account` owns the key, or the key policy or a grant lets
    /// it use the key (whatever the key's state).
    pub fn admits(&self, account: AccountId) -> bool {
        if account == self.owner {
            return true;
        }
        !self.aws_managed
            && NEEDED.iter().all(|action| {
                let granted = self.grants.iter().any(|g| {
                    g.grantee_account == account
                        && g.operations
                            .iter()
                            .any(|op| action.strip_prefix("kms:") == Some(op.as_str()))
                });
                (self.policy.allows(account, action) || granted)
                    && !self.policy.denies(account, action)
            })
    }
}

/// A parsed key policy: who may use the key besides its owner.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyPolicy {
    statements: Vec<Statement>,
}

#[derive(Clone, Debug, PartialEq)]
struct Statement {
    allow: bool,
    /// `None` for `"*"`: every principal.
    principals: Option<Vec<AccountId>>,
    actions: Vec<String>,
}

/// The actions cloning and restoring need from another account's key.
const NEEDED: [&str; 2] = ["kms:Decrypt", "kms:CreateGrant"];

/// A policy document as KMS takes it; fields other than these are ignored.
#[derive(Deserialize)]
struct Document {
    #[serde(rename = "Statement")]
    statement: Option<OneOrMore<RawStatement>>,
}

#[derive(Deserialize)]
struct RawStatement {
    #[serde(rename = "Effect")]
    effect: Option<String>,
    #[serde(rename = "Principal")]
    principal: Option<RawPrincipal>,
    #[serde(rename = "Action")]
    action: Option<OneOrMore<String>>,
}

/// `"*"`, or `{"AWS": ...}`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawPrincipal {
    Text(String),
    Accounts {
        #[serde(rename = "AWS")]
        aws: Option<OneOrMore<String>>,
    },
}

/// A value that may be given alone or as a list.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore<T> {
    One(T),
    More(Vec<T>),
}

impl<T> OneOrMore<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMore::One(x) => vec![x],
            OneOrMore::More(v) => v,
        }
    }
}

impl KeyPolicy {
    /// Parses a policy document, the JSON text KMS takes. The error says
    /// which part is malformed.
    pub fn parse(text: &str) -> Result<KeyPolicy, PolicyError> {
        let doc: Document = serde_json::from_str(text).map_err(PolicyError::NotADocument)?;
        let statements = doc
            .statement
            .ok_or(PolicyError::NoStatements)?
            .into_vec()
            .into_iter()
            .enumerate()
            .map(|(index, s)| {
                Statement::parse(s).map_err(|source| PolicyError::Statement { index, source })
            })
            .collect::<Result<_, _>>()?;
        Ok(KeyPolicy { statements })
    }

    fn matching(&self, allow: bool, account: AccountId, action: &str) -> bool {
        self.statements
            .iter()
            .any(|s| s.allow == allow && s.names(account) && s.covers(action))
    }

    fn allows(&self, account: AccountId, action: &str) -> bool {
        self.matching(true, account, action)
    }

    fn denies(&self, account: AccountId, action: &str) -> bool {
        self.matching(false, account, action)
    }
}

impl Statement {
    fn parse(s: RawStatement) -> Result<Statement, StatementError> {
        let allow = match s.effect.as_deref() {
            Some("Allow") => true,
            Some("Deny") => false,
            _ => return Err(StatementError::Effect),
        };
        let principals = match s.principal {
            Some(RawPrincipal::Text(star)) if star == "*" => None,
            Some(RawPrincipal::Accounts { aws: Some(aws) }) => {
                let aws = aws.into_vec();
                if aws.iter().any(|a| a == "*") {
                    None
                } else {
                    Some(
                        aws.iter()
                            .map(|p| principal_account(p))
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                }
            }
            Some(RawPrincipal::Accounts { aws: None }) => Some(Vec::new()),
            _ => return Err(StatementError::Principal),
        };
        let actions = s.action.ok_or(StatementError::Action)?.into_vec();
        Ok(Statement {
            allow,
            principals,
            actions,
        })
    }

    fn names(&self, account: AccountId) -> bool {
        self.principals
            .as_ref()
            .is_none_or(|p| p.contains(&account))
    }

    fn covers(&self, action: &str) -> bool {
        self.actions.iter().any(|pattern| glob(pattern, action))
    }
}

/// The account of a principal: a bare account id, or an IAM ARN of its
/// root, a user or a role.
pub(super) fn principal_account(p: &str) -> Result<AccountId, PrincipalError> {
    if let Ok(id) = p.parse::<AccountId>() {
        return Ok(id);
    }
    let arn = Arn::parse(p)?;
    match (arn.service.as_str(), arn.account) {
        ("iam", Some(account))
            if arn.resource == "root"
                || arn.resource.starts_with("user/")
                || arn.resource.starts_with("role/") =>
        {
            Ok(account)
        }
        _ => Err(PrincipalError::NotAnAccount(p.to_string())),
    }
}

/// Case-insensitive match of an IAM action pattern with `*` and `?`.
fn glob(pattern: &str, action: &str) -> bool {
    fn go(p: &[u8], a: &[u8]) -> bool {
        match (p.first(), a.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], a) || (!a.is_empty() && go(p, &a[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &a[1..]),
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => go(&p[1..], &a[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), action.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(policy: &str) -> Key {
        Key {
            id: KeyId(0),
            key_id: "k".into(),
            owner: "111111111111".parse().unwrap(),
            aliases: Vec::new(),
            aws_managed: false,
            policy: KeyPolicy::parse(policy).unwrap(),
            policy_text: Some(policy.into()),
            description: String::new(),
            spec: "SYMMETRIC_DEFAULT".into(),
            usage: "ENCRYPT_DECRYPT".into(),
            created_at: SimTime::DEFAULT_START,
            state: KeyState::Enabled,
            deletion: None,
            deleted: false,
            rotation: false,
            tags: Vec::new(),
            grants: Vec::new(),
        }
    }

    /// The statement of the Aurora guide, pasted verbatim.
    const GUIDE: &str = r#"{
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Allow use of the key",
            "Effect": "Allow",
            "Principal": {"AWS": [
                "arn:aws:iam::222222222222:user/KeyUser",
                "arn:aws:iam::333333333333:root"
            ]},
            "Action": [
                "kms:CreateGrant",
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey"
            ],
            "Resource": "*"
        }]
    }"#;

    #[test]
    fn the_guides_policy_admits_the_named_accounts_only() {
        let k = key(GUIDE);
        assert!(k.usable_by("222222222222".parse().unwrap()));
        assert!(k.usable_by("333333333333".parse().unwrap()));
        assert!(!k.usable_by("444444444444".parse().unwrap()));
        assert!(k.usable_by("111111111111".parse().unwrap()), "the owner");
    }

    #[test]
    fn both_actions_are_needed_and_deny_wins() {
        let only_decrypt = r#"{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "kms:Decrypt"}}"#;
        assert!(!key(only_decrypt).usable_by("222222222222".parse().unwrap()));
        let star = r#"{"Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "kms:*"},
            {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::333333333333:root"}, "Action": "kms:Decrypt"}]}"#;
        assert!(key(star).usable_by("222222222222".parse().unwrap()));
        assert!(!key(star).usable_by("333333333333".parse().unwrap()));
    }

    #[test]
    fn a_grant_is_a_second_way_in_and_a_disabled_key_admits_no_one() {
        let other: AccountId = "222222222222".parse().unwrap();
        let mut k = key(r#"{"Statement": []}"#);
        assert!(!k.usable_by(other));
        k.grants.push(Grant {
            grant_id: "g".into(),
            name: None,
            grantee: "arn:aws:iam::222222222222:root".into(),
            grantee_account: other,
            retiring: None,
            operations: vec!["Decrypt".into(), "CreateGrant".into()],
            created_at: SimTime::DEFAULT_START,
        });
        assert!(k.usable_by(other));
        k.state = KeyState::Disabled;
        assert!(!k.usable_by(other));
        assert!(!k.usable_by(k.owner), "not even its owner");
    }

    #[test]
    fn managed_keys_are_never_shared() {
        let mut k =
            key(r#"{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "kms:*"}}"#);
        k.aws_managed = true;
        assert!(!k.usable_by("222222222222".parse().unwrap()));
    }

    #[test]
    fn malformed_policies_say_where() {
        let bad = r#"{"Statement": [{"Effect": "Maybe"}]}"#;
        assert!(
            KeyPolicy::parse("{")
                .unwrap_err()
                .to_string()
                .contains("not a policy document")
        );
        assert!(KeyPolicy::parse(r#"{"Statement": [{"Effect": 1}]}"#).is_err());
        assert!(
            KeyPolicy::parse(bad)
                .unwrap_err()
                .to_string()
                .starts_with("Statement[0]")
        );
    }
}
