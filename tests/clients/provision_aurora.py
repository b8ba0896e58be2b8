"""Provisions an Aurora MySQL environment the way infrastructure code does,
with boto3 and nothing else: a DB subnet group, a DB cluster parameter
group and a DB parameter group, an encrypted cluster with a writer and a
reader, a copy-on-write clone for testing, a failover and a modification,
and then the teardown, with a final snapshot.

Every step is idempotent (it looks before it creates) and waits with
boto3's own waiters, so it runs unchanged against AWS or `cowsim serve`:

    AWS_ENDPOINT_URL=http://127.0.0.1:4566 python provision_aurora.py up app
    python provision_aurora.py down app
"""

import sys

import boto3
from botocore.exceptions import ClientError

SUBNETS = ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829", "subnet-0c3d4e5f607182930"]
FAMILY = "aurora-mysql8.0"
CLASS = "db.r6g.large"
# Poll every second: the defaults (30 s) suit a real cluster's minutes.
FAST = {"Delay": 1, "MaxAttempts": 120}


def exists(call, not_found, **kwargs):
    """Whether `call(**kwargs)` finds what it describes."""
    try:
        call(**kwargs)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] == not_found:
            return False
        raise


def ensure_subnet_group(rds, name):
    if not exists(rds.describe_db_subnet_groups, "DBSubnetGroupNotFoundFault", DBSubnetGroupName=name):
        rds.create_db_subnet_group(DBSubnetGroupName=name, DBSubnetGroupDescription=f"{name} database subnets",
                                   SubnetIds=SUBNETS)


def ensure_cluster_parameter_group(rds, name):
    if not exists(rds.describe_db_cluster_parameter_groups, "DBParameterGroupNotFound",
                  DBClusterParameterGroupName=name):
        rds.create_db_cluster_parameter_group(DBClusterParameterGroupName=name, DBParameterGroupFamily=FAMILY,
                                              Description=f"{name} cluster settings")
    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName=name, Parameters=[
        {"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"},
        {"ParameterName": "server_audit_logging", "ParameterValue": "1", "ApplyMethod": "immediate"},
        {"ParameterName": "server_audit_events", "ParameterValue": "CONNECT,QUERY_DDL", "ApplyMethod": "immediate"},
    ])


def ensure_instance_parameter_group(rds, name):
    if not exists(rds.describe_db_parameter_groups, "DBParameterGroupNotFound", DBParameterGroupName=name):
        rds.create_db_parameter_group(DBParameterGroupName=name, DBParameterGroupFamily=FAMILY,
                                      Description=f"{name} instance settings")
    rds.modify_db_parameter_group(DBParameterGroupName=name, Parameters=[
        {"ParameterName": "slow_query_log", "ParameterValue": "1", "ApplyMethod": "immediate"},
        {"ParameterName": "long_query_time", "ParameterValue": "2", "ApplyMethod": "immediate"},
    ])


def ensure_cluster(rds, name, instances):
    if not exists(rds.describe_db_clusters, "DBClusterNotFoundFault", DBClusterIdentifier=name):
        rds.create_db_cluster(DBClusterIdentifier=name, Engine="aurora-mysql", EngineVersion="8.0.mysql_aurora.3.10.0",
                              MasterUsername="admin", ManageMasterUserPassword=True, StorageEncrypted=True,
                              DBSubnetGroupName=name, DBClusterParameterGroupName=f"{name}-cluster",
                              BackupRetentionPeriod=7, DeletionProtection=False,
                              Tags=[{"Key": "cowsim:data-gib", "Value": "20"}])
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=FAST)
    for n, tier in enumerate(instances):
        instance = f"{name}-{n + 1}"
        if not exists(rds.describe_db_instances, "DBInstanceNotFound", DBInstanceIdentifier=instance):
            rds.create_db_instance(DBInstanceIdentifier=instance, DBClusterIdentifier=name, Engine="aurora-mysql",
                                   DBInstanceClass=CLASS, DBParameterGroupName=f"{name}-instance",
                                   PromotionTier=tier)
    for n in range(len(instances)):
        rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier=f"{name}-{n + 1}", WaiterConfig=FAST)


