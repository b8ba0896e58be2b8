//! The operations a scenario step can name (README, "Scenario files"), their
//! parameters as the AWS CLI names them, and their parsing into typed
//! actions. Everything a step says is checked here, before anything runs.

use serde_json::Value;
use toml::de::DeValue;

use super::diag::{Diagnostic, closest};
use super::expect::Expectation;
use super::fields::{At, Fields};
use super::writes::{Amount, WorkloadSpec, WriteSpec, workload, write_spec};
use crate::cloud::ram::InvitationStatus;
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
use crate::cloud::{
    AccountId, CreateCluster, InvitationRef, ResourceOwner, RestoreFromSnapshot,
    RestoreToPointInTime, RestoreType, ShareRef, ShareRequest,
};
use crate::time::{Seconds, SimTime, parse_duration};

/// Every op and the parameters it takes.
pub const OPS: &[(&str, &[&str])] = &[
    (
        "create-db-cluster",
        &[
            "db-cluster-identifier",
            "engine",
            "engine-version",
            "engine-mode",
            "storage-encrypted",
            "kms-key-id",
            "storage-type",
            "data-gib",
            "data-pages",
        ],
    ),
    (
        "create-db-instance",
        &[
            "db-instance-identifier",
            "db-cluster-identifier",
            "db-instance-class",
            "engine",
        ],
    ),
    ("delete-db-instance", &["db-instance-identifier"]),
    (
        "modify-db-cluster",
        &[
            "db-cluster-identifier",
            "new-db-cluster-identifier",
            "storage-type",
            "apply-immediately",
        ],
    ),
    (
        "delete-db-cluster",
        &[
            "db-cluster-identifier",
            "skip-final-snapshot",
            "final-db-snapshot-identifier",
        ],
    ),
    (
        "describe-db-clusters",
        &["db-cluster-identifier", "include-shared", "filters"],
    ),
    (
        "restore-db-cluster-to-point-in-time",
        &[
            "source-db-cluster-identifier",
            "db-cluster-identifier",
            "restore-type",
            "use-latest-restorable-time",
            "restore-to-time",
            "kms-key-id",
        ],
    ),
    (
        "create-db-cluster-snapshot",
        &["db-cluster-identifier", "db-cluster-snapshot-identifier"],
    ),
    (
        "copy-db-cluster-snapshot",
        &[
            "source-db-cluster-snapshot-identifier",
            "target-db-cluster-snapshot-identifier",
            "kms-key-id",
        ],
    ),
    (
        "modify-db-cluster-snapshot-attribute",
        &[
            "db-cluster-snapshot-identifier",
            "attribute-name",
            "values-to-add",
            "values-to-remove",
        ],
    ),
    (
        "restore-db-cluster-from-snapshot",
        &[
            "snapshot-identifier",
            "db-cluster-identifier",
            "engine",
            "kms-key-id",
        ],
    ),
    (
        "delete-db-cluster-snapshot",
        &["db-cluster-snapshot-identifier"],
    ),
    ("kms-create-key", &["alias", "description"]),
    ("kms-put-key-policy", &["key-id", "policy", "policy-name"]),
    ("enable-sharing-with-aws-organization", &[]),
    (
        "create-resource-share",
        &[
            "name",
            "resource-arns",
            "principals",
            "allow-external-principals",
        ],
    ),
    (
        "associate-resource-share",
        &["resource-share-arn", "name", "resource-arns", "principals"],
    ),
    (
        "disassociate-resource-share",
        &["resource-share-arn", "name", "resource-arns", "principals"],
    ),
    ("delete-resource-share", &["resource-share-arn", "name"]),
    ("get-resource-share-invitations", &["status"]),
    (
        "accept-resource-share-invitation",
        &["resource-share-invitation-arn", "resource-share-name"],
    ),
    (
        "reject-resource-share-invitation",
        &["resource-share-invitation-arn", "resource-share-name"],
    ),
    ("list-principals", &["resource-arns", "resource-owner"]),
    (
        "write",
        &[
            "db-cluster-identifier",
            "page-ranges",
            "pages",
            "gib",
            "mode",
            "distribution",
            "start-page",
        ],
    ),
    (
        "workload",
        &[
            "db-cluster-identifier",
            "rate",
            "mode",
            "distribution",
            "until",
            "every",
        ],
    ),
    ("advance", &["duration"]),
    ("expect", &[]),
];

