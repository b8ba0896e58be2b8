//! Runs a request: the one place that maps each operation of the
//! registry ([`super::ops`]) to its handler on [`Cloud`]. The match is
//! exhaustive, so an operation without a handler doesn't compile; the
//! request and response types stay in `ops/`, which knows nothing of the
//! handlers.

use super::clusters::InstanceOptions;
use super::groups::Level;
use super::listing::{PageAsked, page_all};
use super::ops::groups as g;
use super::ops::rds::DbClusterSnapshotResponse;
use super::ops::refs::SnapshotRef;
use super::ops::tags::Tags;
use super::ops::{Request, Response};
use super::parameter_groups::engine_defaults;
use super::tags::{Taggable, check_tags, merged};
use super::{AccountId, AwsError, Cloud};

impl Cloud {
    /// Runs a request as `caller`: checked against every rule first, and
    /// a refused one changes nothing.
    pub fn call(&mut self, caller: AccountId, request: &Request) -> Result<Response, AwsError> {
        match request {
            Request::CreateDbCluster(r) => {
                check_tags(&r.tags)?;
                self.create_db_cluster(caller, r.clone())
                    .map(Response::CreateDbCluster)
            }
            Request::CreateDbInstance(r) => {
                check_tags(&r.tags)?;
                let mut made = self.create_db_instance_with(
                    caller,
                    &r.identifier,
                    &r.cluster,
                    r.class,
                    InstanceOptions {
                        parameter_group: r.parameter_group.as_deref(),
                        promotion_tier: r.promotion_tier,
                    },
                )?;
                let id = self.own_instance(caller, &made.instance.identifier)?;
                self.set_tags(Taggable::Instance(id), r.tags.clone());
                made.instance.tags = r.tags.clone();
                Ok(Response::CreateDbInstance(made))
            }
            Request::ModifyDbInstance(r) => self
                .modify_db_instance_with(
                    caller,
                    &r.identifier,
                    r.class,
                    InstanceOptions {
                        parameter_group: r.parameter_group.as_deref(),
                        promotion_tier: r.promotion_tier,
                    },
                )
                .map(Response::ModifyDbInstance),
            Request::StopDbCluster(r) => self
                .stop_db_cluster(caller, &r.cluster)
                .map(Response::StopDbCluster),
            Request::StartDbCluster(r) => self
                .start_db_cluster(caller, &r.cluster)
                .map(Response::StartDbCluster),
            Request::DeleteDbInstance(r) => self
                .delete_db_instance(caller, &r.identifier)
                .map(Response::DeleteDbInstance),
            Request::DescribeDbInstances(r) => self
                .describe_db_instances(caller, r)
                .map(Response::DescribeDbInstances),
            Request::ModifyDbCluster(r) => self
                .modify_db_cluster_request(caller, r)
                .map(Response::ModifyDbCluster),
            Request::DeleteDbCluster(r) => self
                .delete_db_cluster(
                    caller,
                    &r.cluster,
                    r.skip_final_snapshot,
                    r.final_snapshot.as_deref(),
                )
                .map(Response::DeleteDbCluster),
            Request::DescribeDbClusters(r) => self
                .describe_db_clusters(caller, r)
                .map(Response::DescribeDbClusters),
            Request::RestoreDbClusterToPointInTime(r) => {
                check_tags(&r.tags)?;
                self.restore_db_cluster_to_point_in_time(caller, r.clone())
                    .map(Response::RestoreDbClusterToPointInTime)
            }
            Request::CreateDbClusterSnapshot(r) => {
                let c = self.own_cluster(caller, &r.cluster)?;
                let cluster = &self.clusters()[c.index()];
                let copied = if cluster.copy_tags_to_snapshot {
                    cluster.tags.clone()
                } else {
                    Tags::default()
                };
                let tags = merged(&copied, &r.tags)?;
                let made = self.create_db_cluster_snapshot(caller, &r.cluster, &r.snapshot)?;
                self.tag_new_snapshot(caller, made, tags)
                    .map(Response::CreateDbClusterSnapshot)
            }
            Request::CopyDbClusterSnapshot(r) => {
                let source_tags = if r.copy_tags {
                    let s = self.visible_snapshot(caller, &r.source)?;
                    let snapshot = &self.cluster_snapshots()[s.index()];
                    // Another account's tags are its own: a copy of a
                    // shared snapshot has none of them.
                    if snapshot.account == caller {
                        snapshot.tags.clone()
                    } else {
                        Tags::default()
                    }
                } else {
                    Tags::default()
                };
                let tags = merged(&source_tags, &r.tags)?;
                let made = self.copy_db_cluster_snapshot(
                    caller,
                    &r.source,
                    &r.target,
                    r.kms_key_id.as_deref(),
                )?;
                self.tag_new_snapshot(caller, made, tags)
                    .map(Response::CopyDbClusterSnapshot)
            }
            Request::ModifyDbClusterSnapshotAttribute(r) => self
                .modify_db_cluster_snapshot_attribute(
                    caller,
                    &r.snapshot,
                    &r.attribute,
                    &r.add,
                    &r.remove,
                )
                .map(Response::ModifyDbClusterSnapshotAttribute),
            Request::RestoreDbClusterFromSnapshot(r) => {
                check_tags(&r.tags)?;
                self.restore_db_cluster_from_snapshot(caller, r.clone())
                    .map(Response::RestoreDbClusterFromSnapshot)
            }
            Request::DescribeDbClusterSnapshots(r) => self
                .describe_db_cluster_snapshots(caller, r)
                .map(Response::DescribeDbClusterSnapshots),
            Request::DescribeDbClusterSnapshotAttributes(r) => self
                .describe_db_cluster_snapshot_attributes(caller, &r.snapshot)
                .map(Response::DescribeDbClusterSnapshotAttributes),
            Request::DeleteDbClusterSnapshot(r) => self
                .delete_db_cluster_snapshot(caller, &r.snapshot)
                .map(Response::DeleteDbClusterSnapshot),
            Request::DescribeDbEngineVersions(r) => Ok(Response::DescribeDbEngineVersions(
                self.describe_db_engine_versions(r),
            )),
            Request::RebootDbInstance(r) => self
                .reboot_db_instance(caller, &r.identifier)
                .map(Response::RebootDbInstance),
            Request::FailoverDbCluster(r) => self
                .failover_db_cluster(caller, &r.cluster, r.target.as_deref())
                .map(Response::FailoverDbCluster),
            Request::CreateDbClusterParameterGroup(r) => self
                .create_parameter_group(
                    Level::Cluster,
                    caller,
                    &r.name,
                    r.family,
                    &r.description,
                    &r.tags,
                )
                .map(|v| {
                    Response::CreateDbClusterParameterGroup(g::DbClusterParameterGroupResponse {
                        group: v.into(),
                    })
                }),
            Request::CopyDbClusterParameterGroup(r) => self
                .copy_parameter_group(Level::Cluster, caller, &r.source, &r.target, &r.description)
                .map(|v| {
                    Response::CopyDbClusterParameterGroup(g::DbClusterParameterGroupResponse {
                        group: v.into(),
                    })
                }),
            Request::DescribeDbClusterParameterGroups(r) => self
                .describe_parameter_groups(
                    Level::Cluster,
                    caller,
                    r.name.as_deref(),
                    PageAsked::of(r.max_records, &r.marker),
                )
                .map(|(v, marker)| {
                    Response::DescribeDbClusterParameterGroups(
                        g::DescribeDbClusterParameterGroupsResponse {
                            groups: v.into_iter().map(Into::into).collect(),
                            marker,
                        },
                    )
                }),
            Request::DescribeDbClusterParameters(r) => self
                .describe_parameters(
                    Level::Cluster,
                    caller,
                    &r.name,
                    r.source.as_deref(),
                    &r.filters,
                    PageAsked::of(r.max_records, &r.marker),
                )
                .map(|(parameters, marker)| {
                    Response::DescribeDbClusterParameters(g::ParametersResponse {
                        parameters,
                        marker,
                    })
                }),
            Request::ModifyDbClusterParameterGroup(r) => self
                .modify_parameter_group(Level::Cluster, caller, &r.name, &r.parameters)
                .map(|name| {
                    Response::ModifyDbClusterParameterGroup(
                        g::DbClusterParameterGroupNameResponse { name },
                    )
                }),
            Request::ResetDbClusterParameterGroup(r) => self
                .reset_parameter_group(Level::Cluster, caller, &r.name, r.reset_all, &r.parameters)
                .map(|name| {
                    Response::ResetDbClusterParameterGroup(g::DbClusterParameterGroupNameResponse {
                        name,
                    })
                }),
            Request::DeleteDbClusterParameterGroup(r) => self
                .delete_parameter_group(Level::Cluster, caller, &r.name)
                .map(|()| Response::DeleteDbClusterParameterGroup(g::Deleted {})),
            Request::DescribeEngineDefaultClusterParameters(r) => {
                let call = format!("describe-engine-default-cluster-parameters {}", r.family);
                let all = engine_defaults(r.family, Level::Cluster);
                let (parameters, marker) =
                    page_all(all, r.max_records, r.marker.as_deref(), &call)?;
                Ok(Response::DescribeEngineDefaultClusterParameters(
                    g::EngineDefaultsResponse {
                        defaults: g::EngineDefaults {
                            family: r.family,
                            parameters,
                            marker,
                        },
                    },
                ))
            }
            Request::CreateDbParameterGroup(r) => self
                .create_parameter_group(
                    Level::Instance,
                    caller,
                    &r.name,
                    r.family,
                    &r.description,
                    &r.tags,
                )
                .map(|v| {
                    Response::CreateDbParameterGroup(g::DbParameterGroupResponse {
                        group: v.into(),
                    })
                }),
            Request::CopyDbParameterGroup(r) => self
                .copy_parameter_group(
                    Level::Instance,
                    caller,
                    &r.source,
                    &r.target,
                    &r.description,
                )
                .map(|v| {
                    Response::CopyDbParameterGroup(g::DbParameterGroupResponse { group: v.into() })
                }),
            Request::DescribeDbParameterGroups(r) => self
                .describe_parameter_groups(
                    Level::Instance,
                    caller,
                    r.name.as_deref(),
                    PageAsked::of(r.max_records, &r.marker),
                )
                .map(|(v, marker)| {
                    Response::DescribeDbParameterGroups(g::DescribeDbParameterGroupsResponse {
                        groups: v.into_iter().map(Into::into).collect(),
                        marker,
                    })
                }),
            Request::DescribeDbParameters(r) => self
                .describe_parameters(
                    Level::Instance,
                    caller,
                    &r.name,
                    r.source.as_deref(),
                    &r.filters,
                    PageAsked::of(r.max_records, &r.marker),
                )
                .map(|(parameters, marker)| {
                    Response::DescribeDbParameters(g::ParametersResponse { parameters, marker })
                }),
            Request::ModifyDbParameterGroup(r) => self
                .modify_parameter_group(Level::Instance, caller, &r.name, &r.parameters)
                .map(|name| {
                    Response::ModifyDbParameterGroup(g::DbParameterGroupNameResponse { name })
                }),
            Request::ResetDbParameterGroup(r) => self
                .reset_parameter_group(Level::Instance, caller, &r.name, r.reset_all, &r.parameters)
                .map(|name| {
                    Response::ResetDbParameterGroup(g::DbParameterGroupNameResponse { name })
                }),
            Request::DeleteDbParameterGroup(r) => self
                .delete_parameter_group(Level::Instance, caller, &r.name)
                .map(|()| Response::DeleteDbParameterGroup(g::Deleted {})),
            Request::DescribeEngineDefaultParameters(r) => {
                let call = format!("describe-engine-default-parameters {}", r.family);
                let all = engine_defaults(r.family, Level::Instance);
                let (parameters, marker) =
                    page_all(all, r.max_records, r.marker.as_deref(), &call)?;
                Ok(Response::DescribeEngineDefaultParameters(
                    g::EngineDefaultsResponse {
                        defaults: g::EngineDefaults {
                            family: r.family,
                            parameters,
                            marker,
                        },
                    },
                ))
            }
            Request::CreateDbSubnetGroup(r) => self
                .create_db_subnet_group(caller, &r.name, &r.description, &r.subnet_ids, &r.tags)
                .map(|group| Response::CreateDbSubnetGroup(g::DbSubnetGroupResponse { group })),
            Request::DescribeDbSubnetGroups(r) => {
                let all = self.describe_db_subnet_groups(caller, r.name.as_deref())?;
                let call = format!("describe-db-subnet-groups {caller} {:?}", r.name);
                let (groups, marker) = page_all(all, r.max_records, r.marker.as_deref(), &call)?;
                Ok(Response::DescribeDbSubnetGroups(
                    g::DescribeDbSubnetGroupsResponse { groups, marker },
                ))
            }
            Request::ModifyDbSubnetGroup(r) => self
                .modify_db_subnet_group(caller, &r.name, r.description.as_deref(), &r.subnet_ids)
                .map(|group| Response::ModifyDbSubnetGroup(g::DbSubnetGroupResponse { group })),
            Request::DeleteDbSubnetGroup(r) => self
                .delete_db_subnet_group(caller, &r.name)
                .map(|()| Response::DeleteDbSubnetGroup(g::Deleted {})),
            Request::AddTagsToResource(r) => self
                .add_tags_to_resource(caller, r)
                .map(Response::AddTagsToResource),
            Request::ListTagsForResource(r) => self
                .list_tags_for_resource(caller, r)
                .map(Response::ListTagsForResource),
            Request::RemoveTagsFromResource(r) => self
                .remove_tags_from_resource(caller, r)
                .map(Response::RemoveTagsFromResource),
            Request::CreateKey(r) => self.kms_create_key(caller, r).map(Response::CreateKey),
            Request::PutKeyPolicy(r) => self
                .kms_put_key_policy(caller, &r.key, &r.policy)
                .map(Response::PutKeyPolicy),
            Request::CreateAlias(r) => self
                .kms_create_alias(caller, &r.alias, &r.key)
                .map(Response::CreateAlias),
            Request::ListAliases(r) => self.kms_list_aliases(caller, r).map(Response::ListAliases),
            Request::DescribeKey(r) => self
                .kms_describe_key(caller, &r.key)
                .map(Response::DescribeKey),
            Request::GetKeyPolicy(r) => self
                .kms_get_key_policy(caller, &r.key)
                .map(Response::GetKeyPolicy),
            Request::DeleteAlias(r) => self
                .kms_delete_alias(caller, &r.alias)
                .map(Response::DeleteAlias),
            Request::UpdateAlias(r) => self
                .kms_update_alias(caller, &r.alias, &r.key)
                .map(Response::UpdateAlias),
            Request::ListKeys(r) => self.kms_list_keys(caller, r).map(Response::ListKeys),
            Request::EnableKey(r) => self.kms_enable_key(caller, &r.key).map(Response::EnableKey),
            Request::DisableKey(r) => self
                .kms_disable_key(caller, &r.key)
                .map(Response::DisableKey),
            Request::ScheduleKeyDeletion(r) => self
                .kms_schedule_key_deletion(caller, &r.key, r.days)
                .map(Response::ScheduleKeyDeletion),
            Request::CancelKeyDeletion(r) => self
                .kms_cancel_key_deletion(caller, &r.key)
                .map(Response::CancelKeyDeletion),
            Request::EnableKeyRotation(r) => self
                .kms_set_key_rotation(caller, &r.key, true)
                .map(Response::EnableKeyRotation),
            Request::DisableKeyRotation(r) => self
                .kms_set_key_rotation(caller, &r.key, false)
                .map(Response::DisableKeyRotation),
            Request::GetKeyRotationStatus(r) => self
                .kms_get_key_rotation_status(caller, &r.key)
                .map(Response::GetKeyRotationStatus),
            Request::CreateGrant(r) => {
                no_dry_run(r.dry_run)?;
                self.kms_create_grant(caller, r).map(Response::CreateGrant)
            }
            Request::ListGrants(r) => self.kms_list_grants(caller, r).map(Response::ListGrants),
            Request::RevokeGrant(r) => {
                no_dry_run(r.dry_run)?;
                self.kms_revoke_grant(caller, &r.key, &r.grant_id)
                    .map(Response::RevokeGrant)
            }
            Request::RetireGrant(r) => {
                no_dry_run(r.dry_run)?;
                self.kms_retire_grant(caller, r).map(Response::RetireGrant)
            }
            Request::UpdateKeyDescription(r) => self
                .kms_update_key_description(caller, &r.key, &r.description)
                .map(Response::UpdateKeyDescription),
            Request::TagKey(r) => self
                .kms_tag_resource(caller, &r.key, &r.tags.0)
                .map(Response::TagKey),
            Request::UntagKey(r) => self
                .kms_untag_resource(caller, &r.key, &r.tag_keys.0)
                .map(Response::UntagKey),
            Request::ListKeyTags(r) => self
                .kms_list_resource_tags(caller, r)
                .map(Response::ListKeyTags),
            Request::EnableSharingWithAwsOrganization(_) => self
                .enable_sharing_with_aws_organization(caller)
                .map(Response::EnableSharingWithAwsOrganization),
            Request::CreateResourceShare(r) => self
                .create_tagged_resource_share(
                    caller,
                    &r.name,
                    &r.request,
                    r.allow_external_principals,
                    &r.tags.0,
                )
                .map(Response::CreateResourceShare),
            Request::AssociateResourceShare(r) => self
                .associate_resource_share(caller, &r.share, &r.request)
                .map(Response::AssociateResourceShare),
            Request::DisassociateResourceShare(r) => self
                .disassociate_resource_share(caller, &r.share, &r.request)
                .map(Response::DisassociateResourceShare),
            Request::DeleteResourceShare(r) => self
                .delete_resource_share(caller, &r.share)
                .map(Response::DeleteResourceShare),
            Request::GetResourceShareInvitations(r) => self
                .get_resource_share_invitations(caller, r)
                .map(Response::GetResourceShareInvitations),
            Request::AcceptResourceShareInvitation(r) => self
                .accept_resource_share_invitation(caller, &r.invitation)
                .map(Response::AcceptResourceShareInvitation),
            Request::RejectResourceShareInvitation(r) => self
                .reject_resource_share_invitation(caller, &r.invitation)
                .map(Response::RejectResourceShareInvitation),
            Request::GetResourceShares(r) => self
                .get_resource_shares(caller, r)
                .map(Response::GetResourceShares),
            Request::GetResourceShareAssociations(r) => self
                .get_resource_share_associations(caller, r)
                .map(Response::GetResourceShareAssociations),
            Request::ListResources(r) => {
                self.list_resources(caller, r).map(Response::ListResources)
            }
            Request::ListPrincipals(r) => self
                .list_principals(caller, r)
                .map(Response::ListPrincipals),
            Request::UpdateResourceShare(r) => self
                .update_resource_share(caller, r)
                .map(Response::UpdateResourceShare),
            Request::TagShare(r) => self
                .tag_resource_share(caller, r.arn.as_ref(), &r.tags.0)
                .map(Response::TagShare),
            Request::UntagShare(r) => self
                .untag_resource_share(caller, r.arn.as_ref(), &r.tag_keys.0)
                .map(Response::UntagShare),
            Request::ListPermissions(r) => self.list_permissions(r).map(Response::ListPermissions),
            Request::ListResourceTypes(r) => {
                self.list_resource_types(r).map(Response::ListResourceTypes)
            }
        }
    }
}

impl Cloud {
    /// A snapshot just made, given the tags checked before it was made.
    fn tag_new_snapshot(
        &mut self,
        caller: AccountId,
        mut made: DbClusterSnapshotResponse,
        tags: Tags,
    ) -> Result<DbClusterSnapshotResponse, AwsError> {
        let s = self.own_snapshot(caller, &SnapshotRef::parse(&made.snapshot.identifier))?;
        made.snapshot.tags = tags.clone();
        self.set_tags(Taggable::Snapshot(s), tags);
        Ok(made)
    }
}

/// KMS's grant calls take `DryRun`, which asks AWS to check the call
/// without making it. cowsim checks and makes a call in one pass, so a dry
/// run is refused before anything changes rather than carried out
/// (docs/aws-behaviour.md, "Grants").
fn no_dry_run(dry_run: bool) -> Result<(), AwsError> {
    if dry_run {
        return Err(AwsError::KmsValidation(
            "DryRun is not simulated by cowsim: leave it out, or set it to false".into(),
        ));
    }
    Ok(())
}
