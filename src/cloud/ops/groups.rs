//! Requests and responses of the groups a cluster and its instances are
//! made with: DB cluster parameter groups, DB parameter groups (an
//! instance's) and DB subnet groups, with the field names of the RDS API.

use serde::Serialize;

use super::declare::request;
use super::filters::Filters;
use super::identifiers::{PARAMETER_GROUP, SUBNET_GROUP};
use super::tags::Tags;
use crate::cloud::groups::Family;

/// `Parameters` of a modify or reset: each a name, and for a modify its
/// new value and when it applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParameterChanges(pub Vec<ParameterChange>);

/// One parameter of `Parameters`, as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterChange {
    pub name: String,
    pub value: Option<String>,
    /// `immediate` or `pending-reboot`, as given; checked by the call.
    pub apply_method: Option<String>,
}

/// The subnet ids of a DB subnet group, as given (there is no EC2 here to
/// check them against).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubnetIds(pub Vec<String>);

request! {
    /// `create-db-cluster-parameter-group`.
    pub struct CreateDbClusterParameterGroup accepting {} {
        pub name: String = "db-cluster-parameter-group-name" / "DBClusterParameterGroupName"
            valid PARAMETER_GROUP,
        pub family: Family = "db-parameter-group-family" / "DBParameterGroupFamily",
        pub description: String = "description" / "Description",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
    }
}

request! {
    /// `copy-db-cluster-parameter-group`: a new group with the source's
    /// family and values.
    pub struct CopyDbClusterParameterGroup accepting {} {
        pub source: String = "source-db-cluster-parameter-group-identifier"
            / "SourceDBClusterParameterGroupIdentifier",
        pub target: String = "target-db-cluster-parameter-group-identifier"
            / "TargetDBClusterParameterGroupIdentifier" valid PARAMETER_GROUP,
        pub description: String = "target-db-cluster-parameter-group-description"
            / "TargetDBClusterParameterGroupDescription",
    }
}

