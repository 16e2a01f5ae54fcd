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

  function column(columns, row) {
    return function (name) { return row[columns.indexOf(name)]; };
  }

  function themeLabels(box) {
    // The data names themes by slug; the page's filter has their labels in the reader's language.
    var labels = {};
    var select = document.getElementById("map-theme");
    if (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value) { labels[option.value] = option.textContent; }
      });
    }
    return labels;
  }

  function popup(get, themes, labels, box) {
    var root = el("div", null, "map-popup");
    var heading = el("h2");
    heading.dir = "auto";  // a title in its own language, whatever the page's
    var link = el("a", get("title"));
    link.href = box.dataset.detail.replace("__slug__", encodeURIComponent(get("slug")));
    heading.appendChild(link);
    root.appendChild(heading);
    root.appendChild(el("p", get("city")));
    var names = get("themes").map(function (id) { return labels[themes[String(id)]]; }).filter(Boolean);
    if (names.length) { root.appendChild(el("p", names.join(", "))); }
    if (get("approximate")) { root.appendChild(el("p", box.dataset.approximate, "approximate")); }
    return root;
  }

  function placePopup(get, box) {
    // A place stands for many practices: how many, and the library filtered to its country.
    var root = el("div", null, "map-popup");
    root.appendChild(el("h2", get("city")));
    root.appendChild(el("p", box.dataset.placeCount + " " + get("count")));
    var url = new URL(box.dataset.library, window.location.href);
    url.searchParams.set("country", get("country"));
    var link = el("a", box.dataset.placeLink);
    link.href = url.pathname + url.search;
    root.appendChild(el("p")).appendChild(link);
    if (get("approximate")) { root.appendChild(el("p", box.dataset.approximate, "approximate")); }
    return root;
  }

  function outlines(shipped) {
    // static/data/countries.json: integer steps in hundredths of a degree, rings not closed
    // (the format is described in connective/practices/outlines.py, whose `decode` is the same).
    var scale = shipped.scale;
    return {
      type: "FeatureCollection",
      features: shipped.countries.map(function (country) {
        var shapes = country[1].map(function (shape) {
          return shape.map(function (flat) {
            var ring = [], x = 0, y = 0, i;
            for (i = 0; i < flat.length; i += 2) {
              x += flat[i]; y += flat[i + 1];
              ring.push([x / scale, y / scale]);
            }
            ring.push(ring[0]);
            return ring;
          });
        });
        return { type: "Feature", properties: { iso: country[0] }, geometry: { type: "MultiPolygon", coordinates: shapes } };
      })
    };
  }

  function countIcon(count) {
    // Looks like markercluster's own icons; the number is text, never HTML from the data.
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var inner = el("div");
    inner.appendChild(el("span", String(count)));
    var outer = el("div");
    outer.appendChild(inner);
    return L.divIcon({ html: outer.innerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  function start() {
    var box = document.getElementById("practice-map");
    if (!box || !window.L) { return; }
    var status = el("p", box.dataset.loading, "map-status");
    status.setAttribute("role", "status");
    box.parentNode.insertBefore(status, box);
    // Leaflet places its controls with physical sides: put them at the start and end of the
    // reading direction (Arabic reads right to left), with their titles in the page's language.
    var rtl = (document.documentElement.getAttribute("dir") || "").toLowerCase() === "rtl";
    var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 14, zoomControl: false, attributionControl: false });
    L.control.zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: box.dataset.zoomIn || "+", zoomOutTitle: box.dataset.zoomOut || "-"
    }).addTo(map);
    L.control.attribution({ position: rtl ? "bottomleft" : "bottomright" }).addTo(map);
    var view = REGION_VIEWS[box.dataset.region];
    // A practice's page links here with its place after the # ("#36.8,10.18"): centre on it
    // at once, before the points have come over a slow line.
    var at = /^#(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)$/.exec(window.location.hash);
    if (box.dataset.focus && at && Math.abs(at[1]) <= 90 && Math.abs(at[2]) <= 180) {
      map.setView([Number(at[1]), Number(at[2])], 8);
    } else if (view) { map.fitBounds(view); } else { map.setView([20, 15], 2); }
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { maxZoom: 18 }).addTo(map);
    } else {
      fetch(box.dataset.outlines).then(function (r) { return r.json(); }).then(function (shipped) {
        L.geoJSON(outlines(shipped), { style: { color: "#7a8d93", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
      });
    }
    fetch(box.dataset.points, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        var labels = themeLabels(box);
        var markers, cluster, focused = null;
        function showFocused() {
          // From a practice's page: its marker out of its cluster, with its popup open.
          cluster.zoomToShowLayer(focused, function () { focused.openPopup(); });
        }
        if (data.places.length) {
          cluster = L.markerClusterGroup({
            chunkedLoading: true, showCoverageOnHover: false,
            iconCreateFunction: function (group) {
              return countIcon(group.getAllChildMarkers().reduce(function (sum, m) { return sum + m.options.count; }, 0));
            }
          });
          markers = data.places.map(function (row) {
            var get = column(data.place_columns, row);
            var marker = L.marker([get("lat"), get("lon")], {
              icon: countIcon(get("count")), count: get("count"), title: get("city"), keyboard: true
            });
            marker.bindPopup(function () { return placePopup(get, box); });
            return marker;
          });
        } else {
          cluster = L.markerClusterGroup({
            chunkedLoading: true, showCoverageOnHover: false,
            chunkProgress: function (done, total) {
              // Markers are clustered in chunks: open the asked-for one once all are in.
              if (done === total && focused) { window.setTimeout(showFocused, 0); }
            }
          });
          markers = data.practices.map(function (row) {
            var get = column(data.columns, row);
            var marker = L.marker([get("lat"), get("lon")], { title: get("title"), keyboard: true });
            marker.bindPopup(function () { return popup(get, data.themes, labels, box); });
            if (box.dataset.focus && get("slug") === box.dataset.focus) { focused = marker; }
            return marker;
          });
        }
        cluster.addLayers(markers);
        map.addLayer(cluster);
        if (box.dataset.focus && !focused) {
          // Among many thousands the map shows places, not practices; or a filter left it out.
          // The link from the practice's page still centred the map on its place (see start).
          status.textContent = box.dataset.focusMissing;
        } else {
          status.remove();
        }
      })
      .catch(function () { status.textContent = box.dataset.failed; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
