// The page of `incidents map` and of the server's map: draws the incidents and the reference
// layers embedded in the page (no network), with a kind filter, a month slider and popups.
// Points are drawn on one canvas of their own so that 100,000 stay quick; tracks and zones are
// Leaflet paths on a canvas renderer. window.incidentMap tells a test what was drawn.
(function () {
  "use strict";
  var layers = JSON.parse(document.getElementById("layers-data").textContent);
  var features = [];
  var live = document.body.dataset.live === "true";
  var statusElement = document.getElementById("map-status");

  var kinds = [
    ["vessel-strike", "Vessel strike", "#d7191c"],
    ["naval-position", "Naval position or track", "#2c7bb6"],
    ["exercise-zone", "Exercise zone", "#1a9641"],
    ["flight", "Flight / FIR incursion", "#ff7f00"],
    ["other", "Other", "#7b3294"]
  ];
  var colourOf = {};
  kinds.forEach(function (k) { colourOf[k[0]] = k[2]; });
  function colour(kind) { return colourOf[kind] || "#555"; }

  function escapeHTML(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // --- The map and its panes, bottom to top.
  var map = L.map("map", { preferCanvas: true, zoomAnimation: false, zoomSnap: 0.5, worldCopyJump: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Coasts: GSHHG; borders: DCW; FIRs: AIPs / VATSpy (see GeoData)");
  L.control.scale({ imperial: false }).addTo(map);
  [["land", 250], ["zones", 300], ["firs", 350], ["coast", 380], ["shapes", 420], ["points", 450]].forEach(function (p) {
    map.createPane(p[0]).style.zIndex = p[1];
  });
  function renderer(pane) { return L.canvas({ pane: pane, padding: 0.3 }); }

  L.geoJSON(layers.land, {
    renderer: renderer("land"), interactive: false,
    style: { color: "#a39a80", weight: 0.6, fillColor: "#efe9d8", fillOpacity: 1 }
  }).addTo(map);
  var zoneStyle = {
    "internal-waters": { color: "#6baed6", weight: 0.6, fillColor: "#9ecae1", fillOpacity: 0.7 },
    "territorial-sea": { color: "#d7301f", weight: 1.4, fill: false },
    "contiguous-zone": { color: "#fc8d59", weight: 1, dashArray: "5 3", fill: false },
    "eez": { color: "#4575b4", weight: 1, dashArray: "2 4", fill: false }
  };
  var drawnZones = {};
  L.geoJSON(layers.zones, {
    renderer: renderer("zones"), interactive: false,
    style: function (f) { return zoneStyle[f.properties.kind] || { color: "#999", weight: 1, fill: false }; },
    onEachFeature: function (f) { drawnZones[f.properties.kind] = (drawnZones[f.properties.kind] || 0) + 1; }
  }).addTo(map);
  var drawnFIRs = [];
  L.geoJSON(layers.firs, {
    renderer: renderer("firs"), interactive: false,
    style: function (f) {
      return f.properties.id === "SVZM"
        ? { color: "#54278f", weight: 2.6, fill: false }
        : { color: "#8c88bf", weight: 0.9, dashArray: "8 4", fill: false };
    },
    onEachFeature: function (f) { drawnFIRs.push(f.properties.id); }
  }).addTo(map);
  L.geoJSON(layers.venezuela_coast, {
    renderer: renderer("coast"), interactive: false, style: { color: "#111", weight: 1.6 }
  }).addTo(map);

  // --- Incidents: points on their own canvas, the rest as Leaflet paths.
  function monthOf(time) { return typeof time === "string" && time.length >= 7 ? time.slice(0, 7) : null; }
  var points = [], shapes = [], months = [];
  var bounds = null;   // [[south, west], [north, east]] of the incidents
  function setFeatures(list) {
    features = list;
    points = []; shapes = [];
    var west = 180, east = -180, south = 90, north = -90;
    features.forEach(function (f, index) {
      var p = f.properties || {};
      var first = monthOf(p.time_start), last = monthOf(p.time_end) || first;
      var item = { feature: f, index: index, kind: p.kind, first: first, last: last };
      var g = f.geometry;
      if (g && g.type === "Point") {
        item.lon = g.coordinates[0]; item.lat = g.coordinates[1];
        var projected = map.options.crs.latLngToPoint(L.latLng(item.lat, item.lon), 0);
        item.x = projected.x; item.y = projected.y;
        points.push(item);
        west = Math.min(west, item.lon); east = Math.max(east, item.lon);
        south = Math.min(south, item.lat); north = Math.max(north, item.lat);
      } else if (g) {
        shapes.push(item);
        var b = L.geoJSON(g).getBounds();
        if (b.isValid()) {
          west = Math.min(west, b.getWest()); east = Math.max(east, b.getEast());
          south = Math.min(south, b.getSouth()); north = Math.max(north, b.getNorth());
        }
      }
    });
    bounds = west <= east ? [[south, west], [north, east]] : null;
    months = monthsOf(points.concat(shapes));
  }

  function monthsOf(items) {
    var seen = [];
    items.forEach(function (i) { if (i.first) { seen.push(i.first); seen.push(i.last); } });
    if (!seen.length) return [];
    seen.sort();
    var list = [], y = +seen[0].slice(0, 4), m = +seen[0].slice(5, 7);
    var end = seen[seen.length - 1];
    for (var guard = 0; guard < 1200; guard++) {
      var key = y + "-" + (m < 10 ? "0" : "") + m;
      list.push(key);
      if (key >= end) break;
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    return list;
  }

  var activeKinds = {};
  kinds.forEach(function (k) { activeKinds[k[0]] = true; });
  var month = null;  // null: every month (and incidents without a time)
  function visible(item) {
    if (activeKinds[item.kind] === false) return false;
    if (!(item.kind in activeKinds) && activeKinds.other === false) return false;
    if (month === null) return true;
    return item.first !== null && item.first <= month && item.last >= month;
  }

  var PointsLayer = L.Layer.extend({
    onAdd: function (m) {
      this._canvas = L.DomUtil.create("canvas", "incident-points", m.getPane("points"));
      m.on("moveend zoomend resize viewreset", this.redraw, this);
      this.redraw();
    },
    onRemove: function (m) {
      L.DomUtil.remove(this._canvas);
      m.off("moveend zoomend resize viewreset", this.redraw, this);
    },
    redraw: function () {
      var m = this._map, canvas = this._canvas, size = m.getSize(), ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(size.x * ratio); canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      var topLeft = m.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      var context = canvas.getContext("2d");
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      var scale = m.options.crs.scale(m.getZoom()) / m.options.crs.scale(0);
      var origin = m.getPixelOrigin();
      var radius = m.getZoom() >= 7 ? 5 : (m.getZoom() >= 5 ? 3.5 : 2.5);
      var byColour = {};
      this.shown = [];
      for (var i = 0; i < points.length; i++) {
        var item = points[i];
        if (!visible(item)) continue;
        var x = item.x * scale - origin.x - topLeft.x, y = item.y * scale - origin.y - topLeft.y;
        item.sx = x; item.sy = y;
        this.shown.push(item);
        if (x < -radius || y < -radius || x > size.x + radius || y > size.y + radius) continue;
        var c = colour(item.kind);
        (byColour[c] = byColour[c] || []).push(x, y);
      }
      context.lineWidth = 0.7;
      context.strokeStyle = "rgba(0,0,0,0.55)";
      Object.keys(byColour).forEach(function (c) {
        var xy = byColour[c];
        context.fillStyle = c;
        context.beginPath();
        for (var k = 0; k < xy.length; k += 2) {
          context.moveTo(xy[k] + radius, xy[k + 1]);
          context.arc(xy[k], xy[k + 1], radius, 0, 2 * Math.PI);
        }
        context.fill();
        if (radius >= 3) context.stroke();
      });
    },
    // The shown point nearest to a container point, within `tolerance` pixels.
    nearest: function (containerPoint, tolerance) {
      var best = null, bestDistance = tolerance * tolerance;
      (this.shown || []).forEach(function (item) {
        var dx = item.sx - containerPoint.x, dy = item.sy - containerPoint.y, d = dx * dx + dy * dy;
        if (d <= bestDistance) { best = item; bestDistance = d; }
      });
      return best;
    }
  });
  var pointsLayer = new PointsLayer().addTo(map);

  var shapesLayer = null, shownShapes = 0;
  function drawShapes() {
    if (shapesLayer) map.removeLayer(shapesLayer);
    shownShapes = 0;
    shapesLayer = L.geoJSON(null, {
      renderer: renderer("shapes"),
      style: function (f) {
        var polygon = /Polygon/.test(f.geometry.type);
        return { color: colour(f.properties.kind), weight: polygon ? 1.5 : 2.5, fillOpacity: polygon ? 0.18 : 0 };
      }
    });
    shapes.forEach(function (item) {
      if (!visible(item)) return;
      shownShapes += 1;
      shapesLayer.addData(item.feature);
    });
    shapesLayer.eachLayer(function (layer) { layer.bindPopup(popupHTML(layer.feature), { maxWidth: 360 }); });
    shapesLayer.addTo(map);
  }

  // --- Popups: the details, the sources and the stored context.
  function row(name, value) {
    return value === null || value === undefined || value === "" ? "" : "<tr><th>" + escapeHTML(name) + "</th><td>" + value + "</td></tr>";
  }
  function popupHTML(f) {
    var p = f.properties || {};
    var html = "<div class=\"incident-popup\"><h2>" + escapeHTML(p.title || "(untitled)") + "</h2><table>";
    html += row("kind", escapeHTML(p.kind || ""));
    html += row("confidence", p.confidence ? escapeHTML(p.confidence) : "");
    html += row("time", p.time_start ? escapeHTML(p.time_start) + (p.time_end ? " – " + escapeHTML(p.time_end) : "") : "unknown");
    ["killed", "injured", "missing"].forEach(function (k) {
      if (p[k] !== null && p[k] !== undefined) {
        html += row(k, escapeHTML(p[k]) + (p[k + "_max"] !== null && p[k + "_max"] !== undefined ? "–" + escapeHTML(p[k + "_max"]) : ""));
      }
    });
    if (f.geometry && f.geometry.type === "Point") {
      html += row("position", escapeHTML(f.geometry.coordinates[1].toFixed(5) + ", " + f.geometry.coordinates[0].toFixed(5)));
    }
    html += row("description", p.description ? escapeHTML(p.description) : "");
    var sources = Array.isArray(p.sources) ? p.sources : [];
    html += row("sources", sources.length ? "<ul class=\"sources\">" + sources.map(function (s) {
      var label = escapeHTML(s.publisher || s.url || "source") + (s.date ? " (" + escapeHTML(s.date) + ")" : "");
      var safe = typeof s.url === "string" && /^https?:\/\//i.test(s.url);
      return "<li>" + (safe ? "<a href=\"" + escapeHTML(s.url) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + label + "</a>" : label) + "</li>";
    }).join("") + "</ul>" : "none given");
    if (Array.isArray(p.tags) && p.tags.length) html += row("tags", escapeHTML(p.tags.join(", ")));
    if (p.surface_kind || p.fir) {
      var context = [];
      if (p.fir) context.push("FIR " + escapeHTML(p.fir));
      if (p.surface_kind) context.push(escapeHTML(p.surface_kind) + (p.surface_state ? " (" + escapeHTML(p.surface_state) + ")" : ""));
      if (p.venezuela_coast_nm !== null && p.venezuela_coast_nm !== undefined) context.push(escapeHTML(p.venezuela_coast_nm) + " nm from Venezuela's coast");
      if (p.context_stale) context.push("computed with older layers");
      html += row("context", context.join("<br>"));
    } else {
      html += row("context", "not computed");
    }
    html += row("id", "<code>" + escapeHTML(p.id || f.id || "") + "</code>");
    return html + "</table></div>";
  }

  map.on("click", function (event) {
    var hit = pointsLayer.nearest(event.containerPoint, 8);
    if (hit) L.popup({ maxWidth: 360 }).setLatLng([hit.lat, hit.lon]).setContent(popupHTML(hit.feature)).openOn(map);
  });

  // --- Controls: kinds (with the legend's colours), the month slider, the lines.
  var controls = document.getElementById("controls");
  var kindSet = document.createElement("fieldset");
  kindSet.innerHTML = "<legend>Incidents by kind</legend>" + kinds.map(function (k) {
    return "<label><input type=\"checkbox\" checked data-kind=\"" + k[0] + "\"><span class=\"swatch\" style=\"background:" + k[2] + "\"></span>" + escapeHTML(k[1]) + "</label>";
  }).join("");
  controls.appendChild(kindSet);
  kindSet.addEventListener("change", function (e) {
    if (e.target.dataset && e.target.dataset.kind) { activeKinds[e.target.dataset.kind] = e.target.checked; refresh(); }
  });
  var monthSet = document.createElement("fieldset");
  monthSet.innerHTML = "<legend>Month</legend><input type=\"range\" id=\"month\" min=\"0\" step=\"1\" value=\"0\" max=\"0\" aria-label=\"Month\"><div id=\"month-label\">all months</div>";
  controls.appendChild(monthSet);
  var slider = monthSet.querySelector("#month"), monthLabel = monthSet.querySelector("#month-label");
  function resetSlider() {
    slider.max = String(months.length);
    if (month !== null && months.indexOf(month) < 0) { month = null; slider.value = "0"; monthLabel.textContent = "all months"; }
    if (month !== null) slider.value = String(months.indexOf(month) + 1);
    slider.disabled = !months.length;
  }
  slider.addEventListener("input", function () {
    var k = +slider.value;
    month = k === 0 ? null : months[k - 1];
    monthLabel.textContent = month === null ? "all months" : month + " (incidents overlapping it)";
    refresh();
  });
  document.getElementById("legend").innerHTML = "<fieldset><legend>Lines</legend>" + [
    ["border-top:2.6px solid #54278f", "Maiquetía FIR (SVZM)"],
    ["border-top:1px dashed #8c88bf", "Other FIRs"],
    ["border-top:1.6px solid #111", "Venezuela's coast"],
    ["border-top:1.4px solid #d7301f", "12 nm: territorial sea"],
    ["border-top:1px dashed #fc8d59", "24 nm: contiguous zone"],
    ["border-top:1px dotted #4575b4", "200 nm: EEZ (derived)"]
  ].map(function (l) { return "<label><span class=\"line\" style=\"" + l[0] + "\"></span>" + l[1] + "</label>"; }).join("") + "</fieldset>";

  function refresh() {
    pointsLayer.redraw();
    drawShapes();
    var shownPoints = pointsLayer.shown.length;
    statusElement.textContent = "Showing " + (shownPoints + shownShapes) + " of " + features.length + " incidents (" +
      shownPoints + (shownPoints === 1 ? " point, " : " points, ") + shownShapes + (shownShapes === 1 ? " track or zone)." : " tracks and zones).");
    window.incidentMap = {
      map: map, total: features.length, shownPoints: shownPoints, shownShapes: shownShapes,
      firs: drawnFIRs.slice(), zones: drawnZones, coastLines: layers.venezuela_coast.features.length,
      months: months.slice(), ready: true,
      // The ids of the incidents shown (points and shapes).
      drawnIds: function () {
        var ids = pointsLayer.shown.map(function (i) { return i.feature.id; });
        shapes.forEach(function (i) { if (visible(i)) ids.push(i.feature.id); });
        return ids;
      },
      // Where a shown point is drawn, in container pixels (for tests).
      pointsOnScreen: function () {
        return pointsLayer.shown.map(function (i) { return { id: i.feature.id, x: i.sx, y: i.sy }; });
      }
    };
    document.body.dataset.ready = "true";
  }

  function show(list, first) {
    setFeatures(list);
    resetSlider();
    if (first) {
      if (bounds) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 8 });
      else map.fitBounds([[-20, -125], [35, -40]]);
    }
    refresh();
  }

  if (!live) {
    show(JSON.parse(document.getElementById("incidents-data").textContent), true);
    return;
  }
  // Live (served by `incidents serve`): read every page of the items, then again whenever the
  // collection's revision changes (every write changes it).
  var base = document.body.dataset.collection, revision = null, loading = false;
  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function readAll() {
    var all = [];
    function page(url) {
      return fetchJSON(url).then(function (fc) {
        all = all.concat(fc.features || []);
        statusElement.textContent = "Reading incidents… " + all.length + (fc.numberMatched !== undefined ? " of " + fc.numberMatched : "");
        var next = (fc.links || []).filter(function (l) { return l.rel === "next"; })[0];
        return next ? page(next.href) : all;
      });
    }
    return page(base + "/items?limit=10000&f=json");
  }
  function poll(first) {
    if (loading) return;
    loading = true;
    fetchJSON(base + "?f=json").then(function (c) {
      if (c.revision === revision) return null;
      var seen = c.revision;
      return readAll().then(function (list) { revision = seen; show(list, first); });
    }).catch(function (e) {
      statusElement.textContent = "Cannot read the incidents: " + e.message;
    }).then(function () { loading = false; });
  }
  map.fitBounds([[-20, -125], [35, -40]]);
  poll(true);
  setInterval(function () { poll(false); }, 5000);
})();
