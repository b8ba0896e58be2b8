//! DB subnet groups: created, described, modified and deleted
//! (docs/aws-behaviour.md, "Groups"). There is no EC2 here, so subnet ids
//! are taken as given: no Availability Zone or VPC is checked or shown.
//! A group a live cluster uses can't be deleted.

use super::groups::{GROUP_QUOTA, SUBNETS_PER_GROUP, SubnetGroup, bounded};
use super::ops::groups::{DbSubnetGroup, Subnet, SubnetIds};
use super::ops::tags::Tags;
use super::rds::ClusterStatus;
use super::tags::check_tags;
use super::{AccountId, AwsError, Cloud};

/// The subnets as a group keeps them: each once, in the order given;
/// refused when there are none or too many.
fn subnets(ids: &SubnetIds) -> Result<Vec<String>, AwsError> {
    let mut kept: Vec<String> = Vec::new();
    for id in &ids.0 {
        bounded("SubnetIds", id)?;
        if !kept.contains(id) {
            kept.push(id.clone());
        }
    }
    if kept.is_empty() {
        return Err(AwsError::InvalidParameterValue(
            "SubnetIds: a DB subnet group needs at least one subnet".into(),
        ));
    }
    if kept.len() > SUBNETS_PER_GROUP {
        return Err(AwsError::DbSubnetQuotaExceeded(format!(
            "A DB subnet group holds at most {SUBNETS_PER_GROUP} subnets, not {}",
            kept.len()
        )));
    }
    Ok(kept)
}

impl Cloud {
    /// A subnet group as the API shows it.
    fn db_subnet_group(&self, account: AccountId, g: &SubnetGroup) -> DbSubnetGroup {
        DbSubnetGroup {
            name: g.name.clone(),
            description: g.description.clone(),
            status: "Complete",
            subnets: g
                .subnets
                .iter()
                .map(|id| Subnet {
                    id: id.clone(),
                    status: "Active",
                })
                .collect(),
            arn: format!(
                "arn:aws:rds:{}:{account}:subgrp:{}",
                self.config.region, g.name
            ),
            network_types: vec!["IPV4"],
        }
    }

    fn own_subnet_group(&self, caller: AccountId, name: &str) -> Result<&SubnetGroup, AwsError> {
        self.account(caller)?;
        self.groups
            .subnet_group(caller, name)
            .ok_or_else(|| AwsError::DbSubnetGroupNotFound(name.to_ascii_lowercase()))
    }

    /// `create-db-subnet-group`.
    pub fn create_db_subnet_group(
        &mut self,
        caller: AccountId,
        name: &str,
        description: &str,
        ids: &SubnetIds,
        tags: &Tags,
    ) -> Result<DbSubnetGroup, AwsError> {
        self.account(caller)?;
        if self.groups.subnet_group(caller, name).is_some() {
            return Err(AwsError::DbSubnetGroupAlreadyExists(
                name.to_ascii_lowercase(),
            ));
        }
        if self.groups.subnet_groups(caller).count() >= GROUP_QUOTA {
            return Err(AwsError::DbSubnetGroupQuotaExceeded(format!(
                "The account has {GROUP_QUOTA} DB subnet groups, its quota"
            )));
        }
        bounded("DBSubnetGroupDescription", description)?;
        check_tags(tags)?;
        let group = SubnetGroup {
            name: name.to_ascii_lowercase(),
            description: description.to_string(),
            subnets: subnets(ids)?,
            tags: tags.clone(),
        };
        let shown = self.db_subnet_group(caller, &group);
        self.groups.insert_subnet_group(caller, group);
        Ok(shown)
    }

    /// `describe-db-subnet-groups`: the caller's, or one.
    pub fn describe_db_subnet_groups(
        &self,
        caller: AccountId,
        name: Option<&str>,
    ) -> Result<Vec<DbSubnetGroup>, AwsError> {
        match name {
            Some(name) => {
                let g = self.own_subnet_group(caller, name)?;
                Ok(vec![self.db_subnet_group(caller, g)])
            }
            None => {
                self.account(caller)?;
                Ok(self
                    .groups
                    .subnet_groups(caller)
                    .map(|g| self.db_subnet_group(caller, g))
                    .collect())
            }
        }
    }

    /// `modify-db-subnet-group`: its subnets, all of them, and its
    /// description if given.
    pub fn modify_db_subnet_group(
        &mut self,
        caller: AccountId,
        name: &str,
        description: Option<&str>,
        ids: &SubnetIds,
    ) -> Result<DbSubnetGroup, AwsError> {
        self.own_subnet_group(caller, name)?;
        let kept = subnets(ids)?;
        if let Some(d) = description {
            bounded("DBSubnetGroupDescription", d)?;
        }
        let Some(group) = self.groups.subnet_group_mut(caller, name) else {
            return Err(AwsError::DbSubnetGroupNotFound(name.to_ascii_lowercase()));
        };
        group.subnets = kept;
        if let Some(d) = description {
            group.description = d.to_string();
        }
        let group = group.clone();
        Ok(self.db_subnet_group(caller, &group))
    }

    /// `delete-db-subnet-group`: not while a live cluster uses it.
    pub fn delete_db_subnet_group(
        &mut self,
        caller: AccountId,
        name: &str,
    ) -> Result<(), AwsError> {
        let name = self.own_subnet_group(caller, name)?.name.clone();
        if let Some(c) = self.clusters.iter().find(|c| {
            c.account == caller
                && c.status != ClusterStatus::Deleted
                && c.subnet_group.as_deref() == Some(name.as_str())
        }) {
            return Err(AwsError::InvalidDbSubnetGroupState(format!(
                "Cannot delete the subnet group '{name}' because at least one database cluster: {} is still using it.",
                c.identifier
            )));
        }
        self.groups.remove_subnet_group(caller, &name);
        Ok(())
    }

    /// The caller's subnet group `name`, for a cluster to use: its name in
    /// lower case.
    pub(super) fn usable_subnet_group(
        &self,
        caller: AccountId,
        name: &str,
    ) -> Result<String, AwsError> {
        Ok(self.own_subnet_group(caller, name)?.name.clone())
    }
}
