//! The types a declared request's fields have, as a scenario step writes
//! them: each read from its TOML value with its position, so a refusal
//! points at the value, and the step is told what it lacks.

use super::diag::Diagnostic;
use super::fields::{check_ref, parsed};
use super::requests::StepReader;
use crate::cloud::ops::declare::{Param, ReadsParam};
use crate::cloud::ops::kms::PolicyName;
use crate::cloud::ops::ram::{AssociationType, ClusterArns, ShareArns};
use crate::cloud::ops::rds::{AttributeValues, CloneGroupId};
use crate::cloud::ops::refs::{ClusterRef, SnapshotRef};
use crate::cloud::ram::InvitationStatus;
use crate::cloud::rds::{DbEngine, EngineMode, StorageType};
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

impl StepValue for String {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(r.fields.string(key)?.map(|(v, _)| v))
    }
}

impl StepValue for bool {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        r.fields.bool(key)
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
        }
    )*};
}

named_values! {
    DbEngine, missing "expected aurora-mysql or aurora-postgresql";
    EngineMode;
    StorageType;
    RestoreType;
    InvitationStatus;
    ResourceOwner, missing "SELF or OTHER-ACCOUNTS";
    AssociationType, missing "PRINCIPAL or RESOURCE";
}

/// Days, 1 to 35, refused at the value otherwise.
impl StepValue for RetentionPeriod {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.count(key)? {
            None => Ok(None),
            Some((days, span)) => RetentionPeriod::new(days)
                .map(Some)
                .map_err(|e| r.fields.error(span, e)),
        }
    }
}

impl StepValue for SimTime {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.string(key)? {
            None => Ok(None),
            Some((v, span)) => SimTime::parse_rfc3339(&v)
                .map(Some)
                .map_err(|e| r.fields.error(span, e)),
        }
    }
}

/// An identifier, or an ARN of `kind` checked unless the step expects an
/// error (so a scenario can test the service's own answer to a malformed
/// one).
fn rds_ref(
    r: &mut StepReader<'_, '_, '_>,
    key: &str,
    kind: &str,
) -> Result<Option<String>, Diagnostic> {
    match r.fields.string(key)? {
        None => Ok(None),
        Some((v, span)) => {
            check_ref(r.fields, &v, span, "rds", kind, r.expects_error)?;
            Ok(Some(v))
        }
    }
}

impl StepValue for ClusterRef {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(rds_ref(r, key, ClusterRef::PREFIX)?.map(|v| ClusterRef::parse(&v)))
    }
}

impl StepValue for SnapshotRef {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(rds_ref(r, key, SnapshotRef::PREFIX)?.map(|v| SnapshotRef::parse(&v)))
    }
}

impl StepValue for PolicyName {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        match r.fields.string(key)? {
            None => Ok(None),
            Some((v, span)) => PolicyName::parse(&v)
                .map(Some)
                .map_err(|e| r.fields.error(span, e)),
        }
    }
}

/// DB cluster ARNs: none is a list of none.
impl StepValue for ClusterArns {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::arn_list(r.fields, key, "rds", "cluster", r.expects_error)
            .map(|arns| Some(ClusterArns(arns)))
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
}

/// `filters = [{ Name = "clone-group-id", Values = ["…"] }]`: the group,
/// if a filter names one.
impl StepValue for CloneGroupId {
    fn read(r: &mut StepReader<'_, '_, '_>, _key: &str) -> Result<Option<Self>, Diagnostic> {
        Ok(super::requests::clone_group_filter(r.fields)?.map(CloneGroupId))
    }
}

/// Resource share ARNs: none is a list of none.
impl StepValue for ShareArns {
    fn read(r: &mut StepReader<'_, '_, '_>, key: &str) -> Result<Option<Self>, Diagnostic> {
        super::requests::arn_list(r.fields, key, "ram", "resource-share", r.expects_error)
            .map(|arns| Some(ShareArns(arns)))
    }
}
