import Foundation
import GeoKit

/// Encodes an interactive layer as compact JSON for the report page, within a vertex budget.
///
/// Coordinates are quantised to a grid of `q` degrees (1e-5° ≈ 1 m to start) and written as integers:
/// the first vertex of each ring or line relative to the layer's origin, each next one as the
/// difference from the one before. Each ring and line is simplified on that grid as the static maps
/// simplify to the pixel (``PixelSimplifier``: vertices within half a grid step of the last kept one
/// dropped, then Douglas–Peucker within 0.3 of a step); a ring that keeps fewer than three vertices is
/// dropped, and a feature left without any part is not drawn (it is counted). When the layer still
/// has more vertices than the budget, the grid is doubled until it fits: a large layer is drawn
/// coarser (its popups' areas are measured on the full geometry all the same).
///
/// Geometry of a feature: `[1, polygons]` (each polygon a list of rings), `[2, lines]`, `[3, points]`
/// (flat x, y pairs relative to the origin), `[4, polygons, lines, points]` for mixed parts.
enum InteractiveMapEncoder {
    static let baseQuantum = 1e-5
    /// Vertices one layer may keep.
    static let vertexBudget = 150_000
    /// More features than this: drawn on a canvas rather than as SVG elements (faster to draw).
    static let canvasAbove = 3_000

    /// A feature's parts in lon/lat, rings and lines as flat [x0, y0, x1, y1, …].
    struct Parts {
        var polygons: [[[Double]]] = []
        var lines: [[Double]] = []
        var points: [Double] = []
        var isEmpty: Bool { polygons.isEmpty && lines.isEmpty && points.isEmpty }
    }

    struct Encoded {
        var json: String
        /// Features drawn, and features whose every part vanished on the grid.
        var drawn: Int
        var vanished: Int
        /// Degrees per grid step used.
        var quantum: Double
        var vertices: Int
    }

    static func parts(_ wkb: [UInt8], context: GeometryContext, gcj02: Bool) throws -> Parts {
        var g = try Geometry(wkb: wkb, context: context)
        if gcj02 { g = try g.shiftedGCJ02(toGCJ: true) }
        var p = Parts()
        guard !g.isEmpty else { return p }
        func flat(_ xs: [Double], _ ys: [Double]) -> [Double] {
            var out = [Double](); out.reserveCapacity(xs.count * 2)
            for i in 0..<min(xs.count, ys.count) { out.append(xs[i]); out.append(ys[i]) }
            return out
        }
        try g.forEachPolygonRing { polygon, ring, xs, ys in
            if ring == 0 || polygon >= p.polygons.count { p.polygons.append([flat(xs, ys)]) } else { p.polygons[polygon].append(flat(xs, ys)) }
        }
        try g.forEachLine { xs, ys in p.lines.append(flat(xs, ys)) }
        try collectPoints(g, into: &p.points)
        return p
    }

    private static func collectPoints(_ g: Geometry, into out: inout [Double]) throws {
        switch g.kind {
        case .point:
            if let e = g.envelope { out.append(e.minX); out.append(e.minY) }
        case .multiPoint, .collection:
            for i in 0..<g.partCount { try collectPoints(try g.part(i), into: &out) }
        default:
            break
        }
    }

    /// A ring or line on the grid: simplified, rounded, repeated vertices merged; flat integers.
    static func grid(_ flat: [Double], quantum q: Double, ring: Bool) -> [Int] {
        var pts: [MapPoint] = []
        pts.reserveCapacity(flat.count / 2)
        var i = 0
        while i + 1 < flat.count { pts.append(MapPoint(x: flat[i] / q, y: flat[i + 1] / q)); i += 2 }
        let simplified = ring ? PixelSimplifier.ring(pts) : PixelSimplifier.line(pts)
        var out: [Int] = []
        out.reserveCapacity(simplified.count * 2)
        var last: (Int, Int)?
        for p in simplified {
            let x = Int(p.x.rounded()), y = Int(p.y.rounded())
            if let l = last, l == (x, y) { continue }
            out.append(x); out.append(y)
            last = (x, y)
        }
        if ring, out.count >= 4, out[0] == out[out.count - 2], out[1] == out[out.count - 1] { out.removeLast(2) }
        return out.count >= (ring ? 6 : 4) ? out : []
    }

