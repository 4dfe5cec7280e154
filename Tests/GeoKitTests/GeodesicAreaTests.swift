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
