"""`cowsim serve` driven as its users drive AWS: the AWS guide's commands
through the AWS CLI, a boto3 program of the whole story, the guide's
limitations answered with AWS's error codes, malformed requests, a kill
and a restart from the state file, and concurrent clients."""

import json
import re
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from botocore import UNSIGNED
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from cowsim import BinaryTest
from serve import Server

OWNER, AUDIT, OTHER = "111111111111", "222222222222", "333333333333"
ORDERS = f"arn:aws:rds:us-east-1:{OWNER}:cluster:orders"
WAIT = {"Delay": 1, "MaxAttempts": 5}


def code(error: ClientError) -> str:
    return error.response["Error"]["Code"]


def signed(server, service, body: bytes, path="/", headers=None, account=OWNER):
    """A request signed by botocore's SigV4 signer and sent as is: for
    requests no SDK would send. Returns (status, body, headers)."""
    headers = headers or {"Content-Type": "application/x-www-form-urlencoded"}
    request = AWSRequest(method="POST", url=server.url + path, data=body, headers=headers)
    SigV4Auth(Credentials(account, "secret"), service, "us-east-1").add_auth(request)
    raw = urllib.request.Request(server.url + path, data=body, headers=dict(request.headers.items()), method="POST")
    try:
        with urllib.request.urlopen(raw, timeout=60) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def xml_error(body: bytes):
    root = ET.fromstring(body)
    return root.findtext("Error/Code"), root.findtext("Error/Message")


def without_wall_times(value):
    """A report without the simulator's own wall times, which vary run to run."""
    if isinstance(value, dict):
        return {k: without_wall_times(v) for k, v in value.items() if k not in ("wall_us", "engine_wall_us")}
    if isinstance(value, list):
        return [without_wall_times(v) for v in value]
    return value


