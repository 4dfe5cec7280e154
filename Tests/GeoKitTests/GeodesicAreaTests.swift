import Foundation
import Testing
@testable import GeoKit

@Suite struct GeodesicAreaTests {
    let context = GeometryContext()

    /// Surface area of an oblate ellipsoid of revolution, closed form:
    /// S = 2πa² (1 + (1 − e²)/e · atanh e), with e² = f(2 − f).
    func ellipsoidSurface(_ ell: Ellipsoid) -> Double {
        let a = ell.semiMajorAxis, f = 1 / ell.inverseFlattening
        let e = (f * (2 - f)).squareRoot()
        return 2 * .pi * a * a * (1 + (1 - e * e) / e * atanh(e))
    }

    @Test func octantIsAnEighthOfTheEllipsoid() throws {
        // The triangle (0°, 0°) – (90°E, 0°) – (0°, 90°N) is bounded by the equator and two meridians,
        // all geodesics, so its area is exactly one eighth of the surface.
        let octant = try context.polygon(rings: [(xs: [0, 90, 0], ys: [0, 0, 90])])
        let area = try octant.geodesicArea(on: .cgcs2000)
        let expected = ellipsoidSurface(.cgcs2000) / 8
        #expect(abs(area - expected) / expected < 1e-12)
    }

    @Test func orientationDoesNotMatter() throws {
        let ccw = try context.polygon(rings: [(xs: [106, 107, 107, 106], ys: [29, 29, 30, 30])])
        let cw = try context.polygon(rings: [(xs: [106, 106, 107, 107], ys: [29, 30, 30, 29])])
        #expect(try ccw.geodesicArea() == cw.geodesicArea())
    }

    @Test func holesSubtractAndPartsAdd() throws {
        let shell = (xs: [106.0, 107, 107, 106], ys: [29.0, 29, 30, 30])
        let hole = (xs: [106.2, 106.2, 106.4, 106.4], ys: [29.2, 29.4, 29.4, 29.2])
        let whole = try context.polygon(rings: [shell]).geodesicArea()
        let holeArea = try context.polygon(rings: [hole]).geodesicArea()
        let withHole = try context.polygon(rings: [shell, hole]).geodesicArea()
        #expect(abs(withHole - (whole - holeArea)) < 1e-6)
        let island = try context.polygon(rings: [(xs: [108.0, 108.1, 108.1, 108.0], ys: [29.0, 29.0, 29.1, 29.1])])
        let multi = try context.collection([try context.polygon(rings: [shell, hole]), island], kind: .multiPolygon)
        #expect(abs(try multi.geodesicArea() - (withHole + island.geodesicArea())) < 1e-6)
    }

    @Test func linesHaveNoAreaAndGeodesicLength() throws {
        // A quarter of the equator: a · π/2 exactly (the equator is a circle of radius a).
        let line = try context.lineString(xs: [0, 45, 90], ys: [0, 0, 0])
        #expect(try line.geodesicArea() == 0)
        let expected = Ellipsoid.cgcs2000.semiMajorAxis * .pi / 2
        #expect(abs(try line.geodesicLength() - expected) < 1e-6)
        #expect(abs(geodesicDistance(lon1: 0, lat1: 0, lon2: 90, lat2: 0) - expected) < 1e-6)
    }
}

@Suite struct LonLatChordAreaTests {
    let context = GeometryContext()

    /// The ellipsoidal "trapezoid" between two meridians and two parallels has the closed form
    /// Δλ · (F(φ₂) − F(φ₁)); with φ from 0 to 90° and Δλ = 90° it is one eighth of the surface.
    @Test func octantRectangleIsAnEighthOfTheEllipsoid() throws {
        let ell = Ellipsoid.cgcs2000
        let a = ell.semiMajorAxis, f = 1 / ell.inverseFlattening
        let e = (f * (2 - f)).squareRoot()
        let surface = 2 * .pi * a * a * (1 + (1 - e * e) / e * atanh(e))
        let octant = try context.polygon(rings: [(xs: [0, 90, 90, 0], ys: [0, 0, 90, 90])])
        #expect(abs(try octant.lonLatChordArea() - surface / 8) / (surface / 8) < 1e-13)
    }

