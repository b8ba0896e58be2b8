//! The endpoint's front door to the typed requests: a request's members
//! (named as the API names them, in a JSON tree whatever the protocol)
//! read field by field as each request declares them
//! (`crate::cloud::ops::declare`), the second [`Reader`] beside the
//! scenario parser's. Every refusal is in AWS's shape for the service, and
//! names the parameter as the API does. Members the real API takes but
//! cowsim does not model are type-checked, then dropped; a member no API
//! takes is refused.

use serde_json::{Map, Value};

use super::api_types::{ApiOperation, Kind, Service};
use super::errors::ApiError;
use crate::cloud::AccountId;
use crate::cloud::groups::Family;
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::kms::Tag as KeyOrShareTag;
use crate::cloud::ops::declare::{Param, ReadsParam};
use crate::cloud::ops::filters::{Filter, Filters};
use crate::cloud::ops::groups::{ParameterChange, ParameterChanges, SubnetIds};
use crate::cloud::ops::kms::{GrantOperations, KmsTags, PolicyDocument, PolicyName};
use crate::cloud::ops::ram::{
    AssociationType, ClusterArns, InvitationArn, Principals, RamTags, ShareArn, ShareArns,
};
use crate::cloud::ops::rds::{AttributeValues, DataGib};
use crate::cloud::ops::refs::{ClusterRef, SnapshotRef};
use crate::cloud::ops::tags::{Tag, TagKeys, Tags};
use crate::cloud::ops::{Reader, Refusal};
use crate::cloud::ram::InvitationStatus;
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
use crate::cloud::serverless::ServerlessScaling;
use crate::cloud::{ResourceOwner, RestoreType, RetentionPeriod};
use crate::time::SimTime;

/// A request's members being read as one operation's request.
pub struct WireReader {
    op: &'static ApiOperation,
    members: Map<String, Value>,
    /// The account ids the request names as principals or snapshot
    /// restorers: accounts the session knows from then on.
    pub accounts: Vec<AccountId>,
}

impl WireReader {
    /// The members of a request to `op`, checked before any is read: every
    /// required one is there, every one is a member of the operation, and
    /// each has the type the model gives it.
    pub fn new(op: &'static ApiOperation, members: Map<String, Value>) -> Result<Self, ApiError> {
        for p in op.params.iter().filter(|p| p.required) {
            if !members.contains_key(p.name) && !members.contains_key(p.wire) {
                return Err(ApiError::missing(op.service, p.name));
            }
        }
        for (name, value) in &members {
            let Some(p) = op.param(name) else {
                return Err(ApiError::invalid(
                    op.service,
                    format!("{name} is not a parameter of {}", op.action),
                ));
            };
            if !of_kind(p.kind, value) {
                return Err(wrong_type(op.service, p.name, expected(p.kind)));
            }
        }
        Ok(WireReader {
            op,
            members,
            accounts: Vec::new(),
        })
    }

    fn service(&self) -> Service {
        self.op.service
    }

    /// The member that carries `param`, taken out of the request, and the
    /// name the model gives it; `None` when the request leaves it out, or
    /// the parameter is a scenario's alone.
    fn take(&mut self, param: Param) -> Option<(&'static str, Value)> {
        let wire = param.wire?;
        let api = self.op.param(wire)?;
        let value = self
            .members
            .remove(api.name)
            .or_else(|| self.members.remove(api.wire))?;
        Some((api.name, value))
    }

    /// An error with each `` `step-key` `` the message holds named as the
    /// API names it.
    fn invalid(&self, message: &str) -> ApiError {
        ApiError::invalid(self.service(), api_names(self.op, message))
    }
}

impl Reader for WireReader {
    type Error = ApiError;

    fn refuse(&mut self, refusal: Refusal) -> ApiError {
        let message = api_names(self.op, &refusal.message);
        match refusal.code {
            Some(code) => ApiError::aws(code, &message),
            None => ApiError::invalid(self.service(), message),
        }
    }
}

