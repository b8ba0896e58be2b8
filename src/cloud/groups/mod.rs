//! The groups a cluster and its instances are made with, per account: DB
//! cluster parameter groups and DB parameter groups (at the cluster and
//! the instance [`Level`]), and DB subnet groups. A group is found by its
//! account and its name (stored in lower case, as RDS stores it), so one
//! account never sees another's. Each family's default group exists in
//! every account without being stored: it is its family's engine
//! defaults, and can't be changed or deleted.

pub mod defaults;
mod families;

use std::collections::BTreeMap;

pub use defaults::Level;
pub use families::{Family, default_group_of, family_name};

use super::ids::AccountId;
use super::tag_list::Tags;

/// Most custom parameter groups of one level, and most DB subnet groups,
/// an account may have (Aurora quotas: 50 each).
pub const GROUP_QUOTA: usize = 50;

/// Most subnets a DB subnet group holds (RDS quotas: 20).
pub const SUBNETS_PER_GROUP: usize = 20;

/// The longest description, parameter value or subnet id a group keeps,
/// in characters. RDS documents no bound; this one keeps a caller from
/// growing the state without limit.
pub const MOST_CHARS: usize = 4096;

/// `text`, given as `what`, unless it is longer than [`MOST_CHARS`].
pub fn bounded(what: &str, text: &str) -> Result<(), super::error::AwsError> {
    if text.chars().count() > MOST_CHARS {
        return Err(super::error::AwsError::InvalidParameterValue(format!(
            "{what}: at most {MOST_CHARS} characters"
        )));
    }
    Ok(())
}

/// When a changed parameter applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyMethod {
    Immediate,
    PendingReboot,
}

impl ApplyMethod {
    pub fn name(self) -> &'static str {
        match self {
            ApplyMethod::Immediate => "immediate",
            ApplyMethod::PendingReboot => "pending-reboot",
        }
    }

    pub fn parse(name: &str) -> Option<ApplyMethod> {
        [ApplyMethod::Immediate, ApplyMethod::PendingReboot]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

/// A value a custom group sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetValue {
    pub value: String,
    pub method: ApplyMethod,
}

/// A custom parameter group: its family's defaults, with the values it
/// sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterGroup {
    pub name: String,
    pub family: Family,
    pub description: String,
    pub values: BTreeMap<String, SetValue>,
    pub tags: Tags,
}

/// A parameter group as found: a custom one, or a family's default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found<'a> {
    Custom(&'a ParameterGroup),
    Default(Family),
}

impl Found<'_> {
    pub fn family(&self) -> Family {
        match self {
            Found::Custom(g) => g.family,
            Found::Default(f) => *f,
        }
    }
}

/// A DB subnet group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetGroup {
    pub name: String,
    pub description: String,
    pub subnets: Vec<String>,
    pub tags: Tags,
}

/// Every account's groups.
#[derive(Clone, Debug, Default)]
pub struct Groups {
    parameter: BTreeMap<(Level, AccountId, String), ParameterGroup>,
    subnet: BTreeMap<(AccountId, String), SubnetGroup>,
}

impl Groups {
    /// The parameter group of `account` at `level` named `name` (any
    /// case), a default one among them.
    pub fn parameter_group(
        &self,
        level: Level,
        account: AccountId,
        name: &str,
    ) -> Option<Found<'_>> {
        let name = name.to_ascii_lowercase();
        if let Some(f) = Family::ALL.into_iter().find(|f| f.default_group() == name) {
            return Some(Found::Default(f));
        }
        self.parameter
            .get(&(level, account, name))
            .map(Found::Custom)
    }

    /// A custom parameter group, to change.
    pub fn parameter_group_mut(
        &mut self,
        level: Level,
        account: AccountId,
        name: &str,
    ) -> Option<&mut ParameterGroup> {
        self.parameter
            .get_mut(&(level, account, name.to_ascii_lowercase()))
    }

    /// Every parameter group of `account` at `level`, the defaults first,
    /// by name.
    pub fn parameter_groups(&self, level: Level, account: AccountId) -> Vec<Found<'_>> {
        let defaults = Family::ALL.into_iter().map(Found::Default);
        let custom = self
            .parameter
            .range((level, account, String::new())..)
            .take_while(|((l, a, _), _)| *l == level && *a == account)
            .map(|(_, g)| Found::Custom(g));
        defaults.chain(custom).collect()
    }

    /// How many custom parameter groups `account` has at `level`.
    pub fn parameter_group_count(&self, level: Level, account: AccountId) -> usize {
        self.parameter
            .keys()
            .filter(|(l, a, _)| *l == level && *a == account)
            .count()
    }

    /// Adds a custom parameter group (its name in lower case).
    pub fn insert_parameter_group(
        &mut self,
        level: Level,
        account: AccountId,
        group: ParameterGroup,
    ) {
        self.parameter
            .insert((level, account, group.name.clone()), group);
    }

    /// Removes a custom parameter group.
    pub fn remove_parameter_group(&mut self, level: Level, account: AccountId, name: &str) {
        self.parameter
            .remove(&(level, account, name.to_ascii_lowercase()));
    }

    /// The DB subnet group of `account` named `name` (any case).
    pub fn subnet_group(&self, account: AccountId, name: &str) -> Option<&SubnetGroup> {
        self.subnet.get(&(account, name.to_ascii_lowercase()))
    }

    /// A DB subnet group, to change.
    pub fn subnet_group_mut(&mut self, account: AccountId, name: &str) -> Option<&mut SubnetGroup> {
        self.subnet.get_mut(&(account, name.to_ascii_lowercase()))
    }

    /// Every DB subnet group of `account`, by name.
    pub fn subnet_groups(&self, account: AccountId) -> impl Iterator<Item = &SubnetGroup> {
        self.subnet
            .range((account, String::new())..)
            .take_while(move |((a, _), _)| *a == account)
            .map(|(_, g)| g)
    }

    /// Adds a DB subnet group (its name in lower case).
    pub fn insert_subnet_group(&mut self, account: AccountId, group: SubnetGroup) {
        self.subnet.insert((account, group.name.clone()), group);
    }

    /// Removes a DB subnet group.
    pub fn remove_subnet_group(&mut self, account: AccountId, name: &str) {
        self.subnet.remove(&(account, name.to_ascii_lowercase()));
    }
}
