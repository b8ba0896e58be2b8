//! The types a declared request's fields have, as a scenario step writes
//! them: each read from its TOML value with its position, so a refusal
//! points at the value, and the step is told what it lacks; and each
//! written back as the TOML value that reads as it again, so that a
//! session's journal is a scenario.

use toml::de::DeValue;

use super::diag::Diagnostic;
use super::fields::{At, Fields, check_ref, number_of, parsed};
use super::requests::{StepReader, TomlAsJson};
use crate::cloud::groups::Family;
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::kms::Tag;
use crate::cloud::ops::declare::{Param, ReadsParam, Writer, WritesParam};
use crate::cloud::ops::filters::Filters;
use crate::cloud::ops::groups::{ParameterChange, ParameterChanges, SubnetIds};
use crate::cloud::ops::kms::{GrantOperations, KmsTags, PolicyDocument, PolicyName};
use crate::cloud::ops::ram::{
    AssociationType, ClusterArns, InvitationArn, Principals, RamTags, ShareArn, ShareArns,
};
use crate::cloud::ops::rds::{AttributeValues, DataGib};
use crate::cloud::ops::refs::{ClusterRef, SnapshotRef};
use crate::cloud::ops::tags::{TagKeys, Tags};
use crate::cloud::ram::InvitationStatus;
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
use crate::cloud::serverless::{AcuProfile, ServerlessScaling};
use crate::cloud::{ResourceOwner, RestoreType, RetentionPeriod};
use crate::time::SimTime;

/// A value a step's parameter holds.
pub trait StepValue: Sized {
    /// The value of `key`, if the step gives one.
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic>;

    /// What a step is told that lacks a required `key`.
    fn missing(key: &str) -> String {
        format!("missing `{key}`")
    }

    /// The TOML value that reads as this one.
    fn toml(&self) -> toml::Value;
}

impl<T: StepValue> ReadsParam<T> for StepReader<'_, '_, '_> {
    fn param(&mut self, param: Param) -> Result<T, Diagnostic> {
        T::read(self, param.step)?.ok_or_else(|| {
            self.fields
                .error(self.fields.span(), T::missing(param.step))
        })
    }
}

impl<T: StepValue> ReadsParam<Option<T>> for StepReader<'_, '_, '_> {
    fn param(&mut self, param: Param) -> Result<Option<T>, Diagnostic> {
        T::read(self, param.step)
    }
}

/// A step's parameters being written: a table, so that no key is written
/// twice.
#[derive(Default)]
pub struct StepWriter {
    pub table: toml::Table,
}

impl Writer for StepWriter {}

/// An empty list is left out: every list a step takes reads as empty when
/// it is left out.
impl<T: StepValue> WritesParam<T> for StepWriter {
    fn put(&mut self, param: Param, value: &T) {
        let value = value.toml();
        if value.as_array().is_none_or(|items| !items.is_empty()) {
            self.table.insert(param.step.to_string(), value);
        }
    }
}

impl<T: StepValue> WritesParam<Option<T>> for StepWriter {
    fn put(&mut self, param: Param, value: &Option<T>) {
        if let Some(value) = value {
            self.put(param, value);
        }
    }
}

fn string(s: &str) -> toml::Value {
    toml::Value::String(s.to_string())
}

fn strings(items: &[String]) -> toml::Value {
    toml::Value::Array(items.iter().map(|s| string(s)).collect())
}

impl StepValue for String {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields.string(key)?.map(|(v, _)| v))
    }

    fn toml(&self) -> toml::Value {
        string(self)
    }
}

impl StepValue for bool {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        r.fields.bool(key)
    }

    fn toml(&self) -> toml::Value {
        toml::Value::Boolean(*self)
    }
}

