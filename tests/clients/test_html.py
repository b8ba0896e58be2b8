"""The HTML report, opened in headless Chromium: every bundled scenario's
page loads nothing from the network, logs no error, draws one tree node
per cluster, shows the JSON report's numbers, and changes its tree when a
step is chosen; the page is readable without script; a forecast's page
draws its bands."""

import json
import re
import tempfile
from pathlib import Path

from browser import chromium
from cowsim import SCENARIOS, BinaryTest, cowsim


def two_decimals(x):
    return "< 0.01" if 0 < x < 0.005 else f"{x:.2f}"


def pages(x):
    return str(int(x)) if float(x).is_integer() else two_decimals(x)


class HtmlReport(BinaryTest):
    def open(self, context, path):
        """Opens the page; returns it with the console errors and every
        request it made."""
        page = context.new_page()
        errors, requests = [], []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(Path(path).as_uri(), timeout=30_000)
        page.wait_for_load_state("load")
        return page, errors, requests

    def test_every_bundled_scenario_in_chromium(self):
        self.assertGreaterEqual(len(SCENARIOS), 8)
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            for scenario in SCENARIOS:
                with self.subTest(scenario.name):
                    out = Path(tmp) / f"{scenario.stem}.html"
                    report = json.loads(cowsim("run", scenario, "--no-expect", "--json", "--html", out).stdout)
                    page, errors, requests = self.open(context, out)
                    self.assertEqual(errors, [])
                    self.assertEqual([u for u in requests if not u.startswith("file://")], [])
                    html = out.read_text()
                    self.assertIsNone(re.search(r'(src|href)="https?://', html))
                    self.assertEqual(page.locator("#tree .node").count(), len(report["clusters"]))
                    # The tables show the JSON report's numbers.
                    for a in report["accounts"]:
                        cell = page.locator(f'#accounts tr[data-account="{a["id"]}"] td.total')
                        self.assertEqual(cell.inner_text(), two_decimals(a["total_cost_usd"]))
                    for c in report["clusters"]:
                        row = page.locator(f'#clusters tr[data-arn="{c["arn"]}"]')
                        self.assertEqual(row.locator("td.owned").inner_text(), pages(c["owned_pages"]))
                        self.assertEqual(row.locator("td.billed").inner_text(), two_decimals(c["billed_bytes"] / 2**30))
                    # Choosing the first step changes the tree.
                    before = page.locator("#tree").inner_html()
                    page.locator("#steps tbody tr").first.click()
                    after = page.locator("#tree").inner_html()
                    self.assertNotEqual(before, after)
                    self.assertIn("after step 0", page.locator("#at").inner_text())
                    page.close()

    def test_the_demo_replays_the_story_step_by_step(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            out = Path(tmp) / "demo.html"
            report = json.loads(cowsim("run", "scenarios/demo.toml", "--json", "--html", out).stdout)
            page, errors, _ = self.open(context, out)
            clone = next(s["index"] for s in report["steps"] if s["op"] == "restore-db-cluster-to-point-in-time" and s["ok"])
            visible = lambda: page.locator("#tree .node:not(.absent)").count()
            page.locator(f'#steps tr[data-step="{clone - 1}"]').click()
            self.assertEqual(visible(), 1, "before the clone: the source alone")
            page.locator(f'#steps tr[data-step="{clone}"]').click()
            self.assertEqual(visible(), 2)
            # The audit copy, chosen, is explained at the chosen step.
            page.locator('#tree .node[data-c="1"]').click()
            self.assertIn("audit-copy", page.locator("#explain-live").inner_text())
            page.locator("#steps tbody tr").last.click()
            self.assertIn("6553600", page.locator("#explain-live").inner_text())
            self.assertEqual(errors, [])

    def test_readable_without_script_and_never_blank(self):
        with tempfile.TemporaryDirectory() as tmp, chromium(javascript=False) as context:
            out = Path(tmp) / "demo.html"
            cowsim("run", "scenarios/demo.toml", "--html", out)
            page, errors, _ = self.open(context, out)
            self.assertEqual(page.locator("#tree .node").count(), 2)
            self.assertIn("It owns 6,553,600 pages", page.locator("#explain-static").inner_text())
            shot = Path(tmp) / "demo.png"
            page.screenshot(path=str(shot), full_page=True)
            # A blank page is one colour: count the distinct colours drawn.
            from PIL import Image
            colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1_000_000)
            self.assertGreater(len(colours), 50)

    def test_a_forecast_page_draws_bands(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            out = Path(tmp) / "forecast.html"
            forecast = json.loads(cowsim("forecast", "scenarios/quarterly-forecast.toml", "--runs", "4",
                                         "--json", "--html", out).stdout)
            page, errors, requests = self.open(context, out)
            self.assertEqual(errors, [])
            self.assertEqual(page.locator("svg.chart polygon.band").count(), len(forecast["accounts"]))
            for a in forecast["accounts"]:
                cell = page.locator(f'#accounts tr[data-account="{a["id"]}"] td.total')
                self.assertEqual(cell.inner_text(), two_decimals(a["total_cost_usd"]["p50"]))

    def test_an_unwritable_path_is_refused(self):
        done = cowsim("run", "scenarios/demo.toml", "--html", "/nonexistent/dir/out.html", check=False)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
        self.assertIn("can't write /nonexistent/dir/out.html", done.stderr)
