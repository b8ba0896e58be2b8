// The report page's interaction: choosing a step replays the recorded
// frames up to it and updates the tree, page maps and explanation in place.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const BUCKETS = 160, BAR = 640;
  let chosenStep = data.steps.length - 1;
  let chosenCluster = null;

  function stateAt(step) {
    const state = new Map();
    for (let k = 0; k <= step && k < data.steps.length; k++) {
      for (const f of data.steps[k].changed) state.set(f.c, f);
    }
    return state;
  }

  function fmtPages(x) {
    return Number.isInteger(x) ? String(x) : (x > 0 && x < 0.005 ? "< 0.01" : x.toFixed(2));
  }

  function figures(f) {
    if (f.status !== "available") return f.status;
    return fmtPages(f.owned) + " owned · " + f.billed_gib.toFixed(2) + " GiB";
  }

  function drawMap(svg, f) {
    const ns = "http://www.w3.org/2000/svg";
    for (const r of Array.from(svg.querySelectorAll("rect"))) r.remove();
    const last = svg.querySelectorAll("text")[1];
    const runs = (f.map || "").match(/[a-z-]\d+/g) || [];
    let x = 0;
    for (const run of runs) {
      const n = parseInt(run.slice(1), 10);
      const w = Math.floor((n * BAR) / BUCKETS);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("class", { o: "own", l: "live", d: "dead" }[run[0]] || "none");
      rect.setAttribute("x", x); rect.setAttribute("y", 2);
      rect.setAttribute("width", w); rect.setAttribute("height", 16);
      svg.insertBefore(rect, svg.firstChild);
      x += w;
    }
    if (last) last.textContent = "page " + Math.max(0, f.logical - 1);
  }

  function explainTable(f) {
    const name = data.clusters[f.c];
    const rows = f.explain.map(function (g) {
      return "<tr><td>" + g[0] + "</td><td>" + esc(g[1]) + "</td><td>" + g[2] + "</td><td>" + g[3] +
        "</td><td>" + g[4] + "</td><td>" + share(g[5]) + "</td><td>" + fmtPages(g[6]) + "</td></tr>";
    }).join("");
    return "<p><b>" + esc(name) + "</b> after step " + data.steps[chosenStep].index + ": it sees " + f.logical +
      " pages and owns " + fmtPages(f.owned) + " (" + f.billed_gib.toFixed(2) + " GiB billed).</p>" +
      "<table><thead><tr><th>origin</th><th>writer</th><th>pages</th><th>seen by</th><th>payer</th><th>share</th><th>owned</th></tr></thead><tbody>" +
      rows + "</tbody></table>";
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

  function show(step) {
    chosenStep = step;
    const state = stateAt(step);
    for (const node of document.querySelectorAll("#tree .node")) {
      const f = state.get(Number(node.dataset.c));
      node.classList.remove("own", "inherits", "nothing", "not-billed", "available", "creating", "deleted", "absent");
      if (!f) { node.classList.add("absent"); continue; }
      node.classList.add(f.paying, f.status);
      node.querySelector(".fig").textContent = figures(f);
    }
    for (const edge of document.querySelectorAll("#tree .edge, #tree .share")) {
      const ends = [edge.dataset.from, edge.dataset.to].filter(function (x) { return x !== undefined; });
      edge.classList.toggle("absent", ends.some(function (c) { return !state.has(Number(c)); }));
    }
    for (const row of document.querySelectorAll("#maps tr")) {
      const f = state.get(Number(row.dataset.c));
      row.classList.toggle("absent", !f);
      row.classList.toggle("gone", !!f && f.status !== "available");
      if (f) drawMap(row.querySelector("svg"), f);
    }
    for (const row of document.querySelectorAll("#steps tbody tr")) {
      row.classList.toggle("chosen", Number(row.dataset.step) === data.steps[step].index);
    }
    document.getElementById("at").textContent = "Showing the state after step " + data.steps[step].index +
      " (" + data.steps[step].op + ", " + data.steps[step].at + ").";
    const live = document.getElementById("explain-live");
    const f = chosenCluster === null ? null : state.get(chosenCluster);
    live.innerHTML = f ? explainTable(f) : "<p>Choose a cluster in the tree to explain it at the chosen step.</p>";
  }

  document.querySelectorAll("#steps tbody tr").forEach(function (row, i) {
    row.addEventListener("click", function () { show(i); });
    row.addEventListener("keydown", function (e) { if (e.key === "Enter") show(i); });
  });
  document.querySelectorAll("#tree .node").forEach(function (node) {
    node.addEventListener("click", function () {
      chosenCluster = Number(node.dataset.c);
      document.querySelectorAll("#tree .node").forEach(function (n) { n.classList.remove("selected"); });
      node.classList.add("selected");
      show(chosenStep);
    });
  });
  // The page as written already shows the end of the run: nothing to
  // replay until a step or a cluster is chosen.
  document.getElementById("explain-live").innerHTML =
    "<p>Choose a cluster in the tree to explain it at the chosen step.</p>";
})();
