import Testing
@testable import GeoKit

/// `nearestPoints(to:)` (GEOSNearestPoints_r) on shapes whose nearest points are known by construction.
@Suite struct NearestPointsTests {
    @Test func apartTouchingAndEmpty() throws {
        let c = GeometryContext()
        let a = try c.rectangle(Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1))
        // A vertical segment at x = 3 from y = 0.5 to 2: nearest to the square's edge x = 1 at y 0.5…1.
        let b = try c.lineString(xs: [3, 3], ys: [0.5, 2])
        let p = try #require(try a.nearestPoints(to: b))
        #expect(p.x1 == 1 && p.x2 == 3 && p.y1 == p.y2 && p.y1 >= 0.5 && p.y1 <= 1)
        // The other way round, the points swap.
        let q = try #require(try b.nearestPoints(to: a))
        #expect(q.x1 == 3 && q.x2 == 1)
        // Touching at the corner (1, 1): the same point twice.
        let t = try #require(try a.nearestPoints(to: try c.rectangle(Envelope(minX: 1, minY: 1, maxX: 2, maxY: 2))))
        #expect(t.x1 == 1 && t.y1 == 1 && t.x2 == 1 && t.y2 == 1)
        // Nothing to be near.
        #expect(try a.nearestPoints(to: try c.collection([])) == nil)
    }
}
