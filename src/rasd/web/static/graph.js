// Actor graph: who acted on whom (solid red) and who quoted whom (dashed blue), edge width ~
// reports, on a circular layout.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("graph");
  if (!box) return;
  var R = window.rasd;
  R.getJSON(box.getAttribute("data-src")).then(function (data) {
    var nodes = data.nodes, edges = data.edges;
    if (!nodes.length) { R.message(box, "لا علاقات · no relations"); return; }
    // A circular layout: the heaviest nodes (at most 40), ordered component by component (breadth
    // first from each component's heaviest node), so that related actors sit side by side.
    nodes = nodes.slice().sort(function (a, b) { return b.weight - a.weight; }).slice(0, 40);
    var W = 1000, H = 760, n = nodes.length, index = {};
    nodes.forEach(function (d, i) { index[d.id] = i; });
    edges = edges.filter(function (e) { return e.source in index && e.target in index; });
    var adj = nodes.map(function () { return []; });
    edges.forEach(function (e) { adj[index[e.source]].push(index[e.target]); adj[index[e.target]].push(index[e.source]); });
    var order = [], seen = {};
    nodes.forEach(function (d, i) {
      if (seen[i]) return;
      var queue = [i]; seen[i] = true;
      while (queue.length) {
        var v = queue.shift(); order.push(nodes[v]);
        adj[v].forEach(function (w) { if (!seen[w]) { seen[w] = true; queue.push(w); } });
      }
    });
    var RAD = Math.min(W, H) / 2 - 110;
    order.forEach(function (d, i) {
      d.angle = 2 * Math.PI * i / n - Math.PI / 2;
      d.x = W / 2 + RAD * Math.cos(d.angle);
      d.y = H / 2 + RAD * Math.sin(d.angle);
    });
    var links = edges.map(function (e) { return { s: nodes[index[e.source]], t: nodes[index[e.target]], e: e }; });
    var svg = R.svg("svg", { viewBox: "0 0 " + W + " " + H, id: "graph-svg", direction: "ltr" }, box);
    var defs = R.svg("defs", {}, svg);
    [["acted", "#b00020"], ["quoted", "#0b5cad"]].forEach(function (m) {
      var mk = R.svg("marker", { id: "arrow-" + m[0], viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
      R.svg("path", { d: "M0,0L10,5L0,10z", fill: m[1] }, mk);
    });
    links.forEach(function (l) {
      var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var rt = 5 + 2 * Math.sqrt(l.t.weight);
      var cx = (l.s.x + l.t.x) / 2 * 0.6 + W / 2 * 0.4, cy = (l.s.y + l.t.y) / 2 * 0.6 + H / 2 * 0.4;
      var ex = l.t.x - (l.t.x - cx) / (Math.hypot(l.t.x - cx, l.t.y - cy) || 1) * rt;
      var ey = l.t.y - (l.t.y - cy) / (Math.hypot(l.t.x - cx, l.t.y - cy) || 1) * rt;
      var path = R.svg("path", { d: "M" + l.s.x.toFixed(1) + "," + l.s.y.toFixed(1) + "Q" + cx.toFixed(1) + "," +
        cy.toFixed(1) + " " + ex.toFixed(1) + "," + ey.toFixed(1),
        "class": "edge edge-" + l.e.kind, "stroke-width": (1 + 1.5 * Math.sqrt(l.e.weight)).toFixed(1),
        "marker-end": "url(#arrow-" + l.e.kind + ")" }, svg);
      var t = R.svg("title", {}, path);
      t.textContent = (l.s.name || "") + (l.e.kind === "acted" ? " → " : " quoted ") + (l.t.name || "") +
        " · " + l.e.weight + " report(s)";
      void d;
    });
    nodes.forEach(function (d) {
      var g = R.svg("g", { "class": "node-g" }, svg);
      R.svg("circle", { cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: (5 + 2 * Math.sqrt(d.weight)).toFixed(1), "class": "node" }, g);
      var right = Math.cos(d.angle) >= 0;
      var lx = d.x + Math.cos(d.angle) * 14, ly = d.y + Math.sin(d.angle) * 14 + 4;
      var label = R.svg("text", { x: lx.toFixed(1), y: ly.toFixed(1), "text-anchor": right ? "start" : "end",
        "class": "node-label" }, g);
      label.textContent = d.name.length > 32 ? d.name.slice(0, 31) + "…" : d.name;
      if (d.latin) {
        var lat = R.svg("text", { x: lx.toFixed(1), y: (ly + 13).toFixed(1), "text-anchor": right ? "start" : "end",
          "class": "node-label node-latin" }, g);
        lat.textContent = d.latin.length > 36 ? d.latin.slice(0, 35) + "…" : d.latin;
      }
      var t = R.svg("title", {}, g);
      t.textContent = d.name + (d.latin ? " (" + d.latin + ")" : "") + (d.actor_id ? " [" + d.actor_id + "]" : "");
      g.addEventListener("click", function () {  // this actor's incidents
        window.location.href = "/incidents?actor=" + encodeURIComponent(d.actor_id || d.name);
      });
    });
    box.setAttribute("data-nodes", String(n));
    box.setAttribute("data-edges", String(edges.length));
  }).catch(function (err) { R.message(box, String(err)); });
});
