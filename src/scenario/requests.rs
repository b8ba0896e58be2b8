//! How a scenario step's parameters become typed AWS requests: one
//! [`Reads`] implementation per request type, each keeping every value's
//! position so that a refusal points at it. The registry of operations
//! (`crate::cloud::ops`) requires one for every operation it declares.

use toml::de::DeValue;

use super::diag::Diagnostic;
use super::fields::{Accounts, Fields, check_ref, parsed};
use super::writes::Amount;
use crate::cloud::ops::{Reader, Reads, kms, ram, rds};
use crate::cloud::ram::InvitationStatus;
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
use crate::cloud::{
    CreateCluster, InvitationRef, ResourceOwner, RestoreFromSnapshot, RestoreToPointInTime,
    RestoreType, ShareRef, ShareRequest,
};
use crate::time::SimTime;

/// A step being read: its fields, the scenario's accounts, and whether it
/// expects an error (then ARNs are left for the service to judge).
pub struct StepReader<'s, 'a, 'i> {
    pub fields: &'s mut Fields<'a, 'i>,
    pub accounts: &'s dyn Accounts,
    pub expects_error: bool,
}

impl Reader for StepReader<'_, '_, '_> {
    type Error = Diagnostic;
}

impl StepReader<'_, '_, '_> {
    fn cluster_ref(&mut self, key: &str) -> Result<String, Diagnostic> {
        let (v, span) = self.fields.required_string(key)?;
        check_ref(self.fields, &v, span, "rds", "cluster", self.expects_error)?;
        Ok(v)
    }

    fn snapshot_ref(&mut self, key: &str) -> Result<String, Diagnostic> {
        let (v, span) = self.fields.required_string(key)?;
        check_ref(
            self.fields,
            &v,
            span,
            "rds",
            "cluster-snapshot",
            self.expects_error,
        )?;
        Ok(v)
    }

    fn opt(&mut self, key: &str) -> Result<Option<String>, Diagnostic> {
        Ok(self.fields.string(key)?.map(|(v, _)| v))
    }

    fn required(&mut self, key: &str) -> Result<String, Diagnostic> {
        Ok(self.fields.required_string(key)?.0)
    }

    fn arns(&mut self, key: &str, service: &str, kind: &str) -> Result<Vec<String>, Diagnostic> {
        arn_list(self.fields, key, service, kind, self.expects_error)
    }
}

/// `resource-owner`, which RAM's listings require: SELF or OTHER-ACCOUNTS.
fn required_owner(f: &mut Fields<'_, '_>) -> Result<ResourceOwner, Diagnostic> {
    parsed::<ResourceOwner>(f, "resource-owner")?
        .ok_or_else(|| f.error(f.span(), "missing `resource-owner`: SELF or OTHER-ACCOUNTS"))
}

/// `policy-name`, whose one value is `default`.
fn policy_name(f: &mut Fields<'_, '_>) -> Result<(), Diagnostic> {
    if let Some((name, span)) = f.string("policy-name")?
        && name != "default"
    {
        return Err(f.error(
            span,
            format!("`policy-name` = {name:?}: the only key policy name is \"default\""),
        ));
    }
    Ok(())
}

impl Reads<CreateCluster> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<CreateCluster, Diagnostic> {
        let f = &mut *self.fields;
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
                    return Err(f.error(
                        span,
                        format!(
                            "`data-pages` = {p}: a volume holds at most {} pages of {} (256 TiB)",
                            engine.page_size().max_pages(),
                            engine.page_size()
                        ),
                    ));
                }
                p
            }
            (None, None) => 0,
        };
        Ok(CreateCluster {
            identifier,
            engine,
            engine_version: self.opt("engine-version")?,
            engine_mode: parsed::<EngineMode>(self.fields, "engine-mode")?
                .unwrap_or(EngineMode::Provisioned),
            storage_encrypted: self.fields.bool("storage-encrypted")?.unwrap_or(false),
            kms_key_id: self.opt("kms-key-id")?,
            storage_type: parsed::<StorageType>(self.fields, "storage-type")?
                .unwrap_or(StorageType::Standard),
            data_pages,
        })
    }
}

