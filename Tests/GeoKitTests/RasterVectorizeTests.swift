import Foundation
import Testing
@testable import GeoKit

/// Hand cases for rasterising polygons by cell centre and polygonising label grids.
@Suite struct RasterVectorizeTests {
    /// 4 × 4 cells of 1 × 1 map units, top-left corner at (0, 4): cell (col c, row r) has its
    /// centre at (c + 0.5, 3.5 − r).
    let t = GeoTransform(originX: 0, pixelWidth: 1, originY: 4, pixelHeight: -1)

    func polygon(_ wkt: String) throws -> [UInt8] { try Geometry(wkt: wkt, context: GeometryContext()).wkb }

    @Test func squareBurnsOnlyCellsWhoseCentreIsInside() throws {
        // The square 0.4..2.6 touches every cell of columns 0-2 and rows 1-3, and contains the
        // centres 0.5, 1.5, 2.5 in x and y: 3 × 3 cells. A square 0.6..2.4 touches the same
        // cells but contains only the centre (1.5, 1.5): cell (1, 2).
        let big = try RasterVectorize.rasterize(polygons: [try polygon("POLYGON((0.4 0.4, 2.6 0.4, 2.6 2.6, 0.4 2.6, 0.4 0.4))")],
                                                labels: [7], width: 4, height: 4, geoTransform: t)
        #expect(big == [0, 0, 0, 0,
                        7, 7, 7, 0,
                        7, 7, 7, 0,
                        7, 7, 7, 0])
        let small = try RasterVectorize.rasterize(polygons: [try polygon("POLYGON((0.6 0.6, 2.4 0.6, 2.4 2.4, 0.6 2.4, 0.6 0.6))")],
                                                  labels: [3], width: 4, height: 4, geoTransform: t)
        #expect(small.enumerated().filter { $0.element != 0 }.map(\.offset) == [2 * 4 + 1])
    }

    @Test func triangleAndOverlapOrder() throws {
        // Triangle (0,4) (4.2,4) (0,−0.2): inside where y > x − 0.2. For the centre of (c, r):
        // 3.5 − r > c + 0.5 − 0.2  ⇔  r + c ≤ 3 (10 cells).
        let tri = try polygon("POLYGON((0 4, 4.2 4, 0 -0.2, 0 4))")
        let labels = try RasterVectorize.rasterize(polygons: [tri], labels: [1], width: 4, height: 4, geoTransform: t)
        for r in 0..<4 { for c in 0..<4 { #expect(labels[r * 4 + c] == (r + c <= 3 ? 1 : 0), "cell \(c), \(r)") } }
        // A later polygon wins where two overlap: the whole grid, then the triangle.
        let whole = try polygon("POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))")
        let both = try RasterVectorize.rasterize(polygons: [whole, tri], labels: [2, 1], width: 4, height: 4, geoTransform: t)
        #expect(both.filter { $0 == 1 }.count == 10 && both.filter { $0 == 2 }.count == 6)
    }

    @Test func polygonizeTracesRegionsWithHoles() throws {
        // 5 × 5 grid, cell 1: a ring of value 2 around one 0 cell (a hole), and two separate
        // cells of value 1 in the bottom row.
        let g = GeoTransform(originX: 10, pixelWidth: 1, originY: 20, pixelHeight: -1)
        let v: [Int32] = [2, 2, 2, 0, 0,
                          2, 0, 2, 0, 0,
                          2, 2, 2, 0, 0,
                          0, 0, 0, 0, 0,
                          1, 0, 1, 0, 0]
        let polys = try RasterVectorize.polygonize(values: v, width: 5, height: 5, geoTransform: g)
        #expect(polys.map(\.value).sorted() == [1, 1, 2])
        let ctx = GeometryContext()
        for p in polys {
            let geom = try Geometry(wkb: p.wkb, context: ctx)
            #expect(geom.kind == .polygon)
            #expect(try geom.planarArea() == (p.value == 2 ? 8 : 1))   // 9 cells minus the hole
            if p.value == 2 { #expect(geom.envelope == Envelope(minX: 10, minY: 17, maxX: 13, maxY: 20)) }
        }
        // Diagonal neighbours join only when asked: two value-1 cells are 2 apart, so never; a
        // diagonal pair is one polygon with 8-connectivity and two without.
        let diag: [Int32] = [1, 0, 0, 1]
        #expect(try RasterVectorize.polygonize(values: diag, width: 2, height: 2, geoTransform: g).count == 2)
        #expect(try RasterVectorize.polygonize(values: diag, width: 2, height: 2, geoTransform: g, eightConnected: true).count == 1)
    }

    @Test func roundTripOfRasterisedPolygons() throws {
        // Rasterise then polygonise: the traced polygon covers exactly the burnt cells.
        let g = GeoTransform(originX: 0, pixelWidth: 2, originY: 40, pixelHeight: -2)
        let disc = try Geometry(wkt: "POINT(20 20)", context: GeometryContext()).buffer(13, segments: 32)
        let labels = try RasterVectorize.rasterize(polygons: [disc.wkb], labels: [5], width: 20, height: 20, geoTransform: g)
        let cells = labels.filter { $0 == 5 }.count
        // Cells of side 2 whose centre (2c+1, 40−2r−1) is within 13 of (20, 20), counted by hand formula.
        var expected = 0
        for r in 0..<20 { for c in 0..<20 {
            let dx = Double(2 * c + 1) - 20, dy = Double(39 - 2 * r) - 20
            if dx * dx + dy * dy < 169 { expected += 1 }
        } }
        // dx, dy are odd, so dx² + dy² ≡ 2 (mod 8): 162 or 170 next to 169. The 32-segment buffer lies
        // between radius 13·cos(π/64) (² = 168.6) and 13, so no centre is ambiguous: exact equality.
        #expect(cells == expected)
        let polys = try RasterVectorize.polygonize(values: labels, width: 20, height: 20, geoTransform: g)
        let area = try polys.reduce(0.0) { $0 + (try Geometry(wkb: $1.wkb, context: GeometryContext()).planarArea()) }
        #expect(area == Double(cells) * 4)
    }
}
