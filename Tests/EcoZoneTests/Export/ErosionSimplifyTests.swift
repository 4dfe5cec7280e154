import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// `export --simplify` on Banan's erosion layer (issue 11): valid in lon/lat, but 22 of its 295
/// polygons turn invalid once projected into Gauss–Krüger zone 36, and its neighbours overlap by
/// slivers (174 m² in all). It used to fail with a TopologyException naming nothing.
@Suite struct ErosionSimplifyTests {
    static let erosion = TestPaths.repository.appendingPathComponent("fixtures/banan/erosion.shp").path

    /// The polygons of `path` in zone 36 (EPSG:4524), where the simplification ran; made valid
    /// when asked (the original layer is valid only in lon/lat).
    func polygonsInZone(_ path: String, from crs: CRS, repair: Bool, context: GeometryContext) throws -> [Geometry?] {
        let toZone = try Transformer(from: crs, to: try CRS("EPSG:4524"))
        return try VectorSource.open(path).layer().readFeatures().map { f in
            try f.wkb.map {
                let g = try toZone.transform(try Geometry(wkb: $0, context: context))
                return repair ? try g.makeValid().geometry : g
            }
        }
    }

    /// Pairs of polygons whose boundaries share a line (not just a point).
    func neighbours(_ gs: [Geometry?]) throws -> [(Int, Int)] {
        let index = EnvelopeIndex(gs.map { $0?.envelope })
        var out: [(Int, Int)] = []
        for i in gs.indices {
            guard let a = gs[i], let e = a.envelope else { continue }
            for j in index.query(e) where j > i {
                if try sharedLength(a, gs[j]!) > 0 { out.append((i, j)) }
            }
        }
        return out
    }

    /// The middle vertex of the first line of a shared boundary.
    func midpoint(_ shared: Geometry, context: GeometryContext) throws -> Geometry {
        var point: (Double, Double)?
        try shared.forEachLine { xs, ys in
            if point == nil, xs.count >= 2 {
                point = xs.count == 2 ? ((xs[0] + xs[1]) / 2, (ys[0] + ys[1]) / 2) : (xs[xs.count / 2], ys[ys.count / 2])
            }
        }
        return try context.point(x: point!.0, y: point!.1)
    }

    /// Holes of more than 0.1 m² (the original union also has 12 holes of less than 1e-3 m²,
    /// slits between almost coincident edges).
    func holes(_ g: Geometry) throws -> Int {
        var n = 0
        try g.forEachPolygonRing { _, ring, xs, ys in
            guard ring > 0 else { return }
            var twice = 0.0
            for k in 0..<(xs.count - 1) { twice += (xs[k] - xs[0]) * (ys[k + 1] - ys[0]) - (xs[k + 1] - xs[0]) * (ys[k] - ys[0]) }
            if abs(twice) / 2 > 0.1 { n += 1 }
        }
        return n
    }

    func sharedLength(_ a: Geometry, _ b: Geometry) throws -> Double {
        guard try a.intersects(b) else { return 0 }
        return try a.boundary().intersection(try b.boundary()).planarLength()
    }

    /// At 10, 50, 200 and 1000 m. Written with 12 decimals: rounding to the default 6 (about
    /// 0.1 m) folds some of this layer's near-degenerate vertices whether or not it is simplified
    /// (a write-path matter, not the simplifier's).
    @Test func keepsSharedEdgesSharedAndDropsVertices() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let context = GeometryContext()
        let layer = try LoadedLayer.load(LayerRequest(source: Self.erosion))
        let original = try polygonsInZone(Self.erosion, from: try CRS("EPSG:4490"), repair: true, context: context)
        let originalVertices = original.reduce(0) { $0 + ($1?.vertexCount ?? 0) }
        let pairs = try neighbours(original)
        #expect(pairs.count > 200)
        let originalHoles = try holes(context.collection(original.compactMap { $0 }, kind: .multiPolygon).unaryUnion())
        #expect(originalHoles == 9)   // shapely: 9 of the union's 21 interior rings exceed 0.1 m²
        for metres in [10.0, 50, 200, 1000] {
            let out = dir.appendingPathComponent("erosion-\(Int(metres)).geojson").path
            let report = try ExportReport.export(layer, to: out, precision: 12, simplifyMetres: metres)
            #expect(report.features == 295)
            #expect(report.vanished.isEmpty)
            #expect(report.simplifyFallbacks.isEmpty)
            #expect(report.simplifyRepairs.count == 22)      // counted independently with shapely's is_valid in EPSG:4524

            let simplified = try polygonsInZone(out, from: try CRS("EPSG:4326"), repair: false, context: context)
            #expect(simplified.count == 295 && simplified.allSatisfy { $0 != nil })
            let pieces = simplified.compactMap { $0 }
            for (k, g) in pieces.enumerated() { #expect(try g.validity().isValid, "\(metres) m: feature \(k)") }
            #expect(pieces.reduce(0) { $0 + $1.vertexCount } < originalVertices / 2, "\(metres) m")

            // No overlap between neighbours: the pieces add up to their union (the original layer
            // overlaps by 174 m²; each overlap now belongs to one side).
            let sum = try pieces.reduce(0) { $0 + (try $1.planarArea()) }
            let union = try context.collection(pieces, kind: .multiPolygon).unaryUnion().planarArea()
            #expect(abs(sum - union) < 1e-9 * sum, "\(metres) m: overlap \(sum - union) m²")
            // No gap opened between neighbours: every pair that shared an edge still shares one, or
            // the edge is now inside a third polygon (one that overlapped them: the overlap went to
            // one side); and the union has as many holes (of more than 0.1 m²) as before.
            var lost: [(Int, Int)] = []
            for (i, j) in pairs where try sharedLength(simplified[i]!, simplified[j]!) == 0 {
                let middle = try midpoint(original[i]!.boundary().intersection(try original[j]!.boundary()), context: context)
                var covered = false
                for (k, g) in pieces.enumerated() where k != i && k != j && !covered { covered = try g.covers(middle) }
                if !covered { lost.append((i, j)) }
            }
            #expect(lost.isEmpty, "\(metres) m: neighbours no longer sharing an edge: \(lost.prefix(5))")
            let h = try holes(context.collection(pieces, kind: .multiPolygon).unaryUnion())
            #expect(h == originalHoles, "\(metres) m: \(h) holes, \(originalHoles) before")
        }
    }
}