impl Reads<rds::CreateDbInstance> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::CreateDbInstance, Diagnostic> {
        self.fields.string("db-instance-class")?;
        parsed::<DbEngine>(self.fields, "engine")?;
        Ok(rds::CreateDbInstance {
            identifier: self.required("db-instance-identifier")?,
            cluster: self.cluster_ref("db-cluster-identifier")?,
        })
    }
}

impl Reads<rds::DeleteDbInstance> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DeleteDbInstance, Diagnostic> {
        Ok(rds::DeleteDbInstance {
            identifier: self.required("db-instance-identifier")?,
        })
    }
}

impl Reads<rds::DescribeDbInstances> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DescribeDbInstances, Diagnostic> {
        self.opt("db-instance-identifier")
            .map(|identifier| rds::DescribeDbInstances { identifier })
    }
}

impl Reads<rds::DescribeDbClusterSnapshots> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DescribeDbClusterSnapshots, Diagnostic> {
        let snapshot = match self.fields.string("db-cluster-snapshot-identifier")? {
            Some((v, span)) => {
                check_ref(
                    self.fields,
                    &v,
                    span,
                    "rds",
                    "cluster-snapshot",
                    self.expects_error,
                )?;
                Some(v)
            }
            None => None,
        };
        Ok(rds::DescribeDbClusterSnapshots {
            cluster: self.opt("db-cluster-identifier")?,
            snapshot,
            include_shared: self.fields.bool("include-shared")?.unwrap_or(false),
        })
    }
}

impl Reads<rds::DescribeDbClusterSnapshotAttributes> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DescribeDbClusterSnapshotAttributes, Diagnostic> {
        Ok(rds::DescribeDbClusterSnapshotAttributes {
            snapshot: self.snapshot_ref("db-cluster-snapshot-identifier")?,
        })
    }
}

impl Reads<kms::CreateAlias> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::CreateAlias, Diagnostic> {
        Ok(kms::CreateAlias {
            alias: self.required("alias-name")?,
            key: self.required("target-key-id")?,
        })
    }
}

impl Reads<kms::ListAliases> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::ListAliases, Diagnostic> {
        Ok(kms::ListAliases {
            key: self.opt("key-id")?,
        })
    }
}

impl Reads<kms::DescribeKey> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::DescribeKey, Diagnostic> {
        Ok(kms::DescribeKey {
            key: self.required("key-id")?,
        })
    }
}

impl Reads<kms::GetKeyPolicy> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::GetKeyPolicy, Diagnostic> {
        let key = self.required("key-id")?;
        policy_name(self.fields)?;
        Ok(kms::GetKeyPolicy { key })
    }
}

impl Reads<ram::GetResourceShares> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::GetResourceShares, Diagnostic> {
        Ok(ram::GetResourceShares {
            owner: required_owner(self.fields)?,
            name: self.opt("name")?,
            share_arns: self.arns("resource-share-arns", "ram", "resource-share")?,
        })
    }
}

impl Reads<ram::GetResourceShareAssociations> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::GetResourceShareAssociations, Diagnostic> {
        let f = &mut *self.fields;
        let kind = parsed::<ram::AssociationType>(f, "association-type")?.ok_or_else(|| {
            f.error(
                f.span(),
                "missing `association-type`: PRINCIPAL or RESOURCE",
            )
        })?;
        Ok(ram::GetResourceShareAssociations {
            kind,
            share_arns: self.arns("resource-share-arns", "ram", "resource-share")?,
        })
    }
}

impl Reads<ram::ListResources> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::ListResources, Diagnostic> {
        Ok(ram::ListResources {
            owner: required_owner(self.fields)?,
            share_arns: self.arns("resource-share-arns", "ram", "resource-share")?,
        })
    }
}

impl Reads<rds::ModifyDbCluster> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::ModifyDbCluster, Diagnostic> {
        self.fields.bool("apply-immediately")?;
        Ok(rds::ModifyDbCluster {
            cluster: self.cluster_ref("db-cluster-identifier")?,
            new_identifier: self.opt("new-db-cluster-identifier")?,
            storage_type: parsed::<StorageType>(self.fields, "storage-type")?,
        })
    }
}

impl Reads<rds::DeleteDbCluster> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DeleteDbCluster, Diagnostic> {
        Ok(rds::DeleteDbCluster {
            cluster: self.cluster_ref("db-cluster-identifier")?,
            skip_final_snapshot: self.fields.bool("skip-final-snapshot")?.unwrap_or(false),
            final_snapshot: self.opt("final-db-snapshot-identifier")?,
        })
    }
}