    @Test func piecesOfACutPolygonAddUpExactly() throws {
        // A slanted quadrilateral with 5 km edges, cut by a slanted line: chord areas add up.
        let p = try context.polygon(rings: [(xs: [106.50, 106.56, 106.58, 106.49], ys: [29.30, 29.31, 29.36, 29.35])])
        let cut = try context.polygon(rings: [(xs: [106.40, 106.70, 106.70, 106.40], ys: [29.20, 29.20, 29.3317, 29.3291])])
        let inside = try p.intersection(cut), outside = try p.difference(cut)
        let whole = try p.lonLatChordArea()
        #expect(abs(try inside.lonLatChordArea() + outside.lonLatChordArea() - whole) / whole < 1e-13)
        // Geodesic areas of the same pieces do not add up this well: their cut points lie on chords.
        let geodesicGap = abs(try inside.geodesicArea() + outside.geodesicArea() - p.geodesicArea()) / (try p.geodesicArea())
        #expect(geodesicGap > 1e-11)
    }

    @Test func geodesicDensificationMakesBothConventionsAgree() throws {
        let p = try context.polygon(rings: [(xs: [106.50, 106.56, 106.58, 106.49], ys: [29.30, 29.31, 29.36, 29.35])])
        let geodesic = try p.geodesicArea()
        let chordUndensified = try p.lonLatChordArea()
        #expect(abs(chordUndensified - geodesic) / geodesic > 1e-6)   // 5 km edges: the conventions differ
        let dense = try p.geodesicallyDensified(maxSegmentLength: 100)
        #expect(abs(try dense.geodesicArea() - geodesic) / geodesic < 1e-12)   // vertices on the geodesics
        let gap = abs(try dense.lonLatChordArea() - geodesic) / geodesic
        #expect(gap < 1e-7, "chord area of the densified polygon differs by \(gap)")
        #expect(gap < abs(chordUndensified - geodesic) / geodesic / 100)
    }

    /// A polygon read from WKB with one vertex as given (GEOS keeps NaN and ±∞ as they are).
    func squareWith(_ x: Double, _ y: Double) throws -> Geometry {
        try Geometry(wkb: WKBBytes.square(106.5, 29.5, 0.1, extra: [x, y]), context: context)
    }

    @Test func wildCoordinatesThrowInsteadOfTrappingOrGivingNaN() throws {
        for (x, y) in [(Double.nan, 29.55), (106.6, Double.infinity), (106.6, 95), (-Double.infinity, 29.55)] {
            let g = try squareWith(x, y)
            // These trapped (Double → Int of NaN) or returned NaN before.
            #expect(throws: GeoKitError.self) { _ = try g.geodesicallyDensified(maxSegmentLength: 100) }
            #expect(throws: GeoKitError.self) { _ = try g.geodesicArea() }
            #expect(throws: GeoKitError.self) { _ = try g.lonLatChordArea() }
            #expect(throws: GeoKitError.self) { _ = try g.boundary().geodesicLength() }
        }
        let sound = try squareWith(106.6, 29.55)
        #expect(throws: GeoKitError.self) { _ = try sound.geodesicallyDensified(maxSegmentLength: 0) }
        #expect(throws: GeoKitError.self) { _ = try sound.geodesicallyDensified(maxSegmentLength: .nan) }
        // A vertex 1e15 m out would make GEOSDensify_r ask for 1e13 vertices: refused first.
        let far = try context.polygon(rings: [(xs: [0, 1000, 1e15, 0], ys: [0, 0, 1000, 1000])])
        #expect(throws: GeoKitError.self) { _ = try far.densified(maxSegmentLength: 100) }
        #expect(throws: GeoKitError.self) { _ = try far.densified(maxSegmentLength: -1) }
        #expect(try context.polygon(rings: [(xs: [0, 1000, 1000, 0], ys: [0, 0, 1000, 1000])]).densified(maxSegmentLength: 100).vertexCount == 41)
    }

    @Test func gaussKrugerZoneOfAWildLongitudeIsNone() {
        for lon in [Double.nan, .infinity, -.infinity, 1e308, -1e308, 400, 73.49, 136.5] {
            #expect(GaussKrugerZone(longitude: lon) == nil)
        }
        #expect(GaussKrugerZone(longitude: 73.5)?.zone == 25)
        #expect(GaussKrugerZone(longitude: 106.5)?.zone == 36)
        #expect(GaussKrugerZone(longitude: 136.49)?.zone == 45)
    }
}
