"""The FOCUS export, checked by the FinOps Foundation's validator
(focus-validator 1.0.0) and against the JSON report's totals."""

import csv
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import focus_validator

from cowsim import SCENARIOS, BinaryTest, cowsim

# The validator reads 12-digit account ids with pandas, which makes them
# integers even when quoted; these two checks fail for every AWS export
# (docs/import-export.md, "FOCUS"). Every other check must pass.
VALIDATORS_OWN = {"BillingAccountId_IsString", "SubAccountId_IsString"}


def failed_checks(data_file):
    """The names of the checks focus-validator fails on DATA_FILE."""
    # It opens its currency table relative to the working directory, and
    # exits 0 whatever it finds: read its verdict from its unittest XML.
    site = Path(focus_validator.__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "verdict.xml"
        subprocess.run(
            [
                str(Path(sys.executable).parent / "focus-validator"),
                "--data-file", str(data_file),
                "--validate-version", "1.0",
                "--output-type", "unittest",
                "--output-destination", str(out),
            ],
            cwd=site, check=True, capture_output=True, timeout=300,
        )
        root = ET.parse(out).getroot()
    names = {f.get("name") for f in root.iter("failure")}
    cases = sum(1 for _ in root.iter("testcase"))
    assert cases > 50, f"the validator ran only {cases} checks"
    return names


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def billed_by_account(path):
    sums = defaultdict(float)
    for r in rows(path):
        sums[r["BillingAccountId"]] += float(r["BilledCost"])
    return sums


class FocusExport(BinaryTest):
    def export(self, tmp, *args):
        out = Path(tmp) / "focus.csv"
        done = cowsim(*args, "--focus", out, "--json")
        return out, json.loads(done.stdout)

    def assert_totals(self, out, accounts):
        sums = billed_by_account(out)
        for a in accounts:
            self.assertAlmostEqual(
                sums.get(a["id"], 0.0), a["total_cost_usd"], delta=0.005,
                msg=f"account {a['id']}",
            )

    def test_every_bundled_scenario_passes_the_validator_and_adds_up(self):
        self.assertGreaterEqual(len(SCENARIOS), 8)
        for scenario in SCENARIOS:
            with self.subTest(scenario.name), tempfile.TemporaryDirectory() as tmp:
                out, report = self.export(tmp, "run", scenario, "--no-expect")
                self.assertEqual(failed_checks(out), VALIDATORS_OWN)
                self.assert_totals(out, report["accounts"])
                for r in rows(out):
                    self.assertEqual(r["ServiceName"], "Amazon Relational Database Service")
                    self.assertEqual(r["x_BillingPolicy"], report["policy"])
                    self.assertEqual(r["ResourceId"], r["ResourceID"])

    def test_rows_name_the_clusters_their_clone_groups_and_units(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, report = self.export(tmp, "run", "scenarios/demo.toml")
            groups = {c["arn"]: c["clone_group_id"] for c in report["clusters"]}
            units = {"Aurora:StorageUsage": "GB-Mo", "Aurora:StorageIOUsage": "Requests"}
            seen, instances = set(), set()
            for r in rows(out):
                if r["ResourceType"] == "DB Instance":
                    # One line per instance and rate, under AWS's usage type.
                    self.assertRegex(r["SkuId"], r"^InstanceUsage:db\.")
                    self.assertEqual(r["PricingUnit"], "Hours")
                    self.assertIn(":db:", r["ResourceId"])
                    instances.add(r["ResourceName"])
                elif r["ResourceId"]:
                    self.assertEqual(r["x_CloneGroupId"], groups[r["ResourceId"]] or "")
                    self.assertEqual(r["ChargePeriodStart"][11:], "00:00:00Z")
                    self.assertEqual(r["PricingUnit"], units[r["SkuId"]])
                    seen.add(r["ResourceId"])
            self.assertEqual(seen, {c["arn"] for c in report["clusters"] if c["storage_cost_usd"] > 0})
            self.assertEqual(instances, {"finance-db-1", "audit-copy-1"})

    def test_hourly_rows_add_up_to_the_same_bill(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, report = self.export(tmp, "run", "scenarios/demo.toml", "--focus-granularity", "hour")
            self.assertEqual(failed_checks(out), VALIDATORS_OWN)
            self.assert_totals(out, report["accounts"])
            starts = {r["ChargePeriodStart"] for r in rows(out)}
            self.assertGreater(len(starts), 24)

    def test_a_forecast_exports_its_median_run(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, forecast = self.export(tmp, "forecast", "scenarios/quarterly-forecast.toml", "--runs", "5")
            seed = forecast["p50_run_seed"]
            self.assertEqual(failed_checks(out), VALIDATORS_OWN)
            self.assertEqual({r["x_ForecastRun"] for r in rows(out)}, {f"P50 of 5 runs: seed {seed}"})
            replay = json.loads(cowsim("forecast", "scenarios/quarterly-forecast.toml", "--runs", "5",
                                       "--only-run", seed, "--json").stdout)
            self.assert_totals(out, replay["accounts"])
            total = sum(a["total_cost_usd"] for a in replay["accounts"])
            per_account_p50 = sum(a["total_cost_usd"]["p50"] for a in forecast["accounts"])
            self.assertLess(abs(total - per_account_p50), 0.25 * per_account_p50)

    def test_the_validator_catches_a_broken_export(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, _ = self.export(tmp, "run", "scenarios/demo.toml")
            broken = Path(tmp) / "broken.csv"
            lines = rows(out)
            lines[0]["ChargeCategory"] = ""
            lines[1]["BillingCurrency"] = "XYZ"
            with open(broken, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(lines[0]))
                w.writeheader()
                w.writerows(lines)
            failed = failed_checks(broken)
            self.assertIn("ChargeCategory_NotNull", failed)
            self.assertIn("BillingCurrency_IsCurrencyCode", failed)

    def test_a_run_that_meters_no_hour_still_names_its_accounts(self):
        with tempfile.TemporaryDirectory() as tmp:
            out, report = self.export(tmp, "run", "scenarios/source-deleted.toml")
            self.assertLess(report["clock"], "2026-01-01T01:00:00Z")
            found = rows(out)
            self.assertEqual({r["SubAccountId"] for r in found}, {a["id"] for a in report["accounts"]})
            self.assertEqual({r["BilledCost"] for r in found}, {"0.0"})

    def test_an_unwritable_path_is_refused_and_writes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "missing" / "focus.csv"
            done = cowsim("run", "scenarios/demo.toml", "--focus", out, check=False)
            self.assertEqual(done.returncode, 2)
            self.assertIn("can't write the FOCUS export", done.stderr)
            self.assertFalse(out.parent.exists())
