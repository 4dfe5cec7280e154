import Testing
@testable import GeoKit

@Suite struct GeometryTests {
    let context = GeometryContext()

    @Test func wkbRoundTripKeepsCoordinates() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 4 0, 4 3, 0 3, 0 0))", context: context)
        let back = try Geometry(wkb: g.wkb, context: context)
        #expect(back.wkt == "POLYGON ((0 0, 4 0, 4 3, 0 3, 0 0))")
        #expect(back.kind == .polygon)
        #expect(try back.planarArea() == 12)
    }

    @Test func wkbCrossesContexts() throws {
        let other = GeometryContext()
        let g = try Geometry(wkt: "LINESTRING (0 0, 3 4)", context: context)
        #expect(try Geometry(wkb: g.wkb, context: other).planarLength() == 5)
    }

    @Test func badWKTThrowsGEOSMessage() {
        #expect {
            _ = try Geometry(wkt: "POLYGON ((0 0, 1", context: context)
        } throws: { error in
            (error as? GeoKitError)?.message.contains("ParseException") == true
        }
    }

    @Test func invalidBowTieIsReportedWithReasonAndLocation() throws {
        // Edges (0,0)-(2,2) and (2,0)-(0,2) cross at (1,1).
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", context: context)
        let v = try bowtie.validity()
        #expect(!v.isValid)
        #expect(v.reason == "Self-intersection")
        #expect(v.locationX == 1 && v.locationY == 1)
    }

    @Test func makeValidSplitsBowTieIntoTwoTriangles() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", context: context)
        let (fixed, repair) = try bowtie.makeValid()
        #expect(try fixed.validity().isValid)
        #expect(fixed.kind == .multiPolygon)
        #expect(fixed.partCount == 2)
        // Two triangles with base 2 and height 1: area 1 each.
        #expect(abs(try fixed.planarArea() - 2) < 1e-12)
        #expect(repair?.partsBefore == 1 && repair?.partsAfter == 2)
        #expect(repair?.reason.hasPrefix("Self-intersection") == true)
    }

    @Test func validGeometryNeedsNoRepair() throws {
        let square = try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", context: context)
        #expect(try square.makeValid().repair == nil)
    }

    @Test func overlayAreasByConstruction() throws {
        let a = try context.rectangle(Envelope(minX: 0, minY: 0, maxX: 4, maxY: 4))
        let b = try context.rectangle(Envelope(minX: 2, minY: 1, maxX: 6, maxY: 3))
        #expect(try a.intersection(b).planarArea() == 4)           // 2 × 2
        #expect(try a.union(b).planarArea() == 20)                 // 16 + 8 − 4
        #expect(try a.difference(b).planarArea() == 12)            // 16 − 4
        #expect(try a.symmetricDifference(b).planarArea() == 16)   // 12 + 4
        #expect(try a.intersection(b, gridSize: 0.5).planarArea() == 4)
    }

    @Test func touchingSquaresIntersectInALineOfNoArea() throws {
        let a = try context.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        let b = try context.rectangle(Envelope(minX: 1, minY: 0, maxX: 2, maxY: 1))
        #expect(try a.intersects(b))
        #expect(try a.intersection(b).planarArea() == 0)
        #expect(try a.union(b).planarArea() == 2)
    }

    @Test func polygonWithHoleFromRings() throws {
        let p = try context.polygon(rings: [
            (xs: [0, 10, 10, 0], ys: [0, 0, 10, 10]),
            (xs: [2, 4, 4, 2], ys: [2, 2, 4, 4]),
        ])
        #expect(try p.planarArea() == 96)
        var rings = 0
        try p.forEachPolygonRing { _, _, xs, _ in rings += 1; #expect(xs.count == 5) }
        #expect(rings == 2)
    }

    @Test func envelopeAndCollections() throws {
        let a = try context.point(x: 1, y: 2)
        let b = try context.point(x: -3, y: 5)
        let mp = try context.collection([a, b], kind: .multiPoint)
        #expect(mp.envelope == Envelope(minX: -3, minY: 2, maxX: 1, maxY: 5))
        #expect(mp.partCount == 2)
        #expect(try context.collection([], kind: .multiPolygon).envelope == nil)
    }

    @Test func polygonalPartsDropLinesAndPoints() throws {
        let gc = try Geometry(wkt: "GEOMETRYCOLLECTION (POLYGON ((0 0, 1 0, 1 1, 0 0)), LINESTRING (0 0, 5 5), POINT (3 3))", context: context)
        let polys = try gc.polygonalParts()
        #expect(polys.kind == .multiPolygon)
        #expect(polys.partCount == 1)
        #expect(try polys.planarArea() == 0.5)
    }
}
