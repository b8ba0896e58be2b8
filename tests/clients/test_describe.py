"""Filters and pages of RDS's describe calls, as automation uses them:
boto3's paginators and the AWS CLI's automatic pagination walk 250
clusters (one account's own and those six others share with it, since an
account may have only 40) and 250 snapshots with nothing missed or
repeated; filters keep what AWS's would; an unknown filter name, a page
size outside 20 to 100 and a marker this server did not give are refused
with AWS's error and HTTP 400, and change nothing."""

import json

from botocore.exceptions import ClientError

from cowsim import BinaryTest
from serve import Server

OWNER = "111111111111"
SHARERS = [f"{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}{n}" for n in range(2, 8)]
OWN_CLUSTERS, SHARED_EACH, SNAPSHOTS = 33, 36, 250
CLUSTERS = OWN_CLUSTERS + 1 + SHARED_EACH * len(SHARERS)
ENGINES = ("aurora-mysql", "aurora-postgresql")


def code(error: ClientError):
    return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]


class Describe(BinaryTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = s = Server()
        cls.rds = rds = s.client("rds", OWNER)
        cls.arns = [rds.create_db_cluster(DBClusterIdentifier=f"own-{i:03}", Engine=ENGINES[i % 2])
                    ["DBCluster"]["DBClusterArn"] for i in range(OWN_CLUSTERS)]
        theirs = {sharer: [s.client("rds", sharer).create_db_cluster(
            DBClusterIdentifier=f"c-{i:03}", Engine="aurora-mysql")["DBCluster"]["DBClusterArn"]
            for i in range(SHARED_EACH)] for sharer in SHARERS}
        cls.arns += [arn for arns in theirs.values() for arn in arns]
        s.control("/_cowsim/advance", {"duration": "1h"})
        for sharer, arns in theirs.items():
            s.client("ram", sharer).create_resource_share(name="fleet", resourceArns=arns, principals=[OWNER])
        ram = s.client("ram", OWNER)
        for invitation in ram.get_resource_share_invitations()["resourceShareInvitations"]:
            ram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
        for i in range(2):
            rds.create_db_instance(DBInstanceIdentifier=f"own-{i:03}-1", DBClusterIdentifier=f"own-{i:03}",
                                   DBInstanceClass="db.r6g.large", Engine=ENGINES[i % 2])
        s.control("/_cowsim/advance", {"duration": "1h"})
        cls.arns.append(rds.restore_db_cluster_to_point_in_time(
            SourceDBClusterIdentifier="own-000", DBClusterIdentifier="own-clone",
            RestoreType="copy-on-write", UseLatestRestorableTime=True)["DBCluster"]["DBClusterArn"])
        for i in range(SNAPSHOTS):
            rds.create_db_cluster_snapshot(DBClusterIdentifier=f"own-{i % 2:03}",
                                           DBClusterSnapshotIdentifier=f"snap-{i:03}")
        s.control("/_cowsim/advance", {"duration": "1d"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def walk(self, operation, key, **kwargs):
        pages = list(self.rds.get_paginator(operation).paginate(**kwargs))
        items = [item for page in pages for item in page[key]]
        return pages, items

    def assert_pages(self, pages, key, size):
        """Every page holds at most `size` items (RDS's default, 100, when
        None), and all but the last exactly that many: RDS fills a page
        before it gives a Marker."""
        full = size or 100
        lengths = [len(page[key]) for page in pages]
        self.assertTrue(all(n == full for n in lengths[:-1]) and 0 < lengths[-1] <= full, (size, lengths))
        self.assertTrue(all("Marker" in page for page in pages[:-1]), size)
        self.assertNotIn("Marker", pages[-1], size)

    def test_boto3_paginators_walk_every_cluster_and_snapshot_once(self):
        self.assertEqual((len(self.arns), len(set(self.arns))), (CLUSTERS, CLUSTERS))
        for size, count in ((20, 13), (37, 7), (100, 3), (None, 3)):
            config = {"PageSize": size} if size else {}
            pages, clusters = self.walk("describe_db_clusters", "DBClusters", IncludeShared=True,
                                        PaginationConfig=config)
            arns = [c["DBClusterArn"] for c in clusters]
            self.assertEqual(sorted(arns), sorted(self.arns), f"every cluster, once each ({size})")
            self.assertEqual(len(pages), count, size)
            self.assert_pages(pages, "DBClusters", size)
            pages, snapshots = self.walk("describe_db_cluster_snapshots", "DBClusterSnapshots",
                                         PaginationConfig=config)
            ids = [s["DBClusterSnapshotIdentifier"] for s in snapshots]
            self.assertEqual(ids, [f"snap-{i:03}" for i in range(SNAPSHOTS)], "in creation order, once each")
            self.assertEqual(len(pages), count, size)
            self.assert_pages(pages, "DBClusterSnapshots", size)
        pages, instances = self.walk("describe_db_instances", "DBInstances", PaginationConfig={"PageSize": 20})
        self.assertEqual((len(pages), len(instances)), (1, 2))

    def test_the_cli_paginates_on_its_own(self):
        s = self.server
        for size in ("20", "100"):
            clusters = s.aws_json(OWNER, "rds", "describe-db-clusters", "--include-shared", "--page-size", size)
            arns = [c["DBClusterArn"] for c in clusters["DBClusters"]]
            self.assertEqual(sorted(arns), sorted(self.arns), size)
            self.assertNotIn("NextToken", clusters)
            snapshots = s.aws_json(OWNER, "rds", "describe-db-cluster-snapshots", "--page-size", size)
            ids = [x["DBClusterSnapshotIdentifier"] for x in snapshots["DBClusterSnapshots"]]
            self.assertEqual(ids, [f"snap-{i:03}" for i in range(SNAPSHOTS)], size)
        first = s.aws_json(OWNER, "rds", "describe-db-cluster-snapshots", "--max-items", "30", "--page-size", "20")
        rest = s.aws_json(OWNER, "rds", "describe-db-cluster-snapshots", "--starting-token", first["NextToken"],
                          "--page-size", "20")
        both = [x["DBClusterSnapshotIdentifier"] for x in first["DBClusterSnapshots"] + rest["DBClusterSnapshots"]]
        self.assertEqual(both, ids)

    def test_filters_keep_what_matches_any_value_of_every_filter(self):
        rds = self.rds

        def clusters(*filters, **kwargs):
            listed = rds.describe_db_clusters(Filters=[{"Name": n, "Values": v} for n, v in filters], **kwargs)
            return sorted(c.get("DBClusterIdentifier", c["DBClusterArn"]) for c in listed["DBClusters"])

        postgres = [f"own-{i:03}" for i in range(1, OWN_CLUSTERS, 2)]
        self.assertEqual(clusters(("engine", ["aurora-postgresql"])), postgres)
        _, mysql = self.walk("describe_db_clusters", "DBClusters", IncludeShared=True,
                             Filters=[{"Name": "engine", "Values": ["aurora-mysql"]}])
        self.assertEqual(len(mysql), CLUSTERS - len(postgres))
        arn = rds.describe_db_clusters(DBClusterIdentifier="own-005")["DBClusters"][0]["DBClusterArn"]
        self.assertEqual(clusters(("db-cluster-id", ["own-004", arn, "nothing"])), ["own-004", "own-005"])
        self.assertEqual(clusters(("db-cluster-id", ["own-004", arn]), ("engine", ["aurora-mysql"])), ["own-004"])
        group = rds.describe_db_clusters(DBClusterIdentifier="own-clone")["DBClusters"][0]["CloneGroupId"]
        self.assertEqual(clusters(("clone-group-id", [group]), IncludeShared=True), ["own-000", "own-clone"])
        self.assertEqual(clusters(("db-cluster-resource-id", ["cluster-ABC"])), [])

        def instances(*filters):
            listed = rds.describe_db_instances(Filters=[{"Name": n, "Values": v} for n, v in filters])
            return [i["DBInstanceIdentifier"] for i in listed["DBInstances"]]

        self.assertEqual(instances(("db-instance-id", ["own-001-1"])), ["own-001-1"])
        self.assertEqual(instances(("db-cluster-id", ["own-000"])), ["own-000-1"])
        self.assertEqual(instances(("engine", ["aurora-postgresql"])), ["own-001-1"])
        self.assertEqual(instances(("engine", ENGINES), ("db-cluster-id", ["own-002"])), [])
        by_cli = self.server.aws_json(OWNER, "rds", "describe-db-instances", "--filters",
                                      "Name=db-instance-id,Values=own-000-1")
        self.assertEqual([i["DBInstanceIdentifier"] for i in by_cli["DBInstances"]], ["own-000-1"])

        def snapshots(*filters):
            _, listed = self.walk("describe_db_cluster_snapshots", "DBClusterSnapshots",
                                  Filters=[{"Name": n, "Values": v} for n, v in filters])
            return [x["DBClusterSnapshotIdentifier"] for x in listed]

        self.assertEqual(len(snapshots(("db-cluster-id", ["own-001"]))), SNAPSHOTS // 2)
        self.assertEqual(snapshots(("db-cluster-snapshot-id", ["snap-007", "snap-008"]), ("engine", ["aurora-mysql"])),
                         ["snap-008"])
        self.assertEqual(len(snapshots(("snapshot-type", ["manual"]))), SNAPSHOTS)
        self.assertEqual(snapshots(("snapshot-type", ["automated", "shared"])), [])

    def test_bad_input_is_refused_as_aws_refuses_it_and_changes_nothing(self):
        s, rds = self.server, self.rds
        before = s.control("/_cowsim/report")["clusters"]
        marker = rds.describe_db_clusters(IncludeShared=True, MaxRecords=20)["Marker"]
        calls = {
            "unknown filter (clusters)": lambda: rds.describe_db_clusters(
                Filters=[{"Name": "tag:team", "Values": ["x"]}]),
            "unknown filter (instances)": lambda: rds.describe_db_instances(
                Filters=[{"Name": "db-cluster-snapshot-id", "Values": ["x"]}]),
            "unknown filter (snapshots)": lambda: rds.describe_db_cluster_snapshots(
                Filters=[{"Name": "clone-group-id", "Values": ["x"]}]),
            "MaxRecords 19": lambda: rds.describe_db_clusters(MaxRecords=19),
            "MaxRecords 101": lambda: rds.describe_db_cluster_snapshots(MaxRecords=101),
            "forged marker": lambda: rds.describe_db_clusters(IncludeShared=True, Marker="0" * 24),
            "marker of another call": lambda: rds.describe_db_clusters(Marker=marker),
            "marker of another account": lambda: s.client("rds", SHARERS[0]).describe_db_clusters(
                IncludeShared=True, Marker=marker),
            "marker of another operation": lambda: rds.describe_db_cluster_snapshots(Marker=marker),
        }
        for what, call in calls.items():
            with self.subTest(what), self.assertRaises(ClientError) as e:
                call()
            self.assertEqual(code(e.exception), ("InvalidParameterValue", 400), what)
        self.assertIn("Unrecognized filter name: tag:team", str(self.refusal(calls["unknown filter (clusters)"])))
        cli = s.aws(OWNER, "rds", "describe-db-clusters", "--max-records", "101", check=False)
        self.assertNotEqual(cli.returncode, 0)
        self.assertIn("InvalidParameterValue", cli.stderr)
        cli = s.aws(OWNER, "rds", "describe-db-clusters", "--filters", "Name=status,Values=available", check=False)
        self.assertIn("Unrecognized filter name: status", cli.stderr)
        self.assertEqual(json.dumps(s.control("/_cowsim/report")["clusters"]), json.dumps(before))
        self.assertEqual(len(self.walk("describe_db_clusters", "DBClusters", IncludeShared=True)[1]), CLUSTERS)

    def refusal(self, call):
        try:
            call()
        except ClientError as e:
            return e
        self.fail("not refused")
