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
from scenario_text import OWNER, advance, clone, cluster, instance, scenario, step
from serve import VENV_BIN, Server

OTHER = "222222222222"
ACCOUNTS = [OWNER, OTHER]

# A source with a same-account and a cross-account clone (RAM), a
# Serverless v2 cluster that writes, and a stopped one. Only clusters
# without clones write: a source's VolumeBytesUsed also counts the old
# page versions its clones keep (docs/import-export.md), so its size
# reads back as its own only while they share every page.
FLEET = scenario("round trip", [
    cluster("orders", account=OWNER, data_gib=2, backup_retention_period=7),
    advance("10m"),
    instance("orders-1", "orders", account=OWNER, instance_class="db.r6g.xlarge"),
    cluster("reports", account=OWNER, engine="aurora-postgresql", data_gib=1,
            serverless_v2_scaling_configuration={"min_capacity": 0.5, "max_capacity": 4}),
    cluster("archive", account=OWNER, engine="aurora-postgresql", data_gib=1),
    advance("30m"),
    instance("reports-1", "reports", account=OWNER, instance_class="db.serverless"),
    instance("archive-1", "archive", account=OWNER, instance_class="db.t4g.medium"),
    clone("orders", "orders-test", account=OWNER),
    step("create-resource-share", account=OWNER, name="to-analytics",
         resource_arns=[f"arn:aws:rds:us-east-1:{OWNER}:cluster:orders"], principals=[OTHER],
         allow_external_principals=True),
    step("accept-resource-share-invitation", account=OTHER, resource_share_name="to-analytics"),
    clone(f"arn:aws:rds:us-east-1:{OWNER}:cluster:orders", "orders-analytics", account=OTHER),
    advance("30m"),
    instance("orders-analytics-1", "orders-analytics", account=OTHER),
    step("stop-db-cluster", account=OWNER, db_cluster_identifier="archive"),
    step("workload", account=OWNER, db_cluster_identifier="reports", rate="1500 pages/h"),
    step("workload", account=OTHER, db_cluster_identifier="orders-analytics", rate="200 pages/h"),
    advance("2d"),
], accounts=ACCOUNTS, seed=5, description="Two accounts' clusters for the export and import round "
   "trip through cowsim serve (tests/clients/test_round_trip.py).")


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
