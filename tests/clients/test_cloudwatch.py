"""`cowsim serve` as CloudWatch, through boto3: each account sees its own
clusters' metrics (another's cluster of the same name shows nothing of
itself), the statistics add up the metered hours, and bad input gets
CloudWatch's errors (docs/aws-behaviour.md, "CloudWatch")."""

import tempfile
from datetime import datetime, timezone
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from cowsim import BinaryTest
from scenario_text import OWNER, advance, cluster, scenario, step
from serve import Server

GIB = 2**30
OTHER = "222222222222"

FLEET = scenario("two accounts, one cluster name", [
    cluster("db", account=OWNER, data_gib=2),
    cluster("db", account=OTHER, data_gib=5),
    advance("30m"),
    step("workload", account=OWNER, db_cluster_identifier="db", rate="100 pages/h"),
    advance("6h"),
], accounts=(OWNER, OTHER))

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 2, tzinfo=timezone.utc)


class CloudWatch(BinaryTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        path = Path(cls.tmp.name) / "fleet.toml"
        path.write_text(FLEET)
        cls.server = Server("--scenario", path)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def cloudwatch(self, account, validate=True):
        """A client; without `validate`, one that sends what botocore would
        refuse, to see the server's errors."""
        if validate:
            return self.server.client("cloudwatch", account)
        return boto3.client("cloudwatch", endpoint_url=self.server.url, region_name="us-east-1",
                            aws_access_key_id=account, aws_secret_access_key="secret",
                            config=Config(parameter_validation=False, retries={"max_attempts": 1}))

    def statistics(self, account, metric, stats, **extra):
        args = dict(Namespace="AWS/RDS", MetricName=metric, StartTime=START, EndTime=END, Period=3600,
                    Dimensions=[{"Name": "DBClusterIdentifier", "Value": "db"}], Statistics=stats)
        args.update(extra)
        return self.cloudwatch(account).get_metric_statistics(**args)

    def test_each_account_sees_its_own_cluster(self):
        for account, gib in [("111111111111", 2), ("222222222222", 5)]:
            points = self.statistics(account, "VolumeBytesUsed", ["Maximum"])["Datapoints"]
            self.assertEqual(len(points), 6, account)
            self.assertEqual({p["Maximum"] for p in points}, {gib * GIB}, account)
            self.assertEqual({p["Unit"] for p in points}, {"Bytes"})
            listed = self.cloudwatch(account).list_metrics(Namespace="AWS/RDS")["Metrics"]
            self.assertEqual({d["Value"] for m in listed for d in m["Dimensions"]}, {"db"})
        # A third account has no cluster and sees no metric.
        self.assertEqual(self.cloudwatch("333333333333").list_metrics()["Metrics"], [])
        self.assertEqual(self.statistics("333333333333", "VolumeBytesUsed", ["Sum"])["Datapoints"], [])

    def test_sums_and_counts_add_up_the_hours(self):
        points = self.statistics("111111111111", "VolumeWriteIOPs", ["Sum", "SampleCount"], Period=6 * 3600)
        self.assertEqual(len(points["Datapoints"]), 1)
        point = points["Datapoints"][0]
        self.assertEqual(point["SampleCount"], 6.0)
        # 100 pages of 16 KiB an hour, four 4 KiB I/Os each, for the 5.5
        # hours the workload ran of the six.
        self.assertAlmostEqual(point["Sum"], 100 * 4 * 5.5, delta=100 * 4)
        data = self.cloudwatch("111111111111").get_metric_data(
            MetricDataQueries=[{"Id": "w", "MetricStat": {"Metric": {
                "Namespace": "AWS/RDS", "MetricName": "VolumeWriteIOPs",
                "Dimensions": [{"Name": "DBClusterIdentifier", "Value": "db"}]},
                "Period": 6 * 3600, "Stat": "Sum"}}],
            StartTime=START, EndTime=END)
        self.assertEqual(data["MetricDataResults"][0]["Values"], [point["Sum"]])

    def assertRefused(self, code, call, **args):
        with self.assertRaises(ClientError) as refused:
            call(**args)
        self.assertEqual(refused.exception.response["Error"]["Code"], code, refused.exception)

    def test_bad_input_gets_cloudwatchs_errors(self):
        cw = self.cloudwatch("111111111111", validate=False)
        base = dict(Namespace="AWS/RDS", MetricName="VolumeBytesUsed", StartTime=START, EndTime=END,
                    Period=3600, Statistics=["Average"])
        self.assertRefused("InvalidParameterValue", cw.get_metric_statistics, **dict(base, Period=90))
        self.assertRefused("InvalidParameterValue", cw.get_metric_statistics,
                           **dict(base, StartTime=END, EndTime=START))
        # A day of minutes is 1,440 datapoints, the most one call gives.
        cw.get_metric_statistics(**dict(base, Period=60))
        self.assertRefused("InvalidParameterCombination", cw.get_metric_statistics,
                           **dict(base, Period=60, EndTime=datetime(2026, 1, 3, tzinfo=timezone.utc)))
        self.assertRefused("InvalidParameterValue", cw.get_metric_statistics,
                           **dict(base, Statistics=["p99"]))
        missing = dict(base)
        del missing["StartTime"]
        self.assertRefused("MissingParameter", cw.get_metric_statistics, **missing)
        self.assertRefused("InvalidParameterValue", cw.get_metric_data, StartTime=START, EndTime=END,
                           MetricDataQueries=[{"Id": "Bad-id", "MetricStat": {
                               "Metric": {"Namespace": "AWS/RDS", "MetricName": "VolumeBytesUsed"},
                               "Period": 3600, "Stat": "Average"}}])
