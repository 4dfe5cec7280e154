import GeoKit

/// What a layer mostly holds, for its legend symbol.
enum MapSymbol: Sendable {
    case polygon, line, point
}

/// One feature's geometry in projected metres, taken apart into polygons (rings, shell first),
/// lines and points, with its label anchor (the point on surface) and its lon/lat envelope.
struct ProjectedFeature {
    var polygons: [[[MapPoint]]] = []
    var lines: [[MapPoint]] = []
    var points: [MapPoint] = []
    var anchor: MapPoint?
    var envelope: Envelope?
    /// The envelope in projected metres.
    var extent: Envelope?
    var label: String?
    var category: String?

    var symbol: MapSymbol? {
        if !polygons.isEmpty { return .polygon }
        if !lines.isEmpty { return .line }
        if !points.isEmpty { return .point }
        return nil
    }
}

/// Reads map features from WKB and projects them.
enum MapGeometry {
    static func read(_ feature: MapFeature, index: Int, layer: String, context: GeometryContext) throws -> Geometry {
        do {
            return try Geometry(wkb: feature.wkb, context: context)
        } catch let error as GeoKitError {
            throw GeoKitError(.input, "map layer '\(layer)', feature \(index + 1): \(error.message)")
        }
    }

    /// The feature projected to metres; label anchors only where `wantsAnchor`.
    static func project(_ g: Geometry, feature: MapFeature, wantsAnchor: Bool,
                        projection: MapProjection) throws -> ProjectedFeature {
        var out = ProjectedFeature(label: feature.label, category: feature.category)
        guard !g.isEmpty else { return out }
        out.envelope = g.envelope
        func points(_ xs: [Double], _ ys: [Double]) throws -> [MapPoint] {
            var px = xs, py = ys
            try projection.project(xs: &px, ys: &py)
            if let x0 = px.min(), let x1 = px.max(), let y0 = py.min(), let y1 = py.max() {
                let e = Envelope(minX: x0, minY: y0, maxX: x1, maxY: y1)
                out.extent = out.extent.map { $0.union(e) } ?? e
            }
            return (0..<px.count).map { MapPoint(x: px[$0], y: py[$0]) }
        }
        try g.forEachPolygonRing { polygon, ring, xs, ys in
            let pts = try points(xs, ys)
            if ring == 0 || polygon >= out.polygons.count { out.polygons.append([pts]) } else { out.polygons[polygon].append(pts) }
        }
        try g.forEachLine { xs, ys in out.lines.append(try points(xs, ys)) }
        var lonlat: [(Double, Double)] = []
        try collectPoints(g, into: &lonlat)
        if !lonlat.isEmpty { out.points = try points(lonlat.map(\.0), lonlat.map(\.1)) }
        if wantsAnchor, let label = feature.label, !label.isEmpty {
            let p = try g.pointOnSurface()
            if let e = p.envelope {
                let saved = out.extent
                out.anchor = try points([e.minX], [e.minY]).first
                out.extent = saved
            }
        }
        return out
    }

    private static func collectPoints(_ g: Geometry, into out: inout [(Double, Double)]) throws {
        switch g.kind {
        case .point:
            if let e = g.envelope { out.append((e.minX, e.minY)) }
        case .multiPoint, .collection:
            for i in 0..<g.partCount { try collectPoints(try g.part(i), into: &out) }
        default:
            break
        }
    }
}
