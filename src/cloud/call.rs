//! Runs a request: the one place that maps each operation of the
//! registry ([`super::ops`]) to its handler on [`Cloud`]. The match is
//! exhaustive, so an operation without a handler doesn't compile; the
//! request and response types stay in `ops/`, which knows nothing of the
//! handlers.

use super::ops::{Request, Response};
use super::{AccountId, AwsError, Cloud};

impl Cloud {
    /// Runs a request as `caller`: checked against every rule first, and
    /// a refused one changes nothing.
    pub fn call(&mut self, caller: AccountId, request: &Request) -> Result<Response, AwsError> {
        match request {
            Request::CreateDbCluster(r) => self
                .create_db_cluster(caller, r.clone())
                .map(Response::CreateDbCluster),
            Request::CreateDbInstance(r) => self
                .create_db_instance(caller, &r.identifier, &r.cluster, r.class)
                .map(Response::CreateDbInstance),
            Request::ModifyDbInstance(r) => self
                .modify_db_instance(caller, &r.identifier, r.class)
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
                .modify_db_cluster_scaling(
                    caller,
                    &r.cluster,
                    r.new_identifier.as_deref(),
                    r.storage_type,
                    r.serverless_v2.as_ref(),
                    r.backup_retention_period,
                )
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
            Request::RestoreDbClusterToPointInTime(r) => self
                .restore_db_cluster_to_point_in_time(caller, r.clone())
                .map(Response::RestoreDbClusterToPointInTime),
            Request::CreateDbClusterSnapshot(r) => self
                .create_db_cluster_snapshot(caller, &r.cluster, &r.snapshot)
                .map(Response::CreateDbClusterSnapshot),
            Request::CopyDbClusterSnapshot(r) => self
                .copy_db_cluster_snapshot(caller, &r.source, &r.target, r.kms_key_id.as_deref())
                .map(Response::CopyDbClusterSnapshot),
            Request::ModifyDbClusterSnapshotAttribute(r) => self
                .modify_db_cluster_snapshot_attribute(
                    caller,
                    &r.snapshot,
                    &r.attribute,
                    &r.add,
                    &r.remove,
                )
                .map(Response::ModifyDbClusterSnapshotAttribute),
            Request::RestoreDbClusterFromSnapshot(r) => self
                .restore_db_cluster_from_snapshot(caller, r.clone())
                .map(Response::RestoreDbClusterFromSnapshot),
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
            Request::CreateGrant(r) => self.kms_create_grant(caller, r).map(Response::CreateGrant),
            Request::ListGrants(r) => self.kms_list_grants(caller, r).map(Response::ListGrants),
            Request::RevokeGrant(r) => self
                .kms_revoke_grant(caller, &r.key, &r.grant_id)
                .map(Response::RevokeGrant),
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