request! {
    /// `describe-db-cluster-parameter-groups`: the caller's (RDS's default
    /// groups among them), or one.
    pub struct DescribeDbClusterParameterGroups accepting {} {
        pub name: Option<String> =
            "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `describe-db-cluster-parameters`: a group's parameters, of one
    /// source (`user`, `engine-default`, `system`) if named.
    pub struct DescribeDbClusterParameters accepting {} {
        pub name: String = "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub source: Option<String> = "source" / "Source",
        pub filters: Filters = "filters" / "Filters" or Filters::default(),
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `modify-db-cluster-parameter-group`.
    pub struct ModifyDbClusterParameterGroup accepting {} {
        pub name: String = "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub parameters: ParameterChanges = "parameters" / "Parameters",
    }
}

request! {
    /// `reset-db-cluster-parameter-group`: every parameter, or those named,
    /// back to the engine default.
    pub struct ResetDbClusterParameterGroup accepting {} {
        pub name: String = "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub reset_all: bool = "reset-all-parameters" / "ResetAllParameters" or false,
        pub parameters: ParameterChanges =
            "parameters" / "Parameters" or ParameterChanges::default(),
    }
}

request! {
    /// `delete-db-cluster-parameter-group`.
    pub struct DeleteDbClusterParameterGroup accepting {} {
        pub name: String = "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
    }
}

request! {
    /// `create-db-parameter-group`: an instance-level group.
    pub struct CreateDbParameterGroup accepting {} {
        pub name: String =
            "db-parameter-group-name" / "DBParameterGroupName" valid PARAMETER_GROUP,
        pub family: Family = "db-parameter-group-family" / "DBParameterGroupFamily",
        pub description: String = "description" / "Description",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
    }
}

request! {
    /// `copy-db-parameter-group`.
    pub struct CopyDbParameterGroup accepting {} {
        pub source: String =
            "source-db-parameter-group-identifier" / "SourceDBParameterGroupIdentifier",
        pub target: String = "target-db-parameter-group-identifier"
            / "TargetDBParameterGroupIdentifier" valid PARAMETER_GROUP,
        pub description: String =
            "target-db-parameter-group-description" / "TargetDBParameterGroupDescription",
    }
}

request! {
    /// `describe-db-parameter-groups`.
    pub struct DescribeDbParameterGroups accepting {} {
        pub name: Option<String> = "db-parameter-group-name" / "DBParameterGroupName",
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `describe-db-parameters`.
    pub struct DescribeDbParameters accepting {} {
        pub name: String = "db-parameter-group-name" / "DBParameterGroupName",
        pub source: Option<String> = "source" / "Source",
        pub filters: Filters = "filters" / "Filters" or Filters::default(),
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `modify-db-parameter-group`.
    pub struct ModifyDbParameterGroup accepting {} {
        pub name: String = "db-parameter-group-name" / "DBParameterGroupName",
        pub parameters: ParameterChanges = "parameters" / "Parameters",
    }
}

request! {
    /// `reset-db-parameter-group`.
    pub struct ResetDbParameterGroup accepting {} {
        pub name: String = "db-parameter-group-name" / "DBParameterGroupName",
        pub reset_all: bool = "reset-all-parameters" / "ResetAllParameters" or false,
        pub parameters: ParameterChanges =
            "parameters" / "Parameters" or ParameterChanges::default(),
    }
}

request! {
    /// `delete-db-parameter-group`.
    pub struct DeleteDbParameterGroup accepting {} {
        pub name: String = "db-parameter-group-name" / "DBParameterGroupName",
    }
}

request! {
    /// `describe-engine-default-cluster-parameters`.
    pub struct DescribeEngineDefaultClusterParameters accepting {} {
        pub family: Family = "db-parameter-group-family" / "DBParameterGroupFamily",
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `describe-engine-default-parameters`.
    pub struct DescribeEngineDefaultParameters accepting {} {
        pub family: Family = "db-parameter-group-family" / "DBParameterGroupFamily",
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `create-db-subnet-group`.
    pub struct CreateDbSubnetGroup accepting {} {
        pub name: String = "db-subnet-group-name" / "DBSubnetGroupName" valid SUBNET_GROUP,
        pub description: String = "db-subnet-group-description" / "DBSubnetGroupDescription",
        pub subnet_ids: SubnetIds = "subnet-ids" / "SubnetIds",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
    }
}

request! {
    /// `describe-db-subnet-groups`.
    pub struct DescribeDbSubnetGroups accepting {} {
        pub name: Option<String> = "db-subnet-group-name" / "DBSubnetGroupName",
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `modify-db-subnet-group`: its subnets (all of them), and its
    /// description if given.
    pub struct ModifyDbSubnetGroup accepting {} {
        pub name: String = "db-subnet-group-name" / "DBSubnetGroupName",
        pub description: Option<String> =
            "db-subnet-group-description" / "DBSubnetGroupDescription",
        pub subnet_ids: SubnetIds = "subnet-ids" / "SubnetIds",
    }
}

request! {
    /// `delete-db-subnet-group`.
    pub struct DeleteDbSubnetGroup accepting {} {
        pub name: String = "db-subnet-group-name" / "DBSubnetGroupName",
    }
}

/// A DB cluster parameter group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterParameterGroup {
    #[serde(rename = "DBClusterParameterGroupName")]
    pub name: String,
    #[serde(rename = "DBParameterGroupFamily")]
    pub family: Family,
    #[serde(rename = "Description")]
    pub description: String,
    #[serde(rename = "DBClusterParameterGroupArn")]
    pub arn: String,
}

/// A DB parameter group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbParameterGroup {
    #[serde(rename = "DBParameterGroupName")]
    pub name: String,
    #[serde(rename = "DBParameterGroupFamily")]
    pub family: Family,
    #[serde(rename = "Description")]
    pub description: String,
    #[serde(rename = "DBParameterGroupArn")]
    pub arn: String,
}

/// `create-` and `copy-db-cluster-parameter-group`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterParameterGroupResponse {
    #[serde(rename = "DBClusterParameterGroup")]
    pub group: DbClusterParameterGroup,
}

/// `describe-db-cluster-parameter-groups`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbClusterParameterGroupsResponse {
    #[serde(rename = "DBClusterParameterGroups")]
    pub groups: Vec<DbClusterParameterGroup>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// `modify-` and `reset-db-cluster-parameter-group`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterParameterGroupNameResponse {
    #[serde(rename = "DBClusterParameterGroupName")]
    pub name: String,
}

/// `create-` and `copy-db-parameter-group`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbParameterGroupResponse {
    #[serde(rename = "DBParameterGroup")]
    pub group: DbParameterGroup,
}

/// `describe-db-parameter-groups`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbParameterGroupsResponse {
    #[serde(rename = "DBParameterGroups")]
    pub groups: Vec<DbParameterGroup>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// `modify-` and `reset-db-parameter-group`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbParameterGroupNameResponse {
    #[serde(rename = "DBParameterGroupName")]
    pub name: String,
}

/// One parameter, as a group holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    #[serde(rename = "ParameterName")]
    pub name: String,
    #[serde(rename = "ParameterValue", skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(rename = "Description")]
    pub description: String,
    /// `user` once a group sets it, else `engine-default` or `system`.
    #[serde(rename = "Source")]
    pub source: &'static str,
    #[serde(rename = "ApplyType")]
    pub apply_type: &'static str,
    #[serde(rename = "DataType")]
    pub data_type: &'static str,
    #[serde(rename = "AllowedValues", skip_serializing_if = "Option::is_none")]
    pub allowed: Option<&'static str>,
    #[serde(rename = "IsModifiable")]
    pub modifiable: bool,
    #[serde(rename = "ApplyMethod")]
    pub apply_method: String,
    #[serde(rename = "SupportedEngineModes")]
    pub engine_modes: Vec<&'static str>,
}