def clone(rds, source, name):
    """A copy-on-write clone with one instance, for testing against."""
    if not exists(rds.describe_db_clusters, "DBClusterNotFoundFault", DBClusterIdentifier=name):
        rds.restore_db_cluster_to_point_in_time(SourceDBClusterIdentifier=source, DBClusterIdentifier=name,
                                                RestoreType="copy-on-write", UseLatestRestorableTime=True,
                                                DBSubnetGroupName=source)
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=FAST)
    if not exists(rds.describe_db_instances, "DBInstanceNotFound", DBInstanceIdentifier=f"{name}-1"):
        rds.create_db_instance(DBInstanceIdentifier=f"{name}-1", DBClusterIdentifier=name, Engine="aurora-mysql",
                               DBInstanceClass="db.t4g.medium")
    rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier=f"{name}-1", WaiterConfig=FAST)


def writer(rds, cluster):
    members = rds.describe_db_clusters(DBClusterIdentifier=cluster)["DBClusters"][0]["DBClusterMembers"]
    return next(m["DBInstanceIdentifier"] for m in members if m["IsClusterWriter"])


def up(rds, name):
    ensure_subnet_group(rds, name)
    ensure_cluster_parameter_group(rds, f"{name}-cluster")
    ensure_instance_parameter_group(rds, f"{name}-instance")
    ensure_cluster(rds, name, instances=[0, 1])
    clone(rds, name, f"{name}-test")
    # A failover drill: the reader takes over, then the first instance back.
    rds.failover_db_cluster(DBClusterIdentifier=name)
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=FAST)
    rds.failover_db_cluster(DBClusterIdentifier=name, TargetDBInstanceIdentifier=f"{name}-1")
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=FAST)
    # The static binlog_format applies at a reboot of each instance.
    for n in (1, 2):
        rds.reboot_db_instance(DBInstanceIdentifier=f"{name}-{n}")
        rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier=f"{name}-{n}", WaiterConfig=FAST)
    rds.modify_db_cluster(DBClusterIdentifier=name, StorageType="aurora-iopt1", ApplyImmediately=True)
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=FAST)


def delete_cluster(rds, name, final_snapshot=None):
    if not exists(rds.describe_db_clusters, "DBClusterNotFoundFault", DBClusterIdentifier=name):
        return
    members = rds.describe_db_clusters(DBClusterIdentifier=name)["DBClusters"][0]["DBClusterMembers"]
    for m in members:
        rds.delete_db_instance(DBInstanceIdentifier=m["DBInstanceIdentifier"])
    for m in members:
        rds.get_waiter("db_instance_deleted").wait(DBInstanceIdentifier=m["DBInstanceIdentifier"], WaiterConfig=FAST)
    if final_snapshot:
        rds.delete_db_cluster(DBClusterIdentifier=name, FinalDBSnapshotIdentifier=final_snapshot)
    else:
        rds.delete_db_cluster(DBClusterIdentifier=name, SkipFinalSnapshot=True)
    rds.get_waiter("db_cluster_deleted").wait(DBClusterIdentifier=name, WaiterConfig=FAST)


def down(rds, name):
    delete_cluster(rds, f"{name}-test")
    delete_cluster(rds, name, final_snapshot=f"{name}-final")
    rds.get_waiter("db_cluster_snapshot_available").wait(DBClusterSnapshotIdentifier=f"{name}-final",
                                                         WaiterConfig=FAST)
    rds.delete_db_parameter_group(DBParameterGroupName=f"{name}-instance")
    rds.delete_db_cluster_parameter_group(DBClusterParameterGroupName=f"{name}-cluster")
    rds.delete_db_subnet_group(DBSubnetGroupName=name)


if __name__ == "__main__":
    action, name = sys.argv[1], sys.argv[2]
    {"up": up, "down": down}[action](boto3.client("rds"), name)