/// A value a request's member holds, read from its JSON form.
pub trait WireValue: Sized {
    /// The value of the member the model names `name`.
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError>;

    /// The value a member gives, if it gives one (a member may carry
    /// other things beside it, as `Tags` does).
    fn given(r: &mut WireReader, name: &str, value: Value) -> Result<Option<Self>, ApiError> {
        Self::from_wire(r, name, value).map(Some)
    }

    /// What a request that leaves the member out means: nothing, unless
    /// the value is a list, which is then empty.
    fn absent() -> Option<Self> {
        None
    }
}

impl<T: WireValue> ReadsParam<T> for WireReader {
    fn param(&mut self, param: Param) -> Result<T, ApiError> {
        let given = match self.take(param) {
            Some((name, value)) => T::given(self, name, value)?,
            None => T::absent(),
        };
        given.ok_or_else(|| ApiError::missing(self.service(), param.wire.unwrap_or(param.step)))
    }
}

impl<T: WireValue> ReadsParam<Option<T>> for WireReader {
    fn param(&mut self, param: Param) -> Result<Option<T>, ApiError> {
        match self.take(param) {
            Some((name, value)) => T::given(self, name, value),
            None => Ok(T::absent()),
        }
    }
}

/// Whether `value` has the type the model gives a member of `kind`, as
/// the protocols carry it: the query protocol sends scalars as strings,
/// and an empty list as `Name=`.
fn of_kind(kind: Kind, value: &Value) -> bool {
    match (kind, value) {
        (Kind::Bool, Value::Bool(_)) => true,
        (Kind::Bool, Value::String(s)) => s == "true" || s == "false",
        (Kind::Int, Value::Number(n)) => n.as_i64().is_some(),
        (Kind::Int, Value::String(s)) => s.parse::<i64>().is_ok(),
        (Kind::Str | Kind::Time, Value::String(_)) => true,
        (Kind::List, Value::Array(_)) => true,
        (Kind::List, Value::String(s)) => s.is_empty(),
        (Kind::Struct, Value::Object(_)) => true,
        _ => false,
    }
}

fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => "a boolean",
        Kind::Int => "an integer",
        Kind::Str | Kind::Time => "a string",
        Kind::List => "a list",
        Kind::Struct => "a structure",
    }
}

fn wrong_type(service: Service, name: &str, expected: &str) -> ApiError {
    ApiError::invalid(
        service,
        format!("Invalid type for parameter {name}: expected {expected}"),
    )
}

fn text(r: &WireReader, name: &str, value: Value) -> Result<String, ApiError> {
    match value {
        Value::String(s) => Ok(s),
        _ => Err(wrong_type(r.service(), name, "a string")),
    }
}

/// A list of strings; an empty list travels in the query protocol as an
/// empty string.
fn texts(r: &WireReader, name: &str, value: Value) -> Result<Vec<String>, ApiError> {
    match value {
        Value::Array(items) => items.into_iter().map(|v| text(r, name, v)).collect(),
        Value::String(s) if s.is_empty() => Ok(Vec::new()),
        _ => Err(wrong_type(r.service(), name, "a list of strings")),
    }
}

impl WireValue for String {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        text(r, name, value)
    }
}

impl WireValue for bool {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        match value {
            Value::Bool(b) => Ok(b),
            Value::String(s) if s == "true" => Ok(true),
            Value::String(s) if s == "false" => Ok(false),
            _ => Err(wrong_type(r.service(), name, "a boolean")),
        }
    }
}

/// A count; no member of the API is one that cowsim reads (`data-pages`
/// is a scenario's), but a count reads as the protocols carry integers.
impl WireValue for u64 {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let n = match &value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.parse().ok(),
            _ => None,
        };
        n.ok_or_else(|| wrong_type(r.service(), name, "a non-negative integer"))
    }
}

