"""The HTML report, opened in headless Chromium: every bundled scenario's
page loads nothing from the network, logs no error, draws one tree node
per cluster, shows the JSON report's numbers, and changes its tree when a
step is chosen; at a chosen step its tables show the figures of the run
cut there; nothing runs past its box at a phone's, a laptop's or a wide
screen's width; every step that changed a bill is marked on the cost
chart; a clone's few scattered writes show in its page map; the page is
readable without script; a forecast's page draws its bands, in colours
told apart for a dozen accounts."""

import json
import re
import tempfile
from pathlib import Path

from playwright.sync_api import expect

from browser import chromium
from cowsim import SCENARIOS, BinaryTest, cowsim
from scenario_text import advance, cloned_and_written, scenario


def two_decimals(x):
    return "< 0.01" if 0 < x < 0.005 else f"{x:.2f}"


def pages(x):
    return str(int(x)) if float(x).is_integer() else two_decimals(x)


# Ops that change a bill: the cost chart marks each step of them that
# succeeded.
BILL_OPS = {
    "create-db-cluster", "restore-db-cluster-to-point-in-time", "restore-db-cluster-from-snapshot",
    "delete-db-cluster", "create-resource-share", "associate-resource-share",
    "accept-resource-share-invitation", "modify-db-cluster", "write",
}


def cut_after(text, step):
    """A scenario's text with its steps after `step` left out (its steps
    are its last tables)."""
    starts = [m.start() for m in re.finditer(r"^\[\[steps\]\]", text, re.M)]
    return text if step + 1 >= len(starts) else text[:starts[step + 1]]


def account_cells(a):
    return [two_decimals(a["billed_bytes"] / 2**30), two_decimals(a["storage_cost_usd"]),
            two_decimals(a["io_cost_usd"]), two_decimals(a["backup_cost_usd"]),
            two_decimals(a["instance_cost_usd"]), two_decimals(a["total_cost_usd"]),
            two_decimals(a["full_copy_total_cost_usd"])]


def cluster_cells(c):
    return [c["status"], str(c["logical_pages"]), str(c["exclusive_pages"]), str(c["shared_pages"]),
            pages(c["owned_pages"]), two_decimals(c["billed_bytes"] / 2**30),
            two_decimals(c["storage_cost_usd"]), two_decimals(c["io_cost_usd"]),
            two_decimals(c["instance_hours"]), two_decimals(c["instance_cost_usd"])]


def table_figures(page, table, key):
    """The figures of a table's shown rows, by the rows' key."""
    return page.eval_on_selector_all(
        f"{table} tbody tr:not(.absent)",
        f"""rows => Object.fromEntries(rows.map(r => [r.getAttribute('{key}'),
            Array.from(r.querySelectorAll('td:not(.name)')).map(td => td.textContent)]))""")


# Text that runs out of its box: an element whose own text is wider than
# it (and doesn't scroll), or whose box runs past its parent's (unless the
# parent scrolls); a tree node's text past its rectangle; a chart's text
# past its picture.
OVERFLOWING = """() => {
  const bad = [];
  const shown = el => el.getClientRects().length > 0;
  const scrolls = el => /auto|scroll|hidden/.test(getComputedStyle(el).overflowX);
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') || !shown(el)) continue;
    const text = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!text) continue;
    const style = getComputedStyle(el);
    if (style.display !== 'inline' && !scrolls(el) && el.scrollWidth > el.clientWidth + 1)
      bad.push('text wider than its box: ' + el.tagName + ' ' + el.textContent.slice(0, 40));
    const parent = el.parentElement, r = el.getBoundingClientRect(), p = parent.getBoundingClientRect();
    if (!scrolls(parent) && (r.right > p.right + 1 || r.left < p.left - 1))
      bad.push('past its container: ' + el.tagName + ' ' + el.textContent.slice(0, 40));
  }
  for (const node of document.querySelectorAll('#tree .node')) {
    if (!shown(node)) continue;
    const rect = node.querySelector('rect').getBBox();
    for (const t of node.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.width && (b.x < rect.x || b.x + b.width > rect.x + rect.width))
        bad.push('node text past its box: ' + t.textContent);
    }
  }
  for (const svg of document.querySelectorAll('svg.chart, svg.map')) {
    if (!shown(svg)) continue;
    const w = svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text:not([transform])')) {
      const b = t.getBBox();
      if (b.width && (b.x < -1 || b.x + b.width > w + 1)) bad.push('chart text past its picture: ' + t.textContent);
    }
  }
  return bad;
}"""

