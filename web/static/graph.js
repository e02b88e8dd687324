// The entity co-occurrence graph: a small force layout drawn as SVG, no library.
// Data comes from <script type="application/json" id="graph-data"> (never executed); every label is set as
// text content, never as HTML.
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = {phone: "#c0392b", handle: "#2471a3", bot: "#7d3c98", wallet: "#b9770e", onion: "#117a65",
                email: "#566573", substance: "#943126", place: "#1e8449"};

  function el(name, attrs) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function layout(nodes, edges, w, h) {
    var n = nodes.length, i, j, it;
    nodes.forEach(function (d, k) {
      var a = 2 * Math.PI * k / Math.max(1, n - 1);
      d.x = d.center ? w / 2 : w / 2 + 160 * Math.cos(a);
      d.y = d.center ? h / 2 : h / 2 + 140 * Math.sin(a);
    });
    var index = {};
    nodes.forEach(function (d) { index[d.id] = d; });
    for (it = 0; it < 300; it++) {
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
          var f = 1800 / d2;
          a.x += dx * f / 10; a.y += dy * f / 10; b.x -= dx * f / 10; b.y -= dy * f / 10;
        }
      }
      edges.forEach(function (e) {
        var s = index[e.source], t = index[e.target];
        if (!s || !t) { return; }
        var dx = t.x - s.x, dy = t.y - s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
        var f = (d - 150) * 0.02;
        if (!s.center) { s.x += dx / d * f; s.y += dy / d * f; }
        if (!t.center) { t.x -= dx / d * f; t.y -= dy / d * f; }
      });
      nodes.forEach(function (d) {
        if (d.center) { d.x = w / 2; d.y = h / 2; }
        d.x = Math.min(w - 70, Math.max(70, d.x));
        d.y = Math.min(h - 20, Math.max(20, d.y));
      });
    }
    return index;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("graph-data");
    var svg = document.getElementById("graph");
    if (!data || !svg) { return; }
    var g = JSON.parse(data.textContent);
    var box = svg.viewBox.baseVal, w = box.width, h = box.height;
    var index = layout(g.nodes, g.edges, w, h);
    var top = Math.max.apply(null, g.edges.map(function (e) { return e.weight; }).concat([1]));
    g.edges.forEach(function (e) {
      var s = index[e.source], t = index[e.target];
      svg.appendChild(el("line", {x1: s.x, y1: s.y, x2: t.x, y2: t.y, "class": "edge",
                                  "stroke-width": 1 + 4 * e.weight / top}));
    });
    g.nodes.forEach(function (d) {
      var a = el("a", {href: "/entity?spec=" + encodeURIComponent(d.id)});
      var r = d.center ? 14 : 6 + Math.min(8, Math.sqrt(d.documents));
      var c = el("circle", {cx: d.x, cy: d.y, r: r, fill: COLORS[d.type] || "#555", "class": "node"});
      var title = el("title");
      title.textContent = d.id + " (" + d.documents + ")";
      c.appendChild(title);
      var label = el("text", {x: d.x, y: d.y - r - 4, "text-anchor": "middle", "class": "nlabel"});
      label.textContent = d.value.length > 24 ? d.value.slice(0, 22) + "…" : d.value;
      a.appendChild(c);
      a.appendChild(label);
      svg.appendChild(a);
    });
  });
})();