/// Values read from a string by their own parser, whose refusal says what
/// was expected.
macro_rules! parsed_values {
    ($($ty:ty),* $(,)?) => {$(
        impl WireValue for $ty {
            fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
                let s = text(r, name, value)?;
                s.parse::<$ty>()
                    .map_err(|e| r.invalid(&format!("Invalid value for parameter {name}: {e}")))
            }
        }
    )*};
}

parsed_values!(
    Family,
    InstanceClass,
    DbEngine,
    EngineMode,
    StorageType,
    RestoreType,
    InvitationStatus,
    ResourceOwner,
    AssociationType,
);

/// `ServerlessV2ScalingConfiguration`: `MinCapacity` and `MaxCapacity`
/// (`SecondsUntilAutoPause` accepted); the instances run at the minimum.
impl WireValue for ServerlessScaling {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let Value::Object(members) = value else {
            return Err(wrong_type(r.service(), name, "a structure"));
        };
        let capacity = |member: &str| -> Result<f64, ApiError> {
            match members.get(member) {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => s.parse().ok(),
                _ => None,
            }
            .ok_or_else(|| r.invalid(&format!("{name}.{member}: expected a number of ACUs")))
        };
        if let Some(other) = members.keys().find(|k| {
            !matches!(
                k.as_str(),
                "MinCapacity" | "MaxCapacity" | "SecondsUntilAutoPause"
            )
        }) {
            return Err(r.invalid(&format!("{other} is not a member of {name}")));
        }
        let (min, max) = (capacity("MinCapacity")?, capacity("MaxCapacity")?);
        ServerlessScaling::new(min, max, None)
            .map_err(|e| r.invalid(&format!("Invalid value for parameter {name}: {e}")))
    }
}

/// `BackupRetentionPeriod`: days, 1 to 35.
impl WireValue for RetentionPeriod {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let days = u64::from_wire(r, name, value)?;
        RetentionPeriod::new(days).map_err(|_| {
            r.invalid(&format!(
                "Invalid value {days} for parameter {name}: expected a whole number of days from {} to {}",
                RetentionPeriod::MIN,
                RetentionPeriod::MAX
            ))
        })
    }
}

impl WireValue for SimTime {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let s = text(r, name, value)?;
        SimTime::parse_rfc3339(&s)
            .map_err(|e| r.invalid(&format!("Invalid value for parameter {name}: {e}")))
    }
}

/// A reference, kept as given: a malformed ARN is the service's to refuse.
impl WireValue for ClusterRef {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        Ok(ClusterRef::parse(&text(r, name, value)?))
    }
}

impl WireValue for SnapshotRef {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        Ok(SnapshotRef::parse(&text(r, name, value)?))
    }
}

impl WireValue for ShareArn {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        text(r, name, value).map(ShareArn)
    }
}

impl WireValue for InvitationArn {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        text(r, name, value).map(InvitationArn)
    }
}

impl WireValue for PolicyName {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let s = text(r, name, value)?;
        PolicyName::parse(&s).map_err(|e| r.invalid(&e.to_string()))
    }
}

impl WireValue for PolicyDocument {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        text(r, name, value).map(PolicyDocument)
    }
}

/// DB cluster ARNs; `ListPrincipals`'s one `resourceArn` is a list of one.
impl WireValue for ClusterArns {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        match value {
            Value::String(s) if !s.is_empty() => Ok(ClusterArns(vec![s])),
            other => texts(r, name, other).map(ClusterArns),
        }
    }

    fn absent() -> Option<Self> {
        Some(ClusterArns::default())
    }
}

impl WireValue for ShareArns {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        texts(r, name, value).map(ShareArns)
    }

    fn absent() -> Option<Self> {
        Some(ShareArns::default())
    }
}

/// Account ids, organization ARNs, and (where `all` is allowed) `all`;
/// the account ids are noted, as accounts the session knows from then on.
fn accounts(
    r: &mut WireReader,
    name: &str,
    value: Value,
    allow_all: bool,
) -> Result<Vec<String>, ApiError> {
    let values = texts(r, name, value)?;
    for v in &values {
        if let Ok(id) = v.parse::<AccountId>() {
            r.accounts.push(id);
        } else if !(v.starts_with("arn:") || (allow_all && v == "all")) {
            let all = if allow_all { ", or all" } else { "" };
            return Err(r.invalid(&format!(
                "{name}: {v:?} is not an account id (12 digits) or an organization's ARN{all}"
            )));
        }
    }
    Ok(values)
}

