// rasd reader: clicking (or focusing) a highlighted piece of text shows the annotations it
// belongs to in the side panel. No inline scripts: this file is loaded with script-src 'self'.
"use strict";
(function () {
  function show(el) {
    var panel = document.getElementById("panel");
    if (!panel) return;
    var refs = (el.getAttribute("data-refs") || "").split(" ").filter(Boolean);
    panel.querySelectorAll(".ann").forEach(function (a) { a.hidden = true; });
    document.querySelectorAll(".hl.active").forEach(function (a) { a.classList.remove("active"); });
    el.classList.add("active");
    var hint = document.getElementById("hint");
    if (hint) hint.hidden = refs.length > 0;
    refs.forEach(function (r) {
      var box = document.getElementById("ann-" + r);
      if (box) box.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("text");
    if (!text) return;
    text.addEventListener("click", function (e) {
      var el = e.target.closest(".hl");
      if (el) show(el);
    });
    text.addEventListener("focusin", function (e) {
      var el = e.target.closest(".hl");
      if (el) show(el);
    });
    text.addEventListener("mouseover", function (e) {
      var el = e.target.closest(".hl");
      if (el && !document.querySelector(".hl.active")) show(el);
    });
  });
})();

// Shared helpers for the charts (SVG built with DOM calls, text set with textContent only).
window.rasd = {
  svg: function (tag, attrs, parent) {
    var el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(el);
    return el;
  },
  getJSON: function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return r.json();
    });
  },
  colors: ["#b00020", "#e08b00", "#1b7f3a", "#0b5cad", "#7a3fc5", "#00838f", "#6d4c41", "#c2185b",
           "#558b2f", "#5d6670", "#ef6c00", "#283593", "#00695c", "#ad1457", "#4e342e", "#37474f"],
  message: function (el, text) {
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    el.appendChild(p);
  }
};