/// Keys every step may carry.
pub const COMMON: &[&str] = &["op", "account", "expect-error", "note"];

/// What a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    CreateCluster(CreateCluster),
    CreateInstance {
        identifier: String,
        cluster: String,
    },
    DeleteInstance {
        identifier: String,
    },
    ModifyCluster {
        cluster: String,
        new_identifier: Option<String>,
        storage_type: Option<StorageType>,
    },
    DeleteCluster {
        cluster: String,
        skip_final_snapshot: bool,
        final_snapshot: Option<String>,
    },
    DescribeClusters {
        cluster: Option<String>,
        include_shared: bool,
        clone_group_id: Option<String>,
    },
    RestoreToPointInTime(RestoreToPointInTime),
    CreateSnapshot {
        cluster: String,
        snapshot: String,
    },
    CopySnapshot {
        source: String,
        target: String,
        kms_key_id: Option<String>,
    },
    ShareSnapshot {
        snapshot: String,
        attribute: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
    RestoreFromSnapshot(RestoreFromSnapshot),
    DeleteSnapshot {
        snapshot: String,
    },
    CreateKey {
        alias: Option<String>,
    },
    PutKeyPolicy {
        key: String,
        policy: Value,
    },
    EnableOrganizationSharing,
    CreateShare {
        name: String,
        request: ShareRequest,
        allow_external: bool,
    },
    AssociateShare {
        share: ShareRef,
        request: ShareRequest,
    },
    DisassociateShare {
        share: ShareRef,
        request: ShareRequest,
    },
    DeleteShare {
        share: ShareRef,
    },
    GetInvitations {
        status: Option<InvitationStatus>,
    },
    AcceptInvitation(InvitationRef),
    RejectInvitation(InvitationRef),
    ListPrincipals {
        resource_arns: Vec<String>,
        owner: ResourceOwner,
    },
    Write {
        cluster: String,
        spec: WriteSpec,
    },
    Workload(WorkloadSpec),
    Advance(Seconds),
    Expect(Expectation),
}

/// Resolves account references (ids or declared names) for a step.
pub trait Accounts {
    fn resolve(&self, reference: &str) -> Option<AccountId>;
}

/// Parses a step's parameters into an action, given its op.
pub fn parse_action(
    op: &At<String>,
    f: &mut Fields<'_, '_>,
    accounts: &dyn Accounts,
    expects_error: bool,
) -> Result<Action, Diagnostic> {
    let names: Vec<&str> = OPS.iter().map(|(n, _)| *n).collect();
    let Some((_, params)) = OPS.iter().find(|(n, _)| *n == op.0) else {
        let d = f.error(op.1.clone(), format!("unknown op `{}`", op.0));
        return Err(match closest(&op.0, names.iter().copied()) {
            Some(c) => d.help(format!("did you mean `{c}`?")),
            None => d.help("see the README for the list of ops"),
        });
    };
    if op.0 != "expect" {
        let allowed: Vec<&str> = params.iter().chain(COMMON).copied().collect();
        f.finish(&allowed)?;
    }
    parse_params(&op.0, f, accounts, expects_error)
}

