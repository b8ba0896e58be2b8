"""Stopping and starting a cluster through `cowsim serve`, as the AWS CLI
and boto3 do it: the statuses AWS shows, its error for a start of a
cluster that isn't stopped, and a stopped cluster's instances not billed."""

from botocore.exceptions import ClientError

from cowsim import BinaryTest
from serve import Server

OWNER = "111111111111"


class StopStart(BinaryTest):
    def test_stop_and_start_with_boto3_and_the_aws_cli(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="dev", Engine="aurora-mysql",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "1"}])
            rds.create_db_instance(DBInstanceIdentifier="dev-1", DBClusterIdentifier="dev",
                                   DBInstanceClass="db.t4g.medium", Engine="aurora-mysql")
            instance = rds.describe_db_instances(DBInstanceIdentifier="dev-1")["DBInstances"][0]
            self.assertEqual(instance["DBInstanceClass"], "db.t4g.medium")

            with self.assertRaises(ClientError) as refused:
                rds.start_db_cluster(DBClusterIdentifier="dev")
            self.assertEqual(refused.exception.response["Error"]["Code"], "InvalidDBClusterStateFault")
            self.assertIn("expected it to be stopped", refused.exception.response["Error"]["Message"])

            stopping = rds.stop_db_cluster(DBClusterIdentifier="dev")["DBCluster"]
            self.assertEqual(stopping["Status"], "stopping")
            # The next call waits for the stop to complete, as a waiter would.
            stopped = rds.describe_db_clusters(DBClusterIdentifier="dev")["DBClusters"][0]
            self.assertEqual(stopped["Status"], "stopped")
            self.assertIn("AutomaticRestartTime", stopped)
            instance = rds.describe_db_instances(DBInstanceIdentifier="dev-1")["DBInstances"][0]
            self.assertEqual(instance["DBInstanceStatus"], "stopped")
            with self.assertRaises(ClientError) as refused:
                rds.create_db_instance(DBInstanceIdentifier="dev-2", DBClusterIdentifier="dev",
                                       DBInstanceClass="db.t4g.medium", Engine="aurora-mysql")
            self.assertEqual(refused.exception.response["Error"]["Code"], "InvalidDBClusterStateFault")

            # The next hour charges what ran before the stop (ten minutes at
            # least); the stopped days after it charge no instance-hour.
            s.control("/_cowsim/advance", {"duration": "1h"})
            before = s.control("/_cowsim/report")
            s.control("/_cowsim/advance", {"duration": "2d"})
            after = s.control("/_cowsim/report")
            row = lambda r: next(c for c in r["clusters"] if c["identifier"] == "dev")
            self.assertEqual(row(after)["instance_cost_usd"], row(before)["instance_cost_usd"],
                             "a stopped cluster's instances are not billed")
            self.assertGreater(row(after)["storage_cost_usd"], row(before)["storage_cost_usd"],
                               "its storage is")

            started = s.aws_json(OWNER, "rds", "start-db-cluster", "--db-cluster-identifier", "dev")["DBCluster"]
            self.assertEqual(started["Status"], "starting")
            s.aws(OWNER, "rds", "wait", "db-cluster-available", "--db-cluster-identifier", "dev")
            clusters = s.aws_json(OWNER, "rds", "describe-db-clusters", "--db-cluster-identifier", "dev")
            self.assertEqual(clusters["DBClusters"][0]["Status"], "available")
            s.control("/_cowsim/advance", {"duration": "1h"})
            self.assertGreater(row(s.control("/_cowsim/report"))["instance_cost_usd"],
                               row(after)["instance_cost_usd"], "started, its instance is billed again")

            modified = rds.modify_db_instance(DBInstanceIdentifier="dev-1", DBInstanceClass="db.r6g.large",
                                              ApplyImmediately=True)["DBInstance"]
            self.assertEqual(modified["DBInstanceStatus"], "modifying")
            instance = rds.describe_db_instances(DBInstanceIdentifier="dev-1")["DBInstances"][0]
            self.assertEqual(instance["DBInstanceClass"], "db.r6g.large")