    /// The vertices `features` keep on a grid of `q` degrees.
    static func count(_ features: [Parts], quantum q: Double) -> Int {
        var n = 0
        for f in features {
            for polygon in f.polygons {
                let shell = grid(polygon[0], quantum: q, ring: true)
                guard !shell.isEmpty else { continue }
                n += shell.count / 2
                for hole in polygon.dropFirst() { n += grid(hole, quantum: q, ring: true).count / 2 }
            }
            for line in f.lines { n += grid(line, quantum: q, ring: false).count / 2 }
            n += f.points.count / 2
        }
        return n
    }

    /// The coarsest-needed grid: the base grid, doubled until the layer keeps at most `budget` vertices.
    static func quantum(for features: [Parts], budget: Int = vertexBudget) -> Double {
        var q = baseQuantum
        for _ in 0..<16 {
            if count(features, quantum: q) <= budget { return q }
            q *= 2
        }
        return q
    }

    /// The layer's JSON with `parts[i]` as the geometry of `layer.features[i]`; categorical colours
    /// fixed here, in the order of the legend (the class order for an ordered layer).
    static func encode(_ layer: InteractiveLayer, parts: [Parts], text: ReportText, budget: Int = vertexBudget) -> Encoded {
        let q = quantum(for: parts, budget: budget)
        var minX = Double.infinity, minY = Double.infinity
        for f in parts {
            for r in f.polygons.flatMap({ $0 }) + f.lines + [f.points] {
                var i = 0
                while i + 1 < r.count { minX = min(minX, r[i]); minY = min(minY, r[i + 1]); i += 2 }
            }
        }
        let ox = minX.isFinite ? Int((minX / q).rounded(.down)) : 0, oy = minY.isFinite ? Int((minY / q).rounded(.down)) : 0

        // Fields whose values repeat are written once, features holding their index.
        var dictionaries: [[String]?] = []
        var lookups: [[String: Int]] = []
        for f in layer.fields.indices {
            let values = layer.features.compactMap { f < $0.values.count ? $0.values[f] : nil }
            let distinct = Array(Set(values)).sorted()
            if layer.features.count >= 50, distinct.count <= max(16, layer.features.count / 4) {
                dictionaries.append(distinct)
                lookups.append(Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) }))
            } else {
                dictionaries.append(nil)
                lookups.append([:])
            }
        }

        var featuresJSON = ""
        var drawn = 0, vanished = 0, vertices = 0
        for (i, feature) in layer.features.enumerated() {
            let p = i < parts.count ? parts[i] : Parts()
            var polygons: [String] = [], lines: [String] = [], points: [Int] = []
            for polygon in p.polygons {
                let shell = grid(polygon[0], quantum: q, ring: true)
                guard !shell.isEmpty else { continue }
                var rings = [delta(shell, ox, oy)]
                vertices += shell.count / 2
                for hole in polygon.dropFirst() {
                    let h = grid(hole, quantum: q, ring: true)
                    if !h.isEmpty { rings.append(delta(h, ox, oy)); vertices += h.count / 2 }
                }
                polygons.append("[" + rings.joined(separator: ",") + "]")
            }
            for line in p.lines {
                let l = grid(line, quantum: q, ring: false)
                if !l.isEmpty { lines.append(delta(l, ox, oy)); vertices += l.count / 2 }
            }
            var k = 0
            while k + 1 < p.points.count {
                points.append(Int((p.points[k] / q).rounded()) - ox); points.append(Int((p.points[k + 1] / q).rounded()) - oy)
                k += 2
            }
            vertices += points.count / 2
            let kinds = [!polygons.isEmpty, !lines.isEmpty, !points.isEmpty].filter { $0 }.count
            guard kinds > 0 else { if !p.isEmpty { vanished += 1 }; continue }
            let geometry: String
            let pts = "[" + points.map(String.init).joined(separator: ",") + "]"
            if kinds > 1 {
                geometry = "4,[\(polygons.joined(separator: ","))],[\(lines.joined(separator: ","))],\(pts)"
            } else if !polygons.isEmpty {
                geometry = "1,[\(polygons.joined(separator: ","))]"
            } else if !lines.isEmpty {
                geometry = "2,[\(lines.joined(separator: ","))]"
            } else {
                geometry = "3,\(pts)"
            }
            let values = layer.fields.indices.map { f -> String in
                guard f < feature.values.count, let v = feature.values[f] else { return "null" }
                if dictionaries[f] != nil, let index = lookups[f][v] { return String(index) }
                return JSONText.string(v)
            }
            if drawn > 0 { featuresJSON += ",\n" }
            featuresJSON += "[\(i + 1),\(geometry),[\(values.joined(separator: ","))],\(feature.measure ?? "null")]"
            drawn += 1
        }

        // Colours of a categorical layer, in legend order.
        var categories = ""
        if layer.style.categorical, let c = layer.categoryField {
            var present: [String] = []
            var seen = Set<String>()
            for f in layer.features { if c < f.values.count, let v = f.values[c], seen.insert(v).inserted { present.append(v) } }
            let ordered = layer.style.categoryOrder.filter { seen.contains($0) } + present.filter { !layer.style.categoryOrder.contains($0) }
            var assigned: [String: String] = [:]
            let pairs = ordered.compactMap { v in layer.style.colour(for: v, assigned: &assigned).map { "[\(JSONText.string(v)),\(JSONText.string($0))]" } }
            categories = ",\"cats\":{\"field\":\(c),\"colours\":[\(pairs.joined(separator: ","))]}"
        }

        let s = layer.style
        var style = "{\"fill\":\(JSONText.optional(s.fill)),\"stroke\":\(JSONText.optional(s.stroke)),\"weight\":\(Markup.decimal(s.strokeWidth, digits: 2))"
        style += ",\"fillOpacity\":\(Markup.decimal(s.fillOpacity, digits: 3)),\"dash\":\(JSONText.optional(s.dash)),\"radius\":\(Markup.decimal(s.pointRadius, digits: 1))}"
        let fields = layer.fields.indices.map { f in
            "[\(JSONText.string(layer.fields[f])),\(JSONText.string(layer.fieldLabels[f])),\(dictionaries[f].map { "[" + $0.map(JSONText.string).joined(separator: ",") + "]" } ?? "null")]"
        }
        var json = "{\"id\":\(JSONText.string(layer.id)),\"title\":\(JSONText.string(layer.title)),\"z\":\(layer.z),\"visible\":\(layer.visible)"
        json += ",\"style\":\(style)\(categories),\"fields\":[\(fields.joined(separator: ","))]"
        json += ",\"label\":\(layer.labelField.map(String.init) ?? "null"),\"measure\":\(JSONText.optional(layer.measure?.rawValue))"
        json += ",\"q\":\(q),\"ox\":\(ox),\"oy\":\(oy),\"canvas\":\(layer.features.count > canvasAbove)"
        json += ",\"f\":[\n\(featuresJSON)]}"
        return Encoded(json: json, drawn: drawn, vanished: vanished, quantum: q, vertices: vertices)
    }

    /// "[x0,y0,dx1,dy1,…]": the first vertex relative to the origin, each next one to the one before.
    static func delta(_ flat: [Int], _ ox: Int, _ oy: Int) -> String {
        var out = "["
        out.reserveCapacity(flat.count * 4)
        var px = ox, py = oy
        var i = 0
        while i + 1 < flat.count {
            if i > 0 { out += "," }
            out += String(flat[i] - px); out += ","; out += String(flat[i + 1] - py)
            px = flat[i]; py = flat[i + 1]
            i += 2
        }
        return out + "]"
    }
}

/// JSON text for data inlined in a page's `<script>`: strings escaped so that no `<`, `>` or `&`
/// appears raw (the data can never close its script element), nor U+2028/U+2029.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }
}