fn parse_params(
    op: &str,
    f: &mut Fields<'_, '_>,
    accounts: &dyn Accounts,
    expects_error: bool,
) -> Result<Action, Diagnostic> {
    let cluster_ref = |f: &mut Fields<'_, '_>, key: &str| -> Result<String, Diagnostic> {
        let (v, span) = f.required_string(key)?;
        check_ref(f, &v, span, "rds", "cluster", expects_error)?;
        Ok(v)
    };
    let snapshot_ref = |f: &mut Fields<'_, '_>, key: &str| -> Result<String, Diagnostic> {
        let (v, span) = f.required_string(key)?;
        check_ref(f, &v, span, "rds", "cluster-snapshot", expects_error)?;
        Ok(v)
    };
    let opt = |f: &mut Fields<'_, '_>, key: &str| -> Result<Option<String>, Diagnostic> {
        Ok(f.string(key)?.map(|(v, _)| v))
    };
    Ok(match op {
        "create-db-cluster" => {
            let identifier = f.required_string("db-cluster-identifier")?.0;
            let engine = parsed::<DbEngine>(f, "engine")?.ok_or_else(|| {
                f.error(
                    f.span(),
                    "missing `engine`: expected aurora-mysql or aurora-postgresql",
                )
            })?;
            let data_pages = match (f.number("data-gib")?, f.count("data-pages")?) {
                (Some(_), Some((_, span))) => {
                    return Err(f.error(span, "give `data-gib` or `data-pages`, not both"));
                }
                (Some((g, span)), None) => {
                    if !(0.0..=256.0 * 1024.0).contains(&g) {
                        return Err(f.error(
                            span,
                            format!("`data-gib` = {g}: expected 0 to 262144 (256 TiB)"),
                        ));
                    }
                    Amount::Gib(g).pages(engine.page_size())
                }
                (None, Some((p, span))) => {
                    if p > engine.page_size().max_pages() {
                        return Err(f.error(span, format!("`data-pages` = {p}: a volume holds at most {} pages of {} (256 TiB)", engine.page_size().max_pages(), engine.page_size())));
                    }
                    p
                }
                (None, None) => 0,
            };
            Action::CreateCluster(CreateCluster {
                identifier,
                engine,
                engine_version: opt(f, "engine-version")?,
                engine_mode: parsed::<EngineMode>(f, "engine-mode")?
                    .unwrap_or(EngineMode::Provisioned),
                storage_encrypted: f.bool("storage-encrypted")?.unwrap_or(false),
                kms_key_id: opt(f, "kms-key-id")?,
                storage_type: parsed::<StorageType>(f, "storage-type")?
                    .unwrap_or(StorageType::Standard),
                data_pages,
            })
        }
        "create-db-instance" => {
            f.string("db-instance-class")?;
            parsed::<DbEngine>(f, "engine")?;
            Action::CreateInstance {
                identifier: f.required_string("db-instance-identifier")?.0,
                cluster: cluster_ref(f, "db-cluster-identifier")?,
            }
        }
        "delete-db-instance" => Action::DeleteInstance {
            identifier: f.required_string("db-instance-identifier")?.0,
        },
        "modify-db-cluster" => {
            f.bool("apply-immediately")?;
            Action::ModifyCluster {
                cluster: cluster_ref(f, "db-cluster-identifier")?,
                new_identifier: opt(f, "new-db-cluster-identifier")?,
                storage_type: parsed::<StorageType>(f, "storage-type")?,
            }
        }
        "delete-db-cluster" => Action::DeleteCluster {
            cluster: cluster_ref(f, "db-cluster-identifier")?,
            skip_final_snapshot: f.bool("skip-final-snapshot")?.unwrap_or(false),
            final_snapshot: opt(f, "final-db-snapshot-identifier")?,
        },
        "describe-db-clusters" => {
            let cluster = match f.string("db-cluster-identifier")? {
                Some((v, span)) => {
                    check_ref(f, &v, span, "rds", "cluster", expects_error)?;
                    Some(v)
                }
                None => None,
            };
            Action::DescribeClusters {
                cluster,
                include_shared: f.bool("include-shared")?.unwrap_or(false),
                clone_group_id: clone_group_filter(f)?,
            }
        }
        "restore-db-cluster-to-point-in-time" => {
            let source = cluster_ref(f, "source-db-cluster-identifier")?;
            let identifier = f.required_string("db-cluster-identifier")?.0;
            let restore_type =
                parsed::<RestoreType>(f, "restore-type")?.unwrap_or(RestoreType::FullCopy);
            let restore_to_time = match f.string("restore-to-time")? {
                None => None,
                Some((v, span)) => Some(SimTime::parse_rfc3339(&v).map_err(|e| f.error(span, e))?),
            };
            Action::RestoreToPointInTime(RestoreToPointInTime {
                source,
                identifier,
                restore_type,
                use_latest_restorable_time: f.bool("use-latest-restorable-time")?.unwrap_or(false),
                restore_to_time,
                kms_key_id: opt(f, "kms-key-id")?,
            })
        }
        "create-db-cluster-snapshot" => Action::CreateSnapshot {
            cluster: cluster_ref(f, "db-cluster-identifier")?,
            snapshot: f.required_string("db-cluster-snapshot-identifier")?.0,
        },
        "copy-db-cluster-snapshot" => Action::CopySnapshot {
            source: snapshot_ref(f, "source-db-cluster-snapshot-identifier")?,
            target: f
                .required_string("target-db-cluster-snapshot-identifier")?
                .0,
            kms_key_id: opt(f, "kms-key-id")?,
        },
        "modify-db-cluster-snapshot-attribute" => {
            let snapshot = snapshot_ref(f, "db-cluster-snapshot-identifier")?;
            let attribute = f
                .string("attribute-name")?
                .map_or_else(|| "restore".to_string(), |(v, _)| v);
            let add = account_list(f, "values-to-add", accounts, true)?;
            let remove = account_list(f, "values-to-remove", accounts, true)?;
            Action::ShareSnapshot {
                snapshot,
                attribute,
                add,
                remove,
            }
        }
        "restore-db-cluster-from-snapshot" => Action::RestoreFromSnapshot(RestoreFromSnapshot {
            snapshot: snapshot_ref(f, "snapshot-identifier")?,
            identifier: f.required_string("db-cluster-identifier")?.0,
            engine: parsed::<DbEngine>(f, "engine")?,
            kms_key_id: opt(f, "kms-key-id")?,
        }),
        "delete-db-cluster-snapshot" => Action::DeleteSnapshot {
            snapshot: snapshot_ref(f, "db-cluster-snapshot-identifier")?,
        },
        "kms-create-key" => {
            f.string("description")?;
            Action::CreateKey {
                alias: opt(f, "alias")?,
            }
        }
        "kms-put-key-policy" => {
            let key = f.required_string("key-id")?.0;
            if let Some((name, span)) = f.string("policy-name")?
                && name != "default"
            {
                return Err(f.error(
                    span,
                    format!("`policy-name` = {name:?}: the only key policy name is \"default\""),
                ));
            }
            let raw = f.raw("policy").ok_or_else(|| {
                f.error(
                    f.span(),
                    "missing `policy`: the key policy, as a JSON string or a TOML table",
                )
            })?;
            let policy = match raw.get_ref() {
                DeValue::String(s) => serde_json::from_str(s)
                    .map_err(|e| f.error(raw.span(), format!("`policy` is not valid JSON: {e}")))?,
                DeValue::Table(_) => to_json(raw.get_ref()),
                _ => {
                    return Err(f.error(
                        raw.span(),
                        "`policy`: expected a JSON string or a TOML table",
                    ));
                }
            };
            Action::PutKeyPolicy { key, policy }
        }
        "enable-sharing-with-aws-organization" => Action::EnableOrganizationSharing,
        "create-resource-share" => Action::CreateShare {
            name: f.required_string("name")?.0,
            request: share_request(f, accounts, expects_error)?,
            allow_external: f.bool("allow-external-principals")?.unwrap_or(true),
        },
        "associate-resource-share" => Action::AssociateShare {
            share: share_ref(f, expects_error)?,
            request: share_request(f, accounts, expects_error)?,
        },
        "disassociate-resource-share" => Action::DisassociateShare {
            share: share_ref(f, expects_error)?,
            request: share_request(f, accounts, expects_error)?,
        },
        "delete-resource-share" => Action::DeleteShare {
            share: share_ref(f, expects_error)?,
        },
        "get-resource-share-invitations" => Action::GetInvitations {
            status: parsed::<InvitationStatus>(f, "status")?,
        },
        "accept-resource-share-invitation" => {
            Action::AcceptInvitation(invitation_ref(f, expects_error)?)
        }
        "reject-resource-share-invitation" => {
            Action::RejectInvitation(invitation_ref(f, expects_error)?)
        }
        "list-principals" => {
            let owner =
                parsed::<ResourceOwner>(f, "resource-owner")?.unwrap_or(ResourceOwner::SelfOwned);
            Action::ListPrincipals {
                resource_arns: arn_list(f, "resource-arns", "rds", "cluster", expects_error)?,
                owner,
            }
        }
        "write" => Action::Write {
            cluster: cluster_ref(f, "db-cluster-identifier")?,
            spec: write_spec(f)?,
        },
        "workload" => {
            let cluster = cluster_ref(f, "db-cluster-identifier")?;
            Action::Workload(workload(f, cluster)?)
        }
        "advance" => {
            let (v, span) = f.required_string("duration")?;
            let d = parse_duration(&v).map_err(|e| f.error(span, format!("`duration`: {e}")))?;
            Action::Advance(d)
        }
        "expect" => Action::Expect(Expectation::parse(f, accounts, expects_error)?),
        _ => unreachable!("every op of OPS is handled"),
    })
}

