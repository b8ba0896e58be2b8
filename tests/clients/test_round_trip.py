"""The round trip: scripts/export-fleet.sh, with the real AWS CLI, exports
two accounts' clusters from a running `cowsim serve` (its CloudWatch
included); `cowsim import` turns the files back into a scenario, which
runs to the same clusters, families, sizes, instance classes, backup
retention, Serverless v2 scaling and stopped status, and writes what
CloudWatch measured. Loopback only; bounded by the timeouts below."""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from cowsim import ROOT, BinaryTest, cowsim
from serve import VENV_BIN, Server

ACCOUNTS = ["111111111111", "222222222222"]

# A source with a same-account and a cross-account clone (RAM), a
# Serverless v2 cluster that writes, and a stopped one. Only clusters
# without clones write: a source's VolumeBytesUsed also counts the old
# page versions its clones keep (docs/import-export.md), so its size
# reads back as its own only while they share every page.
FLEET = """name = "round trip"
description = "Two accounts' clusters for the export and import round trip through cowsim serve (tests/clients/test_round_trip.py)."
seed = 5

[latency]
jitter = 0

[[accounts]]
id = "111111111111"

[[accounts]]
id = "222222222222"

[[steps]]
op = "create-db-cluster"
account = "111111111111"
db-cluster-identifier = "orders"
engine = "aurora-mysql"
data-gib = 2
backup-retention-period = 7

[[steps]]
op = "advance"
duration = "10m"

[[steps]]
op = "create-db-instance"
account = "111111111111"
db-instance-identifier = "orders-1"
db-cluster-identifier = "orders"
db-instance-class = "db.r6g.xlarge"

[[steps]]
op = "create-db-cluster"
account = "111111111111"
db-cluster-identifier = "reports"
engine = "aurora-postgresql"
data-gib = 1
serverless-v2-scaling-configuration = { min-capacity = 0.5, max-capacity = 4 }

[[steps]]
op = "create-db-cluster"
account = "111111111111"
db-cluster-identifier = "archive"
engine = "aurora-postgresql"
data-gib = 1

[[steps]]
op = "advance"
duration = "30m"

[[steps]]
op = "create-db-instance"
account = "111111111111"
db-instance-identifier = "reports-1"
db-cluster-identifier = "reports"
db-instance-class = "db.serverless"

[[steps]]
op = "create-db-instance"
account = "111111111111"
db-instance-identifier = "archive-1"
db-cluster-identifier = "archive"
db-instance-class = "db.t4g.medium"

[[steps]]
op = "restore-db-cluster-to-point-in-time"
account = "111111111111"
source-db-cluster-identifier = "orders"
db-cluster-identifier = "orders-test"
restore-type = "copy-on-write"
use-latest-restorable-time = true

[[steps]]
op = "create-resource-share"
account = "111111111111"
name = "to-analytics"
resource-arns = ["arn:aws:rds:us-east-1:111111111111:cluster:orders"]
principals = ["222222222222"]
allow-external-principals = true

[[steps]]
op = "accept-resource-share-invitation"
account = "222222222222"
resource-share-name = "to-analytics"

[[steps]]
op = "restore-db-cluster-to-point-in-time"
account = "222222222222"
source-db-cluster-identifier = "arn:aws:rds:us-east-1:111111111111:cluster:orders"
db-cluster-identifier = "orders-analytics"
restore-type = "copy-on-write"
use-latest-restorable-time = true

[[steps]]
op = "advance"
duration = "30m"

[[steps]]
op = "create-db-instance"
account = "222222222222"
db-instance-identifier = "orders-analytics-1"
db-cluster-identifier = "orders-analytics"
db-instance-class = "db.r6g.large"

[[steps]]
op = "stop-db-cluster"
account = "111111111111"
db-cluster-identifier = "archive"

[[steps]]
op = "workload"
account = "111111111111"
db-cluster-identifier = "reports"
rate = "1500 pages/h"

[[steps]]
op = "workload"
account = "222222222222"
db-cluster-identifier = "orders-analytics"
rate = "200 pages/h"

[[steps]]
op = "advance"
duration = "2d"
"""


class RoundTrip(BinaryTest):
    def test_an_exported_fleet_imports_into_the_same_fleet(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            (tmp / "fleet.toml").write_text(FLEET)
            with Server("--scenario", tmp / "fleet.toml") as server:
                served = server.control("/_cowsim/report")
                out = tmp / "export"
                env = dict(os.environ, PATH=f"{VENV_BIN}:{os.environ['PATH']}",
                           AWS_SECRET_ACCESS_KEY="secret", AWS_DEFAULT_REGION="us-east-1",
                           AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                           AWS_MAX_ATTEMPTS="1")
                for account in ACCOUNTS:
                    done = subprocess.run(
                        ["bash", str(ROOT / "scripts" / "export-fleet.sh"), "--endpoint-url", server.url,
                         str(out), "2", served["clock"]],
                        env=dict(env, AWS_ACCESS_KEY_ID=account), capture_output=True, text=True, timeout=300)
                    self.assertEqual(done.returncode, 0, done.stderr)

            scenario = tmp / "imported.toml"
            imported = cowsim("import", *sorted(out.iterdir()), "-o", scenario)
            self.assertEqual(imported.returncode, 0, imported.stderr)
            text = scenario.read_text()
            again = json.loads(cowsim("run", scenario, "--json").stdout)
            self.assertTrue(again["ok"], [s for s in again["steps"] if not s["as_expected"]])

            def live(report):
                return {(c["account"], c["identifier"]): c for c in report["clusters"] if c["status"] != "deleted"}

            before, after = live(served), live(again)
            self.assertEqual(set(before), set(after))
            for key, c in before.items():
                self.assertEqual(after[key]["logical_pages"], c["logical_pages"], key)
                self.assertEqual(after[key]["engine"], c["engine"], key)
                self.assertEqual(after[key]["backup_retention_period"], c["backup_retention_period"], key)
                self.assertEqual(after[key]["status"] == "stopped", c["status"] == "stopped", key)

            def families(report):
                groups = {}
                for key, c in live(report).items():
                    groups.setdefault(c["clone_group_id"] or c["arn"], set()).add(key)
                return sorted(sorted(g) for g in groups.values())

            self.assertEqual(families(again), families(served))
            for line in ['db-instance-class = "db.r6g.xlarge"', 'db-instance-class = "db.serverless"',
                         'db-instance-class = "db.t4g.medium"', "max-capacity = 4.0",
                         'op = "stop-db-cluster"']:
                self.assertIn(line, text)

            # What CloudWatch measured of reports' writes, per hour, and what
            # the imported month writes: within 1%.
            metrics = json.loads(next(out.glob("111111111111-metrics-*.json")).read_text())
            writes = next(r for r in metrics["MetricDataResults"] if r["Id"] == "writes_111111111111_reports")
            measured = sum(writes["Values"]) / len(writes["Values"])
            simulated = after[("111111111111", "reports")]["write_io_requests"] / (30 * 24)
            self.assertLess(abs(simulated - measured), measured * 0.01, (simulated, measured))
