"""What `cowsim serve` says of a DB cluster, DB instance and DB cluster
snapshot, and of a RAM invitation, held against botocore's models of the
RDS and RAM APIs: every member of `DBCluster`, `DBInstance`,
`DBClusterSnapshot`, `DBClusterMember` and `ResourceShareInvitation` is
either in the answer or in LEFT_OUT below with the reason, so that a member
forgotten (or one botocore adds) fails here. Then what automation reads in
them: endpoints, ports, zones, groups, windows and resource ids; tags on
every create, copy and describe and through AddTagsToResource,
ListTagsForResource and RemoveTagsFromResource, with AWS's limits;
the resource-id filters; identifiers kept in lower case; and deletion
protection. Through boto3 and the AWS CLI; bad input gets AWS's error and
HTTP status, and changes nothing."""

import re
import tempfile
from pathlib import Path

import botocore.session
from botocore.exceptions import ClientError

from cowsim import BinaryTest, report
from serve import Server

OWNER, OTHER = "111111111111", "222222222222"
REGION = "us-east-1"

# Members botocore defines that cowsim leaves out of its answers, each with
# why: AWS leaves them out too for an Aurora cluster of the kinds cowsim
# models, or they describe a feature cowsim does not model.
MULTI_AZ_DB_CLUSTER = "only Multi-AZ DB clusters (not Aurora) carry it"
NOT_MODELLED = "describes a feature cowsim does not model (AWS leaves it out while unused)"
LEFT_OUT = {
    "DBCluster": {
        "CharacterSetName": "only when a character set was named at creation; cowsim takes none",
        "DatabaseName": "only when a database was named at creation; cowsim takes none",
        "PercentProgress": "AWS leaves it out of Aurora clusters",
        "UpgradeRolloutOrder": NOT_MODELLED,
        "ReplicationSourceIdentifier": "only a cross-Region read replica has it; cowsim has one Region",
        "StatusInfos": "only a read replica has it",
        "EarliestBacktrackTime": "only with backtracking (BacktrackWindow), which cowsim does not model",
        "BacktrackWindow": "only with backtracking",
        "BacktrackConsumedChangeRecords": "only with backtracking",
        "EnabledCloudwatchLogsExports": "only when log exports are enabled",
        "Capacity": "only Serverless v1 clusters report their capacity; cowsim runs none",
        "PendingModifiedValues": "only while a change waits for a maintenance window; cowsim applies at once",
        "ScalingConfigurationInfo": "Serverless v1 only",
        "RdsCustomClusterConfiguration": "RDS Custom only",
        "DBClusterInstanceClass": MULTI_AZ_DB_CLUSTER,
        "Iops": MULTI_AZ_DB_CLUSTER,
        "StorageThroughput": MULTI_AZ_DB_CLUSTER,
        "IOOptimizedNextAllowedModificationTime": "only after a switch to I/O-Optimized; cowsim sets no wait",
        "PubliclyAccessible": MULTI_AZ_DB_CLUSTER,
        "ActivityStreamMode": "only while an activity stream runs",
        "ActivityStreamKmsKeyId": "only while an activity stream runs",
        "ActivityStreamKinesisStreamName": "only while an activity stream runs",
        "GlobalClusterIdentifier": "only a member of a global database has it",
        "GlobalWriteForwardingStatus": "only a member of a global database has it",
        "GlobalWriteForwardingRequested": "only a member of a global database has it",
        "ServerlessV2PlatformVersion": NOT_MODELLED,
        "MonitoringInterval": MULTI_AZ_DB_CLUSTER,
        "MonitoringRoleArn": MULTI_AZ_DB_CLUSTER,
        "PerformanceInsightsEnabled": MULTI_AZ_DB_CLUSTER,
        "PerformanceInsightsKMSKeyId": MULTI_AZ_DB_CLUSTER,
        "PerformanceInsightsRetentionPeriod": MULTI_AZ_DB_CLUSTER,
        "DBSystemId": "RDS Custom only",
        "MasterUserSecret": "only when Secrets Manager manages the password; cowsim takes none",
        "LocalWriteForwardingStatus": "only when local write forwarding is asked for",
        "AwsBackupRecoveryPointArn": "only when AWS Backup protects the cluster",
        "LimitlessDatabase": "Aurora PostgreSQL Limitless Database only",
        "ClusterScalabilityType": "only a Limitless Database cluster has it",
        "CertificateDetails": MULTI_AZ_DB_CLUSTER,
        "VPCNetworkingEnabled": NOT_MODELLED,
        "InternetAccessGatewayEnabled": NOT_MODELLED,
        "DBClusterGroupIdentifier": NOT_MODELLED,
        "DBClusterGroupUpgradeWave": NOT_MODELLED,
        "CustomDataGroupPresent": NOT_MODELLED,
        "DataGroupDomainIdentifier": NOT_MODELLED,
    },
    "DBClusterMember": {},
    "DBInstance": {
        "DBName": "only when a database was named; an Aurora instance has none of its own",
        "PrimaryEndpoint": NOT_MODELLED,
        "UpgradeRolloutOrder": NOT_MODELLED,
        "LatestRestorableTime": "an Aurora instance restores with its cluster: AWS leaves it out",
        "ReadReplicaSourceDBInstanceIdentifier": "only a read replica of an RDS instance has it",
        "ReplicaMode": "only a read replica of an RDS instance has it",
        "Iops": "Aurora storage has no provisioned IOPS",
        "StorageThroughput": "Aurora storage has no provisioned throughput",
        "CharacterSetName": "only RDS for Oracle and SQL Server",
        "NcharCharacterSetName": "only RDS for Oracle",
        "SecondaryAvailabilityZone": "only a Multi-AZ RDS instance has one",
        "StatusInfos": "only a read replica has it",
        "StorageEncryptionType": "kept on the cluster: AWS leaves it out of an Aurora instance",
        "TdeCredentialArn": "only RDS for Oracle and SQL Server",
        "EnhancedMonitoringResourceArn": "only with Enhanced Monitoring",
        "MonitoringRoleArn": "only with Enhanced Monitoring",
        "Timezone": "only RDS for SQL Server",
        "PerformanceInsightsKMSKeyId": "only with Performance Insights on",
        "PerformanceInsightsRetentionPeriod": "only with Performance Insights on",
        "EnabledCloudwatchLogsExports": "only when log exports are enabled",
        "ProcessorFeatures": "only RDS for Oracle",
        "ListenerEndpoint": "only RDS for SQL Server with Always On",
        "MaxAllocatedStorage": "only with storage autoscaling, which Aurora does not use",
        "AutomationMode": "RDS Custom only",
        "ResumeFullAutomationModeTime": "RDS Custom only",
        "ActivityStreamKmsKeyId": "only while an activity stream runs",
        "ActivityStreamKinesisStreamName": "only while an activity stream runs",
        "ActivityStreamMode": "only while an activity stream runs",
        "ActivityStreamEngineNativeAuditFieldsIncluded": "only while an activity stream runs",
        "ActivityStreamPolicyStatus": "only while an activity stream runs",
        "AwsBackupRecoveryPointArn": "only when AWS Backup protects the instance",
        "DBInstanceAutomatedBackupsReplications": "only with cross-Region backup replication",
        "AutomaticRestartTime": "the cluster's: an Aurora instance stops and starts with it",
        "CustomIamInstanceProfile": "RDS Custom only",
        "DBSystemId": "RDS Custom only",
        "MasterUserSecret": "only when Secrets Manager manages the password",
        "ReadReplicaSourceDBClusterIdentifier": "only a read replica of a Multi-AZ DB cluster has it",
        "PercentProgress": "AWS leaves it out of Aurora instances",
        "MultiTenant": "only RDS for Oracle",
        "AdditionalStorageVolumes": "only RDS for Oracle and SQL Server",
        "StorageVolumeStatus": "only RDS for Oracle and SQL Server",
        "StorageOperationStatus": "only RDS for Oracle and SQL Server",
        "StorageOperationPercentProgress": "only RDS for Oracle and SQL Server",
        "DBCapacityReservationIdentifier": NOT_MODELLED,
        "VPCNetworkingEnabled": NOT_MODELLED,
    },
    "DBClusterSnapshot": {
        "StorageThroughput": MULTI_AZ_DB_CLUSTER,
        "DBSystemId": "RDS Custom only",
        "BackupRetentionPeriod": NOT_MODELLED,
        "PreferredBackupWindow": NOT_MODELLED,
        "SourceDBClusterSnapshotArn": "only a copy has it (checked on the copy)",
        "CustomDataGroupPresent": NOT_MODELLED,
    },
    "ResourceShareInvitation": {
        "resourceShareAssociations": "deprecated: RAM leaves it out (ListPendingInvitationResources lists them)",
    },
}
# Members cowsim answers only in some states, as AWS does: why each may be
# missing from an answer.
ONLY_WHEN = {
    "DBCluster": {
        "KmsKeyId": "only when the storage is encrypted",
        "HostedZoneId": "only in a Region whose Route 53 zone cowsim knows (us-east-1)",
        "CloneGroupId": "only once the cluster is in a clone family",
        "ServerlessV2ScalingConfiguration": "only when a Serverless v2 range is set",
        "AutomaticRestartTime": "only while the cluster is stopped",
        "EarliestRestorableTime": "only once the cluster is available",
        "LatestRestorableTime": "only once the cluster is available",
    },
    "DBClusterMember": {},
    "DBInstance": {
        "KmsKeyId": "only when the storage is encrypted",
        "Endpoint": "only once the instance is up (not while creating)",
        "InstanceCreateTime": "only once the instance is up",
    },
    "DBClusterSnapshot": {
        "KmsKeyId": "only when the snapshot is encrypted",
    },
    "ResourceShareInvitation": {},
}
# The service whose model defines a shape, when not RDS.
SERVICE = {"ResourceShareInvitation": "ram"}


