import Foundation
import GeoKit

/// A base map a project names (`basemap:`): an XYZ tile URL the interactive map draws under the
/// layers. Only then does the report ask the network for anything.
public struct Basemap: Sendable, Equatable {
    /// "https://…/{z}/{x}/{y}.png".
    public var url: String
    public var attribution: String
    /// The tiles are in GCJ-02 (Amap, Tencent): the layers are shifted to GCJ-02 to sit on them.
    public var gcj02: Bool
    public var maxZoom: Int

    public init(url: String, attribution: String = "", gcj02: Bool = false, maxZoom: Int = 18) {
        self.url = url
        self.attribution = attribution
        self.gcj02 = gcj02
        self.maxZoom = maxZoom
    }
}

/// The report's interactive map: Leaflet (``LeafletAssets``) and the layers' data inlined into the
/// page — no file, no network (unless the project names a base map) — with a layer switcher, a
/// legend that follows the layers shown, a scale bar, and a popup per feature with its attributes
/// and its measured area or length. Layers are encoded by ``InteractiveMapEncoder``.
enum InteractiveMap {
    /// The map block: its container, Leaflet's style sheet and script, the data and the page's script.
    /// `encoded`: each layer's JSON (``InteractiveMapEncoder/Encoded``), drawing order as given.
    static func html(_ encoded: [String], frame: Envelope?, basemap: Basemap?, text t: ReportText, assets: LeafletAssets) -> String {
        var frameJSON = "null"
        if let f = frame { frameJSON = "[\(f.minX),\(f.minY),\(f.maxX),\(f.maxY)]" }
        var baseJSON = "null"
        if let b = basemap {
            baseJSON = "{\"url\":\(JSONText.string(b.url)),\"attribution\":\(JSONText.string(b.attribution)),\"maxZoom\":\(b.maxZoom)}"
        }
        let words: [(String, ReportText.Key)] = [
            ("layers", .mapLayers), ("legend", .mapLegend), ("areaFmt", .popupArea), ("lengthFmt", .popupLength),
            ("feature", .popupFeature), ("unclassified", .unclassified), ("noData", .mapNoData), ("km", .unitKm), ("m", .unitM),
        ]
        let text = "{" + words.map { "\(JSONText.string($0.0)):\(JSONText.string(t[$0.1]))" }.joined(separator: ",") + "}"
        var h = "<div class=\"ez-map-wrap\"><div id=\"ez-map\" class=\"ez-map\" role=\"application\" aria-label=\"\(Markup.escape(t[.interactiveTitle]))\" data-leaflet=\"\(Markup.escape(assets.version))\"></div></div>\n"
        h += "<style>\n\(assets.css)\n\(css)\n</style>\n"
        h += "<script>\n\(assets.javaScript)\n</script>\n"
        h += "<script type=\"application/json\" id=\"ez-map-data\">{\"lang\":\(JSONText.string(t.language.rawValue)),\"frame\":\(frameJSON),\"basemap\":\(baseJSON),\"text\":\(text),\"layers\":[\n"
        h += encoded.joined(separator: ",\n")
        h += "]}</script>\n"
        h += "<script>\n\(script)\n</script>\n"
        return h
    }