/// A count, such as `data-pages`.
impl StepValue for u64 {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields.count(key)?.map(|(v, _)| v))
    }

    /// Counts a step reads are at most a volume's pages, far below
    /// `i64::MAX`; a larger one is written as the largest TOML integer.
    fn toml(&self) -> toml::Value {
        toml::Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

/// Enumerations read by name, with what a step lacking one is told.
macro_rules! named_values {
    ($($ty:ty $(, missing $missing:literal)?;)*) => {$(
        impl StepValue for $ty {
            fn read(
                r: &mut StepReader<'_, '_, '_>,
                key: &str,
            ) -> Result<Option<Self>, Diagnostic> {
                parsed::<$ty>(r.fields, key)
            }

            $(
                fn missing(key: &str) -> String {
                    format!("missing `{key}`: {}", $missing)
                }
            )?

            fn toml(&self) -> toml::Value {
                string(self.name())
            }
        }
    )*};
}

named_values! {
    Family, missing "the parameter group family, such as aurora-mysql8.0 or aurora-postgresql16";
    DbEngine, missing "expected aurora-mysql or aurora-postgresql";
    EngineMode;
    StorageType;
    RestoreType;
    InvitationStatus;
    ResourceOwner, missing "SELF or OTHER-ACCOUNTS";
    AssociationType, missing "PRINCIPAL or RESOURCE";
    InstanceClass, missing "the DB instance class, such as db.r6g.large or db.serverless (AWS requires one)";
}

/// `serverless-v2-scaling-configuration = { min-capacity = 0.5,
/// max-capacity = 8, acus = 2 }`: the range under the AWS CLI's names,
/// and the ACUs the cluster's serverless instances run at: one figure, or
/// 24, one per hour of the day (docs/scenarios.md).
impl StepValue for ServerlessScaling {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        let f = &mut *r.fields;
        let Some(raw) = f.raw(key) else {
            return Ok(None);
        };
        let DeValue::Table(t) = raw.get_ref() else {
            return Err(f.error(
                raw.span(),
                format!(
                    "`{key}`: expected a table such as {{ min-capacity = 0.5, max-capacity = 8 }}"
                ),
            ));
        };
        let mut table = Fields::new(f.src(), f.what().to_string(), raw.span(), t);
        table.finish(&["min-capacity", "max-capacity", "acus"])?;
        let mut capacity = |name: &str| -> Result<At<f64>, Diagnostic> {
            table
                .number(name)?
                .ok_or_else(|| table.error(table.span(), format!("`{key}`: missing `{name}`")))
        };
        let (min, _) = capacity("min-capacity")?;
        let (max, max_span) = capacity("max-capacity")?;
        let acus = match table.raw("acus") {
            None => None,
            Some(v) => Some(match v.get_ref() {
                DeValue::Array(items) => AcuProfile::Daily(
                    items
                        .iter()
                        .map(|i| {
                            number_of(i).ok_or_else(|| {
                                table.error(i.span(), "`acus`: expected a number of ACUs")
                            })
                        })
                        .collect::<Result<_, _>>()?,
                ),
                _ => AcuProfile::Constant(number_of(v).ok_or_else(|| {
                    table.error(v.span(), "`acus`: expected a number of ACUs, or 24 of them")
                })?),
            }),
        };
        let acus_span = table.raw("acus").map(|v| v.span());
        ServerlessScaling::new(min, max, acus)
            .map(Some)
            .map_err(|e| {
                let span = match e.field() {
                    "acus" => acus_span.clone().unwrap_or(raw.span()),
                    "max-capacity" => max_span.clone(),
                    _ => raw.span(),
                };
                table.error(span, e.to_string())
            })
    }

    fn toml(&self) -> toml::Value {
        let mut t = toml::Table::new();
        t.insert("min-capacity".into(), self.min_capacity.into());
        t.insert("max-capacity".into(), self.max_capacity.into());
        let acus = match &self.acus {
            AcuProfile::Constant(a) => (*a).into(),
            AcuProfile::Daily(day) => toml::Value::Array(day.iter().map(|&a| a.into()).collect()),
        };
        t.insert("acus".into(), acus);
        toml::Value::Table(t)
    }
}

/// Days, 1 to 35, refused at the value otherwise.
impl StepValue for RetentionPeriod {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.count(key)? {
            None => Ok(None),
            Some((days, span)) => RetentionPeriod::new(days)
                .map(Some)
                .map_err(|e| r.fields.error(span, e.to_string())),
        }
    }

    fn toml(&self) -> toml::Value {
        toml::Value::Integer(i64::from(self.days()))
    }
}

impl StepValue for SimTime {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.string(key)? {
            None => Ok(None),
            Some((v, span)) => SimTime::parse_rfc3339(&v)
                .map(Some)
                .map_err(|e| r.fields.error(span, e.to_string())),
        }
    }

    fn toml(&self) -> toml::Value {
        string(&self.to_string())
    }
}