def error(raised):
    e = raised.exception.response
    return e["Error"]["Code"], e["ResponseMetadata"]["HTTPStatusCode"]


def model(shape):
    service = SERVICE.get(shape, "rds")
    return set(botocore.session.get_session().get_service_model(service).shape_for(shape).members)


class Shapes(BinaryTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = s = Server()
        cls.rds = rds = s.client("rds", OWNER)
        cls.other = s.client("rds", OTHER)
        cls.cluster = rds.create_db_cluster(
            DBClusterIdentifier="MyDB", Engine="aurora-mysql", CopyTagsToSnapshot=True,
            Tags=[{"Key": "team", "Value": "audit"}, {"Key": "cowsim:data-gib", "Value": "1"}],
        )["DBCluster"]
        rds.create_db_cluster(DBClusterIdentifier="pg", Engine="aurora-postgresql")
        cls.instance = rds.create_db_instance(
            DBInstanceIdentifier="MyDB-1", DBClusterIdentifier="mydb", DBInstanceClass="db.r6g.large",
            Engine="aurora-mysql", Tags=[{"Key": "role", "Value": "writer"}],
        )["DBInstance"]
        rds.create_db_instance(DBInstanceIdentifier="mydb-2", DBClusterIdentifier="mydb",
                               DBInstanceClass="db.r6g.large", Engine="aurora-mysql")
        s.control("/_cowsim/advance", {"duration": "1h"})
        cls.snapshot = rds.create_db_cluster_snapshot(
            DBClusterIdentifier="MYDB", DBClusterSnapshotIdentifier="Monday",
            Tags=[{"Key": "when", "Value": "monday"}])["DBClusterSnapshot"]
        s.control("/_cowsim/advance", {"duration": "1h"})
        cls.copy = rds.copy_db_cluster_snapshot(
            SourceDBClusterSnapshotIdentifier="monday", TargetDBClusterSnapshotIdentifier="monday-copy",
            CopyTags=True)["DBClusterSnapshot"]
        s.control("/_cowsim/advance", {"duration": "1h"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def described(self):
        c = self.rds.describe_db_clusters(DBClusterIdentifier="mydb")["DBClusters"][0]
        i = self.rds.describe_db_instances(DBInstanceIdentifier="mydb-1")["DBInstances"][0]
        snap = self.rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier="monday")
        return c, i, snap["DBClusterSnapshots"][0]

    def assert_shape(self, shape, answer):
        members = model(shape)
        left_out = LEFT_OUT[shape]
        self.assertEqual(set(answer) - members, set(), f"{shape}: members botocore doesn't define")
        unexplained = members - set(answer) - set(left_out) - set(ONLY_WHEN[shape])
        self.assertEqual(unexplained, set(), f"{shape}: left out without a reason in LEFT_OUT")
        answered = set(left_out) & set(answer)
        self.assertEqual(answered, set(), f"{shape}: in LEFT_OUT, yet answered")
        stale = {m for m in left_out if m not in members}
        self.assertEqual(stale, set(), f"{shape}: LEFT_OUT names members botocore no longer has")

    def test_every_member_is_answered_or_left_out_with_a_reason(self):
        cluster, instance, snapshot = self.described()
        self.assert_shape("DBCluster", cluster)
        for member in cluster["DBClusterMembers"]:
            self.assert_shape("DBClusterMember", member)
        self.assert_shape("DBInstance", instance)
        self.assert_shape("DBClusterSnapshot", snapshot)
        self.assert_shape("DBCluster", self.cluster)
        self.assert_shape("DBInstance", self.instance)
        self.assert_shape("DBClusterSnapshot", self.snapshot)
        self.assertEqual(set(ONLY_WHEN["DBInstance"]) - set(instance), {"KmsKeyId"})
        self.assertEqual(set(ONLY_WHEN["DBCluster"]) - set(cluster),
                         {"KmsKeyId", "CloneGroupId", "ServerlessV2ScalingConfiguration", "AutomaticRestartTime"})

    def test_ram_invitations_have_every_member_ram_fills(self):
        with Server() as s:
            arn = s.client("rds", OWNER).create_db_cluster(
                DBClusterIdentifier="ledger", Engine="aurora-mysql")["DBCluster"]["DBClusterArn"]
            s.control("/_cowsim/advance", {"duration": "1h"})
            share = s.client("ram", OWNER).create_resource_share(
                name="ledger", resourceArns=[arn], principals=[OTHER])["resourceShare"]
            ram = s.client("ram", OTHER)
            [pending] = ram.get_resource_share_invitations()["resourceShareInvitations"]
            accepted = ram.accept_resource_share_invitation(
                resourceShareInvitationArn=pending["resourceShareInvitationArn"])["resourceShareInvitation"]
            [by_cli] = s.aws_json(OTHER, "ram", "get-resource-share-invitations")["resourceShareInvitations"]
        for answer, status in ((pending, "PENDING"), (accepted, "ACCEPTED"), (by_cli, "ACCEPTED")):
            self.assert_shape("ResourceShareInvitation", answer)
            self.assertRegex(answer["resourceShareInvitationArn"],
                             rf"^arn:aws:ram:{REGION}:{OWNER}:resource-share-invitation/[0-9a-f-]{{36}}$")
            self.assertEqual(
                (answer["resourceShareName"], answer["resourceShareArn"], answer["senderAccountId"],
                 answer["receiverAccountId"], answer["receiverArn"], answer["status"]),
                ("ledger", share["resourceShareArn"], OWNER, OTHER, f"arn:aws:iam::{OTHER}:root", status))
        self.assertEqual(pending["invitationTimestamp"], accepted["invitationTimestamp"])
        self.assertEqual(pending["invitationTimestamp"], share["creationTime"])

    def test_values_read_as_aws_gives_them(self):
        cluster, instance, snapshot = self.described()
        hash_ = re.fullmatch(r"mydb\.cluster-([a-z0-9]{12})\.us-east-1\.rds\.amazonaws\.com",
                             cluster["Endpoint"]).group(1)
        self.assertEqual(cluster["ReaderEndpoint"], f"mydb.cluster-ro-{hash_}.us-east-1.rds.amazonaws.com")
        self.assertEqual(instance["Endpoint"]["Address"], f"mydb-1.{hash_}.us-east-1.rds.amazonaws.com")
        self.assertEqual((cluster["Port"], instance["Endpoint"]["Port"]), (3306, 3306))
        pg = self.rds.describe_db_clusters(DBClusterIdentifier="pg")["DBClusters"][0]
        self.assertEqual(pg["Port"], 5432)
        self.assertEqual(pg["DBClusterParameterGroup"], "default.aurora-postgresql17")
        self.assertEqual(cluster["DBClusterParameterGroup"], "default.aurora-mysql8.0")
        self.assertEqual(cluster["DBSubnetGroup"], "default")
        self.assertEqual(instance["DBParameterGroups"][0]["DBParameterGroupName"], "default.aurora-mysql8.0")
        self.assertEqual(instance["DBSubnetGroup"]["DBSubnetGroupName"], "default")
        self.assertEqual(cluster["AvailabilityZones"], [f"{REGION}{z}" for z in "abc"])
        self.assertIn(instance["AvailabilityZone"], cluster["AvailabilityZones"])
        self.assertEqual(snapshot["AvailabilityZones"], cluster["AvailabilityZones"])
        self.assertRegex(cluster["DbClusterResourceId"], r"^cluster-[A-Z2-7]{26}$")
        self.assertRegex(instance["DbiResourceId"], r"^db-[A-Z2-7]{26}$")
        self.assertEqual(snapshot["DbClusterResourceId"], cluster["DbClusterResourceId"])
        self.assertRegex(cluster["PreferredBackupWindow"], r"^\d\d:\d\d-\d\d:\d\d$")
        self.assertRegex(cluster["PreferredMaintenanceWindow"], r"^[a-z]{3}:\d\d:\d\d-[a-z]{3}:\d\d:\d\d$")
        members = {m["DBInstanceIdentifier"]: m for m in cluster["DBClusterMembers"]}
        self.assertEqual(members["mydb-1"]["IsClusterWriter"], True)
        self.assertEqual(members["mydb-2"]["IsClusterWriter"], False)
        self.assertEqual({m["PromotionTier"] for m in members.values()}, {1})
        self.assertEqual((snapshot["SnapshotType"], snapshot["PercentProgress"]), ("manual", 100))
        self.assertEqual(self.copy["SourceDBClusterSnapshotArn"], snapshot["DBClusterSnapshotArn"])
        for field in ("DeletionProtection", "HttpEndpointEnabled"):
            self.assertIs(cluster[field], False, field)
        self.assertIs(cluster["CopyTagsToSnapshot"], True)
        self.assertEqual(cluster["StorageType"], "aurora")

    def test_the_aws_cli_reads_the_same_shapes(self):
        cluster, instance, snapshot = self.described()
        cli = self.server.aws_json(OWNER, "rds", "describe-db-clusters", "--db-cluster-identifier", "MyDB")
        self.assertEqual(cli["DBClusters"][0]["Endpoint"], cluster["Endpoint"])
        self.assertEqual(cli["DBClusters"][0]["TagList"], cluster["TagList"])
        self.assertEqual(set(cli["DBClusters"][0]), set(cluster))
        cli = self.server.aws_json(OWNER, "rds", "describe-db-instances")
        self.assertEqual({i["DbiResourceId"] for i in cli["DBInstances"]} >= {instance["DbiResourceId"]}, True)

    def test_identifiers_are_kept_in_lower_case_and_found_in_any(self):
        self.assertEqual(self.cluster["DBClusterIdentifier"], "mydb")
        self.assertTrue(self.cluster["DBClusterArn"].endswith(":cluster:mydb"))
        self.assertEqual(self.instance["DBInstanceIdentifier"], "mydb-1")
        self.assertEqual(self.snapshot["DBClusterSnapshotIdentifier"], "monday")
        for name in ("MyDB", "MYDB", "mydb"):
            found = self.rds.describe_db_clusters(DBClusterIdentifier=name)["DBClusters"]
            self.assertEqual([c["DBClusterIdentifier"] for c in found], ["mydb"], name)
        with self.assertRaises(ClientError) as raised:
            self.rds.create_db_cluster(DBClusterIdentifier="MYDB", Engine="aurora-mysql")
        self.assertEqual(error(raised), ("DBClusterAlreadyExistsFault", 400))
        kept = self.rds.describe_db_clusters(Filters=[{"Name": "db-cluster-id", "Values": ["MyDb"]}])
        self.assertEqual(len(kept["DBClusters"]), 1)

    def test_resource_id_filters_keep_the_resource(self):
        cluster, instance, _ = self.described()
        kept = self.rds.describe_db_clusters(
            Filters=[{"Name": "db-cluster-resource-id", "Values": [cluster["DbClusterResourceId"]]}])
        self.assertEqual([c["DBClusterIdentifier"] for c in kept["DBClusters"]], ["mydb"])
        kept = self.server.aws_json(OWNER, "rds", "describe-db-instances", "--filters",
                                    f"Name=dbi-resource-id,Values={instance['DbiResourceId']}")
        self.assertEqual([i["DBInstanceIdentifier"] for i in kept["DBInstances"]], ["mydb-1"])
        none = self.other.describe_db_clusters(
            Filters=[{"Name": "db-cluster-resource-id", "Values": [cluster["DbClusterResourceId"]]}])
        self.assertEqual(none["DBClusters"], [], "another account's resource id keeps nothing")

    def test_tags_on_create_copy_and_describe(self):
        cluster, instance, snapshot = self.described()
        self.assertEqual(cluster["TagList"], [{"Key": "team", "Value": "audit"}], "the data tag is read, not kept")
        self.assertEqual(instance["TagList"], [{"Key": "role", "Value": "writer"}])
        self.assertEqual(snapshot["TagList"], [{"Key": "team", "Value": "audit"}, {"Key": "when", "Value": "monday"}],
                         "CopyTagsToSnapshot copies the cluster's, then the request's")
        self.assertEqual(self.copy["TagList"], snapshot["TagList"], "CopyTags copies the source's")
        self.assertEqual(cluster["AllocatedStorage"], 1)

    def test_add_list_and_remove_tags_by_arn(self):
        arn = self.rds.describe_db_clusters(DBClusterIdentifier="pg")["DBClusters"][0]["DBClusterArn"]
        self.rds.add_tags_to_resource(ResourceName=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": ""}])
        self.server.aws(OWNER, "rds", "add-tags-to-resource", "--resource-name", arn, "--tags", "Key=a,Value=2")
        listed = self.server.aws_json(OWNER, "rds", "list-tags-for-resource", "--resource-name", arn)
        self.assertEqual(listed["TagList"], [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": ""}])
        self.rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["b", "not-there"])
        self.assertEqual(self.rds.list_tags_for_resource(ResourceName=arn)["TagList"], [{"Key": "a", "Value": "2"}])
        described = self.rds.describe_db_clusters(DBClusterIdentifier="pg")["DBClusters"][0]
        self.assertEqual(described["TagList"], [{"Key": "a", "Value": "2"}])
        for resource in (self.instance["DBInstanceArn"], self.snapshot["DBClusterSnapshotArn"]):
            self.rds.add_tags_to_resource(ResourceName=resource, Tags=[{"Key": "x", "Value": "y"}])
            self.assertIn({"Key": "x", "Value": "y"}, self.rds.list_tags_for_resource(ResourceName=resource)["TagList"])
            self.rds.remove_tags_from_resource(ResourceName=resource, TagKeys=["x"])

    def test_bad_tags_are_refused_and_change_nothing(self):
        arn = self.cluster["DBClusterArn"]
        before = self.rds.list_tags_for_resource(ResourceName=arn)["TagList"]
        too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
        for tags in (too_many, [{"Key": "aws:owner", "Value": "x"}], [{"Key": "k" * 129, "Value": "x"}],
                     [{"Key": "k", "Value": "v" * 257}], [{"Key": "rds:x", "Value": "x"}]):
            with self.assertRaises(ClientError) as raised:
                self.rds.add_tags_to_resource(ResourceName=arn, Tags=tags)
            self.assertEqual(error(raised), ("InvalidParameterValue", 400), tags[0]["Key"])
        self.assertEqual(self.rds.list_tags_for_resource(ResourceName=arn)["TagList"], before)
        with self.assertRaises(ClientError) as raised:
            self.rds.create_db_cluster(DBClusterIdentifier="tagged", Engine="aurora-mysql",
                                       Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
        self.assertEqual(error(raised), ("InvalidParameterValue", 400))
        with self.assertRaises(ClientError) as raised:
            self.rds.describe_db_clusters(DBClusterIdentifier="tagged")
        self.assertEqual(error(raised), ("DBClusterNotFoundFault", 404), "a refused create made nothing")
        failed = self.server.aws(OWNER, "rds", "add-tags-to-resource", "--resource-name", arn,
                                 "--tags", "Key=aws:x,Value=1", check=False)
        self.assertNotEqual(failed.returncode, 0)
        self.assertIn("InvalidParameterValue", failed.stderr)

    def test_another_accounts_resource_reads_as_a_missing_one(self):
        arn = self.cluster["DBClusterArn"]
        missing = arn.replace(":cluster:mydb", ":cluster:nothing-here")
        answers = []
        for resource in (arn, missing):
            with self.assertRaises(ClientError) as raised:
                self.other.list_tags_for_resource(ResourceName=resource)
            answers.append((error(raised), raised.exception.response["Error"]["Message"].replace(resource, "ARN")))
            with self.assertRaises(ClientError) as raised:
                self.other.add_tags_to_resource(ResourceName=resource, Tags=[{"Key": "a", "Value": "b"}])
            self.assertEqual(error(raised), ("DBClusterNotFoundFault", 404))
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0][0], ("DBClusterNotFoundFault", 404))
        for resource, code in ((self.instance["DBInstanceArn"], "DBInstanceNotFound"),
                               (self.snapshot["DBClusterSnapshotArn"], "DBClusterSnapshotNotFoundFault")):
            with self.assertRaises(ClientError) as raised:
                self.other.list_tags_for_resource(ResourceName=resource)
            self.assertEqual(error(raised), (code, 404))
        self.assertNotIn({"Key": "a", "Value": "b"}, self.rds.list_tags_for_resource(ResourceName=arn)["TagList"])

    def test_deletion_protection_is_enforced_until_turned_off(self):
        self.rds.create_db_cluster(DBClusterIdentifier="Kept", Engine="aurora-mysql", DeletionProtection=True)
        with self.assertRaises(ClientError) as raised:
            self.rds.delete_db_cluster(DBClusterIdentifier="kept", SkipFinalSnapshot=True)
        self.assertEqual(error(raised), ("InvalidParameterCombination", 400))
        kept = self.rds.describe_db_clusters(DBClusterIdentifier="kept")["DBClusters"][0]
        self.assertEqual((kept["Status"], kept["DeletionProtection"]), ("available", True))
        failed = self.server.aws(OWNER, "rds", "delete-db-cluster", "--db-cluster-identifier", "kept",
                                 "--skip-final-snapshot", check=False)
        self.assertIn("InvalidParameterCombination", failed.stderr)
        modified = self.server.aws_json(OWNER, "rds", "modify-db-cluster", "--db-cluster-identifier", "kept",
                                        "--no-deletion-protection", "--copy-tags-to-snapshot",
                                        "--new-db-cluster-identifier", "Gone-Soon", "--apply-immediately")
        self.assertEqual(modified["DBCluster"]["DBClusterIdentifier"], "gone-soon")
        self.assertEqual((modified["DBCluster"]["DeletionProtection"], modified["DBCluster"]["CopyTagsToSnapshot"]),
                         (False, True))
        self.assertEqual(modified["DBCluster"]["DbClusterResourceId"], kept["DbClusterResourceId"],
                         "a rename keeps the resource id")
        self.assertTrue(modified["DBCluster"]["Endpoint"].startswith("gone-soon.cluster-"))
        deleted = self.rds.delete_db_cluster(DBClusterIdentifier="GONE-SOON", SkipFinalSnapshot=True)
        self.assertEqual(deleted["DBCluster"]["Status"], "deleting")

    def test_the_session_replays_to_the_same_ids(self):
        cluster, instance, _ = self.described()
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "session.toml"
            path.write_text(self.server.control("/_cowsim/scenario"))
            replayed = report(path)
        made = {}
        for step in replayed["steps"]:
            result = step.get("result") or {}
            for key, id_key in (("DBCluster", "DbClusterResourceId"), ("DBInstance", "DbiResourceId")):
                if key in result:
                    made.setdefault(result[key].get("DBClusterIdentifier" if key == "DBCluster"
                                                    else "DBInstanceIdentifier"), result[key][id_key])
        self.assertEqual(made["mydb"], cluster["DbClusterResourceId"])
        self.assertEqual(made["mydb-1"], instance["DbiResourceId"])
