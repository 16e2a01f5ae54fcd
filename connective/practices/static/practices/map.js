/* The practice map: country outlines (or tiles when configured), clustered markers.
   Reads everything from data- attributes on #practice-map; builds DOM with textContent only,
   so no practice text is ever parsed as HTML. */
(function () {
  "use strict";
  var REGION_VIEWS = {
    mena: [[12, -18], [42, 60]],
    see: [[34, 12], [52, 50]],
    ssa: [[-35, -20], [22, 52]],
    asia: [[-45, 60], [55, 180]],
    lac: [[-56, -118], [33, -32]],
    europe: [[35, -25], [71, 45]]
  };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function popup(row, columns, themes, box) {
    var get = function (name) { return row[columns.indexOf(name)]; };
    var root = el("div", null, "map-popup");
    var heading = el("h2");
    var link = el("a", get("title"));
    link.href = box.dataset.detail.replace("__slug__", encodeURIComponent(get("slug")));
    heading.appendChild(link);
    root.appendChild(heading);
    root.appendChild(el("p", get("city")));
    var names = get("themes").map(function (id) { return themes[String(id)]; }).filter(Boolean);
    if (names.length) { root.appendChild(el("p", names.join(", "))); }
    if (get("approximate")) { root.appendChild(el("p", box.dataset.approximate, "approximate")); }
    return root;
  }

  function start() {
    var box = document.getElementById("practice-map");
    if (!box || !window.L) { return; }
    var status = el("p", box.dataset.loading, "map-status");
    status.setAttribute("role", "status");
    box.parentNode.insertBefore(status, box);
    var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 14 });
    var view = REGION_VIEWS[box.dataset.region];
    if (view) { map.fitBounds(view); } else { map.setView([20, 15], 2); }
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map);
    } else {
      fetch(box.dataset.outlines).then(function (r) { return r.json(); }).then(function (shapes) {
        L.geoJSON(shapes, { style: { color: "#7a8d93", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
      });
    }
    fetch(box.dataset.points, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var columns = data.columns, lat = columns.indexOf("lat"), lon = columns.indexOf("lon");
        var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
        cluster.addLayers(data.practices.map(function (row) {
          var marker = L.marker([row[lat], row[lon]], { title: row[columns.indexOf("title")], keyboard: true });
          marker.bindPopup(function () { return popup(row, columns, data.themes, box); });
          return marker;
        }));
        map.addLayer(cluster);
        status.remove();
      })
      .catch(function () { status.textContent = box.dataset.failed; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