/// An identifier, or an ARN of `service` and `kind` checked unless the
/// step expects an error (so a scenario can test the service's own
/// answer to a malformed one).
fn checked_ref(
    r: &mut StepReader<'_, '_, '_>,
    key: &str,
    service: &str,
    kind: &str,
) -> Result<Option<String>, Diagnostic> {
    match r.fields.string(key)? {
        None => Ok(None),
        Some((v, span)) => {
            check_ref(r.fields, &v, span, service, kind, r.expects_error)?;
            Ok(Some(v))
        }
    }
}

impl StepValue for ClusterRef {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(checked_ref(r, key, "rds", ClusterRef::PREFIX)?.map(|v| ClusterRef::parse(&v)))
    }

    fn toml(&self) -> toml::Value {
        string(self.as_str())
    }
}

impl StepValue for SnapshotRef {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(checked_ref(r, key, "rds", SnapshotRef::PREFIX)?.map(|v| SnapshotRef::parse(&v)))
    }

    fn toml(&self) -> toml::Value {
        string(self.as_str())
    }
}

impl StepValue for ShareArn {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(checked_ref(r, key, "ram", "resource-share")?.map(ShareArn))
    }

    fn toml(&self) -> toml::Value {
        string(&self.0)
    }
}

impl StepValue for InvitationArn {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(checked_ref(r, key, "ram", "resource-share-invitation")?.map(InvitationArn))
    }

    fn toml(&self) -> toml::Value {
        string(&self.0)
    }
}

impl StepValue for PolicyName {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.string(key)? {
            None => Ok(None),
            Some((v, span)) => PolicyName::parse(&v)
                .map(Some)
                .map_err(|e| r.fields.error(span, e.to_string())),
        }
    }

    fn toml(&self) -> toml::Value {
        string("default")
    }
}

/// A key policy: a JSON string, or a TOML table written as JSON.
impl StepValue for PolicyDocument {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        let f = &mut *r.fields;
        let Some(raw) = f.raw(key) else {
            return Ok(None);
        };
        match raw.get_ref() {
            DeValue::String(s) => Ok(Some(PolicyDocument(s.to_string()))),
            DeValue::Table(_) => serde_json::to_string(&TomlAsJson(raw.get_ref()))
                .map(|json| Some(PolicyDocument(json)))
                .map_err(|e| f.error(raw.span(), format!("`{key}`: {e}"))),
            _ => Err(f.error(
                raw.span(),
                format!("`{key}`: expected a JSON string or a TOML table"),
            )),
        }
    }

    fn missing(key: &str) -> String {
        format!("missing `{key}`: the key policy, as a JSON string or a TOML table")
    }

    fn toml(&self) -> toml::Value {
        string(&self.0)
    }
}

/// A new cluster's data, in GiB.
impl StepValue for DataGib {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields.number(key)?.map(|(g, _)| DataGib(g)))
    }

    fn toml(&self) -> toml::Value {
        toml::Value::Float(self.0)
    }
}

/// DB cluster ARNs: none is a list of none.
impl StepValue for ClusterArns {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::arn_list(r.fields, key, "rds", "cluster", r.expects_error)
            .map(|arns| Some(ClusterArns(arns)))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// Account ids or names (declared), organization ARNs, or `all`.
impl StepValue for AttributeValues {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        if !r.fields.has(key) {
            return Ok(None);
        }
        super::requests::account_list(r.fields, key, r.accounts, true)
            .map(|values| Some(AttributeValues(values)))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// Account ids or names (declared), or organization ARNs: none is a list
/// of none.
impl StepValue for Principals {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::account_list(r.fields, key, r.accounts, false)
            .map(|values| Some(Principals(values)))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// `filters = [{ Name = "…", Values = ["…"] }, …]`: none is a list of
/// none.
impl StepValue for Filters {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::filters(r.fields, key)
    }

