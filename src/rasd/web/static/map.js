// Map of incidents: shipped country outlines (static/geo/mena.geojson) drawn as SVG with an
// equirectangular projection; incidents as circles (area ~ reports), coloured by type.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("map");
  if (!box) return;
  var R = window.rasd, W = 1000, LON0 = -20, LON1 = 65, LAT0 = 5, LAT1 = 45;
  var H = Math.round(W * (LAT1 - LAT0) / (LON1 - LON0));
  function x(lon) { return ((lon - LON0) / (LON1 - LON0) * W).toFixed(1); }
  function y(lat) { return ((LAT1 - lat) / (LAT1 - LAT0) * H).toFixed(1); }
  function ringPath(ring) {
    return ring.map(function (p, i) { return (i ? "L" : "M") + x(p[0]) + "," + y(p[1]); }).join("") + "Z";
  }
  var svg = R.svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "map", id: "map-svg", direction: "ltr" }, box);
  var countries = R.svg("g", { "class": "countries" }, svg);
  var dots = R.svg("g", { "class": "incidents" }, svg);
  var tip = document.getElementById("tip");
  Promise.all([R.getJSON("/static/geo/mena.geojson"), R.getJSON(box.getAttribute("data-src"))]).then(function (res) {
    res[0].features.forEach(function (f) {
      var g = f.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      var d = polys.map(function (poly) { return poly.map(ringPath).join(""); }).join("");
      var path = R.svg("path", { d: d, "class": "country" }, countries);
      var t = R.svg("title", {}, path);
      t.textContent = f.properties.name || "";
    });
    var types = [], shown = 0;
    res[1].items.forEach(function (inc) {
      if (inc.lat === null || inc.lon === null || inc.lat === undefined) return;
      if (types.indexOf(inc.type) < 0) types.push(inc.type);
      var r = 3 + 2.5 * Math.sqrt(inc.n_reports || 1);
      var c = R.svg("circle", { cx: x(inc.lon), cy: y(inc.lat), r: r.toFixed(1), "class": "incident",
        fill: R.colors[types.indexOf(inc.type) % R.colors.length], "data-id": inc.id }, dots);
      var label = (inc.date_start || "?") + " " + inc.type + " · " + (inc.actor_name || "?") +
        " → " + (inc.target_name || "?") + " · " + (inc.place_name || "") + " (" + inc.n_reports + ")";
      var t = R.svg("title", {}, c);
      t.textContent = label;
      c.addEventListener("click", function () { window.location.href = "/incidents/" + encodeURIComponent(inc.id); });
      c.addEventListener("mousemove", function (e) {
        if (!tip) return;
        tip.textContent = label; tip.hidden = false;
        tip.style.left = (e.clientX + 12) + "px"; tip.style.top = (e.clientY + 12) + "px";
      });
      c.addEventListener("mouseleave", function () { if (tip) tip.hidden = true; });
      shown += 1;
    });
    var lg = R.svg("g", { "class": "map-legend" }, svg);
    types.forEach(function (t, i) {
      R.svg("circle", { cx: 20, cy: 20 + 18 * i, r: 6, fill: R.colors[i % R.colors.length] }, lg);
      var tx = R.svg("text", { x: 32, y: 24 + 18 * i }, lg);
      tx.textContent = t;
    });
    box.setAttribute("data-incidents", String(shown));
    var missing = res[1].items.length - shown;
    var note = document.getElementById("map-note");
    if (note) note.textContent = shown + " incident(s) drawn" + (missing ? ", " + missing + " without coordinates" : "") +
      (res[1].total > res[1].items.length ? " (first " + res[1].items.length + " of " + res[1].total + ")" : "");
  }).catch(function (err) { R.message(box, String(err)); });
});
