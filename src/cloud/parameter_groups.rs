//! DB cluster parameter groups and DB parameter groups: created, copied,
//! described, modified, reset and deleted, one implementation for both
//! levels (docs/aws-behaviour.md, "Groups"). A family's default group
//! can't be modified, reset or deleted; a group a live cluster or
//! instance uses can't be deleted; a value must be one the parameter
//! allows, and a static parameter applies only at the next reboot.

use std::collections::BTreeMap;

use super::groups::defaults::{self, ApplyType, EngineDefault};
use super::groups::{
    ApplyMethod, Family, Found, GROUP_QUOTA, Level, ParameterGroup, SetValue, bounded,
};
use super::listing::{PageAsked, page_all};
use super::ops::filters::Filters;
use super::ops::groups::{DbClusterParameterGroup, DbParameterGroup, Parameter, ParameterChanges};
use super::ops::tags::Tags;
use super::rds::{ClusterStatus, InstanceStatus};
use super::tags::check_tags;
use super::{AccountId, AwsError, Cloud};
use crate::shown::shown;

/// Most parameters one modify changes (RDS: 20).
const MOST_CHANGES: usize = 20;

/// The filter the parameter describes take (docs/aws-behaviour.md,
/// "Groups"); the group describes take `Filters` and apply none, as RDS.
const PARAMETER_FILTERS: &[&str] = &["parameter-name"];

/// A parameter group as a describe shows it, at either level.
pub struct GroupView {
    pub name: String,
    pub family: Family,
    pub description: String,
    pub arn: String,
}

/// The ARN kind of a level's groups (`cluster-pg`, `pg`).
fn arn_kind(level: Level) -> &'static str {
    match level {
        Level::Cluster => "cluster-pg",
        Level::Instance => "pg",
    }
}

/// The AWS CLI names of a level's group and parameter describes, which
/// name the call a marker continues.
fn describe_names(level: Level) -> (&'static str, &'static str) {
    match level {
        Level::Cluster => (
            "describe-db-cluster-parameter-groups",
            "describe-db-cluster-parameters",
        ),
        Level::Instance => ("describe-db-parameter-groups", "describe-db-parameters"),
    }
}

/// The kind a level's errors name (`DBClusterParameterGroup`).
fn kind(level: Level) -> &'static str {
    match level {
        Level::Cluster => "DBClusterParameterGroup",
        Level::Instance => "DBParameterGroup",
    }
}

/// A default group's description, as RDS words it.
fn default_description(level: Level, family: Family) -> String {
    match level {
        Level::Cluster => format!("Default cluster parameter group for {family}"),
        Level::Instance => format!("Default parameter group for {family}"),
    }
}

/// One engine default as a group shows it, with the value the group sets.
fn parameter(d: &EngineDefault, set: Option<&SetValue>) -> Parameter {
    Parameter {
        name: d.name.to_string(),
        value: set.map(|s| s.value.clone()).or(d.value.map(str::to_string)),
        description: d.description.to_string(),
        source: if set.is_some() {
            "user"
        } else {
            d.source.name()
        },
        apply_type: d.apply.name(),
        data_type: d.data_type,
        allowed: d.allowed,
        modifiable: d.modifiable,
        apply_method: set
            .map_or(ApplyMethod::PendingReboot, |s| s.method)
            .name()
            .to_string(),
        engine_modes: vec!["provisioned"],
    }
}

/// A family's engine defaults at `level`, as parameters.
pub fn engine_defaults(family: Family, level: Level) -> Vec<Parameter> {
    defaults::defaults(family, level)
        .iter()
        .map(|d| parameter(d, None))
        .collect()
}

impl Cloud {
    /// The ARN of `account`'s parameter group `name` at `level`.
    fn parameter_group_arn(&self, level: Level, account: AccountId, name: &str) -> String {
        format!(
            "arn:aws:rds:{}:{account}:{}:{name}",
            self.config.region,
            arn_kind(level)
        )
    }

    fn view(&self, level: Level, account: AccountId, found: &Found<'_>) -> GroupView {
        let (name, description) = match found {
            Found::Custom(g) => (g.name.clone(), g.description.clone()),
            Found::Default(f) => (f.default_group(), default_description(level, *f)),
        };
        GroupView {
            arn: self.parameter_group_arn(level, account, &name),
            name,
            family: found.family(),
            description,
        }
    }