/// `describe-db-cluster-parameters` and `describe-db-parameters`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParametersResponse {
    #[serde(rename = "Parameters")]
    pub parameters: Vec<Parameter>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// A family's engine defaults.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineDefaults {
    #[serde(rename = "DBParameterGroupFamily")]
    pub family: Family,
    #[serde(rename = "Parameters")]
    pub parameters: Vec<Parameter>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// `describe-engine-default-cluster-parameters` and
/// `describe-engine-default-parameters`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EngineDefaultsResponse {
    #[serde(rename = "EngineDefaults")]
    pub defaults: EngineDefaults,
}

/// One subnet of a DB subnet group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subnet {
    #[serde(rename = "SubnetIdentifier")]
    pub id: String,
    #[serde(rename = "SubnetStatus")]
    pub status: &'static str,
}

/// A DB subnet group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbSubnetGroup {
    #[serde(rename = "DBSubnetGroupName")]
    pub name: String,
    #[serde(rename = "DBSubnetGroupDescription")]
    pub description: String,
    #[serde(rename = "SubnetGroupStatus")]
    pub status: &'static str,
    #[serde(rename = "Subnets")]
    pub subnets: Vec<Subnet>,
    #[serde(rename = "DBSubnetGroupArn")]
    pub arn: String,
    #[serde(rename = "SupportedNetworkTypes")]
    pub network_types: Vec<&'static str>,
}

/// `create-` and `modify-db-subnet-group`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbSubnetGroupResponse {
    #[serde(rename = "DBSubnetGroup")]
    pub group: DbSubnetGroup,
}

/// `describe-db-subnet-groups`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbSubnetGroupsResponse {
    #[serde(rename = "DBSubnetGroups")]
    pub groups: Vec<DbSubnetGroup>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

/// A delete of a group, which AWS answers with nothing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deleted {}
