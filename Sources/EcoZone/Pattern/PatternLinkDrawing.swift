import Foundation
import GeoKit

/// A least-cost corridor path between two cores, by their names, as a line in CGCS2000 lon/lat:
/// where a link of the pattern graph joins the same two elements, it is drawn along this path.
public struct CorridorPathLine: Sendable {
    public var from: String
    public var to: String
    /// WKB line, CGCS2000 lon/lat.
    public var wkb: [UInt8]

    public init(from: String, to: String, wkb: [UInt8]) {
        self.from = from
        self.to = to
        self.wkb = wkb
    }
}

/// One link of the pattern graph as a map draws it.
public struct PatternLinkLine: Sendable {
    public enum Drawing: String, Sendable, Codable {
        /// A straight line between the nearest points of the two elements as drawn.
        case nearest
        /// The elements touch or overlap: a short tick across the point where they meet.
        case contact
        /// Along the least-cost corridor path between the two elements (cores).
        case corridorPath = "corridor-path"
    }

    public var edge: PatternEdge
    /// WKB line string, CGCS2000 lon/lat.
    public var wkb: [UInt8]
    public var drawing: Drawing
    /// For a contact: the point where the elements meet (WKB point, CGCS2000 lon/lat), which maps mark.
    public var contact: [UInt8]?

    /// The line, with the meeting point of a contact, as one geometry to draw (WKB, lon/lat).
    public func drawn(in context: GeometryContext) throws -> [UInt8] {
        guard let contact else { return wkb }
        return try context.collection([try Geometry(wkb: wkb, context: context), try Geometry(wkb: contact, context: context)]).wkb
    }
}

/// Draws the links of a pattern graph so that they read on a map: between the nearest points of
/// the two elements (GEOS `GEOSNearestPoints_r` in the pattern's Gauss–Krüger zone), never between
/// points on their surfaces (which criss-cross the map for long rivers and ranges); as a short tick
/// across the meeting point where the elements touch or overlap; and along the corridor path when
/// the corridor analysis found one between the same two elements.
public enum PatternLinkDrawing {
    /// Metres: the longest half of a contact tick (each half reaches at most halfway to its element's
    /// point on surface).
    static let tickHalfLength = 1000.0

    /// Every edge of the graph, in edge order; an edge whose element has no geometry is left out.
    public static func lines(_ report: PatternReport, corridorPaths: [CorridorPathLine] = []) throws -> [PatternLinkLine] {
        let context = GeometryContext()
        let zone = report.geometry.zone
        let toLonLat = try Transformer(from: try zone.crs(), to: try CRS.cgcs2000())
        let elements = Dictionary(report.geometry.elements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var projected: [String: Geometry] = [:]
        func geometry(_ id: String) throws -> Geometry? {
            if let g = projected[id] { return g }
            guard let e = elements[id], !e.projected.isEmpty else { return nil }
            let g = try Geometry(wkb: e.projected, context: context)
            projected[id] = g
            return g
        }
        var out: [PatternLinkLine] = []
        for edge in report.graph.edges {
            guard let a = elements[edge.from], let b = elements[edge.to] else { continue }
            if a.role.kind == .barrier, b.role.kind == .barrier,
               let path = corridorPaths.first(where: { ($0.from == a.name && $0.to == b.name) || ($0.from == b.name && $0.to == a.name) }) {
                out.append(PatternLinkLine(edge: edge, wkb: path.wkb, drawing: .corridorPath))
                continue
            }
            guard let ga = try geometry(edge.from), let gb = try geometry(edge.to),
                  let p = try ga.nearestPoints(to: gb) else { continue }
            let gap = hypot(p.x2 - p.x1, p.y2 - p.y1)
            var xs: [Double], ys: [Double], drawing: PatternLinkLine.Drawing
            if gap > 0.5 {
                xs = [p.x1, p.x2]; ys = [p.y1, p.y2]; drawing = .nearest
            } else {
                // A tick from inside A, through the meeting point, into B.
                let c = (x: p.x1, y: p.y1)
                func end(_ g: Geometry, sign: Double) throws -> (Double, Double) {
                    let s = try g.pointOnSurface().envelope
                    let dx = (s?.minX ?? c.x) - c.x, dy = (s?.minY ?? c.y) - c.y
                    let d = hypot(dx, dy)
                    guard d >= 1 else { return (c.x + sign * 50, c.y) }
                    let l = min(tickHalfLength, d / 2)
                    return (c.x + dx / d * l, c.y + dy / d * l)
                }
                let ea = try end(ga, sign: -1), eb = try end(gb, sign: 1)
                xs = [ea.0, c.x, eb.0]; ys = [ea.1, c.y, eb.1]; drawing = .contact
            }
            let line = try toLonLat.transform(try context.lineString(xs: xs, ys: ys))
            let contact = drawing == .contact ? try toLonLat.transform(try context.point(x: p.x1, y: p.y1)).wkb : nil
            out.append(PatternLinkLine(edge: edge, wkb: line.wkb, drawing: drawing, contact: contact))
        }
        return out
    }
}
