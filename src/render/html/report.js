// The report page's interaction: choosing a step (a click, or the arrow
// keys, Home and End) replays the recorded frames up to it and shows every
// section as it was after it: the tree, the tables, the page maps, the
// cost chart's line and the explanation. Nothing of another moment stays.
(function () {
  "use strict";
  // The frames, read when a step or a cluster is first chosen: the page
  // as written already shows the run's end, so opening it reads nothing.
  let data = null;
  const BUCKETS = 160, BAR = 640;
  const NS = "http://www.w3.org/2000/svg";
  let chosenStep = null;
  let chosenCluster = null;

  // A cluster's frame under the names the script uses (the page's data
  // keys are one letter: a thousand clones' frames are large).
  function frame(f) {
    return { c: f.c, status: f.s, paying: f.p, logical: f.l, owned: f.o, billed_gib: f.g, map: f.m,
      own: f.w, live: f.v, dead: f.d, counts: f.n, explain: f.e };
  }

  // A table's row records, each cell left out (null) where the row's
  // last record holds it filled in from that record.
  function filled(records, last) {
    return (records || []).map(function (r) {
      const before = last.get(r[0]) || [];
      const cells = r[1].map(function (c, i) { return c === null ? before[i] : c; });
      last.set(r[0], cells);
      return [r[0], cells];
    });
  }

  function load() {
    if (data !== null) return;
    const raw = JSON.parse(document.getElementById("data").textContent);
    const accounts = new Map(), rows = new Map(), held = new Map();
    data = {
      clusters: raw.clusters,
      steps: raw.steps.map(function (s) {
        return { index: s.i, op: s.op, at: s.at, t: s.t, clock: s.k, changed: (s.f || []).map(frame),
          accounts: filled(s.a, accounts), rows: filled(s.r, rows), held: filled(s.h, held) };
      }),
    };
  }

  // The state after `step`: each cluster's frame, and each table row's
  // cells, as last recorded up to it.
  function stateAt(step) {
    const frames = new Map(), accounts = new Map(), rows = new Map(), held = new Map();
    for (let k = 0; k <= step && k < data.steps.length; k++) {
      const s = data.steps[k];
      for (const f of s.changed) frames.set(f.c, f);
      for (const a of s.accounts) accounts.set(a[0], a[1]);
      for (const r of s.rows) rows.set(r[0], r[1]);
      for (const h of s.held) held.set(h[0], h[1]);
    }
    return { frames: frames, accounts: accounts, rows: rows, held: held };
  }

  function fmtPages(x) {
    return Number.isInteger(x) ? String(x) : (x > 0 && x < 0.005 ? "< 0.01" : x.toFixed(2));
  }

  function figures(f) {
    if (f.status !== "available") return [f.status, ""];
    return [fmtPages(f.owned) + " pages owned", f.billed_gib.toFixed(2) + " GiB billed"];
  }

  function runs(code) {
    return (code || "").match(/[a-z-]\d+/g) || [];
  }

  function strip(g, code, y, h) {
    let at = 0;
    for (const run of runs(code)) {
      const n = parseInt(run.slice(1), 10);
      const x0 = Math.floor((at * BAR) / BUCKETS), x1 = Math.floor(((at + n) * BAR) / BUCKETS);
      at += n;
      if (run[0] === "-" && h <= 5) continue;
      const rect = document.createElementNS(NS, "rect");
      rect.setAttribute("class", { o: "own", l: "live", d: "dead" }[run[0]] || "none");
      rect.setAttribute("x", x0); rect.setAttribute("y", y);
      rect.setAttribute("width", x1 - x0); rect.setAttribute("height", h);
      g.appendChild(rect);
    }
  }

  // The strips under the bar: every slice holding any of its own
  // writes, and of an inherited origin the bar hides (as the page writes
  // them).
  function drawMap(row, f, frames) {
    const svg = row.querySelector("svg");
    const g = svg.querySelector("g.bars");
    g.textContent = "";
    strip(g, f.map, 2, 16);
    const strips = [[f.own, "its own writes", f.counts[0]], [f.live, "a live writer's pages", f.counts[1]],
      [f.dead, "a deleted writer's pages", f.counts[2]]].filter(function (x) { return x[0]; });
    strips.forEach(function (x, i) {
      const sg = document.createElementNS(NS, "g"), title = document.createElementNS(NS, "title");
      title.textContent = "slices holding any of " + x[1] + ": " + x[2] + " pages";
      sg.appendChild(title);
      strip(sg, x[0], 20 + 7 * i, 5);
      g.appendChild(sg);
    });
    const labelY = 20 + 7 * Math.max(1, strips.length) + 10;
    svg.setAttribute("height", labelY + 3);
    svg.setAttribute("viewBox", "0 0 " + BAR + " " + (labelY + 3));
    svg.querySelectorAll(":scope > text").forEach(function (t) { t.setAttribute("y", labelY); });
    svg.querySelector("text.last").textContent = "page " + Math.max(0, f.logical - 1);
    svg.querySelector("title").textContent = f.logical + " pages: " + f.counts[0] + " its own writes, " +
      f.counts[1] + " a live writer's, " + f.counts[2] + " a deleted writer's";
    row.querySelector(".fate").textContent = fate(f, frames);
  }

  // What became of a cluster not billed: who pays for its versions now.
  function fate(f, frames) {
    if (f.status === "available") return "";
    if (f.status === "creating") return "Being created: nothing billed yet.";
    const state = f.status.charAt(0).toUpperCase() + f.status.slice(1) + ", not billed. ";
    const name = data.clusters[f.c];
    const payers = [];
    frames.forEach(function (o) {
      if (o.status !== "available") return;
      let owned = 0;
      for (const g of o.explain || []) if (g[1] === name && g[5] > 0) owned += g[6];
      if (owned > 0) payers.push(data.clusters[o.c] + " (" + fmtPages(owned) + " pages)");
    });
    return payers.length
      ? state + "The versions it wrote that clones still see are now paid by " + payers.join(", ") + "."
      : state + "No live cluster pays for its versions now: those no one sees were reclaimed.";
  }

  function explainTable(f) {
    const name = data.clusters[f.c];
    const groups = f.explain || [];
    const rows = groups.map(function (g) {
      return "<tr><td>" + g[0] + "</td><td>" + esc(g[1]) + "</td><td>" + g[2] + "</td><td>" + g[3] +
        "</td><td>" + g[4] + "</td><td>" + share(g[5]) + "</td><td>" + fmtPages(g[6]) + "</td></tr>";
    }).join("");
    const table = groups.length
      ? "<div class=\"scroll\"><table><thead><tr><th>origin</th><th>writer</th><th>pages</th><th>seen by</th><th>payer</th><th>share</th><th>owned</th></tr></thead><tbody>" +
        rows + "</tbody></table></div>"
      : "<p>Its family is too large to explain at every step here: <code>cowsim explain --at " +
        data.steps[current()].index + "</code> explains it.</p>";
    return "<p><b>" + esc(name) + "</b> after step " + data.steps[current()].index + ": it sees " + f.logical +
      " pages and owns " + fmtPages(f.owned) + " (" + f.billed_gib.toFixed(2) + " GiB billed).</p>" + table;
  }

  function share(s) {
    if (s === 0 || s === 1) return String(s);
    const n = Math.round(1 / s);
    return Math.abs(1 / n - s) < 1e-12 ? "1/" + n : s.toFixed(3);
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function current() {
    load();
    return chosenStep === null ? data.steps.length - 1 : chosenStep;
  }

  function setCells(row, cells) {
    const tds = row.querySelectorAll("td:not(.name)");
    cells.forEach(function (text, i) { if (tds[i]) tds[i].textContent = text; });
  }

  // Keeps the chosen step's row in view, scrolling the log's own box
  // first and the page only as little as needed; the tree is pinned, so
  // it stays on screen too.
  function keepInView(row) {
    row.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function show(step) {
    load();
    chosenStep = Math.max(0, Math.min(step, data.steps.length - 1));
    const s = data.steps[chosenStep];
    const state = stateAt(chosenStep);
    document.body.classList.add("at-step");
    for (const node of document.querySelectorAll("#tree .node")) {
      const f = state.frames.get(Number(node.dataset.c));
      node.classList.remove("own", "inherits", "nothing", "not-billed", "available", "creating", "deleted", "absent");
      if (!f) { node.classList.add("absent"); continue; }
      node.classList.add(f.paying, f.status);
      const lines = figures(f), figs = node.querySelectorAll(".fig");
      figs[0].textContent = lines[0];
      figs[1].textContent = lines[1];
    }
    for (const edge of document.querySelectorAll("#tree .edge, #tree .share")) {
      const ends = [edge.dataset.from, edge.dataset.to].filter(function (x) { return x !== undefined; });
      edge.classList.toggle("absent", ends.some(function (c) { return !state.frames.has(Number(c)); }));
    }
    for (const row of document.querySelectorAll("#accounts tbody tr")) {
      const cells = state.accounts.get(Number(row.dataset.i));
      if (cells) setCells(row, cells);
    }
    for (const row of document.querySelectorAll("#clusters tbody tr")) {
      const cells = state.rows.get(Number(row.dataset.i));
      row.classList.toggle("absent", !cells);
      if (cells) setCells(row, cells);
    }
    // The latest restorable time (the last column) is the clock after
    // the step, for a cluster that can be restored from (its earliest,
    // the column before, is given).
    const clock = s.clock || s.at.replace("T", " ").replace("Z", "");
    for (const row of document.querySelectorAll("#holdings tbody tr")) {
      const cells = state.held.get(Number(row.dataset.i));
      row.classList.toggle("absent", !cells);
      if (!cells) continue;
      setCells(row, cells);
      const tds = row.querySelectorAll("td"), n = tds.length;
      tds[n - 1].textContent = tds[n - 2].textContent ? clock : "";
    }
    for (const row of document.querySelectorAll("#maps .map-row")) {
      const f = state.frames.get(Number(row.dataset.c));
      row.classList.toggle("absent", !f);
      row.classList.toggle("gone", !!f && f.status !== "available");
      if (f) drawMap(row, f, state.frames);
    }
    for (const row of document.querySelectorAll("#steps tbody tr")) {
      const chosen = Number(row.dataset.step) === s.index;
      row.classList.toggle("chosen", chosen);
      row.setAttribute("aria-selected", chosen ? "true" : "false");
      if (chosen) keepInView(row);
    }
    const now = document.getElementById("now");
    if (now) {
      const x = Number(now.dataset.left) + (s.t / Number(now.dataset.span)) * Number(now.dataset.width);
      now.setAttribute("x1", x.toFixed(1)); now.setAttribute("x2", x.toFixed(1));
      now.setAttribute("visibility", "visible");
    }
    document.getElementById("at").textContent = "Showing the state after step " + s.index +
      " (" + s.op + ", " + s.at + ") in every section. Arrow keys step; Home and End jump.";
    const live = document.getElementById("explain-live");
    const f = chosenCluster === null ? null : state.frames.get(chosenCluster);
    live.innerHTML = f && f.status === "available" ? explainTable(f)
      : f ? "<p><b>" + esc(data.clusters[f.c]) + "</b> after step " + s.index + ": " + esc(fate(f, state.frames)) + "</p>"
      : "<p>Choose a cluster in the tree to explain it at step " + s.index + ".</p>";
  }

  // One listener for all the step log's rows and one for all the tree's
  // nodes, not one each: a thousand clones' page opens without them.
  const log = document.querySelector("#steps tbody");
  function stepRow(e) {
    const row = e.target.closest("tr");
    return row && row.parentNode === log ? row.sectionRowIndex : -1;
  }
  log.addEventListener("click", function (e) { const i = stepRow(e); if (i >= 0) show(i); });
  log.addEventListener("keydown", function (e) { const i = stepRow(e); if (i >= 0 && e.key === "Enter") show(i); });
  const tree = document.getElementById("tree");
  function choose(node) {
    chosenCluster = Number(node.dataset.c);
    const before = tree.querySelector(".node.selected");
    if (before) before.classList.remove("selected");
    node.classList.add("selected");
    show(current());
  }
  tree.addEventListener("click", function (e) { const node = e.target.closest(".node"); if (node) choose(node); });
  tree.addEventListener("keydown", function (e) {
    const node = e.target.closest(".node");
    if (node && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); choose(node); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    load();
    const last = data.steps.length - 1;
    const to = { ArrowDown: current() + 1, ArrowRight: current() + 1, ArrowUp: current() - 1, ArrowLeft: current() - 1,
      Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    show(to);
  });
  // The page as written already shows the end of the run: nothing to
  // replay until a step or a cluster is chosen.
  document.getElementById("explain-live").innerHTML =
    "<p>Choose a cluster in the tree to explain it at the chosen step.</p>";
})();
