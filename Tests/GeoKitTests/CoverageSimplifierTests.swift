import Testing
@testable import GeoKit

/// Coverages built by hand, with areas known by construction.
@Suite struct CoverageSimplifierTests {
    let context = GeometryContext()

    func polygon(_ wkt: String) throws -> Geometry { try Geometry(wkt: wkt, context: context) }

    /// A 100 × 200 block cut by two edges from (0,100) to (100,100) that bow up by 0.5 and 1 m:
    /// A below, the sliver B between them, C above. At tolerance 10 both edges are straight lines
    /// to Douglas–Peucker, so simplifying each alone makes them coincide and B collapses (GEOS
    /// 3.11's TopologyPreserveSimplify on the linework does exactly that, see below). The right
    /// side of A zig-zags by 1 m: those vertices must go.
    @Test func keepsASliverBetweenEdgesWithTheSameEndsAndDropsNoise() throws {
        let zigzag = "100 0, 101 20, 100 40, 101 60, 100 80, 100 100"
        let a = try polygon("POLYGON ((0 0, \(zigzag), 50 100.5, 0 100, 0 0))")
        let b = try polygon("POLYGON ((0 100, 50 100.5, 100 100, 50 101, 0 100))")
        let c = try polygon("POLYGON ((0 100, 50 101, 100 100, 100 200, 0 200, 0 100))")
        let r = try CoverageSimplifier.simplify([a, b, c], tolerance: 10, featureIDs: [11, 12, 13], in: context)
        #expect(r.fallbacks.isEmpty && r.repaired.isEmpty && r.snapGrid == nil)
        let out = r.geometries.map { $0! }
        for g in out { #expect(try g.validity().isValid) }
        // By hand, following the documented halving: at 10, 5, 2.5 and 1.25 both bows are
        // straightened, the two edges coincide (a conflict) and both are refined; at 0.625 only the
        // 0.5 m bow is, and the edges meet only at their ends. So A loses its 25 m² triangle to B:
        // A = 100 × 100 (zig-zag straightened to x = 100), B = ½·100·1 = 50, C = 10,000 − 50.
        #expect(abs(try out[0].planarArea() - 10_000) < 1e-9)
        #expect(abs(try out[1].planarArea() - 50) < 1e-9)
        #expect(abs(try out[2].planarArea() - 9_950) < 1e-9)
        #expect(r.refinedEdges == 2)
        #expect(out[0].vertexCount < a.vertexCount)
        // Shared edges are shared: pieces add up to their union, no overlap, no gap.
        let union = try context.collection(out, kind: .multiPolygon).unaryUnion()
        #expect(abs(try union.planarArea() - 20_000) < 1e-9)
        #expect(try out[0].intersection(out[1]).planarArea() == 0)
        #expect(try out[1].intersection(out[2]).planarArea() == 0)
    }

    /// The old method (GEOS's TopologyPreserveSimplify over the merged linework) on the same
    /// block: the sliver is lost. This is what the test above guards against.
    @Test func geosTopologyPreservingSimplifyCollapsesTheSliver() throws {
        let lines = try context.collection([
            try polygon("POLYGON ((0 0, 100 0, 100 100, 50 100.5, 0 100, 0 0))").boundary(),
            try polygon("POLYGON ((0 100, 50 100.5, 100 100, 50 101, 0 100))").boundary(),
            try polygon("POLYGON ((0 100, 50 101, 100 100, 100 200, 0 200, 0 100))").boundary(),
        ]).unaryUnion().lineMerged()
        let faces = try context.polygonize([try lines.topologyPreservingSimplified(tolerance: 10)])
        #expect(faces.partCount < 3)
    }

    /// An input invalid in the coverage's CRS (a bow-tie) is repaired first and reported.
    @Test func repairsAnInvalidInputAndSaysSo() throws {
        let bowTie = try polygon("POLYGON ((0 0, 100 100, 100 0, 0 100, 0 0))")
        let square = try polygon("POLYGON ((200 0, 300 0, 300 100, 200 100, 200 0))")
        let r = try CoverageSimplifier.simplify([square, bowTie], tolerance: 1, featureIDs: nil, in: context)
        #expect(r.repaired.map(\.index) == [1])
        #expect(r.repaired.first?.reason.contains("Self-intersection") == true)
        // Two triangles of ½·100·50 each.
        #expect(abs(try r.geometries[1]!.planarArea() - 5_000) < 1e-9)
        #expect(try r.geometries[1]!.validity().isValid)
        #expect(abs(try r.geometries[0]!.planarArea() - 10_000) < 1e-9)
    }
}