class GuideCommands(BinaryTest):
    """Every command of the AWS guide, as printed there, through the AWS CLI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = Server.shared()
        s = cls.server
        s.aws(OWNER, "rds", "create-db-cluster", "--db-cluster-identifier", "orders", "--engine", "aurora-mysql",
              "--master-username", "admin", "--master-user-password", "secret-password",
              "--tags", "Key=cowsim:data-gib,Value=10")
        s.aws(OWNER, "rds", "create-db-instance", "--db-instance-identifier", "orders-1",
              "--db-cluster-identifier", "orders", "--db-instance-class", "db.r6g.large", "--engine", "aurora-mysql")
        s.aws(OWNER, "rds", "wait", "db-instance-available", "--db-instance-identifier", "orders-1")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_the_guide_from_share_to_clone(self):
        s = self.server
        closed = s.aws(OWNER, "ram", "create-resource-share", "--name", "orders-share", "--region", "us-east-1",
                       "--resource-arns", ORDERS, "--principals", AUDIT, OTHER, "--no-allow-external-principals",
                       check=False)
        self.assertNotEqual(closed.returncode, 0)
        self.assertIn("OperationNotPermittedException", closed.stderr)
        share = s.aws_json(OWNER, "ram", "create-resource-share", "--name", "orders-share", "--region", "us-east-1",
                           "--resource-arns", ORDERS, "--principals", AUDIT, OTHER, "--allow-external-principals")
        self.assertEqual(share["resourceShare"]["status"], "ACTIVE")

        # The guide's own line is refused by the CLI before anything is sent.
        guide = s.aws(OWNER, "ram", "list-principals", "--resource-arns", ORDERS, "--principals", AUDIT, check=False)
        self.assertNotEqual(guide.returncode, 0)
        listed = s.aws_json(OWNER, "ram", "list-principals", "--resource-arn", ORDERS, "--resource-owner", "SELF")
        self.assertEqual(sorted(p["id"] for p in listed["principals"]), [AUDIT, OTHER])
        named = s.aws_json(OWNER, "ram", "list-principals", "--resource-arn", ORDERS, "--resource-owner", "SELF",
                           "--principals", AUDIT)
        self.assertEqual([p["id"] for p in named["principals"]], [AUDIT])

        invitations = s.aws_json(AUDIT, "ram", "get-resource-share-invitations")
        self.assertEqual(len(invitations["resourceShareInvitations"]), 1)
        pending = s.aws_json(AUDIT, "ram", "get-resource-share-invitations",
                             "--query", "resourceShareInvitations[?status==`PENDING`]")
        self.assertEqual(len(pending), 1)
        accepted = s.aws_json(AUDIT, "ram", "accept-resource-share-invitation",
                              "--resource-share-invitation-arn", pending[0]["resourceShareInvitationArn"])
        self.assertEqual(accepted["resourceShareInvitation"]["status"], "ACCEPTED")

        shared = s.aws_json(AUDIT, "rds", "describe-db-clusters", "--include-shared")["DBClusters"]
        self.assertEqual(len(shared), 1)
        self.assertEqual(set(shared[0]), {"DBClusterArn", "Engine", "EngineVersion", "StorageEncrypted"})

        clone = s.aws_json(AUDIT, "rds", "restore-db-cluster-to-point-in-time",
                           f"--source-db-cluster-identifier={ORDERS}", "--db-cluster-identifier=audit-copy",
                           "--restore-type=copy-on-write", "--use-latest-restorable-time")["DBCluster"]
        self.assertTrue(clone["CrossAccountClone"])
        self.assertIn("CloneGroupId", clone)
        self.assertEqual(clone["DBClusterArn"], f"arn:aws:rds:us-east-1:{AUDIT}:cluster:audit-copy")

        report = s.control("/_cowsim/report")
        row = next(c for c in report["clusters"] if c["identifier"] == "audit-copy")
        self.assertEqual(row["account"], AUDIT)
        # The log of the session replays with `cowsim run` to its report.
        with tempfile.TemporaryDirectory() as d:
            log = Path(d) / "session.toml"
            log.write_text(s.control("/_cowsim/scenario"))
            from cowsim import report as run_report
            replayed = run_report(log)
        ours = s.control("/_cowsim/report")
        self.assertEqual(without_wall_times(replayed)["clusters"], without_wall_times(ours)["clusters"])
        self.assertEqual(len(replayed["steps"]), len(ours["steps"]))

    def test_the_guides_limitations_answer_with_aws_codes(self):
        s = self.server
        other = s.client("rds", OTHER)
        # Not shared with OTHER yet, and one that does not exist: the same answer.
        answers = []
        for name in ("orders", "ghosts"):
            try:
                other.restore_db_cluster_to_point_in_time(
                    SourceDBClusterIdentifier=f"arn:aws:rds:us-east-1:{OWNER}:cluster:{name}",
                    DBClusterIdentifier="mine", RestoreType="copy-on-write", UseLatestRestorableTime=True)
                self.fail("restored a cluster not shared with the caller")
            except ClientError as e:
                answers.append((code(e), e.response["Error"]["Message"].replace(name, "NAME"),
                                e.response["ResponseMetadata"]["HTTPStatusCode"]))
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0][0], "DBClusterNotFoundFault")
        self.assertEqual(answers[0][2], 404)

        renamed = s.aws(OWNER, "rds", "modify-db-cluster", "--db-cluster-identifier", "orders",
                        "--new-db-cluster-identifier", "orders-2", check=False)
        shared = "orders-share" in s.control("/_cowsim/scenario")
        if shared:
            self.assertIn("InvalidDBClusterStateFault", renamed.stderr)

    def test_unknown_operations_are_named(self):
        s = self.server
        status, body, _ = signed(s, "rds", b"Action=FrobnicateDBCluster&Version=2014-10-31")
        self.assertEqual(status, 400)
        self.assertEqual(xml_error(body)[0], "InvalidAction")
        self.assertIn("FrobnicateDBCluster", xml_error(body)[1])
        status, body, headers = signed(s, "ram", b"{}", path="/frobnicateresourceshare",
                                       headers={"Content-Type": "application/json"})
        self.assertEqual((status, headers["x-amzn-ErrorType"]), (404, "UnknownOperationException"))
        self.assertIn("frobnicateresourceshare", json.loads(body)["message"])
        status, body, headers = signed(s, "kms", b"{}", headers={
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "TrentService.Frobnicate"})
        self.assertEqual(headers["x-amzn-ErrorType"], "UnknownOperationException")
        self.assertIn("Frobnicate", json.loads(body)["message"])


class Boto3Story(BinaryTest):
    """Key, policy, cluster, instance, share, invitation, accept, describe,
    clone, instance on the clone, both write, the source deleted; a month
    later the clone pays for what it sees."""

    def test_the_whole_story(self):
        with Server() as s:
            kms, rds, ram = (s.client(x, OWNER) for x in ("kms", "rds", "ram"))
            key = kms.create_key(Description="orders")["KeyMetadata"]
            policy = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{AUDIT}:root"},
                "Action": ["kms:Decrypt", "kms:CreateGrant"], "Resource": "*"}]}
            kms.put_key_policy(KeyId=key["KeyId"], PolicyName="default", Policy=json.dumps(policy))
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-postgresql", StorageEncrypted=True,
                                  KmsKeyId=key["Arn"], MasterUsername="admin", MasterUserPassword="secret-password",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "100"}])
            rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier="orders", WaiterConfig=WAIT)
            rds.create_db_instance(DBInstanceIdentifier="orders-1", DBClusterIdentifier="orders",
                                   DBInstanceClass="db.r6g.large", Engine="aurora-postgresql")
            rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="orders-1", WaiterConfig=WAIT)
            source = rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]
            ram.create_resource_share(name="orders-share", resourceArns=[source["DBClusterArn"]],
                                      principals=[AUDIT], allowExternalPrincipals=True)

            akms, ards, aram = (s.client(x, AUDIT) for x in ("kms", "rds", "ram"))
            invitation = aram.get_resource_share_invitations()["resourceShareInvitations"][0]
            aram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            seen = ards.describe_db_clusters(IncludeShared=True)["DBClusters"]
            self.assertEqual([c["DBClusterArn"] for c in seen], [source["DBClusterArn"]])
            audit_key = akms.create_key(Description="audit")["KeyMetadata"]
            clone = ards.restore_db_cluster_to_point_in_time(
                SourceDBClusterIdentifier=source["DBClusterArn"], DBClusterIdentifier="audit-copy",
                RestoreType="copy-on-write", UseLatestRestorableTime=True, KmsKeyId=audit_key["Arn"])["DBCluster"]
            source = rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]
            self.assertEqual(clone["CloneGroupId"], source["CloneGroupId"])
            ards.get_waiter("db_cluster_available").wait(DBClusterIdentifier="audit-copy", WaiterConfig=WAIT)
            ards.create_db_instance(DBInstanceIdentifier="audit-1", DBClusterIdentifier="audit-copy",
                                    DBInstanceClass="db.r6g.large", Engine="aurora-postgresql")
            ards.get_waiter("db_instance_available").wait(DBInstanceIdentifier="audit-1", WaiterConfig=WAIT)

            s.control("/_cowsim/write", {"account": OWNER, "db-cluster-identifier": "orders", "gib": 5})
            s.control("/_cowsim/write", {"account": AUDIT, "db-cluster-identifier": "audit-copy", "gib": 5})
            rds.delete_db_instance(DBInstanceIdentifier="orders-1")
            rds.delete_db_cluster(DBClusterIdentifier="orders", SkipFinalSnapshot=True)
            s.control("/_cowsim/advance", {"duration": "30d"})

            report = s.control("/_cowsim/report")
            row = next(c for c in report["clusters"] if c["identifier"] == "audit-copy")
            self.assertEqual(row["account"], AUDIT)
            # It pays for all it sees: the source's 100 GiB it did not rewrite, and its own writes.
            self.assertEqual(row["owned_pages"], row["logical_pages"])
            self.assertGreater(row["billed_bytes"], 99 * 2**30)
            audit = next(a for a in report["accounts"] if a["id"] == AUDIT)
            self.assertGreater(audit["total_cost_usd"], 0)


class Listings(BinaryTest):
    """The read calls scripts make around the story: keys and aliases,
    shares seen from both sides, snapshots and who may restore them."""

    def test_reads(self):
        with Server() as s:
            kms, rds, ram = (s.client(x, OWNER) for x in ("kms", "rds", "ram"))
            key = kms.create_key()["KeyMetadata"]
            kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
            aliases = {a["AliasName"]: a["TargetKeyId"] for a in kms.list_aliases()["Aliases"]}
            self.assertEqual(aliases["alias/orders"], key["KeyId"])
            self.assertIn("alias/aws/rds", aliases)
            self.assertEqual(kms.describe_key(KeyId="alias/orders")["KeyMetadata"]["Arn"], key["Arn"])
            default = json.loads(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"])
            self.assertEqual(default["Statement"][0]["Principal"]["AWS"], f"arn:aws:iam::{OWNER}:root")
            with self.assertRaises(ClientError) as e:
                s.client("kms", AUDIT).describe_key(KeyId=key["Arn"])
            self.assertEqual(code(e.exception), "NotFoundException")

            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "1"}])
            rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier="orders", WaiterConfig=WAIT)
            rds.create_db_cluster_snapshot(DBClusterIdentifier="orders", DBClusterSnapshotIdentifier="monday")
            rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier="monday", AttributeName="restore",
                                                     ValuesToAdd=[AUDIT])
            snaps = rds.describe_db_cluster_snapshots(DBClusterIdentifier="orders")["DBClusterSnapshots"]
            self.assertEqual([x["DBClusterSnapshotIdentifier"] for x in snaps], ["monday"])
            attributes = rds.describe_db_cluster_snapshot_attributes(DBClusterSnapshotIdentifier="monday")
            values = attributes["DBClusterSnapshotAttributesResult"]["DBClusterSnapshotAttributes"][0]
            self.assertEqual(values["AttributeValues"], [AUDIT])
            audit_rds = s.client("rds", AUDIT)
            self.assertEqual(audit_rds.describe_db_cluster_snapshots()["DBClusterSnapshots"], [])
            shared = audit_rds.describe_db_cluster_snapshots(IncludeShared=True)["DBClusterSnapshots"]
            self.assertEqual([x["DBClusterSnapshotArn"] for x in shared], [snaps[0]["DBClusterSnapshotArn"]])

            arn = rds.describe_db_clusters()["DBClusters"][0]["DBClusterArn"]
            ram.create_resource_share(name="orders-share", resourceArns=[arn], principals=[AUDIT, OTHER])
            mine = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
            self.assertEqual([x["name"] for x in mine], ["orders-share"])
            principals = ram.get_resource_share_associations(associationType="PRINCIPAL")
            self.assertEqual(sorted(a["associatedEntity"] for a in principals["resourceShareAssociations"]),
                             [AUDIT, OTHER])
            self.assertEqual([r["arn"] for r in ram.list_resources(resourceOwner="SELF")["resources"]], [arn])
            audit_ram = s.client("ram", AUDIT)
            # Not yet accepted: nothing shared with AUDIT shows.
            self.assertEqual(audit_ram.list_resources(resourceOwner="OTHER-ACCOUNTS")["resources"], [])
            invitation = audit_ram.get_resource_share_invitations()["resourceShareInvitations"][0]
            audit_ram.accept_resource_share_invitation(
                resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            theirs = audit_ram.get_resource_shares(resourceOwner="OTHER-ACCOUNTS")["resourceShares"]
            self.assertEqual([x["name"] for x in theirs], ["orders-share"])
            self.assertNotIn(OTHER, json.dumps(theirs, default=str), "a receiver does not learn the share's other principals")
            self.assertEqual([r["arn"] for r in audit_ram.list_resources(resourceOwner="OTHER-ACCOUNTS")["resources"]],
                             [arn])

    def test_describe_db_engine_versions(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            every = rds.describe_db_engine_versions()["DBEngineVersions"]
            self.assertEqual([(v["Engine"], v["EngineVersion"], v["DBParameterGroupFamily"]) for v in every],
                             [("aurora-mysql", "8.0.mysql_aurora.3.10.0", "aurora-mysql8.0"),
                              ("aurora-postgresql", "17.5", "aurora-postgresql17")])
            postgres = rds.describe_db_engine_versions(Engine="aurora-postgresql", DefaultOnly=True)
            self.assertEqual([v["DBEngineDescription"] for v in postgres["DBEngineVersions"]], ["Aurora (PostgreSQL)"])
            none = rds.describe_db_engine_versions(Engine="aurora-mysql", EngineVersion="5.7.mysql_aurora.2.12.0")
            self.assertEqual(none["DBEngineVersions"], [])
            with self.assertRaises(ClientError) as e:
                rds.describe_db_engine_versions(Engine="mysql")
            self.assertEqual(code(e.exception), "InvalidParameterValue")

            cli = s.aws_json(OWNER, "rds", "describe-db-engine-versions", "--engine", "aurora-mysql",
                             "--default-only")
            self.assertEqual([(v["EngineVersion"], v["DBEngineVersionDescription"]) for v in cli["DBEngineVersions"]],
                             [("8.0.mysql_aurora.3.10.0", "Aurora MySQL 3.10.0 (compatible with MySQL 8.0.42)")])
            # A new cluster gets the version listed.
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-postgresql")
            cluster = rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]
            self.assertEqual(cluster["EngineVersion"], postgres["DBEngineVersions"][0]["EngineVersion"])


class ShareDeletion(BinaryTest):
    """DeleteResourceShare, whose model puts the share's ARN (and the client
    token) in the query string of a body-less DELETE: from boto3 and from
    the AWS CLI, as each sends it."""

    def test_delete_resource_share(self):
        with Server() as s:
            rds, ram = s.client("rds", OWNER), s.client("ram", OWNER)
            arn = rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")["DBCluster"]["DBClusterArn"]
            rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier="orders", WaiterConfig=WAIT)
            by_boto3, by_cli = (ram.create_resource_share(name=name, resourceArns=[arn], principals=[who])
                                ["resourceShare"]["resourceShareArn"]
                                for name, who in (("by-boto3", AUDIT), ("by-cli", OTHER)))
            self.assertTrue(ram.delete_resource_share(resourceShareArn=by_boto3, clientToken="once")["returnValue"])
            answer = s.aws_json(OWNER, "ram", "delete-resource-share", "--resource-share-arn", by_cli)
            self.assertEqual(answer, {"returnValue": True})
            self.assertEqual(ram.get_resource_shares(resourceOwner="SELF")["resourceShares"], [])
            with self.assertRaises(ClientError) as e:
                ram.delete_resource_share(resourceShareArn=by_boto3)
            self.assertEqual(code(e.exception), "UnknownResourceException")
            done = s.aws(OWNER, "ram", "delete-resource-share", "--resource-share-arn", by_cli, check=False)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("UnknownResourceException", done.stderr)
            status, _, headers = signed(s, "ram", b'{"resourceShareArn": "%s"}' % by_cli.encode(),
                                        path="/deleteresourceshare", headers={"Content-Type": "application/json"})
            self.assertEqual((status, headers["x-amzn-ErrorType"]), (405, "InvalidParameterException"),
                             "the share's ARN travels in the query string of a DELETE, not in a POST's body")
            steps = s.control("/_cowsim/scenario")
            self.assertEqual(steps.count('op = "delete-resource-share"'), 4, "the refused body is not a call")


class Clock(BinaryTest):
    """`--speed` lets the clock follow the wall clock; a workload started
    through its route writes as it moves; SIGTERM stops the server cleanly."""

    def test_speed_and_workload(self):
        s = Server("--speed", "3600")
        try:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "1"}])
            rds.describe_db_clusters()
            started = s.control("/_cowsim/workload", {"account": OWNER, "db-cluster-identifier": "orders",
                                                      "rate": "1GiB/day", "mode": "append"})
            self.assertTrue(started["ok"], started)
            time.sleep(1.5)
            report = s.control("/_cowsim/report")
            # 1.5 s at 3,600 simulated seconds a second: at least an hour on.
            self.assertGreaterEqual(report["clock"], "2026-01-01T01:")
            row = next(c for c in report["clusters"] if c["identifier"] == "orders")
            self.assertGreater(row["logical_pages"], 65536, "the workload wrote as the clock moved")
            self.assertIn('op = "advance"', s.control("/_cowsim/scenario"))
        finally:
            self.assertEqual(s.stop(), 0, "SIGTERM stops the server cleanly")


class TransitionalStates(BinaryTest):
    """A resource shows its transitional state, as AWS shows it, to the
    calls that follow; a describe moves a clock that doesn't follow the
    wall's to the next completion, so waiters finish by themselves; and a
    DB instance asked for right after its cluster is accepted."""

    def test_creating_then_available(self):
        with Server() as s:
            rds, ram = s.client("rds", OWNER), s.client("ram", OWNER)
            cluster = rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")["DBCluster"]
            self.assertEqual(cluster["Status"], "creating")
            before = s.control("/_cowsim/report")["clock"]
            with self.assertRaises(ClientError) as e:
                ram.create_resource_share(name="early", resourceArns=[cluster["DBClusterArn"]],
                                          principals=[AUDIT])
            self.assertEqual(code(e.exception), "InvalidStateTransitionException")
            with self.assertRaises(ClientError) as e:
                rds.create_db_cluster_snapshot(DBClusterIdentifier="orders", DBClusterSnapshotIdentifier="early")
            self.assertEqual(code(e.exception), "InvalidDBClusterStateFault")
            self.assertEqual(s.control("/_cowsim/report")["clock"], before, "a refusal moves no clock")
            # As in AWS, a script may ask for the instance at once.
            instance = rds.create_db_instance(DBInstanceIdentifier="orders-1", DBClusterIdentifier="orders",
                                              Engine="aurora-mysql", DBInstanceClass="db.r6g.large")
            self.assertEqual(instance["DBInstance"]["DBInstanceStatus"], "creating")
            rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier="orders-1", WaiterConfig=WAIT)
            self.assertEqual(rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]["Status"],
                             "available")
            ram.create_resource_share(name="later", resourceArns=[cluster["DBClusterArn"]], principals=[AUDIT])
            # Each wait is an advance step: the session replays as it ran.
            with tempfile.TemporaryDirectory() as d:
                log = Path(d) / "session.toml"
                log.write_text(s.control("/_cowsim/scenario"))
                from cowsim import report as run_report
                replayed = run_report(log)
            ours = s.control("/_cowsim/report")
            self.assertEqual(replayed["clock"], ours["clock"])
            self.assertEqual(without_wall_times(replayed)["clusters"], without_wall_times(ours)["clusters"])

    def test_a_describe_moves_the_clock_only_as_far_as_the_next_completion(self):
        with Server() as s:
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="first", Engine="aurora-mysql")
            s.control("/_cowsim/advance", {"duration": "1m"})
            rds.create_db_cluster(DBClusterIdentifier="second", Engine="aurora-mysql")
            statuses = {c["DBClusterIdentifier"]: c["Status"] for c in rds.describe_db_clusters()["DBClusters"]}
            self.assertEqual(statuses, {"first": "available", "second": "creating"})
            statuses = {c["DBClusterIdentifier"]: c["Status"] for c in rds.describe_db_clusters()["DBClusters"]}
            self.assertEqual(statuses, {"first": "available", "second": "available"})
            # Another account's describe waits for nothing of the first's.
            s.client("rds", AUDIT).create_db_cluster(DBClusterIdentifier="theirs", Engine="aurora-mysql")
            clock = s.control("/_cowsim/report")["clock"]
            rds.describe_db_clusters()
            self.assertEqual(s.control("/_cowsim/report")["clock"], clock)


class Refusals(BinaryTest):
    """Malformed requests get the service's error and change nothing."""

    def test_malformed_requests(self):
        with Server() as s:
            s.client("rds", OWNER).create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
            s.client("rds", OWNER).describe_db_clusters()
            before = s.control("/_cowsim/scenario")
            unsigned = s.client("rds", OWNER)
            unsigned.meta.events.register("choose-signer.rds.*", lambda **kw: UNSIGNED)
            with self.assertRaises(ClientError) as e:
                unsigned.describe_db_clusters()
            self.assertEqual(code(e.exception), "MissingAuthenticationToken")
            cases = [
                (b"Version=2014-10-31", 400, "MissingParameter"),
                (b"Action=DescribeDBClusters&Version=2014-10-31&Bogus=1", 400, "InvalidParameterValue"),
                (b"Action=DescribeDBClusters&Version=2014-10-31&IncludeShared=maybe", 400, "InvalidParameterValue"),
                (b"Action=CreateDBCluster&Version=2014-10-31&DBClusterIdentifier=x", 400, "MissingParameter"),
                (b"Action=DescribeDBClusters&Version=2014-10-31&Filters.Filter.x.Name=a", 400, "InvalidParameterValue"),
                (b"Action=DescribeDBClusters&Version=2014-10-31&" + b"x" * (10 << 20), 413, "InvalidParameterValue"),
            ]
            for body, expected_status, expected in cases:
                status, answer, _ = signed(s, "rds", body)
                self.assertEqual((status, xml_error(answer)[0]), (expected_status, expected), body[:80])
            status, answer, headers = signed(s, "ram", b'{"name": "x", "resourceArns": [',
                                             path="/createresourceshare", headers={"Content-Type": "application/json"})
            self.assertEqual((status, headers["x-amzn-ErrorType"]), (400, "InvalidParameterException"))
            with self.assertRaises(ClientError) as e:
                s.client("ram", OWNER).create_resource_share(name="x", resourceArns=["not-an-arn"])
            self.assertEqual(code(e.exception), "MalformedArnException")
            self.assertEqual(s.control("/_cowsim/scenario").count("[[steps]]"),
                             before.count("[[steps]]") + 1, "only the refused RAM call (an AWS error) is recorded")


