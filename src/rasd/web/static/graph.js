// Actor graph: who acted on whom (solid red) and who quoted whom (dashed blue), edge width ~
// reports. A small force layout (a fixed number of iterations, deterministic start on a circle).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("graph");
  if (!box) return;
  var R = window.rasd;
  R.getJSON(box.getAttribute("data-src")).then(function (data) {
    var nodes = data.nodes, edges = data.edges;
    if (!nodes.length) { R.message(box, "لا علاقات · no relations"); return; }
    var W = 1000, H = 700, n = nodes.length, index = {};
    nodes.forEach(function (d, i) {
      index[d.id] = i;
      d.x = W / 2 + (W / 3) * Math.cos(2 * Math.PI * i / n);
      d.y = H / 2 + (H / 3) * Math.sin(2 * Math.PI * i / n);
    });
    var links = edges.map(function (e) { return { s: nodes[index[e.source]], t: nodes[index[e.target]], e: e }; });
    var k = Math.sqrt((W * H) / n) * 0.6;
    for (var it = 0; it < 300; it++) {
      var temp = 40 * (1 - it / 300) + 1;
      nodes.forEach(function (a) { a.dx = 0; a.dy = 0; });
      for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) {
        var a = nodes[i], b = nodes[j], dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
        var f = k * k / d2;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
      links.forEach(function (l) {
        var dx = l.s.x - l.t.x, dy = l.s.y - l.t.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01, f = d / k;
        l.s.dx -= dx * f; l.s.dy -= dy * f; l.t.dx += dx * f; l.t.dy += dy * f;
      });
      nodes.forEach(function (a) {
        a.dx += (W / 2 - a.x) * 0.02; a.dy += (H / 2 - a.y) * 0.02;
        var d = Math.sqrt(a.dx * a.dx + a.dy * a.dy) + 0.01, m = Math.min(d, temp);
        a.x = Math.min(W - 60, Math.max(60, a.x + a.dx / d * m));
        a.y = Math.min(H - 30, Math.max(30, a.y + a.dy / d * m));
      });
    }
    var svg = R.svg("svg", { viewBox: "0 0 " + W + " " + H, id: "graph-svg" }, box);
    var defs = R.svg("defs", {}, svg);
    [["acted", "#b00020"], ["quoted", "#0b5cad"]].forEach(function (m) {
      var mk = R.svg("marker", { id: "arrow-" + m[0], viewBox: "0 0 10 10", refX: 10, refY: 5,
        markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" }, defs);
      R.svg("path", { d: "M0,0L10,5L0,10z", fill: m[1] }, mk);
    });
    links.forEach(function (l) {
      var dx = l.t.x - l.s.x, dy = l.t.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      var rt = 5 + 2 * Math.sqrt(l.t.weight);
      var line = R.svg("line", { x1: l.s.x.toFixed(1), y1: l.s.y.toFixed(1),
        x2: (l.t.x - dx / d * rt).toFixed(1), y2: (l.t.y - dy / d * rt).toFixed(1),
        "class": "edge edge-" + l.e.kind, "stroke-width": (1 + 1.5 * Math.sqrt(l.e.weight)).toFixed(1),
        "marker-end": "url(#arrow-" + l.e.kind + ")" }, svg);
      var t = R.svg("title", {}, line);
      t.textContent = (l.s.name || "") + (l.e.kind === "acted" ? " → " : " ⟵ quoted ⟶ ") + (l.t.name || "") +
        " · " + l.e.weight + " report(s)";
    });
    nodes.forEach(function (d) {
      var g = R.svg("g", { "class": "node-g" }, svg);
      R.svg("circle", { cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: (5 + 2 * Math.sqrt(d.weight)).toFixed(1), "class": "node" }, g);
      var label = R.svg("text", { x: d.x.toFixed(1), y: (d.y - 9 - 2 * Math.sqrt(d.weight)).toFixed(1), "text-anchor": "middle", "class": "node-label" }, g);
      label.textContent = d.name + (d.latin ? " · " + d.latin : "");
      var t = R.svg("title", {}, g);
      t.textContent = d.name + (d.latin ? " (" + d.latin + ")" : "") + (d.actor_id ? " [" + d.actor_id + "]" : "");
    });
    box.setAttribute("data-nodes", String(n));
    box.setAttribute("data-edges", String(edges.length));
  }).catch(function (err) { R.message(box, String(err)); });
});