impl Reads<rds::DescribeDbClusters> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DescribeDbClusters, Diagnostic> {
        let cluster = match self.fields.string("db-cluster-identifier")? {
            Some((v, span)) => {
                check_ref(self.fields, &v, span, "rds", "cluster", self.expects_error)?;
                Some(v)
            }
            None => None,
        };
        Ok(rds::DescribeDbClusters {
            cluster,
            include_shared: self.fields.bool("include-shared")?.unwrap_or(false),
            clone_group_id: clone_group_filter(self.fields)?,
        })
    }
}

impl Reads<RestoreToPointInTime> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<RestoreToPointInTime, Diagnostic> {
        let source = self.cluster_ref("source-db-cluster-identifier")?;
        let identifier = self.required("db-cluster-identifier")?;
        let f = &mut *self.fields;
        let restore_type =
            parsed::<RestoreType>(f, "restore-type")?.unwrap_or(RestoreType::FullCopy);
        let restore_to_time = match f.string("restore-to-time")? {
            None => None,
            Some((v, span)) => Some(SimTime::parse_rfc3339(&v).map_err(|e| f.error(span, e))?),
        };
        Ok(RestoreToPointInTime {
            source,
            identifier,
            restore_type,
            use_latest_restorable_time: f.bool("use-latest-restorable-time")?.unwrap_or(false),
            restore_to_time,
            kms_key_id: self.opt("kms-key-id")?,
        })
    }
}

impl Reads<rds::CreateDbClusterSnapshot> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::CreateDbClusterSnapshot, Diagnostic> {
        Ok(rds::CreateDbClusterSnapshot {
            cluster: self.cluster_ref("db-cluster-identifier")?,
            snapshot: self.required("db-cluster-snapshot-identifier")?,
        })
    }
}

impl Reads<rds::CopyDbClusterSnapshot> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::CopyDbClusterSnapshot, Diagnostic> {
        Ok(rds::CopyDbClusterSnapshot {
            source: self.snapshot_ref("source-db-cluster-snapshot-identifier")?,
            target: self.required("target-db-cluster-snapshot-identifier")?,
            kms_key_id: self.opt("kms-key-id")?,
        })
    }
}

impl Reads<rds::ModifyDbClusterSnapshotAttribute> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::ModifyDbClusterSnapshotAttribute, Diagnostic> {
        let snapshot = self.snapshot_ref("db-cluster-snapshot-identifier")?;
        let attribute = self
            .opt("attribute-name")?
            .unwrap_or_else(|| "restore".to_string());
        let add = account_list(self.fields, "values-to-add", self.accounts, true)?;
        let remove = account_list(self.fields, "values-to-remove", self.accounts, true)?;
        Ok(rds::ModifyDbClusterSnapshotAttribute {
            snapshot,
            attribute,
            add,
            remove,
        })
    }
}

impl Reads<RestoreFromSnapshot> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<RestoreFromSnapshot, Diagnostic> {
        Ok(RestoreFromSnapshot {
            snapshot: self.snapshot_ref("snapshot-identifier")?,
            identifier: self.required("db-cluster-identifier")?,
            engine: parsed::<DbEngine>(self.fields, "engine")?,
            kms_key_id: self.opt("kms-key-id")?,
        })
    }
}

impl Reads<rds::DeleteDbClusterSnapshot> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<rds::DeleteDbClusterSnapshot, Diagnostic> {
        Ok(rds::DeleteDbClusterSnapshot {
            snapshot: self.snapshot_ref("db-cluster-snapshot-identifier")?,
        })
    }
}

impl Reads<kms::CreateKey> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::CreateKey, Diagnostic> {
        self.fields.string("description")?;
        Ok(kms::CreateKey {
            alias: self.opt("alias")?,
        })
    }
}

