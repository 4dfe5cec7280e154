import Foundation
import Testing
@testable import GeoKit

/// `LocationGrid` against GEOS's prepared predicates (the second opinion): wherever the grid answers,
/// GEOS agrees — "inside" is `containsProperly` of the envelope's rectangle, "outside" is no
/// intersection — on a polygon with a concave notch, a hole and a second part, in lon/lat.
@Suite struct LocationGridTests {
    let context = GeometryContext()

    /// An L-shaped part with a square hole, and a small second part inside the L's notch, around (106.5°E, 29.4°N).
    func shape() throws -> Geometry {
        let x = 106.5, y = 29.4, d = 0.01
        let l = try context.polygon(rings: [
            (xs: [x, x + 3 * d, x + 3 * d, x + d, x + d, x, x], ys: [y, y, y + d, y + d, y + 3 * d, y + 3 * d, y]),
            (xs: [x + 0.2 * d, x + 0.6 * d, x + 0.6 * d, x + 0.2 * d, x + 0.2 * d], ys: [y + 0.2 * d, y + 0.2 * d, y + 0.6 * d, y + 0.6 * d, y + 0.2 * d]),
        ])
        let island = try context.polygon(rings: [(xs: [x + 2 * d, x + 2.5 * d, x + 2.5 * d, x + 2 * d, x + 2 * d],
                                                  ys: [y + 2 * d, y + 2 * d, y + 2.5 * d, y + 2.5 * d, y + 2 * d])])
        return try context.collection([l, island], kind: .multiPolygon)
    }

    @Test(arguments: [8, 64, 256])
    func answersOnlyWhatGEOSConfirms(cells: Int) throws {
        let g = try shape()
        let e = try #require(g.envelope)
        var rings: [(xs: [Double], ys: [Double])] = []
        try g.forEachPolygonRing { _, _, xs, ys in rings.append((xs, ys)) }
        let grid = try #require(LocationGrid(envelope: e, cells: cells, rings: rings))
        let prepared = try PreparedGeometry(g)
        var rng = SystemRandomNumberGenerator()
        var inside = 0, outside = 0
        for _ in 0..<3_000 {
            let w = e.width * Double.random(in: 0.0005..<0.03, using: &rng), h = e.height * Double.random(in: 0.0005..<0.03, using: &rng)
            let x = Double.random(in: e.minX..<(e.maxX - w), using: &rng), y = Double.random(in: e.minY..<(e.maxY - h), using: &rng)
            let box = Envelope(minX: x, minY: y, maxX: x + w, maxY: y + h)
            switch grid.location(of: box, maximumCells: 256) {
            case .inside?:
                inside += 1
                #expect(try prepared.containsProperly(try context.rectangle(box)), "\(box)")
            case .outside?:
                outside += 1
                #expect(!(try prepared.intersects(try context.rectangle(box))), "\(box)")
            case nil: break
            }
        }
        // Area shares by construction: the shape covers 5.09 of the envelope's 9 units² (L 5, hole 0.16, island 0.25): both answers occur often.
        #expect(inside > 300 && outside > 300)
    }

    /// An envelope outside the grid's, or covering more cells than allowed, is not answered.
    @Test func declinesWhatItCannotCover() throws {
        let g = try shape()
        let e = try #require(g.envelope)
        var rings: [(xs: [Double], ys: [Double])] = []
        try g.forEachPolygonRing { _, _, xs, ys in rings.append((xs, ys)) }
        let grid = try #require(LocationGrid(envelope: e, cells: 64, rings: rings))
        #expect(grid.location(of: Envelope(minX: e.minX - 1, minY: e.minY, maxX: e.minX - 0.5, maxY: e.maxY), maximumCells: 256) == nil)
        #expect(grid.location(of: e, maximumCells: 256) == nil)
    }
}