    /// The caller's group `name` at `level`, or AWS's error for a missing
    /// one (the same whoever else has a group of that name).
    fn find_parameter_group(
        &self,
        level: Level,
        caller: AccountId,
        name: &str,
    ) -> Result<Found<'_>, AwsError> {
        self.account(caller)?;
        let name = own_name(name, caller);
        self.groups
            .parameter_group(level, caller, &name)
            .ok_or(AwsError::DbParameterGroupNotFound(name))
    }

    /// The caller's custom group `name`, to change; a default one is
    /// refused.
    fn custom_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        name: &str,
        doing: &str,
    ) -> Result<&mut ParameterGroup, AwsError> {
        if let Found::Default(f) = self.find_parameter_group(level, caller, name)? {
            return Err(AwsError::InvalidDbParameterGroupState(format!(
                "Default {} cannot be {doing}: {}",
                kind(level),
                f.default_group()
            )));
        }
        let name = own_name(name, caller);
        self.groups
            .parameter_group_mut(level, caller, &name)
            .ok_or(AwsError::DbParameterGroupNotFound(name))
    }

    /// `create-db-cluster-parameter-group` / `create-db-parameter-group`.
    pub fn create_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        name: &str,
        family: Family,
        description: &str,
        tags: &Tags,
    ) -> Result<GroupView, AwsError> {
        self.check_new_parameter_group(level, caller, name)?;
        bounded("Description", description)?;
        check_tags(tags)?;
        let group = ParameterGroup {
            name: name.to_ascii_lowercase(),
            family,
            description: description.to_string(),
            values: BTreeMap::new(),
            tags: tags.clone(),
        };
        self.groups.insert_parameter_group(level, caller, group);
        self.parameter_group_view(level, caller, name)
    }

    /// `copy-db-cluster-parameter-group` / `copy-db-parameter-group`: the
    /// source's family and values, under a new name.
    pub fn copy_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        source: &str,
        target: &str,
        description: &str,
    ) -> Result<GroupView, AwsError> {
        let (family, values) = match self.find_parameter_group(level, caller, source)? {
            Found::Custom(g) => (g.family, g.values.clone()),
            Found::Default(f) => (f, BTreeMap::new()),
        };
        self.check_new_parameter_group(level, caller, target)?;
        bounded("Description", description)?;
        let group = ParameterGroup {
            name: target.to_ascii_lowercase(),
            family,
            description: description.to_string(),
            values,
            tags: Tags::default(),
        };
        self.groups.insert_parameter_group(level, caller, group);
        self.parameter_group_view(level, caller, target)
    }

    fn check_new_parameter_group(
        &self,
        level: Level,
        caller: AccountId,
        name: &str,
    ) -> Result<(), AwsError> {
        self.account(caller)?;
        if self.groups.parameter_group(level, caller, name).is_some() {
            return Err(AwsError::DbParameterGroupAlreadyExists(
                name.to_ascii_lowercase(),
            ));
        }
        if self.groups.parameter_group_count(level, caller) >= GROUP_QUOTA {
            return Err(AwsError::DbParameterGroupQuotaExceeded(format!(
                "The account has {GROUP_QUOTA} {}s, its quota",
                kind(level)
            )));
        }
        Ok(())
    }

    fn parameter_group_view(
        &self,
        level: Level,
        caller: AccountId,
        name: &str,
    ) -> Result<GroupView, AwsError> {
        let found = self.find_parameter_group(level, caller, name)?;
        Ok(self.view(level, caller, &found))
    }

    /// `describe-db-cluster-parameter-groups` /
    /// `describe-db-parameter-groups`: the caller's groups, or one, a page
    /// at a time, and the marker of the next page.
    pub(super) fn describe_parameter_groups(
        &self,
        level: Level,
        caller: AccountId,
        name: Option<&str>,
        asked: PageAsked<'_>,
    ) -> Result<(Vec<GroupView>, Option<String>), AwsError> {
        let all = match name {
            Some(name) => vec![self.parameter_group_view(level, caller, name)?],
            None => {
                self.account(caller)?;
                let groups = self.groups.parameter_groups(level, caller);
                groups.iter().map(|g| self.view(level, caller, g)).collect()
            }
        };
        let call = format!("{} {caller} {name:?}", describe_names(level).0);
        page_all(all, asked.max_records, asked.marker, &call)
    }

    /// `describe-db-cluster-parameters` / `describe-db-parameters`: the
    /// group's parameters, of one source if named and of the names a
    /// `parameter-name` filter lists, a page at a time, and the marker of
    /// the next page.
    pub(super) fn describe_parameters(
        &self,
        level: Level,
        caller: AccountId,
        name: &str,
        source: Option<&str>,
        filters: &Filters,
        asked: PageAsked<'_>,
    ) -> Result<(Vec<Parameter>, Option<String>), AwsError> {
        if let Some(s) = source.filter(|s| !["user", "system", "engine-default"].contains(s)) {
            return Err(AwsError::InvalidParameterValue(format!(
                "Source {} is not valid: expected user, system or engine-default",
                shown(s)
            )));
        }
        filters.check(PARAMETER_FILTERS)?;
        let found = self.find_parameter_group(level, caller, name)?;
        let values = match &found {
            Found::Custom(g) => Some(&g.values),
            Found::Default(_) => None,
        };
        let all = defaults::defaults(found.family(), level)
            .iter()
            .map(|d| parameter(d, values.and_then(|v| v.get(d.name))))
            .filter(|p| source.is_none_or(|s| s == p.source))
            .filter(|p| filters.keep(|_, v| v == p.name))
            .collect();
        let mut call = format!("{} {caller} {name} {source:?}", describe_names(level).1);
        if !filters.0.is_empty() {
            call.push_str(&format!(" {filters:?}"));
        }
        page_all(all, asked.max_records, asked.marker, &call)
    }

    /// `modify-db-cluster-parameter-group` / `modify-db-parameter-group`:
    /// every change is checked before any is made.
    pub fn modify_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        name: &str,
        changes: &ParameterChanges,
    ) -> Result<String, AwsError> {
        if changes.0.is_empty() || changes.0.len() > MOST_CHANGES {
            return Err(AwsError::InvalidParameterValue(format!(
                "Parameters: give 1 to {MOST_CHANGES} parameters to modify, not {}",
                changes.0.len()
            )));
        }
        let group = self.custom_parameter_group(level, caller, name, "modified")?;
        let table = defaults::defaults(group.family, level);
        let mut set = Vec::new();
        for change in &changes.0 {
            let d = known(table, &change.name)?;
            if !d.modifiable {
                return Err(AwsError::InvalidParameterValue(format!(
                    "The parameter {} cannot be modified.",
                    d.name
                )));
            }
            let Some(value) = &change.value else {
                return Err(AwsError::InvalidParameterValue(format!(
                    "The parameter {} needs a ParameterValue",
                    d.name
                )));
            };
            bounded("ParameterValue", value)?;
            if !defaults::allows(d.allowed, d.data_type, value) {
                return Err(AwsError::InvalidParameterValue(format!(
                    "Value: {value} is outside of range: {} for parameter: {}",
                    d.allowed.unwrap_or_default(),
                    d.name
                )));
            }
            let method = apply_method(d, change.apply_method.as_deref())?;
            set.push((
                d.name.to_string(),
                SetValue {
                    value: value.clone(),
                    method,
                },
            ));
        }
        group.values.extend(set);
        Ok(group.name.clone())
    }

    /// `reset-db-cluster-parameter-group` / `reset-db-parameter-group`:
    /// every value, or those named, back to the engine default.
    pub fn reset_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        name: &str,
        reset_all: bool,
        parameters: &ParameterChanges,
    ) -> Result<String, AwsError> {
        if reset_all != parameters.0.is_empty() {
            return Err(AwsError::InvalidParameterCombination(
                "Give either ResetAllParameters or Parameters, not both and not neither".into(),
            ));
        }
        let group = self.custom_parameter_group(level, caller, name, "reset")?;
        if reset_all {
            group.values.clear();
        } else {
            let table = defaults::defaults(group.family, level);
            for p in &parameters.0 {
                known(table, &p.name)?;
            }
            for p in &parameters.0 {
                group.values.remove(&p.name);
            }
        }
        Ok(group.name.clone())
    }

    /// `delete-db-cluster-parameter-group` / `delete-db-parameter-group`:
    /// not a default group, nor one a live cluster (or instance) uses.
    pub fn delete_parameter_group(
        &mut self,
        level: Level,
        caller: AccountId,
        name: &str,
    ) -> Result<(), AwsError> {
        let group = self.custom_parameter_group(level, caller, name, "deleted")?;
        let name = group.name.clone();
        let user = match level {
            Level::Cluster => self
                .clusters
                .iter()
                .find(|c| {
                    c.account == caller
                        && c.status != ClusterStatus::Deleted
                        && c.parameter_group.as_deref() == Some(name.as_str())
                })
                .map(|c| format!("DB cluster {}", c.identifier)),
            Level::Instance => self
                .instances
                .iter()
                .find(|i| {
                    i.account == caller
                        && i.status != InstanceStatus::Deleted
                        && i.parameter_group.as_deref() == Some(name.as_str())
                })
                .map(|i| format!("DB instance {}", i.identifier)),
        };
        if let Some(user) = user {
            return Err(AwsError::InvalidDbParameterGroupState(format!(
                "{} {name} is in use by {user}: it can't be deleted",
                kind(level)
            )));
        }
        self.groups.remove_parameter_group(level, caller, &name);
        Ok(())
    }

    /// The caller's parameter group `name` at `level`, for a cluster or
    /// instance of `family` (when its version has one) to use: its name in
    /// lower case, or `missing` (the error a cluster's or an instance's
    /// call gives).
    pub(super) fn usable_parameter_group(
        &self,
        level: Level,
        caller: AccountId,
        name: &str,
        family: Option<Family>,
        missing: fn(String) -> AwsError,
    ) -> Result<String, AwsError> {
        let found = self
            .groups
            .parameter_group(level, caller, name)
            .ok_or_else(|| missing(name.to_ascii_lowercase()))?;
        if let Some(f) = family.filter(|f| *f != found.family()) {
            return Err(AwsError::InvalidParameterCombination(format!(
                "The parameter group {} with DBParameterGroupFamily {} can't be used for this \
                 {}. Use a parameter group with DBParameterGroupFamily {f}.",
                name.to_ascii_lowercase(),
                found.family(),
                match level {
                    Level::Cluster => "DB cluster",
                    Level::Instance => "DB instance",
                }
            )));
        }
        Ok(name.to_ascii_lowercase())
    }
}