impl WireValue for AttributeValues {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        accounts(r, name, value, true).map(AttributeValues)
    }
}

impl WireValue for Principals {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        accounts(r, name, value, false).map(Principals)
    }

    fn absent() -> Option<Self> {
        Some(Principals::default())
    }
}

/// `Filters`: a list of `{Name, Values}`, each name and its values as
/// given; the operation judges the names. None is a list of none.
impl WireValue for Filters {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let shape = |r: &WireReader| {
            r.invalid(&format!(
                "{name}: expected a list of {{Name, Values: [...]}}"
            ))
        };
        let filters = match value {
            Value::Array(filters) => filters,
            Value::String(empty) if empty.is_empty() => Vec::new(),
            _ => return Err(shape(r)),
        };
        let mut out = Vec::new();
        for filter in filters {
            let Value::Object(mut filter) = filter else {
                return Err(shape(r));
            };
            let filter_name = filter
                .remove("Name")
                .map(|n| text(r, name, n))
                .transpose()?;
            let values = filter
                .remove("Values")
                .map(|v| texts(r, name, v))
                .transpose()?;
            let (Some(filter_name), true) = (filter_name, filter.is_empty()) else {
                return Err(shape(r));
            };
            out.push(Filter {
                name: filter_name,
                values: values.unwrap_or_default(),
            });
        }
        Ok(Filters(out))
    }

    fn absent() -> Option<Self> {
        Some(Filters::default())
    }
}

/// Tags as the API carries them: a list of objects with a key member and
/// a value member, named as the service names them (`TagKey`/`TagValue`
/// for KMS, `key`/`value` for RAM).
pub(super) fn tag_list(
    r: &WireReader,
    name: &str,
    value: Value,
    (key_member, value_member): (&str, &str),
) -> Result<Vec<KeyOrShareTag>, ApiError> {
    let shape = || {
        r.invalid(&format!(
            "{name}: expected a list of {{{key_member}, {value_member}}}"
        ))
    };
    let tags = match value {
        Value::Array(tags) => tags,
        Value::String(s) if s.is_empty() => Vec::new(),
        _ => return Err(shape()),
    };
    tags.into_iter()
        .map(|t| {
            let Value::Object(mut t) = t else {
                return Err(shape());
            };
            let key = match t.remove(key_member) {
                Some(Value::String(k)) => k,
                _ => return Err(shape()),
            };
            let value = match t.remove(value_member) {
                Some(Value::String(v)) => v,
                None => String::new(),
                _ => return Err(shape()),
            };
            if !t.is_empty() {
                return Err(shape());
            }
            Ok(KeyOrShareTag { key, value })
        })
        .collect()
}

impl WireValue for KmsTags {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        tag_list(r, name, value, ("TagKey", "TagValue")).map(KmsTags)
    }

    fn absent() -> Option<Self> {
        Some(KmsTags::default())
    }
}

impl WireValue for RamTags {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        tag_list(r, name, value, ("key", "value")).map(RamTags)
    }

    fn absent() -> Option<Self> {
        Some(RamTags::default())
    }
}

impl WireValue for GrantOperations {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        texts(r, name, value).map(GrantOperations)
    }

    fn absent() -> Option<Self> {
        Some(GrantOperations::default())
    }
}