class Identifiers(BinaryTest):
    """Names AWS refuses are refused as AWS refuses them, before anything
    runs: the state file gains no record, and the session counts them."""

    def test_names_aws_refuses(self):
        with tempfile.TemporaryDirectory() as d:
            state = Path(d) / "state.toml"
            with Server("--state", state) as s:
                rds, kms, ram = (s.client(name, OWNER) for name in ("rds", "kms", "ram"))
                rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql")
                key = kms.create_key()["KeyMetadata"]["KeyId"]
                before = state.read_text()
                for bad in ("1bad--id", "bad--id", "bad-", "under_score", "a" * 64):
                    with self.assertRaises(ClientError) as e:
                        rds.create_db_cluster(DBClusterIdentifier=bad, Engine="aurora-mysql")
                    self.assertEqual(code(e.exception), "InvalidParameterValue", bad)
                    self.assertIn("DBClusterIdentifier is not a valid identifier",
                                  e.exception.response["Error"]["Message"])
                with self.assertRaises(ClientError) as e:
                    rds.create_db_cluster_snapshot(DBClusterIdentifier="orders", DBClusterSnapshotIdentifier="-x")
                self.assertEqual(code(e.exception), "InvalidParameterValue")
                for bad in ("orders", "alias/aws/orders", "alias/a b"):
                    with self.assertRaises(ClientError) as e:
                        kms.create_alias(AliasName=bad, TargetKeyId=key)
                    self.assertEqual(code(e.exception), "InvalidAliasNameException", bad)
                with self.assertRaises(ClientError) as e:
                    ram.create_resource_share(name="n" * 256)
                self.assertEqual(code(e.exception), "InvalidParameterException")
                self.assertEqual(state.read_text(), before, "a refused name is not journaled")
                kms.create_alias(AliasName="alias/orders", TargetKeyId=key)
                rds.create_db_cluster(DBClusterIdentifier="Orders-2", Engine="aurora-mysql")
                self.assertIn('db-cluster-identifier = "Orders-2"', state.read_text())


