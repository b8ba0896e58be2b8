"""The groups a cluster is made with, and its lifecycle calls, through
`cowsim serve` with boto3 and the AWS CLI: DB cluster parameter groups, DB
parameter groups, DB subnet groups, reboot, failover and the storage
switch; AWS's errors (code and HTTP status) for bad input, after which
nothing has changed; the groups restores are given, kept; and a
provisioning script run unchanged."""

import os
import subprocess
import sys
import tempfile

from botocore.exceptions import ClientError

import provision_aurora
from cowsim import BinaryTest, cowsim
from serve import Server

OWNER = "111111111111"
OTHER = "222222222222"


def refusal(error):
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


class Groups(BinaryTest):
    def refused(self, call, code, status, **kwargs):
        with self.assertRaises(ClientError) as e:
            call(**kwargs)
        self.assertEqual(refusal(e.exception), (code, status), e.exception)

    def test_groups_are_tagged_by_arn_and_only_by_their_account(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            other = s.client("rds", OTHER)
            pg = rds.create_db_cluster_parameter_group(
                DBClusterParameterGroupName="tagged", DBParameterGroupFamily="aurora-mysql8.0",
                Description="t", Tags=[{"Key": "team", "Value": "db"}])["DBClusterParameterGroup"]
            arn = pg["DBClusterParameterGroupArn"]
            self.assertEqual(rds.list_tags_for_resource(ResourceName=arn)["TagList"],
                             [{"Key": "team", "Value": "db"}])
            s.aws(OWNER, "rds", "add-tags-to-resource", "--resource-name", arn,
                  "--tags", "Key=env,Value=dev")
            keys = [t["Key"] for t in s.aws_json(OWNER, "rds", "list-tags-for-resource",
                                                 "--resource-name", arn)["TagList"]]
            self.assertEqual(sorted(keys), ["env", "team"])
            rds.remove_tags_from_resource(ResourceName=arn, TagKeys=["team"])
            self.assertEqual(rds.list_tags_for_resource(ResourceName=arn)["TagList"],
                             [{"Key": "env", "Value": "dev"}])

            subnets = rds.create_db_subnet_group(
                DBSubnetGroupName="net", DBSubnetGroupDescription="n", SubnetIds=["subnet-1"],
                Tags=[{"Key": "team", "Value": "net"}])["DBSubnetGroup"]
            self.assertEqual(rds.list_tags_for_resource(
                ResourceName=subnets["DBSubnetGroupArn"])["TagList"], [{"Key": "team", "Value": "net"}])
            instance_pg = rds.create_db_parameter_group(
                DBParameterGroupName="inst", DBParameterGroupFamily="aurora-mysql8.0",
                Description="i")["DBParameterGroup"]
            rds.add_tags_to_resource(ResourceName=instance_pg["DBParameterGroupArn"],
                                     Tags=[{"Key": "k", "Value": "v"}])
            self.assertEqual(len(rds.list_tags_for_resource(
                ResourceName=instance_pg["DBParameterGroupArn"])["TagList"]), 1)

            # Another account's group reads as a missing one: same code,
            # same status, and nothing changes.
            missing = arn.replace("tagged", "nothing-here").replace(OWNER, OTHER)
            mine_to_them = arn.replace(OWNER, OTHER)
            self.refused(other.list_tags_for_resource, "DBClusterParameterGroupNotFound", 404,
                         ResourceName=arn)
            self.refused(other.list_tags_for_resource, "DBClusterParameterGroupNotFound", 404,
                         ResourceName=missing)
            self.refused(other.add_tags_to_resource, "DBClusterParameterGroupNotFound", 404,
                         ResourceName=arn, Tags=[{"Key": "x", "Value": "y"}])
            self.refused(rds.list_tags_for_resource, "DBClusterParameterGroupNotFound", 404,
                         ResourceName=mine_to_them)
            self.refused(other.list_tags_for_resource, "DBSubnetGroupNotFoundFault", 404,
                         ResourceName=subnets["DBSubnetGroupArn"])
            self.refused(rds.add_tags_to_resource, "InvalidParameterValue", 400,
                         ResourceName=f"arn:aws:rds:us-east-1:{OWNER}:cluster-pg:default.aurora-mysql8.0",
                         Tags=[{"Key": "x", "Value": "y"}])
            self.refused(rds.add_tags_to_resource, "InvalidParameterValue", 400,
                         ResourceName=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
            self.assertEqual(rds.list_tags_for_resource(ResourceName=arn)["TagList"],
                             [{"Key": "env", "Value": "dev"}])

    def test_group_describes_page_as_rds_pages(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            whole = rds.describe_engine_default_cluster_parameters(
                DBParameterGroupFamily="aurora-mysql8.0")["EngineDefaults"]
            self.assertNotIn("Marker", whole)
            names = [p["ParameterName"] for p in whole["Parameters"]]
            self.assertGreater(len(names), 20, "more than one page of 20")
            walked = []
            pages = rds.get_paginator("describe_db_cluster_parameters").paginate(
                DBClusterParameterGroupName="default.aurora-mysql8.0",
                PaginationConfig={"PageSize": 20})
            for page in pages:
                self.assertLessEqual(len(page["Parameters"]), 20)
                walked += [p["ParameterName"] for p in page["Parameters"]]
            self.assertEqual(walked, names, "every parameter once, in order")
            for bad in [5, 101]:
                self.refused(rds.describe_db_cluster_parameter_groups, "InvalidParameterValue", 400,
                             MaxRecords=bad)
            self.refused(rds.describe_db_subnet_groups, "InvalidParameterValue", 400,
                         Marker="made-up")

    def test_group_describes_take_filters_as_rds_documents_them(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster_parameter_group(
                DBClusterParameterGroupName="mine", DBParameterGroupFamily="aurora-mysql8.0",
                Description="m")
            # The group describes take Filters and apply none ("This
            # parameter isn't currently supported").
            every = rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"]
            for filters in [[{"Name": "bogus", "Values": ["x"]}],
                            [{"Name": "db-cluster-parameter-group-name", "Values": ["none"]}]]:
                self.assertEqual(rds.describe_db_cluster_parameter_groups(
                    Filters=filters)["DBClusterParameterGroups"], every)
                self.assertEqual(
                    rds.describe_db_parameter_groups(Filters=filters)["DBParameterGroups"],
                    rds.describe_db_parameter_groups()["DBParameterGroups"])
            # The parameter describes take parameter-name alone: the named
            # parameters, in the describe's order; another name is refused.
            for call, group in [(rds.describe_db_cluster_parameters, "DBClusterParameterGroupName"),
                                (rds.describe_db_parameters, "DBParameterGroupName")]:
                every = [p["ParameterName"] for p in call(
                    **{group: "default.aurora-mysql8.0"}, MaxRecords=100)["Parameters"]]
                wanted = [every[3], every[0], "no_such_parameter"]
                kept = call(**{group: "default.aurora-mysql8.0"},
                            Filters=[{"Name": "parameter-name", "Values": wanted}])["Parameters"]
                self.assertEqual([p["ParameterName"] for p in kept], [every[0], every[3]])
                self.refused(call, "InvalidParameterValue", 400,
                             **{group: "default.aurora-mysql8.0"},
                             Filters=[{"Name": "source", "Values": ["user"]}])
            cli = s.aws_json(OWNER, "rds", "describe-db-cluster-parameters",
                             "--db-cluster-parameter-group-name", "mine",
                             "--filters", "Name=parameter-name,Values=tls_version")
            self.assertEqual([p["ParameterName"] for p in cli["Parameters"]], ["tls_version"])

    def test_cluster_parameter_groups_with_boto3_and_the_aws_cli(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            made = rds.create_db_cluster_parameter_group(
                DBClusterParameterGroupName="App-Cluster", DBParameterGroupFamily="aurora-mysql8.0",
                Description="app")["DBClusterParameterGroup"]
            self.assertEqual(made["DBClusterParameterGroupName"], "app-cluster", "stored in lower case")
            self.assertEqual(made["DBClusterParameterGroupArn"],
                             f"arn:aws:rds:us-east-1:{OWNER}:cluster-pg:app-cluster")
            names = [g["DBClusterParameterGroupName"]
                     for g in rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"]]
            self.assertIn("default.aurora-mysql8.0", names)
            self.assertIn("default.aurora-postgresql16", names)
            self.assertIn("app-cluster", names)

            rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName="app-cluster", Parameters=[
                {"ParameterName": "binlog_format", "ParameterValue": "ROW", "ApplyMethod": "pending-reboot"}])
            params = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="app-cluster")["Parameters"]
            binlog = next(p for p in params if p["ParameterName"] == "binlog_format")
            self.assertEqual((binlog["ParameterValue"], binlog["Source"], binlog["ApplyType"]),
                             ("ROW", "user", "static"))
            self.assertEqual(binlog["AllowedValues"], "ROW,STATEMENT,MIXED,OFF")
            users = rds.describe_db_cluster_parameters(DBClusterParameterGroupName="app-cluster",
                                                       Source="user")["Parameters"]
            self.assertEqual([p["ParameterName"] for p in users], ["binlog_format"])

            copied = s.aws_json(OWNER, "rds", "copy-db-cluster-parameter-group",
                                "--source-db-cluster-parameter-group-identifier", "app-cluster",
                                "--target-db-cluster-parameter-group-identifier", "app-cluster-2",
                                "--target-db-cluster-parameter-group-description", "copy")
            self.assertEqual(copied["DBClusterParameterGroup"]["DBParameterGroupFamily"], "aurora-mysql8.0")
            copy_params = s.aws_json(OWNER, "rds", "describe-db-cluster-parameters",
                                     "--db-cluster-parameter-group-name", "app-cluster-2", "--source", "user")
            self.assertEqual([p["ParameterValue"] for p in copy_params["Parameters"]], ["ROW"])
            s.aws(OWNER, "rds", "reset-db-cluster-parameter-group", "--db-cluster-parameter-group-name",
                  "app-cluster-2", "--reset-all-parameters")
            self.assertEqual(s.aws_json(OWNER, "rds", "describe-db-cluster-parameters",
                                        "--db-cluster-parameter-group-name", "app-cluster-2",
                                        "--source", "user")["Parameters"], [])
            s.aws(OWNER, "rds", "delete-db-cluster-parameter-group", "--db-cluster-parameter-group-name",
                  "app-cluster-2")

            defaults = rds.describe_engine_default_cluster_parameters(
                DBParameterGroupFamily="aurora-postgresql16")["EngineDefaults"]
            self.assertEqual(defaults["DBParameterGroupFamily"], "aurora-postgresql16")
            by_name = {p["ParameterName"]: p for p in defaults["Parameters"]}
            self.assertGreaterEqual(len(by_name), 20)
            self.assertEqual(by_name["rds.logical_replication"]["ApplyType"], "static")
            self.assertEqual(by_name["timezone"]["ParameterValue"], "UTC")

            # Another account sees none of it.
            other = s.client("rds", OTHER)
            self.refused(other.describe_db_cluster_parameters, "DBParameterGroupNotFound", 404,
                         DBClusterParameterGroupName="app-cluster")
            self.assertNotIn("app-cluster", [g["DBClusterParameterGroupName"] for g in
                                             other.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"]])

    def test_db_parameter_groups_and_subnet_groups(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_parameter_group(DBParameterGroupName="app-instance", DBParameterGroupFamily="aurora-mysql8.0",
                                          Description="instances")
            rds.modify_db_parameter_group(DBParameterGroupName="app-instance", Parameters=[
                {"ParameterName": "max_connections", "ParameterValue": "500", "ApplyMethod": "immediate"}])
            groups = s.aws_json(OWNER, "rds", "describe-db-parameter-groups", "--db-parameter-group-name",
                                "app-instance")["DBParameterGroups"]
            self.assertEqual(groups[0]["DBParameterGroupArn"], f"arn:aws:rds:us-east-1:{OWNER}:pg:app-instance")
            s.aws(OWNER, "rds", "copy-db-parameter-group", "--source-db-parameter-group-identifier",
                  "default.aurora-mysql8.0", "--target-db-parameter-group-identifier", "from-default",
                  "--target-db-parameter-group-description", "a copy of the defaults")
            rds.reset_db_parameter_group(DBParameterGroupName="app-instance", Parameters=[
                {"ParameterName": "max_connections", "ApplyMethod": "immediate"}])
            mc = next(p for p in rds.describe_db_parameters(DBParameterGroupName="app-instance")["Parameters"]
                      if p["ParameterName"] == "max_connections")
            self.assertEqual((mc["ParameterValue"], mc["Source"]), ("{DBInstanceClassMemory/12582880}", "system"))
            self.assertGreaterEqual(len(rds.describe_engine_default_parameters(
                DBParameterGroupFamily="aurora-mysql8.0")["EngineDefaults"]["Parameters"]), 15)
            rds.delete_db_parameter_group(DBParameterGroupName="from-default")

            made = s.aws_json(OWNER, "rds", "create-db-subnet-group", "--db-subnet-group-name", "app",
                              "--db-subnet-group-description", "app subnets",
                              "--subnet-ids", "subnet-a", "subnet-b")["DBSubnetGroup"]
            self.assertEqual([n["SubnetIdentifier"] for n in made["Subnets"]], ["subnet-a", "subnet-b"])
            self.assertEqual(made["SubnetGroupStatus"], "Complete")
            changed = rds.modify_db_subnet_group(DBSubnetGroupName="app", SubnetIds=["subnet-c"])["DBSubnetGroup"]
            self.assertEqual([n["SubnetIdentifier"] for n in changed["Subnets"]], ["subnet-c"])
            self.assertEqual(changed["DBSubnetGroupDescription"], "app subnets")
            self.assertEqual(len(rds.describe_db_subnet_groups()["DBSubnetGroups"]), 1)
            self.assertEqual(s.client("rds", OTHER).describe_db_subnet_groups()["DBSubnetGroups"], [])
            rds.delete_db_subnet_group(DBSubnetGroupName="app")
            self.refused(rds.describe_db_subnet_groups, "DBSubnetGroupNotFoundFault", 404, DBSubnetGroupName="app")

    def test_bad_input_is_refused_as_aws_refuses_it_and_changes_nothing(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_subnet_group(DBSubnetGroupName="app", DBSubnetGroupDescription="d", SubnetIds=["subnet-a"])
            rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="app", Description="d",
                                                  DBParameterGroupFamily="aurora-mysql8.0")
            rds.create_db_parameter_group(DBParameterGroupName="app", Description="d",
                                          DBParameterGroupFamily="aurora-mysql8.0")
            rds.create_db_cluster(DBClusterIdentifier="db", Engine="aurora-mysql", DBSubnetGroupName="app",
                                  DBClusterParameterGroupName="app")
            cluster = rds.describe_db_clusters(DBClusterIdentifier="db")["DBClusters"][0]
            self.assertEqual((cluster["DBClusterParameterGroup"], cluster["DBSubnetGroup"]), ("app", "app"))
            rds.create_db_instance(DBInstanceIdentifier="db-1", DBClusterIdentifier="db", Engine="aurora-mysql",
                                   DBInstanceClass="db.r6g.large", DBParameterGroupName="app")
            rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="db-1",
                                                         WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            state = lambda: (
                rds.describe_db_clusters()["DBClusters"], rds.describe_db_instances()["DBInstances"],
                rds.describe_db_subnet_groups()["DBSubnetGroups"],
                rds.describe_db_cluster_parameter_groups()["DBClusterParameterGroups"],
                rds.describe_db_parameter_groups()["DBParameterGroups"],
                rds.describe_db_cluster_parameters(DBClusterParameterGroupName="app")["Parameters"],
                rds.describe_db_parameters(DBParameterGroupName="app")["Parameters"],
                s.control("/_cowsim/report")["clusters"])
            before = state()
            cases = [
                ("a cluster parameter group in use", rds.delete_db_cluster_parameter_group,
                 "InvalidDBParameterGroupState", 400, {"DBClusterParameterGroupName": "app"}),
                ("a DB parameter group in use", rds.delete_db_parameter_group,
                 "InvalidDBParameterGroupState", 400, {"DBParameterGroupName": "app"}),
                ("a subnet group in use", rds.delete_db_subnet_group,
                 "InvalidDBSubnetGroupStateFault", 400, {"DBSubnetGroupName": "app"}),
                ("a missing cluster parameter group", rds.create_db_cluster, "DBClusterParameterGroupNotFound", 404,
                 {"DBClusterIdentifier": "db2", "Engine": "aurora-mysql", "DBClusterParameterGroupName": "nope"}),
                ("a missing subnet group", rds.create_db_cluster, "DBSubnetGroupNotFoundFault", 404,
                 {"DBClusterIdentifier": "db2", "Engine": "aurora-mysql", "DBSubnetGroupName": "nope"}),
                ("a missing DB parameter group", rds.create_db_instance, "DBParameterGroupNotFound", 404,
                 {"DBInstanceIdentifier": "db-2", "DBClusterIdentifier": "db", "Engine": "aurora-mysql",
                  "DBInstanceClass": "db.r6g.large", "DBParameterGroupName": "nope"}),
                ("a group of another family", rds.modify_db_cluster, "InvalidParameterCombination", 400,
                 {"DBClusterIdentifier": "db", "DBClusterParameterGroupName": "default.aurora-postgresql16"}),
                ("a default group modified", rds.modify_db_cluster_parameter_group,
                 "InvalidDBParameterGroupState", 400, {"DBClusterParameterGroupName": "default.aurora-mysql8.0",
                                                       "Parameters": [{"ParameterName": "binlog_format",
                                                                       "ParameterValue": "ROW",
                                                                       "ApplyMethod": "pending-reboot"}]}),
                ("a default group deleted", rds.delete_db_parameter_group, "InvalidDBParameterGroupState", 400,
                 {"DBParameterGroupName": "default.aurora-mysql8.0"}),
                ("an unknown parameter", rds.modify_db_cluster_parameter_group, "InvalidParameterValue", 400,
                 {"DBClusterParameterGroupName": "app",
                  "Parameters": [{"ParameterName": "no_such_thing", "ParameterValue": "1"}]}),
                ("a value out of range", rds.modify_db_parameter_group, "InvalidParameterValue", 400,
                 {"DBParameterGroupName": "app",
                  "Parameters": [{"ParameterName": "max_connections", "ParameterValue": "0"}]}),
                ("a static parameter applied at once", rds.modify_db_cluster_parameter_group,
                 "InvalidParameterCombination", 400, {"DBClusterParameterGroupName": "app",
                                                      "Parameters": [{"ParameterName": "binlog_format",
                                                                      "ParameterValue": "ROW",
                                                                      "ApplyMethod": "immediate"}]}),
                ("an invalid parameter group name", rds.create_db_cluster_parameter_group,
                 "InvalidParameterValue", 400, {"DBClusterParameterGroupName": "bad--name", "Description": "d",
                                                "DBParameterGroupFamily": "aurora-mysql8.0"}),
                ("an unknown family", rds.create_db_parameter_group, "InvalidParameterValue", 400,
                 {"DBParameterGroupName": "x", "Description": "d", "DBParameterGroupFamily": "mysql8.0"}),
                ("a subnet group named default", rds.create_db_subnet_group, "InvalidParameterValue", 400,
                 {"DBSubnetGroupName": "default", "DBSubnetGroupDescription": "d", "SubnetIds": ["subnet-a"]}),
                ("a group that exists", rds.create_db_subnet_group, "DBSubnetGroupAlreadyExists", 400,
                 {"DBSubnetGroupName": "APP", "DBSubnetGroupDescription": "d", "SubnetIds": ["subnet-a"]}),
                ("a promotion tier out of range", rds.modify_db_instance, "InvalidParameterValue", 400,
                 {"DBInstanceIdentifier": "db-1", "PromotionTier": 16}),
                ("a failover without a reader", rds.failover_db_cluster, "InvalidDBClusterStateFault", 400,
                 {"DBClusterIdentifier": "db"}),
            ]
            for what, call, code, status, kwargs in cases:
                with self.subTest(what):
                    self.refused(call, code, status, **kwargs)
            self.assertEqual(state(), before, "a refused call changes nothing")
            done = s.aws(OWNER, "rds", "delete-db-subnet-group", "--db-subnet-group-name", "app", check=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("InvalidDBSubnetGroupStateFault", done.stderr)

    def test_restores_keep_the_groups_they_are_given(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_subnet_group(DBSubnetGroupName="app", DBSubnetGroupDescription="d", SubnetIds=["subnet-a"])
            rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="app", Description="d",
                                                  DBParameterGroupFamily="aurora-mysql8.0")
            rds.create_db_cluster(DBClusterIdentifier="db", Engine="aurora-mysql")
            s.control("/_cowsim/advance", {"duration": "10m"})
            rds.create_db_instance(DBInstanceIdentifier="db-1", DBClusterIdentifier="db", Engine="aurora-mysql",
                                   DBInstanceClass="db.r6g.large")
            rds.create_db_cluster_snapshot(DBClusterIdentifier="db", DBClusterSnapshotIdentifier="monday")
            s.control("/_cowsim/advance", {"duration": "1h"})
            pitr = {"SourceDBClusterIdentifier": "db", "UseLatestRestorableTime": True}
            from_snapshot = {"SnapshotIdentifier": "monday", "Engine": "aurora-mysql"}
            before = rds.describe_db_clusters()["DBClusters"]
            for call, given in ((rds.restore_db_cluster_to_point_in_time, pitr),
                                (rds.restore_db_cluster_from_snapshot, from_snapshot)):
                for wrong, code, status in (
                        ({"DBClusterParameterGroupName": "nope"}, "DBClusterParameterGroupNotFound", 404),
                        ({"DBSubnetGroupName": "nope"}, "DBSubnetGroupNotFoundFault", 404),
                        ({"DBClusterParameterGroupName": "default.aurora-postgresql16"},
                         "InvalidParameterCombination", 400)):
                    with self.subTest(call=call.__name__, wrong=wrong):
                        self.refused(call, code, status, DBClusterIdentifier="x", **given, **wrong)
            self.assertEqual(rds.describe_db_clusters()["DBClusters"], before)
            named = {"DBClusterParameterGroupName": "app", "DBSubnetGroupName": "APP"}
            made = [
                rds.restore_db_cluster_to_point_in_time(DBClusterIdentifier="full", **pitr, **named)["DBCluster"],
                rds.restore_db_cluster_from_snapshot(DBClusterIdentifier="copy", **from_snapshot, **named)["DBCluster"],
                s.aws_json(OWNER, "rds", "restore-db-cluster-to-point-in-time", "--source-db-cluster-identifier", "db",
                           "--db-cluster-identifier", "clone", "--restore-type", "copy-on-write",
                           "--use-latest-restorable-time", "--db-cluster-parameter-group-name", "app",
                           "--db-subnet-group-name", "app")["DBCluster"],
                rds.restore_db_cluster_from_snapshot(DBClusterIdentifier="plain", **from_snapshot)["DBCluster"],
            ]
            s.control("/_cowsim/advance", {"duration": "1h"})
            described = {c["DBClusterIdentifier"]: c for c in rds.describe_db_clusters()["DBClusters"]}
            for cluster in made:
                name = cluster["DBClusterIdentifier"]
                groups = ("default.aurora-mysql8.0", "default") if name == "plain" else ("app", "app")
                for answer in (cluster, described[name]):
                    self.assertEqual((answer["DBClusterParameterGroup"], answer["DBSubnetGroup"]), groups, name)
            self.refused(rds.delete_db_subnet_group, "InvalidDBSubnetGroupStateFault", 400, DBSubnetGroupName="app")

    def test_reboot_failover_and_the_storage_switch(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="db", Engine="aurora-postgresql", EngineVersion="16.4")
            for name, tier, cls in [("a", 2, "db.r6g.large"), ("b", 1, "db.r6g.large"),
                                    ("c", 1, "db.r6g.2xlarge"), ("d", 0, "db.t4g.medium")]:
                rds.create_db_instance(DBInstanceIdentifier=name, DBClusterIdentifier="db", Engine="aurora-postgresql",
                                       DBInstanceClass=cls, PromotionTier=tier)
            for name in "abcd":
                rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier=name,
                                                             WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            rebooting = rds.reboot_db_instance(DBInstanceIdentifier="b")["DBInstance"]
            self.assertEqual(rebooting["DBInstanceStatus"], "rebooting")
            rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="b",
                                                         WaiterConfig={"Delay": 1, "MaxAttempts": 60})
            writer = lambda: provision_aurora.writer(rds, "db")
            self.assertEqual(writer(), "a")
            # Tier 0 first; then, in tier 1, the larger class.
            failing = rds.failover_db_cluster(DBClusterIdentifier="db")["DBCluster"]
            self.assertEqual(failing["Status"], "failing-over")
            self.refused(rds.failover_db_cluster, "InvalidDBClusterStateFault", 400, DBClusterIdentifier="db")
            self.assertEqual(writer(), "d", "tier 0 first")
            self.assertEqual(rds.describe_db_clusters(DBClusterIdentifier="db")["DBClusters"][0]["Status"],
                             "available", "a describe waits out the failover")
            rds.failover_db_cluster(DBClusterIdentifier="db")
            self.assertEqual(writer(), "c", "in tier 1, the larger class")
            rds.modify_db_instance(DBInstanceIdentifier="a", PromotionTier=0, ApplyImmediately=True)
            rds.failover_db_cluster(DBClusterIdentifier="db")
            self.assertEqual(writer(), "a", "in tier 0, the larger class")
            s.aws(OWNER, "rds", "failover-db-cluster", "--db-cluster-identifier", "db",
                  "--target-db-instance-identifier", "b")
            self.assertEqual(writer(), "b", "the target named")
            members = rds.describe_db_clusters(DBClusterIdentifier="db")["DBClusters"][0]["DBClusterMembers"]
            self.assertEqual({m["DBInstanceIdentifier"]: m["PromotionTier"] for m in members},
                             {"a": 0, "b": 1, "c": 1, "d": 0})
            self.refused(rds.failover_db_cluster, "InvalidDBInstanceState", 400,
                         DBClusterIdentifier="db", TargetDBInstanceIdentifier="b")

            rds.modify_db_cluster(DBClusterIdentifier="db", StorageType="aurora-iopt1", ApplyImmediately=True)
            rds.modify_db_cluster(DBClusterIdentifier="db", StorageType="aurora", ApplyImmediately=True)
            self.refused(rds.modify_db_cluster, "InvalidDBClusterStateFault", 400,
                         DBClusterIdentifier="db", StorageType="aurora-iopt1")
            s.control("/_cowsim/advance", {"duration": "30d"})
            cluster = rds.modify_db_cluster(DBClusterIdentifier="db", StorageType="aurora-iopt1")["DBCluster"]
            self.assertEqual(cluster["StorageType"], "aurora-iopt1")

    def test_a_provisioning_script_runs_unchanged(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            provision_aurora.up(rds, "app")
            provision_aurora.up(rds, "app")  # idempotent: a second run changes nothing it made
            cluster = rds.describe_db_clusters(DBClusterIdentifier="app")["DBClusters"][0]
            self.assertTrue(cluster["StorageEncrypted"])
            self.assertEqual(cluster["StorageType"], "aurora-iopt1")
            self.assertEqual(cluster["DBClusterParameterGroup"], "app-cluster")
            self.assertEqual(provision_aurora.writer(rds, "app"), "app-1")
            test = rds.describe_db_clusters(DBClusterIdentifier="app-test")["DBClusters"][0]
            self.assertEqual(test["CloneGroupId"], cluster["CloneGroupId"])
            provision_aurora.down(rds, "app")
            self.assertEqual([c["DBClusterIdentifier"] for c in rds.describe_db_clusters()["DBClusters"]], [])
            snapshot = rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier="app-final")
            self.assertEqual(snapshot["DBClusterSnapshots"][0]["Status"], "available")
            self.assertEqual(rds.describe_db_subnet_groups()["DBSubnetGroups"], [])
            # The session's journal is a scenario that replays as it went.
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "session.toml")
                with open(path, "w") as f:
                    f.write(s.control("/_cowsim/scenario"))
                replay = cowsim("run", path)
                self.assertEqual(replay.returncode, 0, replay.stdout[-2000:])
            # The same script, as its own process, with only the endpoint set.
            env = dict(os.environ, AWS_ENDPOINT_URL=s.url, AWS_ACCESS_KEY_ID=OWNER, AWS_SECRET_ACCESS_KEY="x",
                       AWS_DEFAULT_REGION="us-east-1")
            for action in ("up", "down"):
                done = subprocess.run([sys.executable, provision_aurora.__file__, action, "web"], env=env,
                                      capture_output=True, text=True, timeout=300)
                self.assertEqual(done.returncode, 0, done.stderr)
