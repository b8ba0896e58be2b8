"""What the HTML report shows of the bill beside storage, in headless
Chromium, at the chosen step: DB instances, when a cluster was stopped
(in its table row and as bands on the cost chart), its backup over its
retention window as the run cut at that step measured it, the window a
restore may ask for, and what a restore to a point in time read; and
page maps that show every origin a slice holds, however few of its
pages, at every step."""

import json
import tempfile
from pathlib import Path

from browser import chromium
from cowsim import ROOT, BinaryTest, cowsim
from scenario_text import advance, clone, cloned_and_written, instance, scenario, step
from test_html import cut_after, two_decimals

SCENARIO = ROOT / "tests" / "scenarios" / "stopped-backup-restore.toml"

# A clone of a clone whose parent is deleted: the grandchild sees its
# grandparent's pages (a live writer's, most of every slice) and its
# parent's 655 scattered writes, now a deleted writer's: a few in every
# slice, which the bar alone would hide.
GRANDCHILD = scenario("a clone of a clone", cloned_and_written("a", "b") + [
    instance("b-1", "b"), advance("10m"),
    clone("b", "c"), advance("10m"),
    step("delete-db-instance", db_instance_identifier="b-1"), advance("10m"),
    step("delete-db-cluster", db_cluster_identifier="b", skip_final_snapshot=True),
    advance("1h"),
], seed=3)


def short(t):
    """A time as the page writes it."""
    return t.replace("T", " ").rstrip("Z")


def backup_cells(report, i):
    """The backup columns of the `i`th cluster's row, from the JSON
    report: its last metered figures (none before its first metered hour,
    or once it is not billed) and its backup cost to date."""
    cluster = report["clusters"][i]
    points = next((m["points"] for m in report["metrics"] if m["cluster"] == cluster["arn"]), [])
    billed = cluster["status"] in ("available", "stopping", "stopped", "starting")
    last = points[-1] if points and billed else None
    gib = lambda k: two_decimals(last[k] / 2**30) if last else ""
    return [str(cluster["backup_retention_period"]), gib("BackupRetentionPeriodStorageUsed"),
            gib("SnapshotStorageUsed"), gib("TotalBackupStorageBilled"), two_decimals(cluster["backup_cost_usd"])]


def holdings(page):
    """The holdings table's shown rows, by the cluster's index in the
    report: each cell by its class."""
    # Its figures' classes are on its header: a cell's is its column's.
    rows = page.eval_on_selector_all(
        "#holdings tbody tr:not(.absent)",
        """rows => { const classes = Array.from(document.querySelectorAll('#holdings thead th'))
                .map((th, i) => th.className || 'name' + i);
            return Object.fromEntries(rows.map(r => [r.dataset.i,
                Object.fromEntries(Array.from(r.querySelectorAll('td')).map((td, i) => [classes[i], td.textContent]))])); }""")
    return {int(i): row for i, row in rows.items()}