class StateFile(BinaryTest):
    """A server killed with SIGKILL and restarted on its state file has the
    report it had, and goes on recording."""

    def test_kill_and_restart(self):
        with tempfile.TemporaryDirectory() as d:
            state = Path(d) / "state.toml"
            s = Server("--state", state)
            rds = s.client("rds", OWNER)
            rds.create_db_cluster(DBClusterIdentifier="orders", Engine="aurora-mysql",
                                  Tags=[{"Key": "cowsim:data-gib", "Value": "1"}])
            rds.create_db_instance(DBInstanceIdentifier="orders-1", DBClusterIdentifier="orders",
                                   DBInstanceClass="db.r6g.large", Engine="aurora-mysql")
            s.control("/_cowsim/advance", {"duration": "2d"})
            s.control("/_cowsim/write", {"account": OWNER, "db-cluster-identifier": "orders", "pages": 100})
            before = without_wall_times(s.control("/_cowsim/report"))
            s.stop(sig=9)
            again = Server("--state", state)
            try:
                self.assertEqual(without_wall_times(again.control("/_cowsim/report")), before)
                again.client("rds", OWNER).delete_db_instance(DBInstanceIdentifier="orders-1")
                text = again.control("/_cowsim/scenario")
                self.assertEqual(text, state.read_text())
                self.assertIn('op = "delete-db-instance"', text)
            finally:
                again.stop()


class Concurrency(BinaryTest):
    """Clients calling at once lose and duplicate nothing."""

    def test_parallel_clients(self):
        with Server() as s:
            accounts = [f"{100000000000 + i}" for i in range(8)]
            failures = []

            def work(account):
                try:
                    rds = s.client("rds", account)
                    for n in range(5):
                        rds.create_db_cluster(DBClusterIdentifier=f"c{n}", Engine="aurora-mysql")
                        rds.describe_db_clusters()
                except Exception as e:  # reported below, with the account
                    failures.append((account, repr(e)))

            threads = [threading.Thread(target=work, args=(a,)) for a in accounts]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
            self.assertEqual(failures, [])
            for a in accounts:
                names = [c["DBClusterIdentifier"] for c in s.client("rds", a).describe_db_clusters()["DBClusters"]]
                self.assertEqual(sorted(names), [f"c{n}" for n in range(5)])
            text = s.control("/_cowsim/scenario")
            self.assertEqual(len(re.findall(r'op = "create-db-cluster"', text)), 40)
            s.control("/moto-api/reset", {})
            self.assertEqual(s.client("rds", accounts[0]).describe_db_clusters()["DBClusters"], [])