    static let css = """
    .ez-map-wrap{margin:18px 0 6px}
    .ez-map{height:640px;max-width:1000px;border:1px solid var(--line,#e3e8e5);border-radius:10px;background:#f4f6f4;font-family:inherit}
    .ez-map .leaflet-overlay-pane svg{pointer-events:none}
    .ez-map .leaflet-control-layers,.ez-map .ez-legend{font-size:12px;line-height:1.45;max-height:360px;overflow-y:auto}
    .ez-map .leaflet-control-layers label{display:flex;align-items:center;gap:4px;margin:1px 0;white-space:nowrap}
    .ez-map .ez-legend{background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;box-shadow:0 1px 5px rgba(0,0,0,.3);min-width:120px}
    .ez-map .ez-legend-title{font-weight:700;margin-bottom:2px}
    .ez-map .ez-legend-layer{font-weight:600;margin-top:3px}
    .ez-map .ez-legend-row{display:flex;align-items:center;gap:6px;padding-left:2px}
    .ez-map .ez-legend-cat{padding-left:12px}
    .ez-sw{display:inline-block;flex:none;width:16px;height:11px;border:1px solid transparent;border-radius:2px;box-sizing:border-box}
    .ez-sw.ez-sw-line{height:0;border-width:3px 0 0 0;border-radius:0}
    .ez-sw.ez-sw-point{width:11px;border-radius:50%}
    .ez-pop{font-size:12.5px;line-height:1.5;min-width:180px}
    .ez-pop-title{font-weight:700;font-size:14px}
    .ez-pop-layer{color:#627080;margin-bottom:4px}
    .ez-pop table{border-collapse:collapse;width:100%;font-size:12px}
    .ez-pop th{text-align:left;font-weight:600;color:#2d3b33;padding:1px 8px 1px 0;white-space:nowrap;vertical-align:top;background:none;border:none;position:static}
    .ez-pop td{padding:1px 0;border:none;background:none!important;word-break:break-all}
    .ez-pop-measure{margin-top:5px;font-weight:600;font-variant-numeric:tabular-nums}
    @media print{.ez-map-wrap{display:none}}
    """