/// `Parameters`: a list of `{ParameterName, ParameterValue, ApplyMethod}`;
/// the other members of RDS's `Parameter` a client may echo back are
/// ignored. The operation judges names and values.
impl WireValue for ParameterChanges {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let shape = |r: &WireReader| {
            r.invalid(&format!(
                "{name}: expected a list of {{ParameterName, ParameterValue, ApplyMethod}}"
            ))
        };
        let items = match value {
            Value::Array(items) => items,
            Value::String(empty) if empty.is_empty() => Vec::new(),
            _ => return Err(shape(r)),
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Object(mut item) = item else {
                return Err(shape(r));
            };
            let mut member = |key: &str| {
                item.remove(key)
                    .map(|v| text(r, &format!("{name}.{key}"), v))
                    .transpose()
            };
            let (Some(parameter), value, apply_method) = (
                member("ParameterName")?,
                member("ParameterValue")?,
                member("ApplyMethod")?,
            ) else {
                return Err(shape(r));
            };
            out.push(ParameterChange {
                name: parameter,
                value,
                apply_method,
            });
        }
        Ok(ParameterChanges(out))
    }
}

/// `SubnetIds`: strings, taken as given.
impl WireValue for SubnetIds {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        texts(r, name, value).map(SubnetIds)
    }
}

/// `Tags`: a list of `{Key, Value}` (a value left out is empty). A key
/// given twice keeps its last value, as a map does; none is a list of
/// none.
impl WireValue for Tags {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        let shape =
            |r: &WireReader| r.invalid(&format!("{name}: expected a list of {{Key, Value}}"));
        let items = match value {
            Value::Array(items) => items,
            Value::String(s) if s.is_empty() => Vec::new(),
            _ => return Err(wrong_type(r.service(), name, "a list of tags")),
        };
        let mut tags = Tags::default();
        for item in items {
            let Value::Object(mut tag) = item else {
                return Err(shape(r));
            };
            let key = tag.remove("Key").map(|k| text(r, name, k)).transpose()?;
            let value = tag.remove("Value").map(|v| text(r, name, v)).transpose()?;
            let (Some(key), true) = (key, tag.is_empty()) else {
                return Err(shape(r));
            };
            let value = value.unwrap_or_default();
            tags = tags.merged(&Tags(vec![Tag { key, value }]));
        }
        Ok(tags)
    }

    fn absent() -> Option<Self> {
        Some(Tags::default())
    }
}

/// `data-gib` is a scenario's: no member of the API carries it (through
/// the API, the `cowsim:data-gib` tag does), so this reads only a value
/// handed to it as a number.
impl WireValue for DataGib {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        value
            .as_f64()
            .map(DataGib)
            .ok_or_else(|| wrong_type(r.service(), name, "a number"))
    }
}

/// `TagKeys`: a list of keys.
impl WireValue for TagKeys {
    fn from_wire(r: &mut WireReader, name: &str, value: Value) -> Result<Self, ApiError> {
        texts(r, name, value).map(TagKeys)
    }
}