/// A string parameter parsed with `FromStr`, its error shown at the value.
pub(super) fn parsed<T: std::str::FromStr<Err = String>>(
    f: &mut Fields<'_, '_>,
    key: &str,
) -> Result<Option<T>, Diagnostic> {
    match f.string(key)? {
        None => Ok(None),
        Some((v, span)) => v
            .parse()
            .map(Some)
            .map_err(|e: String| f.error(span, format!("`{key}`: {e}"))),
    }
}

/// Checks an ARN parameter's syntax (unless the step expects an error, so
/// a scenario can test the service's own answer to a malformed ARN).
pub fn check_ref(
    f: &Fields<'_, '_>,
    v: &str,
    span: std::ops::Range<usize>,
    service: &str,
    kind: &str,
    expects_error: bool,
) -> Result<(), Diagnostic> {
    if expects_error || !v.starts_with("arn:") {
        return Ok(());
    }
    let arn = crate::cloud::Arn::parse(v).map_err(|e| f.error(span.clone(), e))?;
    if arn.resource_id(service, kind).is_none() {
        return Err(f.error(
            span,
            format!(
                "`{v}` is not a {kind} ARN: expected arn:aws:{service}:REGION:ACCOUNT:{kind}:NAME"
            ),
        ));
    }
    Ok(())
}