    /// The page's script: decodes the layers, draws them with Leaflet, and wires the layer switcher,
    /// legend, scale bar and popups. `window.ezMap` and `window.ezLayers` expose the map for checks.
    static let script = """
    (function () {
      "use strict";
      var D = JSON.parse(document.getElementById("ez-map-data").textContent);
      var T = D.text;
      var el = document.getElementById("ez-map");
      if (!window.L || !el) { return; }
      var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!D.basemap });
      window.ezMap = map;
      window.ezLayers = {};
      if (D.basemap) {
        L.tileLayer(D.basemap.url, { attribution: D.basemap.attribution, maxZoom: D.basemap.maxZoom }).addTo(map);
      }
      var bigPane = map.createPane("ez-big");
      bigPane.style.zIndex = 390;
      var canvas = L.canvas({ pane: "ez-big", padding: 0.3 });

      function esc(s) {
        return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
      }
      // A decimal text ("6.1234") grouped by thousands as the report's tables write it.
      function grouped(text) {
        var s = String(text), sign = "";
        if (s.charAt(0) === "-") { sign = "\\u2212"; s = s.slice(1); }
        var parts = s.split("."), w = parts[0], out = "";
        while (w.length > 3) { out = "," + w.slice(-3) + out; w = w.slice(0, -3); }
        return sign + w + out + (parts.length > 1 ? "." + parts[1] : "");
      }
      function fill(fmt, values) {
        return fmt.replace(/\\{(\\w+)\\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
      }
      function value(ly, f, i) {
        var vals = f[f.length - 2], v = vals[i];
        if (v === null || v === undefined) { return null; }
        var dict = ly.fields[i][2];
        return dict ? dict[v] : v;
      }
      function line(ly, a) {
        var out = [], x = ly.ox, y = ly.oy;
        for (var i = 0; i + 1 < a.length; i += 2) { x += a[i]; y += a[i + 1]; out.push([y * ly.q, x * ly.q]); }
        return out;
      }
      function polygons(ly, ps) { return ps.map(function (p) { return p.map(function (r) { return line(ly, r); }); }); }
      function points(ly, a) {
        var out = [];
        for (var i = 0; i + 1 < a.length; i += 2) { out.push([(ly.oy + a[i + 1]) * ly.q, (ly.ox + a[i]) * ly.q]); }
        return out;
      }
      function categoryColour(ly, f) {
        if (!ly.cats) { return null; }
        var v = value(ly, f, ly.cats.field);
        for (var i = 0; i < ly.cats.colours.length; i++) { if (ly.cats.colours[i][0] === v) { return ly.cats.colours[i][1]; } }
        return null;
      }
      function options(ly, f, kind) {
        var s = ly.style, c = categoryColour(ly, f);
        var o = { className: "ez-layer ez-layer-" + ly.id, interactive: true, dashArray: s.dash || null };
        if (ly.canvas) { o.renderer = canvas; o.pane = "ez-big"; }
        if (kind === "polygon") {
          var fc = c || s.fill;
          o.fill = !!fc; o.fillColor = fc; o.fillOpacity = s.fillOpacity;
          o.stroke = !!s.stroke && s.weight > 0; o.color = s.stroke || fc; o.weight = s.weight; o.opacity = 1;
        } else if (kind === "line") {
          o.fill = false; o.color = c || s.stroke || s.fill || "#343a40"; o.weight = Math.max(s.weight, 1); o.opacity = 0.95;
        } else {
          o.radius = s.radius; o.fill = true; o.fillColor = c || s.fill || s.stroke || "#343a40";
          o.fillOpacity = Math.max(s.fillOpacity, 0.6); o.stroke = !!s.stroke; o.color = s.stroke || o.fillColor; o.weight = Math.min(s.weight, 2);
        }
        return o;
      }
      function popup(ly, f) {
        var title = ly.label !== null ? value(ly, f, ly.label) : null;
        var h = "<div class=\\"ez-pop\\" data-layer=\\"" + esc(ly.id) + "\\" data-feature=\\"" + f[0] + "\\">";
        h += "<div class=\\"ez-pop-title\\">" + esc(title !== null && title !== "" ? title : fill(T.feature, { n: f[0] })) + "</div>";
        h += "<div class=\\"ez-pop-layer\\">" + esc(ly.title) + "</div><table>";
        for (var i = 0; i < ly.fields.length; i++) {
          var v = value(ly, f, i);
          if (v === null || v === "") { continue; }
          h += "<tr><th>" + esc(ly.fields[i][1]) + "</th><td>" + esc(v) + "</td></tr>";
        }
        h += "</table>";
        var m = f[f.length - 1];
        if (m !== null && ly.measure === "area") {
          var km2 = m.toFixed(4), ha = (m * 100).toFixed(2);
          h += "<div class=\\"ez-pop-measure\\">" + fill(T.areaFmt, { km2: "<span class=\\"ez-area-km2\\">" + grouped(km2) + "</span>", ha: "<span class=\\"ez-area-ha\\">" + grouped(ha) + "</span>" }) + "</div>";
        } else if (m !== null && ly.measure === "length") {
          h += "<div class=\\"ez-pop-measure\\">" + fill(T.lengthFmt, { km: "<span class=\\"ez-length-km\\">" + grouped(m.toFixed(3)) + "</span>" }) + "</div>";
        }
        return h + "</div>";
      }
      function feature(ly, f) {
        var type = f[1], parts = [];
        if (type === 1 || type === 4) {
          var ps = polygons(ly, f[2]);
          if (ps.length) { parts.push(L.polygon(ps.length === 1 ? ps[0] : ps, options(ly, f, "polygon"))); }
        }
        if (type === 2 || type === 4) {
          var ls = (type === 2 ? f[2] : f[3]).map(function (a) { return line(ly, a); });
          if (ls.length) { parts.push(L.polyline(ls.length === 1 ? ls[0] : ls, options(ly, f, "line"))); }
        }
        if (type === 3 || type === 4) {
          points(ly, type === 3 ? f[2] : f[4]).forEach(function (p) { parts.push(L.circleMarker(p, options(ly, f, "point"))); });
        }
        var layer = parts.length === 1 ? parts[0] : L.featureGroup(parts);
        layer.bindPopup(function () { return popup(ly, f); }, { maxWidth: 380 });
        return layer;
      }
      function kind(ly) {
        var f = ly.f.length ? ly.f[0] : [0, 1], k = f[1];
        if (k === 4) { k = f[2].length ? 1 : f[3].length ? 2 : 3; }
        return k === 2 ? "line" : k === 3 ? "point" : "polygon";
      }
      function swatch(style, k, colour) {
        var fillC = colour || style.fill, strokeC = style.stroke || fillC || "#343a40";
        if (k === "line") { return "<i class=\\"ez-sw ez-sw-line\\" style=\\"border-top-color:" + esc(colour || style.stroke || style.fill || "#343a40") + "\\"></i>"; }
        var bg = fillC ? fillC : "transparent";
        var op = fillC ? Math.min(1, style.fillOpacity + 0.15) : 1;
        return "<i class=\\"ez-sw" + (k === "point" ? " ez-sw-point" : "") + "\\" style=\\"background:" + esc(bg) + ";opacity:" + op + ";border-color:" + esc(strokeC) + (style.dash ? ";border-style:dashed" : "") + "\\"></i>";
      }

      var groups = [], overlays = {};
      D.layers.forEach(function (ly, index) {
        var g = L.featureGroup();
        ly.f.forEach(function (f) { g.addLayer(feature(ly, f)); });
        g.ez = { z: ly.z, order: index, layer: ly, kind: kind(ly) };
        groups.push(g);
        window.ezLayers[ly.id] = g;
        overlays["<span class=\\"ez-ctl\\" data-layer=\\"" + esc(ly.id) + "\\">" + swatch(ly.style, g.ez.kind, null) + "<span class=\\"ez-ctl-title\\">" + esc(ly.title) + "</span></span>"] = g;
        if (ly.visible) { g.addTo(map); }
      });

      function restack() {
        groups.filter(function (g) { return map.hasLayer(g); })
          .sort(function (a, b) { return a.ez.z - b.ez.z || a.ez.order - b.ez.order; })
          .forEach(function (g) { g.bringToFront(); });
      }
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        this.div = L.DomUtil.create("div", "ez-legend");
        L.DomEvent.disableClickPropagation(this.div);
        L.DomEvent.disableScrollPropagation(this.div);
        this.update();
        return this.div;
      };
      legend.update = function () {
        var h = "<div class=\\"ez-legend-title\\">" + esc(T.legend) + "</div>";
        var shown = groups.filter(function (g) { return map.hasLayer(g); })
          .sort(function (a, b) { return b.ez.z - a.ez.z || b.ez.order - a.ez.order; });
        if (!shown.length) { h += "<div>" + esc(T.noData) + "</div>"; }
        shown.forEach(function (g) {
          var ly = g.ez.layer;
          if (ly.cats && ly.cats.colours.length) {
            h += "<div class=\\"ez-legend-layer\\">" + esc(ly.title) + "</div>";
            ly.cats.colours.forEach(function (c) {
              h += "<div class=\\"ez-legend-row ez-legend-cat\\" data-category=\\"" + esc(c[0]) + "\\">" + swatch(ly.style, g.ez.kind, c[1]) + esc(c[0]) + "</div>";
            });
          } else {
            h += "<div class=\\"ez-legend-row\\" data-layer=\\"" + esc(ly.id) + "\\">" + swatch(ly.style, g.ez.kind, null) + esc(ly.title) + "</div>";
          }
        });
        this.div.innerHTML = h;
      };
      L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
      var scale = L.control.scale({ metric: true, imperial: false, maxWidth: 160 });
      if (typeof scale._getRoundNum === "function" && typeof scale._updateScale === "function") {
        // The bar's units in the report's language (Leaflet writes "m" and "km").
        scale._updateMetric = function (maxMeters) {
          var metres = this._getRoundNum(maxMeters);
          var label = metres < 1000 ? metres + " " + T.m : (metres / 1000) + " " + T.km;
          this._updateScale(this._mScale, label, metres / maxMeters);
        };
      }
      scale.addTo(map);
      legend.addTo(map);
      map.on("overlayadd overlayremove", function () { restack(); legend.update(); });
      restack();
      if (D.frame) {
        map.fitBounds([[D.frame[1], D.frame[0]], [D.frame[3], D.frame[2]]], { padding: [8, 8] });
      } else {
        var all = L.featureGroup(groups);
        if (all.getLayers().length && all.getBounds().isValid()) { map.fitBounds(all.getBounds()); } else { map.setView([35, 105], 4); }
      }
      el.setAttribute("data-ready", "true");
    })();
    """
}
