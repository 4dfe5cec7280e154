import Testing
@testable import GeoKit

@Suite struct TransformerTests {
    @Test func centralMeridianMapsToTheFalseEasting() throws {
        // Zone 36: x₀ = 36 500 000 m at the central meridian 108°E; the equator maps to northing 0.
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let p = try t.transform(x: 108, y: 30)
        #expect(abs(p.x - 36_500_000) < 1e-6)
        let q = try t.transform(x: 108, y: 0)
        #expect(abs(q.y) < 1e-6)
        #expect(abs(q.x - 36_500_000) < 1e-6)
    }

    @Test func axisOrderIsLonLatInAndOut() throws {
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let p = try t.transform(x: 106.8, y: 29.4)
        #expect(p.x > 36_000_000 && p.x < 36_500_000)   // west of the CM: easting below x₀
        #expect(p.y > 3_200_000 && p.y < 3_300_000)     // about 29.4° of meridian arc
        let back = try Transformer(from: CRS("EPSG:4524"), to: CRS("EPSG:4490")).transform(x: p.x, y: p.y)
        #expect(abs(back.x - 106.8) < 1e-9 && abs(back.y - 29.4) < 1e-9)
    }

    @Test func geometriesTransformVertexByVertex() throws {
        let ctx = GeometryContext()
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let g = try ctx.lineString(xs: [108, 108], ys: [0, 1])
        let m = try t.transform(g)
        // Along the central meridian the scale factor is 1: the projected length is the meridian arc.
        #expect(abs(try m.planarLength() - geodesicDistance(lon1: 108, lat1: 0, lon2: 108, lat2: 1)) < 1e-3)
    }

    @Test func anUntransformableVertexFailsTheGeometry() throws {
        // Latitude 95° does not exist: PROJ returns HUGE_VAL and the whole geometry is refused.
        let ctx = GeometryContext()
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let bad = try ctx.lineString(xs: [108, 108], ys: [30, 95])
        #expect { _ = try t.transform(bad) } throws: { ($0 as? GeoKitError)?.kind == .projection }
        #expect(try t.transform(try ctx.lineString(xs: [108, 108], ys: [30, 31])).vertexCount == 2)
    }

    @Test func sameCRSIsIdentity() throws {
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4490"))
        #expect(t.isIdentity)
        #expect(try t.transform(x: 1.5, y: 2.5) == (1.5, 2.5))
    }
}
