//! How a scenario step's parameters become typed AWS requests. Declared
//! requests (`crate::cloud::ops::declare`) are read field by field through
//! the `StepValue`s of `step_values.rs`; this file holds the readers of
//! the requests whose fields depend on one another. Every value keeps its
//! position, so that a refusal points at it.

use toml::de::DeValue;

use super::diag::Diagnostic;
use super::fields::{Accounts, Fields, check_ref, parsed};
use super::writes::Amount;
use crate::cloud::ops::kms::PolicyName;
use crate::cloud::ops::{Reader, Reads, ReadsParam, kms, ram};
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
use crate::cloud::{CreateCluster, InvitationRef, ShareRef, ShareRequest};

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
    fn opt(&mut self, key: &str) -> Result<Option<String>, Diagnostic> {
        Ok(self.fields.string(key)?.map(|(v, _)| v))
    }

    /// A parameter read as its declared requests read it.
    fn value<T>(&mut self, step: &'static str) -> Result<T, <Self as Reader>::Error>
    where
        Self: ReadsParam<T>,
    {
        self.param(crate::cloud::ops::declare::extension(step))
    }
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
            backup_retention_period: self.value("backup-retention-period")?,
        })
    }
}

impl Reads<kms::PutKeyPolicy> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<kms::PutKeyPolicy, Diagnostic> {
        let key: String = self.value("key-id")?;
        let _: Option<PolicyName> = self.value("policy-name")?;
        let f = &mut *self.fields;
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

impl Reads<ram::CreateResourceShare> for StepReader<'_, '_, '_> {
    fn read(&mut self) -> Result<ram::CreateResourceShare, Diagnostic> {
        Ok(ram::CreateResourceShare {
            name: self.value("name")?,
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

pub(super) fn arn_list(
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
pub(super) fn account_list(
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
pub(super) fn clone_group_filter(f: &mut Fields<'_, '_>) -> Result<Option<String>, Diagnostic> {
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