fn arn_list(
    f: &mut Fields<'_, '_>,
    key: &str,
    service: &str,
    kind: &str,
    expects_error: bool,
) -> Result<Vec<String>, Diagnostic> {
    let list = f.strings(key)?.unwrap_or_default();
    for (v, span) in &list {
        if !expects_error && !v.starts_with("arn:") {
            return Err(f.error(span.clone(), format!("`{v}`: `{key}` takes ARNs, such as arn:aws:{service}:us-east-1:111111111111:{kind}:NAME")));
        }
        check_ref(f, v, span.clone(), service, kind, expects_error)?;
    }
    Ok(list.into_iter().map(|(v, _)| v).collect())
}

/// Account ids or names (declared), organization ARNs, and `all` where
/// `allow_all`; returned as the strings the control plane takes.
fn account_list(
    f: &mut Fields<'_, '_>,
    key: &str,
    accounts: &dyn Accounts,
    allow_all: bool,
) -> Result<Vec<String>, Diagnostic> {
    let mut out = Vec::new();
    for (v, span) in f.strings(key)?.unwrap_or_default() {
        if (allow_all && v == "all") || v.starts_with("arn:") {
            out.push(v);
            continue;
        }
        match accounts.resolve(&v) {
            Some(a) => out.push(a.to_string()),
            None => return Err(f.error(span, format!("`{v}` is not a declared account (an id of [[accounts]] or [[organizations]], or an account's name)"))),
        }
    }
    Ok(out)
}

