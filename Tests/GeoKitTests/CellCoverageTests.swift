import Foundation
import Testing
@testable import GeoKit

@Suite struct CellCoverageTests {
    /// Unit cells, row 0 at the top (y from 0 to `height`).
    func unitGrid(height: Int) -> GeoTransform {
        GeoTransform(originX: 0, pixelWidth: 1, originY: Double(height), pixelHeight: -1)
    }

    func fractions(_ wkt: String, _ t: GeoTransform, rule: CoverageRule = .exact, strip: Int = 1_000) throws -> (GridPolygon, [Double]) {
        let g = try Geometry(wkt: wkt, context: GeometryContext())
        let p = try GridPolygon(g, geoTransform: t)
        let c = CellCoverage(p, rule: rule)
        var all: [Double] = [], part: [Double] = []
        var r = p.rows.lowerBound
        while r < p.rows.upperBound {
            let r1 = min(p.rows.upperBound, r + strip)
            c.next(rows: r..<r1, into: &part)
            all += part
            r = r1
        }
        return (p, all)
    }

    @Test func handCheckedSquareOnThreeByThreeCells() throws {
        // methods-2 §2 test 1: the square (0.5,0.5)–(2.5,2.5) on 3 × 3 unit cells: centre 1, edges ½, corners ¼.
        let (p, f) = try fractions("POLYGON((0.5 0.5,2.5 0.5,2.5 2.5,0.5 2.5,0.5 0.5))", unitGrid(height: 3))
        #expect(p.columns == 0..<3 && p.rows == 0..<3)
        #expect(f == [0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25])
        // Values 1…9 row-major: Σ c·x = 20, so the mean is 5 (by hand).
        let sum = zip(f, 1...9).reduce(0.0) { $0 + $1.0 * Double($1.1) }
        #expect(sum == 20)
    }

    @Test func holeAndClockwiseRingsGiveTheSameFractions() throws {
        // A 4 × 4 square with a 2 × 2 hole in the middle: the ring of 12 cells is covered, the 4 inner cells not.
        let ccw = "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,1 3,3 3,3 1,1 1))"
        let cw = "POLYGON((0 0,0 4,4 4,4 0,0 0),(1 1,3 1,3 3,1 3,1 1))"
        let (_, a) = try fractions(ccw, unitGrid(height: 4))
        let (_, b) = try fractions(cw, unitGrid(height: 4))
        #expect(a == b)
        #expect(a == [1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1])
    }

    /// Random star-shaped polygons: every cell's fraction equals GEOS's area of the polygon clipped to
    /// the cell (an independent computation), and the fractions add up to the polygon's area whatever
    /// the strip height.
    @Test func fractionsMatchGEOSClipsCellByCell() throws {
        var rng = SplitMix(seed: 13)
        let context = GeometryContext()
        for _ in 0..<6 {
            let cx = 10 + rng.unit() * 3, cy = 9 + rng.unit() * 3
            var xs: [Double] = [], ys: [Double] = []
            for k in 0..<23 {
                let angle = Double(k) / 23 * 2 * .pi
                let r = 3 + rng.unit() * 5
                xs.append(cx + r * cos(angle)); ys.append(cy + r * sin(angle))
            }
            xs.append(xs[0]); ys.append(ys[0])
            let polygon = try context.polygon(rings: [(xs, ys)])
            let t = GeoTransform(originX: 0.37, pixelWidth: 0.9, originY: 21.1, pixelHeight: -0.8)
            for strip in [1, 3, 100] {
                let (p, f) = try fractions(polygon.wkt, t, strip: strip)
                var total = 0.0
                for (k, row) in p.rows.enumerated() {
                    for (i, col) in p.columns.enumerated() {
                        let x0 = t.originX + Double(col) * t.pixelWidth, y1 = t.originY + Double(row) * t.pixelHeight
                        let cell = try context.rectangle(Envelope(minX: x0, minY: y1 + t.pixelHeight, maxX: x0 + t.pixelWidth, maxY: y1))
                        let clipped = try polygon.intersection(cell).planarArea() / (0.9 * 0.8)
                        #expect(abs(f[k * p.columns.count + i] - clipped) < 1e-9)
                        total += f[k * p.columns.count + i] * 0.72
                    }
                }
                #expect(abs(total - (try polygon.planarArea())) < 1e-9 * (try polygon.planarArea()))
            }
        }
    }

    /// The centre rule burns exactly the cells GDAL's own rasteriser burns (`GDALRasterizeGeometries`,
    /// ALL_TOUCHED=FALSE), for polygons with holes, in general position.
    @Test func centreRuleMatchesGDALRasterize() throws {
        var rng = SplitMix(seed: 7)
        let context = GeometryContext()
        let width = 40, height = 30
        let t = GeoTransform(originX: 500.3, pixelWidth: 2.5, originY: 800.1, pixelHeight: -2.5)
        for _ in 0..<5 {
            var rings: [(xs: [Double], ys: [Double])] = []
            for (radius, n) in [(30.0, 31), (9.0, 11)] {
                var xs: [Double] = [], ys: [Double] = []
                for k in 0..<n {
                    let angle = Double(k) / Double(n) * 2 * .pi
                    let r = radius * (0.7 + 0.6 * rng.unit())
                    xs.append(550 + r * cos(angle)); ys.append(762 + r * sin(angle))
                }
                xs.append(xs[0]); ys.append(ys[0])
                rings.append((xs, ys))
            }
            let polygon = try context.polygon(rings: rings)
            let gdal = try RasterVectorize.rasterize(polygons: [polygon.wkb], labels: [1], width: width, height: height, geoTransform: t)
            let p = try GridPolygon(polygon, geoTransform: t)
            var f: [Double] = []
            CellCoverage(p, rule: .centre).next(rows: p.rows, into: &f)
            var ours = [Int32](repeating: 0, count: width * height)
            for (k, row) in p.rows.enumerated() where row >= 0 && row < height {
                for (i, col) in p.columns.enumerated() where col >= 0 && col < width && f[k * p.columns.count + i] == 1 {
                    ours[row * width + col] = 1
                }
            }
            #expect(ours == gdal)
            #expect(gdal.contains(1))
        }
    }

    @Test func polygonBeyondTheGridStillAddsUp() throws {
        // A triangle reaching far left and above row 0: every cell of its box is given a fraction.
        let (p, f) = try fractions("POLYGON((-5.3 1.2,6.6 2.9,0.4 9.8,-5.3 1.2))", unitGrid(height: 4))
        #expect(p.columns.lowerBound == -6 && p.rows.lowerBound == -6)
        let area = 0.5 * abs((6.6 + 5.3) * (9.8 - 1.2) - (0.4 + 5.3) * (2.9 - 1.2))
        #expect(abs(f.reduce(0, +) - area) < 1e-9)
    }
}

/// A small deterministic generator (SplitMix64), so that the random cases are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