impl Reads<kms::PutKeyPolicy> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::PutKeyPolicy, Diagnostic> {
        let f = &mut *self.fields;
        let key = f.required_string("key-id")?.0;
        policy_name(f)?;
        let raw = f.raw("policy").ok_or_else(|| {
            f.error(
                f.span(),
                "missing `policy`: the key policy, as a JSON string or a TOML table",
            )
        })?;
        let policy = match raw.get_ref() {
            DeValue::String(s) => {
                serde_json::from_str::<serde::de::IgnoredAny>(s)
                    .map_err(|e| f.error(raw.span(), format!("`policy` is not valid JSON: {e}")))?;
                s.to_string()
            }
            DeValue::Table(_) => serde_json::to_string(&TomlAsJson(raw.get_ref()))
                .map_err(|e| f.error(raw.span(), format!("`policy`: {e}")))?,
            _ => {
                return Err(f.error(
                    raw.span(),
                    "`policy`: expected a JSON string or a TOML table",
                ));
            }
        };
        Ok(kms::PutKeyPolicy { key, policy })
    }
}

impl Reads<ram::EnableSharingWithAwsOrganization> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::EnableSharingWithAwsOrganization, Diagnostic> {
        Ok(ram::EnableSharingWithAwsOrganization)
    }
}

impl Reads<ram::CreateResourceShare> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::CreateResourceShare, Diagnostic> {
        Ok(ram::CreateResourceShare {
            name: self.required("name")?,
            request: share_request(self.fields, self.accounts, self.expects_error)?,
            allow_external_principals: self
                .fields
                .bool("allow-external-principals")?
                .unwrap_or(true),
        })
    }
}

impl Reads<ram::AssociateResourceShare> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::AssociateResourceShare, Diagnostic> {
        Ok(ram::AssociateResourceShare {
            share: share_ref(self.fields, self.expects_error)?,
            request: share_request(self.fields, self.accounts, self.expects_error)?,
        })
    }
}

impl Reads<ram::DisassociateResourceShare> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::DisassociateResourceShare, Diagnostic> {
        Ok(ram::DisassociateResourceShare {
            share: share_ref(self.fields, self.expects_error)?,
            request: share_request(self.fields, self.accounts, self.expects_error)?,
        })
    }
}

impl Reads<ram::DeleteResourceShare> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::DeleteResourceShare, Diagnostic> {
        Ok(ram::DeleteResourceShare {
            share: share_ref(self.fields, self.expects_error)?,
        })
    }
}

impl Reads<ram::GetResourceShareInvitations> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::GetResourceShareInvitations, Diagnostic> {
        Ok(ram::GetResourceShareInvitations {
            status: parsed::<InvitationStatus>(self.fields, "status")?,
        })
    }
}

impl Reads<ram::AcceptResourceShareInvitation> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::AcceptResourceShareInvitation, Diagnostic> {
        Ok(ram::AcceptResourceShareInvitation {
            invitation: invitation_ref(self.fields, self.expects_error)?,
        })
    }
}

impl Reads<ram::RejectResourceShareInvitation> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::RejectResourceShareInvitation, Diagnostic> {
        Ok(ram::RejectResourceShareInvitation {
            invitation: invitation_ref(self.fields, self.expects_error)?,
        })
    }
}

impl Reads<ram::ListPrincipals> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::ListPrincipals, Diagnostic> {
        let owner = parsed::<ResourceOwner>(self.fields, "resource-owner")?
            .unwrap_or(ResourceOwner::SelfOwned);
        Ok(ram::ListPrincipals {
            resource_arns: arn_list(
                self.fields,
                "resource-arns",
                "rds",
                "cluster",
                self.expects_error,
            )?,
            owner,
        })
    }
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

/// A TOML value serialized as JSON, for a key policy written as a table:
/// the input edge where the document becomes the JSON text KMS takes.
struct TomlAsJson<'a, 'i>(&'a DeValue<'i>);

impl serde::Serialize for TomlAsJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            DeValue::String(x) => s.serialize_str(x),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => s.serialize_i64(n),
                Err(_) => s.serialize_none(),
            },
            DeValue::Float(x) => match x.as_str().replace('_', "").parse::<f64>() {
                Ok(f) => s.serialize_f64(f),
                Err(_) => s.serialize_none(),
            },
            DeValue::Boolean(b) => s.serialize_bool(*b),
            DeValue::Datetime(d) => s.collect_str(d),
            DeValue::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&TomlAsJson(item.get_ref()))?;
                }
                seq.end()
            }
            DeValue::Table(t) => {
                let mut map = s.serialize_map(Some(t.len()))?;
                for (k, v) in t.iter() {
                    map.serialize_entry(k.get_ref().as_ref(), &TomlAsJson(v.get_ref()))?;
                }
                map.end()
            }
        }
    }
}