fn share_request(
    f: &mut Fields<'_, '_>,
    accounts: &dyn Accounts,
    expects_error: bool,
) -> Result<ShareRequest, Diagnostic> {
    Ok(ShareRequest {
        resource_arns: arn_list(f, "resource-arns", "rds", "cluster", expects_error)?,
        principals: account_list(f, "principals", accounts, false)?,
    })
}

fn share_ref(f: &mut Fields<'_, '_>, expects_error: bool) -> Result<ShareRef, Diagnostic> {
    match (f.string("resource-share-arn")?, f.string("name")?) {
        (Some((arn, span)), None) => {
            check_ref(f, &arn, span, "ram", "resource-share", expects_error)?;
            Ok(ShareRef::Arn(arn))
        }
        (None, Some((name, _))) => Ok(ShareRef::Name(name)),
        (Some(_), Some((_, span))) => {
            Err(f.error(span, "give `resource-share-arn` or `name`, not both"))
        }
        (None, None) => Err(f.error(f.span(), "missing `resource-share-arn` or `name`")),
    }
}

fn invitation_ref(
    f: &mut Fields<'_, '_>,
    expects_error: bool,
) -> Result<InvitationRef, Diagnostic> {
    match (
        f.string("resource-share-invitation-arn")?,
        f.string("resource-share-name")?,
    ) {
        (Some((arn, span)), None) => {
            check_ref(
                f,
                &arn,
                span,
                "ram",
                "resource-share-invitation",
                expects_error,
            )?;
            Ok(InvitationRef::Arn(arn))
        }
        (None, Some((name, _))) => Ok(InvitationRef::ShareName(name)),
        (Some(_), Some((_, span))) => Err(f.error(
            span,
            "give `resource-share-invitation-arn` or `resource-share-name`, not both",
        )),
        (None, None) => Err(f.error(
            f.span(),
            "missing `resource-share-invitation-arn` or `resource-share-name`",
        )),
    }
}

/// `filters = [{ Name = "clone-group-id", Values = ["…"] }]`.
fn clone_group_filter(f: &mut Fields<'_, '_>) -> Result<Option<String>, Diagnostic> {
    let Some(raw) = f.raw("filters") else {
        return Ok(None);
    };
    let expected = "expected filters = [{ Name = \"clone-group-id\", Values = [\"…\"] }]";
    let DeValue::Array(items) = raw.get_ref() else {
        return Err(f.error(raw.span(), expected));
    };
    let mut group = None;
    for item in items {
        let DeValue::Table(t) = item.get_ref() else {
            return Err(f.error(item.span(), expected));
        };
        let mut filter = Fields::new(f.src(), f.what().to_string(), item.span(), t);
        filter.finish(&["Name", "Values"])?;
        let name = filter.required_string("Name")?;
        if name.0 != "clone-group-id" {
            return Err(f.error(
                name.1,
                format!("filter `{}`: the only filter is clone-group-id", name.0),
            ));
        }
        let values = filter.strings("Values")?.unwrap_or_default();
        group = values.into_iter().next().map(|(v, _)| v);
    }
    Ok(group)
}

/// A TOML value as JSON (for key policies written as tables).
pub fn to_json(v: &DeValue<'_>) -> Value {
    match v {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            i64::from_str_radix(i.as_str(), i.radix()).map_or(Value::Null, Value::from)
        }
        DeValue::Float(x) => x.as_str().parse::<f64>().map_or(Value::Null, Value::from),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(|x| to_json(x.get_ref())).collect()),
        DeValue::Table(t) => Value::Object(
            t.iter()
                .map(|(k, x)| (k.get_ref().to_string(), to_json(x.get_ref())))
                .collect(),
        ),
    }
}
