import Foundation
import GeoKit

/// What a line or point layer is measured by where polygons measure area: geodesic length or count.
public enum FeatureShape: String, Sendable, Codable {
    case polygon, line, point

    /// The shape of an OGR geometry type name ("Multi Line String", "3D Point" …).
    public init(geometryType: String) {
        let t = geometryType.lowercased()
        self = t.contains("polygon") || t.contains("surface") ? .polygon : t.contains("line") || t.contains("curve") ? .line
            : t.contains("point") ? .point : .polygon
    }
}

/// Cuts one line or point geometry by a polygon layer (``OverlayLayer``, in the same analysis CRS):
/// the parts inside each polygon it meets and the part outside all of them — what `tabulate`,
/// `overlay`, conflicts and claims do with lines and points where they cut polygons.
///
/// - Lines: the part inside polygon j is `GEOSIntersection_r` of the line and j, its lineal parts
///   only (a line touching j at a point adds nothing); the part outside is the line minus every
///   polygon it meets. Cut points lie where the line's straight segments (in the analysis CRS) cross
///   the polygons' edges (densified by ``OverlayLayer``).
/// - Points: each point is in the first polygon (in the layer's order) that covers it
///   (`GEOSPreparedIntersects_r`, boundary included), so a point on an edge two polygons share counts once.
final class LineCutter {
    let cursor: LayerCursor
    let shape: FeatureShape

    init(_ polygons: OverlayLayer, context: GeometryContext, shape: FeatureShape) {
        cursor = LayerCursor(polygons, context: context)
        self.shape = shape
    }

    /// (index of the polygon, part inside it) and the part outside every polygon (nil when empty or not asked for).
    func split(_ g: Geometry, wantOutside: Bool = true) throws -> (inside: [(Int, Geometry)], outside: Geometry?) {
        guard let envelope = g.envelope else { return ([], nil) }
        if shape == .point { return try splitPoints(g, envelope: envelope, wantOutside: wantOutside) }
        var inside: [(Int, Geometry)] = []
        var rest: Geometry? = g
        for j in cursor.candidates(envelope) {
            let p = try cursor.preparedGeometry(j)
            guard try p.intersects(g) else { continue }
            if try p.containsProperly(g) {
                inside.append((j, g))
                rest = nil
                continue
            }
            let polygon = try cursor.geometry(j)
            if let part = try Self.linealParts(try g.intersection(polygon)) { inside.append((j, part)) }
            if wantOutside, let r = rest { rest = r.isEmpty ? nil : try r.difference(polygon) }
        }
        let outside = wantOutside ? try rest.flatMap { try Self.linealParts($0) } : nil
        return (inside, outside)
    }

    private func splitPoints(_ g: Geometry, envelope: Envelope, wantOutside: Bool) throws -> (inside: [(Int, Geometry)], outside: Geometry?) {
        var inside: [(Int, Geometry)] = []
        var outside: [Geometry] = []
        for point in try Self.points(g) {
            guard let e = point.envelope else { continue }
            var hit: Int?
            for j in cursor.candidates(e).sorted() where try cursor.preparedGeometry(j).intersects(point) {
                hit = j
                break
            }
            if let hit { inside.append((hit, point)) } else if wantOutside { outside.append(point) }
        }
        let rest = outside.isEmpty ? nil : outside.count == 1 ? outside[0] : try g.context.collection(outside, kind: .multiPoint)
        return (inside, rest)
    }

    /// The lineal parts of `g` as one (multi)line string; nil when it has none of positive length.
    static func linealParts(_ g: Geometry) throws -> Geometry? {
        if g.isEmpty { return nil }
        if g.kind.isLineal { return try g.planarLength() > 0 ? g : nil }
        var lines: [Geometry] = []
        var stack = [g]
        while let x = stack.popLast() {
            switch x.kind {
            case .lineString, .linearRing: if !x.isEmpty { lines.append(x) }
            case .multiLineString, .collection: for i in 0..<x.partCount { stack.append(try x.part(i)) }
            default: break
            }
        }
        guard !lines.isEmpty else { return nil }
        let m = lines.count == 1 ? lines[0] : try g.context.collection(lines.reversed(), kind: .multiLineString)
        return try m.planarLength() > 0 ? m : nil
    }

    /// The points of a point or multipoint (a collection's points too).
    static func points(_ g: Geometry) throws -> [Geometry] {
        var out: [Geometry] = []
        var stack = [g]
        while let x = stack.popLast() {
            switch x.kind {
            case .point: if !x.isEmpty { out.append(x) }
            case .multiPoint, .collection: for i in (0..<x.partCount).reversed() { stack.append(try x.part(i)) }
            default: break
            }
        }
        return out
    }

    /// The measure of a piece: geodesic length in metres on CGCS2000 (lines, `toLonLat` bringing it
    /// to lon/lat first), or the number of its points.
    static func measure(_ piece: Geometry, shape: FeatureShape, toLonLat: Transformer?) throws -> Double {
        switch shape {
        case .point: return Double(try points(piece).count)
        default: return try (toLonLat?.transform(piece) ?? piece).geodesicLength(on: .cgcs2000)
        }
    }
}