# A 1 GiB cluster (65,536 pages of 16 KiB) and a clone that rewrites 1% of
# them, scattered.
SCATTERED = scenario("scattered writes", cloned_and_written("main", "scratch") + [advance("1h")],
                     seed=3)

# Twelve accounts with a cluster each, for 45 days: the last month ends
# part way.
TWELVE = 'name = "twelve accounts"\nseed = 5\n' + "".join(
    f'[[accounts]]\nid = "{100000000000 + i}"\nname = "team-{i}"\n' for i in range(12)) + "".join(
    f'[[steps]]\nop = "create-db-cluster"\naccount = "team-{i}"\ndb-cluster-identifier = "db-{i}"\n'
    f'engine = "aurora-mysql"\ndata-gib = {i + 1}\n' for i in range(12)) + '[[steps]]\nop = "advance"\nduration = "45d"\n'


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
        self.maxDiff = None
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
                    self.assertFalse(page.locator("#explain-static").is_visible(), "no end-of-run text at a step")
                    self.check_marks(page, report)
                    page.close()

    def check_marks(self, page, report):
        """Every step that changed a bill has a cost-chart mark, alone or
        in a cluster listing it, and no two marks' numbers overlap."""
        marks = page.eval_on_selector_all(
            "svg.chart .marker",
            """ms => ms.map(m => { const b = m.querySelector('text').getBBox();
                return { steps: m.dataset.steps.split(' ').map(Number), title: m.querySelector('title').textContent,
                         box: [b.x, b.y, b.x + b.width, b.y + b.height] }; })""")
        marked = {}
        for m in marks:
            for s in m["steps"]:
                marked[s] = m["title"]
        for step in report["steps"]:
            if step["ok"] and step["op"] in BILL_OPS:
                self.assertIn(step["index"], marked, f"step {step['index']} ({step['op']}) has no mark")
                self.assertIn(f"step {step['index']}: ", marked[step["index"]])
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
                overlap = ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1
                self.assertFalse(overlap, f"marks {a['steps']} and {b['steps']} overlap")

    def test_each_step_shows_the_run_cut_there(self):
        """At three steps of every bundled scenario, every figure of the
        Accounts and Clusters tables is that of `cowsim run` of the
        scenario cut after the step."""
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            for scenario in SCENARIOS:
                out = Path(tmp) / f"{scenario.stem}.html"
                full = json.loads(cowsim("run", scenario, "--no-expect", "--json", "--html", out).stdout)
                page, errors, _ = self.open(context, out)
                n = len(full["steps"])
                for step in sorted({n // 4, n // 2, (3 * n) // 4}):
                    with self.subTest(scenario=scenario.stem, step=step):
                        cut = Path(tmp) / f"{scenario.stem}-{step}.toml"
                        cut.write_text(cut_after(scenario.read_text(), step))
                        expected = json.loads(cowsim("run", cut, "--no-expect", "--json").stdout)
                        self.assertEqual(len(expected["steps"]), step + 1)
                        page.locator(f'#steps tr[data-step="{step}"]').click()
                        self.assertEqual(table_figures(page, "#accounts", "data-account"),
                                         {str(a["id"]): account_cells(a) for a in expected["accounts"]})
                        self.assertEqual(table_figures(page, "#clusters", "data-arn"),
                                         {c["arn"]: cluster_cells(c) for c in expected["clusters"]})
                self.assertEqual(errors, [])
                page.close()

    def test_nothing_runs_past_its_box(self):
        """At 360, 800 and 1400 px the page never scrolls sideways, no
        text runs out of its element or its container, and each tree
        node's text fits its box."""
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            pages = {}
            for name in ("demo", "internal-audit", "dev-test-accounts"):
                out = Path(tmp) / f"{name}.html"
                cowsim("run", f"scenarios/{name}.toml", "--no-expect", "--html", out)
                pages[name] = out
            for width in (360, 800, 1400):
                for name, out in pages.items():
                    with self.subTest(width=width, scenario=name):
                        page, errors, _ = self.open(context, out)
                        page.set_viewport_size({"width": width, "height": 900})
                        for chosen in ("end", "step"):
                            if chosen == "step":
                                rows = page.locator("#steps tbody tr")
                                rows.nth(rows.count() // 2).click()
                                page.locator("#tree .node:not(.absent)").first.click()
                            sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                            self.assertEqual(sizes[0], sizes[1], f"{chosen}: the page scrolls sideways")
                            self.assertEqual(page.evaluate(OVERFLOWING), [], chosen)
                        self.assertEqual(errors, [])
                        page.close()

    def test_a_clones_scattered_writes_show_in_its_map(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            scenario = Path(tmp) / "scattered.toml"
            scenario.write_text(SCATTERED)
            out = Path(tmp) / "scattered.html"
            report = json.loads(cowsim("run", scenario, "--json", "--html", out).stdout)
            clone = next(c for c in report["clusters"] if c["identifier"] == "scratch")
            # 655 draws, a few of them the same page.
            self.assertGreater(clone["exclusive_pages"], 600)
            page, errors, _ = self.open(context, out)
            i = [c["identifier"] for c in report["clusters"]].index("scratch")
            own = page.eval_on_selector_all(f'#maps .map-row[data-c="{i}"] rect.own',
                                            "rs => rs.map(r => Number(r.getAttribute('width')))")
            # 655 pages over 160 slices: nearly every slice holds some.
            self.assertGreater(sum(own), 0.8 * 640)
            self.assertIn(f"{clone['exclusive_pages']} its own writes", page.locator(f'#maps .map-row[data-c="{i}"] svg > title').text_content())
            self.assertEqual(errors, [])

    def test_the_keyboard_steps_and_the_tree_stays_in_view(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            out = Path(tmp) / "audit.html"
            report = json.loads(cowsim("run", "scenarios/internal-audit.toml", "--no-expect", "--json", "--html", out).stdout)
            last = report["steps"][-1]["index"]
            for width in (1400, 800):
                page, errors, _ = self.open(context, out)
                page.set_viewport_size({"width": width, "height": 900})
                page.locator("#steps tbody tr").nth(40).click()
                expect(page.locator("#at")).to_contain_text("after step 40 ")
                page.keyboard.press("ArrowDown")
                expect(page.locator("#at")).to_contain_text("after step 41 ")
                page.keyboard.press("ArrowUp")
                page.keyboard.press("ArrowUp")
                expect(page.locator("#at")).to_contain_text("after step 39 ")
                page.keyboard.press("End")
                expect(page.locator("#at")).to_contain_text(f"after step {last} ")
                page.keyboard.press("Home")
                expect(page.locator("#at")).to_contain_text("after step 0 ")
                page.keyboard.press("End")
                expect(page.locator("#at")).to_contain_text(f"after step {last} ")
                # The chosen step and the tree are both on screen (waited
                # for, so a slow machine's late layout isn't a failure).
                for what in ("#tree", "#steps tr.chosen"):
                    expect(page.locator(what)).to_be_in_viewport()
                self.assertEqual(errors, [])
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

    def test_a_forecast_of_twelve_accounts_in_distinct_colours(self):
        with tempfile.TemporaryDirectory() as tmp, chromium() as context:
            scenario = Path(tmp) / "twelve.toml"
            scenario.write_text(TWELVE)
            out = Path(tmp) / "twelve.html"
            forecast = json.loads(cowsim("forecast", scenario, "--runs", "2", "--json", "--html", out).stdout)
            self.assertEqual(len(forecast["accounts"]), 12)
            page, errors, _ = self.open(context, out)
            strokes = page.eval_on_selector_all("svg.chart .series polyline", "ls => ls.map(l => l.getAttribute('stroke'))")
            self.assertEqual(len(strokes), 12)
            self.assertEqual(len(set(strokes)), 12, strokes)
            # The run ends mid-month: its last month is drawn as partial.
            self.assertGreater(page.locator("svg.chart .partial").count(), 0)
            self.assertEqual(page.locator("#forecast-clusters tbody tr").count(), len(forecast["clusters"]))
            page.select_option("#only", "3")
            self.assertEqual(page.locator("svg.chart .series:visible").count(), 1)
            self.assertEqual(errors, [])

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