/// A group's name as given, or its ARN's name when the ARN is the
/// caller's; another account's ARN names nothing the caller has.
fn own_name(name: &str, caller: AccountId) -> String {
    let Some(rest) = name.strip_prefix("arn:") else {
        return name.to_ascii_lowercase();
    };
    let parts: Vec<&str> = rest.splitn(6, ':').collect();
    match parts.as_slice() {
        [_, "rds", _, account, "cluster-pg" | "pg", group] if *account == caller.to_string() => {
            group.to_ascii_lowercase()
        }
        _ => name.to_string(),
    }
}

/// The engine default named `name`, or RDS's error for a parameter the
/// family doesn't have.
fn known<'a>(table: &'a [EngineDefault], name: &str) -> Result<&'a EngineDefault, AwsError> {
    table.iter().find(|d| d.name == name).ok_or_else(|| {
        AwsError::InvalidParameterValue(format!("Could not find parameter with name: {name}"))
    })
}

/// When a change applies: as asked, a dynamic parameter's at once by
/// default, and a static one's only at the next reboot.
fn apply_method(d: &EngineDefault, asked: Option<&str>) -> Result<ApplyMethod, AwsError> {
    let method = match asked {
        None if d.apply == ApplyType::Dynamic => ApplyMethod::Immediate,
        None => ApplyMethod::PendingReboot,
        Some(name) => ApplyMethod::parse(name).ok_or_else(|| {
            AwsError::InvalidParameterValue(format!(
                "ApplyMethod {name} is not valid: expected immediate or pending-reboot"
            ))
        })?,
    };
    if method == ApplyMethod::Immediate && d.apply == ApplyType::Static {
        return Err(AwsError::InvalidParameterCombination(format!(
            "cannot use immediate apply method for static parameter {}",
            d.name
        )));
    }
    Ok(method)
}

impl From<GroupView> for DbClusterParameterGroup {
    fn from(g: GroupView) -> Self {
        DbClusterParameterGroup {
            name: g.name,
            family: g.family,
            description: g.description,
            arn: g.arn,
        }
    }
}

impl From<GroupView> for DbParameterGroup {
    fn from(g: GroupView) -> Self {
        DbParameterGroup {
            name: g.name,
            family: g.family,
            description: g.description,
            arn: g.arn,
        }
    }
}