class PageHoldings(BinaryTest):
    def open(self, context, path):
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(Path(path).as_uri())
        return page, errors

    def test_instances_stops_backup_and_restores_follow_the_step(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            out = Path(tmp) / "page.html"
            full = json.loads(cowsim("run", SCENARIO, "--json", "--html", out).stdout)
            self.assertTrue(full["ok"])
            steps = full["steps"]
            names = [c["identifier"] for c in full["clusters"]]
            prod, past = names.index("prod"), names.index("past")
            stops = [s for s in steps if s["op"] == "stop-db-cluster"]
            start = next(s for s in steps if s["op"] == "start-db-cluster")
            page, errors = self.open(context, out)

            # At every step, the backup figures are those of the run cut
            # there.
            for step in range(len(steps)):
                with self.subTest(step=step):
                    cut = Path(tmp) / f"cut-{step}.toml"
                    cut.write_text(cut_after(SCENARIO.read_text(), step))
                    expected = json.loads(cowsim("run", cut, "--json").stdout)
                    page.locator(f'#steps tr[data-step="{step}"]').click()
                    shown = holdings(page)
                    self.assertEqual(set(shown), set(range(len(expected["clusters"]))))
                    for i, row in shown.items():
                        self.assertEqual([row["retention"], row["retention-storage"], row["snapshot-storage"],
                                          row["backup-billed"], row["backup"]], backup_cells(expected, i))
                    # The latest restorable time is the clock after the
                    # step, once it can be restored from.
                    latest = short(expected["clock"]) if shown[prod]["earliest"] else ""
                    self.assertEqual(shown[prod]["latest"], latest)

            # The writes' superseded versions are kept for the week; later,
            # the snapshot is older than the window.
            page.locator('#steps tr[data-step="5"]').click()
            self.assertGreater(float(holdings(page)[prod]["retention-storage"]), 1.0)
            page.locator("#steps tbody tr").last.click()
            self.assertNotIn(holdings(page)[prod]["snapshot-storage"], ("", "0.00"))

            # Stopped: in the row (since when, then from and to), with the
            # instance stopped, and as bands on the cost chart.
            page.locator(f'#steps tr[data-step="{stops[0]["index"] + 1}"]').click()
            row = holdings(page)[prod]
            self.assertEqual(row["stopped"], f"since {short(stops[0]['at'])}")
            self.assertEqual(row["instances"], "prod-1 db.r6g.large stopped")
            self.assertEqual(page.locator(f'#clusters tr[data-i="{prod}"] td.status').inner_text(), "stopped")
            page.locator(f'#steps tr[data-step="{start["index"] + 1}"]').click()
            self.assertEqual(holdings(page)[prod]["stopped"], f"{short(stops[0]['at'])} to {short(start['at'])}")
            page.locator("#steps tbody tr").last.click()
            row = holdings(page)[prod]
            # AWS starts it seven days after the stop completed.
            stopped = stops[1]["result"]["available_at"]
            self.assertIn(f"; {short(stops[1]['at'])} to ", row["stopped"])
            self.assertEqual(row["instances"], "prod-1 db.r6g.large available")
            bands = page.eval_on_selector_all("svg.chart g.stopped title", "ts => ts.map(t => t.textContent)")
            self.assertEqual(len(bands), 2)
            self.assertTrue(all(b.startswith("prod stopped from ") for b in bands), bands)
            self.assertIn(stopped[:8], bands[1])

            # The restore reads prod's history at the time it asked for;
            # the window matches describe-db-clusters at the last step.
            self.assertEqual(holdings(page)[past]["name1"],
                             "restored from prod at 2026-01-01 00:35:00 (restore-to-time)")
            described = steps[-1]["result"]["DBClusters"][0]
            self.assertEqual(row["earliest"], short(described["EarliestRestorableTime"]))
            self.assertEqual(row["latest"], short(described["LatestRestorableTime"]))
            # Before the restore, it has no row.
            page.locator('#steps tr[data-step="6"]').click()
            self.assertNotIn(past, holdings(page))
            self.assertEqual(errors, [])

    def test_the_end_of_the_run_without_script(self):
        with tempfile.TemporaryDirectory() as tmp, chromium(javascript=False) as context:
            out = Path(tmp) / "page.html"
            full = json.loads(cowsim("run", SCENARIO, "--json", "--html", out).stdout)
            page, _ = self.open(context, out)
            prod = [c["identifier"] for c in full["clusters"]].index("prod")
            row = holdings(page)[prod]
            self.assertEqual(row["latest"], short(full["clock"]))
            self.assertEqual([row["retention"], row["retention-storage"], row["snapshot-storage"],
                              row["backup-billed"], row["backup"]], backup_cells(full, prod))

    def test_a_grandparents_few_pages_show_in_every_slice(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            scenario = Path(tmp) / "grandchild.toml"
            scenario.write_text(GRANDCHILD)
            out = Path(tmp) / "grandchild.html"
            report = json.loads(cowsim("run", scenario, "--json", "--html", out).stdout)
            names = [c["identifier"] for c in report["clusters"]]
            c = names.index("c")
            delete = next(s["index"] for s in report["steps"] if s["op"] == "delete-db-cluster")
            page, errors = self.open(context, out)
            widths = lambda kind: page.eval_on_selector_all(
                f'#maps .map-row[data-c="{c}"] rect.{kind}', "rs => rs.map(r => Number(r.getAttribute('width')))")
            for at, kind in ((delete - 1, "live"), (delete, "dead")):
                with self.subTest(step=at):
                    page.locator(f'#steps tr[data-step="{at}"]').click()
                    if kind == "live":
                        # While its parent lives, its pages are a live
                        # writer's, as all the grandchild sees.
                        self.assertEqual(widths("dead"), [])
                        continue
                    # 655 pages over 160 slices: nearly every slice holds
                    # some, under a bar of the grandparent's pages.
                    self.assertGreater(sum(widths("dead")), 0.8 * 640)
                    titles = page.eval_on_selector_all(
                        f'#maps .map-row[data-c="{c}"] svg g.bars title', "ts => ts.map(t => t.textContent)")
                    self.assertTrue(any(t.startswith("slices holding any of a deleted writer's pages: ") for t in titles),
                                    titles)
            # The page as written shows the end: the strip is there too.
            page.reload()
            self.assertGreater(sum(widths("dead")), 0.8 * 640)
            hover = page.locator(f'#maps .map-row[data-c="{c}"] svg > title').text_content()
            self.assertRegex(hover, r"\d+ a deleted writer's")
            self.assertEqual(errors, [])
