import Foundation
import Testing
@testable import GeoKit

/// The validity shortcut (`isCertainlyValidSimplePolygon`) against GEOS itself (`geosValidity`, the
/// second opinion): it says "valid" only where GEOS does, for shapes built to be simple and shapes
/// built to break each rule, and for random rings where it must never disagree.
@Suite struct SimpleShellTests {
    let context = GeometryContext()

    func polygon(_ wkt: String) throws -> Geometry { try Geometry(wkt: wkt, context: context) }

    /// Star-shaped rings (every vertex at its own radius around a centre, angles increasing) are simple
    /// by construction: the shortcut proves them, and GEOS agrees.
    @Test func starShapedRingsAreProvedValid() throws {
        var rng = SystemRandomNumberGenerator()
        for n in [3, 4, 7, 25, 100, 1_000] {
            let cx = 106.5 + Double.random(in: 0..<0.1, using: &rng), cy = 29.4
            var xs: [Double] = [], ys: [Double] = []
            for k in 0..<n {
                let a = 2 * Double.pi * Double(k) / Double(n)
                let r = 0.001 * Double.random(in: 0.55..<0.95, using: &rng)
                xs.append(cx + r * cos(a)); ys.append(cy + r * sin(a))
            }
            xs.append(xs[0]); ys.append(ys[0])
            let g = try context.polygon(rings: [(xs, ys)])
            #expect(g.isCertainlyValidSimplePolygon, "n = \(n)")
            #expect(try g.geosValidity().isValid)
            #expect(try g.validity().isValid)
        }
    }

    /// Each rule broken once: the shortcut declines, and `validity` gives GEOS's reason.
    @Test func brokenRingsAreLeftToGEOS() throws {
        let cases = [
            "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))",                    // bow-tie: two edges cross
            "POLYGON ((0 0, 4 0, 4 4, 2 4, 2 6, 2 4, 0 4, 0 0))",     // spike: an edge doubles back
            "POLYGON ((0 0, 4 0, 2 2, 4 4, 0 4, 2 2, 0 0))",          // the ring touches itself at a vertex
            "POLYGON ((0 0, 4 0, 4 4, 2 0, 0 4, 0 0))",               // a vertex on another edge
            "POLYGON ((0 0, 1 0, 2 0, 0 0))",                         // collinear: no area
        ]
        for wkt in cases {
            let g = try polygon(wkt)
            #expect(!g.isCertainlyValidSimplePolygon, "\(wkt)")
            let v = try g.validity()
            #expect(!v.isValid, "\(wkt)")
            #expect(v == (try g.geosValidity()))
        }
    }

    /// Valid shapes it does not try to prove (a repeated vertex, a straight run through a vertex, a
    /// hole, two parts) are still found valid, by GEOS.
    @Test func validShapesOutsideTheShortcutStillValid() throws {
        let cases = [
            "POLYGON ((0 0, 4 0, 4 0, 4 4, 0 4, 0 0))",
            "POLYGON ((0 0, 2 0, 4 0, 4 4, 0 4, 0 0))",
            "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 4, 2 2))",
            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        ]
        for wkt in cases {
            let g = try polygon(wkt)
            #expect(!g.isCertainlyValidSimplePolygon, "\(wkt)")
            #expect(try g.validity().isValid, "\(wkt)")
        }
    }

    /// 2,000 rings of 5–12 random vertices on a coarse grid (many crossing, touching and collinear
    /// edges): wherever the shortcut says valid, GEOS does too, and some of each kind occur.
    @Test func neverValidWhereGEOSSaysInvalid() throws {
        var rng = SystemRandomNumberGenerator()
        var proved = 0, invalid = 0
        for _ in 0..<2_000 {
            let n = Int.random(in: 4...12, using: &rng)
            var xs = (0..<n).map { _ in Double(Int.random(in: 0...6, using: &rng)) }
            var ys = (0..<n).map { _ in Double(Int.random(in: 0...6, using: &rng)) }
            xs.append(xs[0]); ys.append(ys[0])
            guard let g = try? context.polygon(rings: [(xs, ys)]) else { continue }
            let geos = try g.geosValidity().isValid
            if g.isCertainlyValidSimplePolygon {
                proved += 1
                #expect(geos, "\(g.wkt)")
            }
            if !geos { invalid += 1 }
        }
        #expect(proved > 20)
        #expect(invalid > 1_000)
    }

    /// The densifying pre-check: a polygon whose edges are all well under the limit needs none (and
    /// densifying indeed adds no vertex); one edge of ~1.1 km at 29.4°N needs it.
    @Test func densifyingPrecheckMatchesDensifying() throws {
        let short = try polygon("POLYGON ((106.5 29.4, 106.5003 29.4, 106.5003 29.4003, 106.5 29.4, 106.5 29.4))")
        #expect(!(try short.mayNeedGeodesicDensifying(maxSegmentLength: 100)))
        #expect(try short.geodesicallyDensified(maxSegmentLength: 100).vertexCount == short.vertexCount)
        let long = try polygon("POLYGON ((106.5 29.4, 106.51 29.4, 106.51 29.4003, 106.5 29.4, 106.5 29.4))")
        #expect(try long.mayNeedGeodesicDensifying(maxSegmentLength: 100))
        #expect(try long.geodesicallyDensified(maxSegmentLength: 100).vertexCount > long.vertexCount)
        let bad = try polygon("POLYGON ((106.5 95, 106.5003 95, 106.5003 95.0003, 106.5 95))")
        #expect(throws: GeoKitError.self) { try bad.mayNeedGeodesicDensifying(maxSegmentLength: 100) }
    }
}
