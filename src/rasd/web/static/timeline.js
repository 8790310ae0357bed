// Timeline: stacked bars of incidents per day (or month) by PLOVER type, drawn as SVG.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("timeline");
  if (!box) return;
  var R = window.rasd;
  R.getJSON(box.getAttribute("data-src")).then(function (data) {
    var buckets = data.buckets, types = data.types;
    if (!buckets.length) { R.message(box, "لا حوادث مؤرخة · no dated incidents"); return; }
    var W = 1000, H = 380, L = 70, B = 80, T = 20, Rm = 160;
    var max = 1;
    buckets.forEach(function (b) {
      var s = 0; Object.keys(b.counts).forEach(function (k) { s += b.counts[k]; });
      b.total = s; if (s > max) max = s;
    });
    var svg = R.svg("svg", { viewBox: "0 0 " + W + " " + H, id: "timeline-svg", direction: "ltr" }, box);
    var bw = (W - L - Rm) / buckets.length;
    var sy = (H - B - T) / max;
    R.svg("line", { x1: L, y1: H - B, x2: W - Rm, y2: H - B, "class": "axis" }, svg);
    R.svg("line", { x1: L, y1: T, x2: L, y2: H - B, "class": "axis" }, svg);
    for (var v = 0; v <= max; v += Math.max(1, Math.ceil(max / 5))) {
      var ty = R.svg("text", { x: L - 6, y: H - B - v * sy + 4, "text-anchor": "end" }, svg);
      ty.textContent = String(v);
    }
    var step = Math.max(1, Math.ceil(buckets.length / 20));
    buckets.forEach(function (b, i) {
      var y0 = H - B;
      types.forEach(function (t, k) {
        var n = b.counts[t] || 0;
        if (!n) return;
        var h = n * sy;
        var r = R.svg("rect", { x: (L + i * bw + (bw - Math.max(1, Math.min(60, bw * 0.8))) / 2).toFixed(1), y: (y0 - h).toFixed(1),
          width: Math.max(1, Math.min(60, bw * 0.8)).toFixed(1), height: h.toFixed(1), fill: R.colors[k % R.colors.length],
          "class": "bar", "data-type": t }, svg);
        var tt = R.svg("title", {}, r);
        tt.textContent = b.date + " · " + t + ": " + n;
        r.addEventListener("click", function () {  // open these incidents in the table
          var q = new URLSearchParams(window.location.search);
          q.set("type", t);
          if (data.unit === "day") { q.set("since", b.date); q.set("until", b.date); }
          else {
            var last = new Date(Date.UTC(+b.date.slice(0, 4), +b.date.slice(5, 7), 0)).getUTCDate();
            q.set("since", b.date + "-01"); q.set("until", b.date + "-" + String(last).padStart(2, "0"));
          }
          window.location.href = "/incidents?" + q.toString();
        });
        y0 -= h;
      });
      if (i % step === 0) {
        var lx = L + i * bw + bw / 2;
        var tx = R.svg("text", { x: lx, y: H - B + 12, "text-anchor": "end",
          transform: "rotate(-45 " + lx + " " + (H - B + 12) + ")" }, svg);
        tx.textContent = b.date;
      }
    });
    types.forEach(function (t, k) {
      R.svg("rect", { x: W - Rm + 20, y: T + 18 * k, width: 12, height: 12, fill: R.colors[k % R.colors.length] }, svg);
      var tx = R.svg("text", { x: W - Rm + 38, y: T + 18 * k + 11 }, svg);
      tx.textContent = t;
    });
    box.setAttribute("data-buckets", String(buckets.length));
  }).catch(function (err) { R.message(box, String(err)); });
});
