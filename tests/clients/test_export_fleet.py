"""scripts/export-fleet.sh, run against a stand-in `aws` command (no AWS
account here), writes files that `cowsim import` reads into the fleet the
account has."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from cowsim import ROOT, BinaryTest, cowsim

KEY = "arn:aws:kms:us-east-1:111111111111:key/0123abcd-1111-2222-3333-444455556666"
GIB = 2**30


def cluster(identifier, created, cross=False):
    return {
        "DBClusterIdentifier": identifier,
        "DBClusterArn": f"arn:aws:rds:us-east-1:111111111111:cluster:{identifier}",
        "Engine": "aurora-mysql", "EngineVersion": "8.0.mysql_aurora.3.05.2",
        "EngineMode": "provisioned", "Status": "available", "StorageEncrypted": True,
        "KmsKeyId": KEY, "StorageType": "aurora", "CloneGroupId": "group-1",
        "CrossAccountClone": cross, "ClusterCreateTime": created, "AllocatedStorage": 1,
    }


FIXTURE = {
    "sts get-caller-identity": {"UserId": "AIDA", "Account": "111111111111",
                                "Arn": "arn:aws:iam::111111111111:user/me"},
    "rds describe-db-clusters": {"DBClusters": [
        cluster("orders", "2025-06-01T00:00:00.000000+00:00"),
        cluster("orders-test", "2026-01-10T00:00:00.000000+00:00"),
    ]},
    "rds describe-db-instances": {"DBInstances": [
        {"DBInstanceIdentifier": "orders-1", "DBClusterIdentifier": "orders",
         "DBInstanceArn": "arn:aws:rds:us-east-1:111111111111:db:orders-1",
         "DBInstanceClass": "db.r6g.large", "Engine": "aurora-mysql"}]},
    "rds describe-db-cluster-snapshots": {"DBClusterSnapshots": []},
    "ram get-resource-shares": {"resourceShares": []},
    "ram list-resources": {"resources": []},
    "ram list-principals": {"principals": []},
    "kms describe-key": {"KeyMetadata": {"AWSAccountId": "111111111111", "KeyId": KEY.split("/")[-1],
                                         "Arn": KEY, "KeyManager": "CUSTOMER", "Enabled": True}},
    "kms get-key-policy": {"Policy": json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*", "Resource": "*"}]}),
        "PolicyName": "default"},
    "metrics": {
        "bytes_111111111111_orders": [50.0 * GIB, 49.0 * GIB],
        "writes_111111111111_orders": [20000.0, 30000.0],
        "bytes_111111111111_orders_test": [50.0 * GIB, 50.0 * GIB],
        "writes_111111111111_orders_test": [100.0, 300.0],
    },
}


class ExportFleet(BinaryTest):
    def test_the_export_imports_into_the_accounts_fleet(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            bin_dir = tmp / "bin"
            bin_dir.mkdir()
            aws = bin_dir / "aws"
            aws.write_text(f"#!{sys.executable}\n" + (Path(__file__).parent / "fake_aws.py").read_text())
            aws.chmod(0o755)
            (tmp / "fixture.json").write_text(json.dumps(FIXTURE))
            env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}",
                       FAKE_AWS_FIXTURE=str(tmp / "fixture.json"), FAKE_AWS_LOG=str(tmp / "calls.log"))
            out = tmp / "export"
            done = subprocess.run(["bash", str(ROOT / "scripts" / "export-fleet.sh"), str(out), "7"],
                                  env=env, capture_output=True, text=True, timeout=120)
            self.assertEqual(done.returncode, 0, done.stderr)
            names = sorted(p.name for p in out.iterdir())
            self.assertIn("111111111111-clusters.json", names)
            self.assertIn(f"111111111111-key-policy-{KEY.split('/')[-1]}.json", names)
            self.assertIn("111111111111-metrics-1.json", names)
            calls = [json.loads(line) for line in (tmp / "calls.log").read_text().splitlines()]
            metric_call = next(c for c in calls if c[:2] == ["cloudwatch", "get-metric-data"])
            ids = {q["Id"] for q in json.loads(metric_call[metric_call.index("--metric-data-queries") + 1])}
            self.assertEqual(ids, set(FIXTURE["metrics"]))

            # The real AWS CLI parses every call the script made: each gets
            # as far as connecting (to a closed loopback port).
            real = Path(sys.executable).parent / "aws"
            closed = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y",
                          AWS_DEFAULT_REGION="us-east-1", AWS_MAX_ATTEMPTS="1")
            for call in calls:
                checked = subprocess.run(
                    [str(real), "--endpoint-url", "http://127.0.0.1:9", "--cli-connect-timeout", "2", *call],
                    env=closed, capture_output=True, text=True, timeout=60)
                self.assertIn("Could not connect to the endpoint URL", checked.stderr, call)

            scenario = tmp / "fleet.toml"
            imported = cowsim("import", *sorted(out.iterdir()), "-o", scenario)
            self.assertEqual(imported.returncode, 0, imported.stderr)
            text = scenario.read_text()
            self.assertIn("The key's policy, from", text)
            report = json.loads(cowsim("run", scenario, "--json").stdout)
            self.assertTrue(report["ok"], [s for s in report["steps"] if not s["as_expected"]])
            by_name = {c["identifier"]: c for c in report["clusters"]}
            self.assertEqual(set(by_name), {"orders", "orders-test"})
            self.assertEqual(by_name["orders"]["logical_pages"], 50 * GIB // 16384)
            self.assertEqual(by_name["orders-test"]["source_arn"], by_name["orders"]["arn"])
            # 25,000 write I/Os an hour on the source, for the 30 days run.
            self.assertGreater(by_name["orders"]["write_io_requests"], 25000 * 24 * 29)