/// A reader's message as a caller of the API reads it: without the step
/// it would be in a scenario file ("step 673 (write): "), which would
/// tell any caller how busy the others are, and with each parameter named
/// as the API names it (`DBClusterIdentifier`, not
/// `` `db-cluster-identifier` ``).
pub fn api_names(op: &ApiOperation, message: &str) -> String {
    let message = message
        .strip_prefix("step ")
        .and_then(|rest| rest.split_once(": "))
        .filter(|(label, _)| label.starts_with(|c: char| c.is_ascii_digit()))
        .map_or(message, |(_, rest)| rest);
    let mut out = message.to_string();
    for p in op.params {
        out = out.replace(&format!("`{}`", p.step), p.name);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::cloud::ops::tags::DATA_GIB_TAG;
    use crate::cloud::ops::{AwsOp, Request, read_request};
    use crate::serve::registry;

    /// The request `members` make for `action` of `service`.
    fn read(service: Service, action: &str, members: Value) -> Result<Request, ApiError> {
        let op = registry::find(service, action).expect("an operation of the table");
        let Value::Object(members) = members else {
            panic!("members are an object");
        };
        let mut reader = WireReader::new(op, members)?;
        read_request(op.aws_op().expect("answered"), &mut reader, |_, _| Ok(()))
    }

    fn refused(service: Service, action: &str, members: Value) -> ApiError {
        read(service, action, members).expect_err("refused")
    }

    #[test]
    fn strings_enums_booleans_and_defaults() {
        let Ok(Request::CreateDbCluster(c)) = read(
            Service::Rds,
            "CreateDBCluster",
            json!({"DBClusterIdentifier": "orders", "Engine": "aurora-postgresql",
                   "StorageEncrypted": "true", "Port": "3306"}),
        ) else {
            panic!("a cluster");
        };
        assert_eq!(c.identifier, "orders");
        assert_eq!(c.engine, DbEngine::AuroraPostgresql);
        assert!(c.storage_encrypted);
        assert_eq!((c.engine_mode, c.data_pages), (EngineMode::Provisioned, 0));
        let Ok(Request::DescribeDbClusters(d)) = read(
            Service::Rds,
            "DescribeDBClusters",
            json!({"IncludeShared": true}),
        ) else {
            panic!("a describe");
        };
        assert!(d.include_shared && d.cluster.is_none());
    }

    #[test]
    fn times_references_and_the_data_tag() {
        let Ok(Request::RestoreDbClusterToPointInTime(r)) = read(
            Service::Rds,
            "RestoreDBClusterToPointInTime",
            json!({"SourceDBClusterIdentifier": "arn:aws:rds:us-east-1:111111111111:cluster:orders",
                   "DBClusterIdentifier": "copy", "RestoreToTime": "2026-01-02T00:00:00Z",
                   "RestoreType": "copy-on-write"}),
        ) else {
            panic!("a restore");
        };
        assert_eq!(
            r.restore_to_time.map(|t| t.to_string()).as_deref(),
            Some("2026-01-02T00:00:00Z")
        );
        assert_eq!(r.restore_type, RestoreType::CopyOnWrite);
        assert_eq!(
            r.source.as_str(),
            "arn:aws:rds:us-east-1:111111111111:cluster:orders"
        );
        let tags = json!([{"Key": "team", "Value": "x"}, {"Key": DATA_GIB_TAG, "Value": "1"}]);
        let Ok(Request::CreateDbCluster(c)) = read(
            Service::Rds,
            "CreateDBCluster",
            json!({"DBClusterIdentifier": "orders", "Engine": "aurora-mysql", "Tags": tags}),
        ) else {
            panic!("a cluster");
        };
        assert_eq!(c.data_pages, 65_536);
        assert_eq!(c.tags.0.len(), 1, "the data tag is read, not kept");
        assert_eq!(c.tags.get("team"), Some("x"));
        let e = refused(
            Service::Rds,
            "CreateDBCluster",
            json!({"DBClusterIdentifier": "orders", "Engine": "aurora-mysql",
                   "Tags": [{"Key": DATA_GIB_TAG, "Value": "lots"}]}),
        );
        assert_eq!(e.code, "InvalidParameterValue");
        let e = refused(
            Service::Rds,
            "CreateDBCluster",
            json!({"DBClusterIdentifier": "orders", "Engine": "aurora-mysql",
                   "Tags": [{"Key": DATA_GIB_TAG, "Value": "300000"}]}),
        );
        assert!(e.message.contains("expected 0 to 262144"), "{}", e.message);
    }

    #[test]
    fn lists_accounts_and_filters() {
        let Ok(Request::ModifyDbClusterSnapshotAttribute(m)) = read(
            Service::Rds,
            "ModifyDBClusterSnapshotAttribute",
            json!({"DBClusterSnapshotIdentifier": "s", "AttributeName": "restore",
                   "ValuesToAdd": ["222222222222", "all"]}),
        ) else {
            panic!("a modify");
        };
        assert_eq!(m.add.0, ["222222222222", "all"]);
        assert!(m.remove.is_empty());
        let Ok(Request::DescribeDbClusters(d)) = read(
            Service::Rds,
            "DescribeDBClusters",
            json!({"Filters": [{"Name": "clone-group-id", "Values": ["g-1"]}]}),
        ) else {
            panic!("a describe");
        };
        let group = Filter {
            name: "clone-group-id".into(),
            values: vec!["g-1".into()],
        };
        assert_eq!(d.filters, Filters(vec![group]));
        assert_eq!(d.max_records, None);
        let Ok(Request::DescribeDbInstances(d)) = read(
            Service::Rds,
            "DescribeDBInstances",
            json!({"MaxRecords": "20", "Marker": "m"}),
        ) else {
            panic!("a describe");
        };
        assert_eq!((d.max_records, d.marker.as_deref()), (Some(20), Some("m")));
        assert!(d.filters.0.is_empty());
        let e = refused(
            Service::Rds,
            "DescribeDBClusters",
            json!({"Filters": [{"Values": ["x"]}]}),
        );
        assert_eq!(e.code, "InvalidParameterValue");
        let Ok(Request::ListPrincipals(l)) = read(
            Service::Ram,
            "ListPrincipals",
            json!({"resourceOwner": "SELF", "resourceArn": "arn:aws:rds:us-east-1:1:cluster:c"}),
        ) else {
            panic!("a listing");
        };
        assert_eq!(l.resource_arns.0, ["arn:aws:rds:us-east-1:1:cluster:c"]);
        let e = refused(
            Service::Ram,
            "CreateResourceShare",
            json!({"name": "s", "principals": ["bob"]}),
        );
        assert_eq!(e.code, "InvalidParameterException");
    }

    #[test]
    fn share_and_invitation_arns_snapshot_references_and_counts() {
        let share = "arn:aws:ram:us-east-1:111111111111:resource-share/s";
        let Ok(Request::GetResourceShares(g)) = read(
            Service::Ram,
            "GetResourceShares",
            json!({"resourceOwner": "SELF", "resourceShareArns": [share]}),
        ) else {
            panic!("a listing");
        };
        assert_eq!(g.share_arns.0, [share]);
        let Ok(Request::DeleteResourceShare(d)) = read(
            Service::Ram,
            "DeleteResourceShare",
            json!({"resourceShareArn": share}),
        ) else {
            panic!("a deletion");
        };
        assert_eq!(d.share, crate::cloud::ShareRef::Arn(share.into()));
        let invitation = "arn:aws:ram:us-east-1:111111111111:resource-share-invitation/i";
        let Ok(Request::AcceptResourceShareInvitation(a)) = read(
            Service::Ram,
            "AcceptResourceShareInvitation",
            json!({"resourceShareInvitationArn": invitation}),
        ) else {
            panic!("an acceptance");
        };
        assert_eq!(
            a.invitation,
            crate::cloud::InvitationRef::Arn(invitation.into())
        );
        let Ok(Request::DeleteDbClusterSnapshot(d)) = read(
            Service::Rds,
            "DeleteDBClusterSnapshot",
            json!({"DBClusterSnapshotIdentifier": "monday"}),
        ) else {
            panic!("a deletion");
        };
        assert_eq!(d.snapshot.as_str(), "monday");
        let op = registry::find(Service::Rds, "CreateDBCluster").expect("CreateDBCluster");
        let Value::Object(members) = json!({"DBClusterIdentifier": "c", "Engine": "aurora-mysql",
                                             "Port": "3306"})
        else {
            panic!("an object");
        };
        let mut reader = WireReader::new(op, members).expect("members");
        let port = crate::cloud::ops::declare::param("port", "Port");
        assert_eq!(ReadsParam::<u64>::param(&mut reader, port), Ok(3306));
        assert_eq!(
            ReadsParam::<Option<u64>>::param(&mut reader, port),
            Ok(None)
        );
    }

    #[test]
    fn principals_are_accounts_the_session_learns() {
        let op = registry::find(Service::Ram, "CreateResourceShare").expect("CreateResourceShare");
        let Value::Object(members) = json!({"name": "s", "principals": ["222222222222"]}) else {
            panic!("an object");
        };
        let mut reader = WireReader::new(op, members).expect("members");
        let Ok(Request::CreateResourceShare(share)) =
            read_request(AwsOp::CreateResourceShare, &mut reader, |_, _| Ok(()))
        else {
            panic!("a share");
        };
        assert_eq!(share.request.principals, ["222222222222"]);
        assert!(share.allow_external_principals);
        assert_eq!(
            reader.accounts,
            ["222222222222".parse::<AccountId>().expect("an id")]
        );
    }

    #[test]
    fn missing_wrong_typed_and_unknown_members_are_refused() {
        let e = refused(
            Service::Rds,
            "CreateDBCluster",
            json!({"Engine": "aurora-mysql"}),
        );
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            (
                "MissingParameter",
                "The request must contain the parameter DBClusterIdentifier"
            )
        );
        let e = refused(
            Service::Rds,
            "DescribeDBClusters",
            json!({"IncludeShared": "maybe"}),
        );
        assert_eq!(
            e.message,
            "Invalid type for parameter IncludeShared: expected a boolean"
        );
        let e = refused(Service::Kms, "DescribeKey", json!({"KeyId": 7}));
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            (
                "ValidationException",
                "Invalid type for parameter KeyId: expected a string"
            )
        );
        let e = refused(Service::Rds, "DescribeDBClusters", json!({"Bogus": "1"}));
        assert_eq!(e.message, "Bogus is not a parameter of DescribeDBClusters");
        let e = refused(
            Service::Rds,
            "CreateDBCluster",
            json!({"DBClusterIdentifier": "orders", "Engine": "oracle"}),
        );
        assert!(
            e.message.starts_with("Invalid value for parameter Engine"),
            "{}",
            e.message
        );
    }

    #[test]
    fn identifiers_are_refused_as_aws_refuses_them() {
        for bad in ["1bad--id", "bad--id", "bad-", "a_b", &"a".repeat(64)] {
            let e = refused(
                Service::Rds,
                "CreateDBCluster",
                json!({"DBClusterIdentifier": bad, "Engine": "aurora-mysql"}),
            );
            assert_eq!(e.code, "InvalidParameterValue", "{bad}");
            assert!(
                e.message
                    .starts_with("DBClusterIdentifier is not a valid identifier")
            );
        }
        let e = refused(
            Service::Rds,
            "CreateDBInstance",
            json!({"DBInstanceIdentifier": "i--1", "DBClusterIdentifier": "orders",
                   "DBInstanceClass": "db.r6g.large", "Engine": "aurora-mysql"}),
        );
        assert!(
            e.message.starts_with("DBInstanceIdentifier"),
            "{}",
            e.message
        );
        let long_final = "f".repeat(255);
        assert!(
            read(
                Service::Rds,
                "DeleteDBCluster",
                json!({"DBClusterIdentifier": "orders", "FinalDBSnapshotIdentifier": long_final}),
            )
            .is_ok()
        );
        let e = refused(
            Service::Kms,
            "CreateAlias",
            json!({"AliasName": "alias/aws/rds", "TargetKeyId": "k"}),
        );
        assert_eq!(e.code, "InvalidAliasNameException");
        assert!(
            e.message.starts_with("AliasName is not a valid alias name"),
            "{}",
            e.message
        );
        let e = refused(Service::Ram, "CreateResourceShare", json!({"name": ""}));
        assert_eq!(e.code, "InvalidParameterException");
    }

    #[test]
    fn cross_field_rules_are_the_requests_own() {
        let e = refused(
            Service::Kms,
            "PutKeyPolicy",
            json!({"KeyId": "k", "Policy": "{not json"}),
        );
        assert_eq!(e.code, "ValidationException");
        assert!(
            e.message.starts_with("Policy is not valid JSON"),
            "{}",
            e.message
        );
        let e = refused(
            Service::Kms,
            "PutKeyPolicy",
            json!({"KeyId": "k", "Policy": "{}", "PolicyName": "other"}),
        );
        assert!(
            e.message.contains("the only key policy name"),
            "{}",
            e.message
        );
    }
}