    fn toml(&self) -> toml::Value {
        let filters = self.0.iter().map(|f| {
            let mut filter = toml::Table::new();
            filter.insert("Name".into(), string(&f.name));
            filter.insert("Values".into(), strings(&f.values));
            toml::Value::Table(filter)
        });
        toml::Value::Array(filters.collect())
    }
}

/// `parameters = [{ ParameterName = "…", ParameterValue = "…",
/// ApplyMethod = "immediate" }, …]`, as the AWS CLI's JSON names them.
impl StepValue for ParameterChanges {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        let f = &mut *r.fields;
        let Some(raw) = f.raw(key) else {
            return Ok(None);
        };
        let expected = format!(
            "expected {key} = [{{ ParameterName = \"…\", ParameterValue = \"…\", ApplyMethod = \"…\" }}]"
        );
        let DeValue::Array(items) = raw.get_ref() else {
            return Err(f.error(raw.span(), expected));
        };
        let mut out = Vec::new();
        for item in items {
            let DeValue::Table(t) = item.get_ref() else {
                return Err(f.error(item.span(), expected));
            };
            let mut p = Fields::new(f.src(), f.what().to_string(), item.span(), t);
            p.finish(&["ParameterName", "ParameterValue", "ApplyMethod"])?;
            let (name, _) = p.required_string("ParameterName")?;
            let value = p.string("ParameterValue")?.map(|(v, _)| v);
            let apply_method = p.string("ApplyMethod")?.map(|(v, _)| v);
            out.push(ParameterChange {
                name,
                value,
                apply_method,
            });
        }
        Ok(Some(ParameterChanges(out)))
    }

    fn toml(&self) -> toml::Value {
        let items = self.0.iter().map(|p| {
            let mut t = toml::Table::new();
            t.insert("ParameterName".into(), string(&p.name));
            if let Some(v) = &p.value {
                t.insert("ParameterValue".into(), string(v));
            }
            if let Some(m) = &p.apply_method {
                t.insert("ApplyMethod".into(), string(m));
            }
            toml::Value::Table(t)
        });
        toml::Value::Array(items.collect())
    }
}

/// `subnet-ids = ["subnet-…", …]`, taken as given.
impl StepValue for SubnetIds {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields
            .strings(key)?
            .map(|ids| SubnetIds(ids.into_iter().map(|(v, _)| v).collect())))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// `tags = [{ Key = "team", Value = "audit" }, …]`: none is a list of
/// none; a key given twice keeps its last value.
impl StepValue for Tags {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::tags(r.fields, key).map(Some)
    }

    fn toml(&self) -> toml::Value {
        let tags = self.0.iter().map(|t| {
            let mut tag = toml::Table::new();
            tag.insert("Key".into(), string(&t.key));
            tag.insert("Value".into(), string(&t.value));
            toml::Value::Table(tag)
        });
        toml::Value::Array(tags.collect())
    }
}

/// `tag-keys = ["team", …]`.
impl StepValue for TagKeys {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields
            .strings(key)?
            .map(|keys| TagKeys(keys.into_iter().map(|(k, _)| k).collect())))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// Resource share ARNs: none is a list of none.
impl StepValue for ShareArns {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::arn_list(r.fields, key, "ram", "resource-share", r.expects_error)
            .map(|arns| Some(ShareArns(arns)))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

/// A KMS or RAM step's tags, in either form ([`super::requests::tag_pairs`]).
fn tag_table(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Vec<Tag>, Diagnostic> {
    let pairs = super::requests::tag_pairs(r.fields, key)?;
    Ok(pairs
        .into_iter()
        .map(|(key, value)| Tag { key, value })
        .collect())
}

fn tag_toml(tags: &[Tag]) -> toml::Value {
    toml::Value::Table(
        tags.iter()
            .map(|t| (t.key.clone(), string(&t.value)))
            .collect(),
    )
}

impl StepValue for KmsTags {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        tag_table(r, key).map(|tags| Some(KmsTags(tags)))
    }

    fn toml(&self) -> toml::Value {
        tag_toml(&self.0)
    }
}

/// Strings: one, or a list; none is a list of none.
fn string_list(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Vec<String>, Diagnostic> {
    Ok(r.fields
        .strings(key)?
        .unwrap_or_default()
        .into_iter()
        .map(|(v, _)| v)
        .collect())
}

impl StepValue for GrantOperations {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        string_list(r, key).map(|ops| Some(GrantOperations(ops)))
    }

    fn toml(&self) -> toml::Value {
        strings(&self.0)
    }
}

impl StepValue for RamTags {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        tag_table(r, key).map(|tags| Some(RamTags(tags)))
    }

    fn toml(&self) -> toml::Value {
        tag_toml(&self.0)
    }
}
