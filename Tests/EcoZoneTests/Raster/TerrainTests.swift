import Foundation
import Testing
@testable import EcoZone
import GeoKit

@Suite struct TerrainTests {
    /// Slope and aspect of a whole grid held in memory.
    func horn(_ z: [Double], width: Int, height: Int, spacing: @escaping (Int) -> (dx: Double, dy: Double)) -> ([Float], [Float]) {
        var slope: [Float] = [], aspect: [Float] = []
        HornSlope.compute(values: z, readRows: 0..<height, readColumns: 0..<width, rows: 0..<height, columns: 0..<width,
                          spacing: spacing, northUp: true, eastward: true, isNoData: { $0.isNaN }, slope: &slope, aspect: &aspect)
        return (slope, aspect)
    }

    func degrees(_ x: Double) -> Double { x * 180 / .pi }

    @Test func planeRisingEastHasItsSlopeEverywhereEdgesIncluded() {
        // methods-2 §3 test 1: 0.3 m per 30 m cell eastward: slope atan(0.01) = 0.572939°, aspect 270 (faces west).
        // gdaldem writes NoData on the border (or halves the corners with -compute_edges); one-sided differences keep it exact.
        let z = (0..<25).map { Double($0 % 5) * 0.3 }
        let (s, a) = horn(z, width: 5, height: 5) { _ in (30, 30) }
        #expect(s.allSatisfy { abs(Double($0) - degrees(atan(0.01))) < 1e-5 })
        #expect(abs(degrees(atan(0.01)) - 0.572939) < 1e-6)
        #expect(a.allSatisfy { $0 == 270 })
    }

    @Test func singleRaisedCornerMatchesGdaldemHorn() {
        // methods-2 §3 test 2 [run gdaldem]: zeros with z8 = 3, unit cells: slope 27.938353°, aspect 315.
        let z: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 3]
        let (s, a) = horn(z, width: 3, height: 3) { _ in (1, 1) }
        #expect(abs(Double(s[4]) - 27.938353) < 1e-5)
        #expect(a[4] == 315)
    }

    @Test func lonLatDEMUsesMetricCellSizesPerRow() {
        // methods-2 §3 test 3: a 1″ DEM at 29.5°N on CGCS2000: Δx = 26.935 m, Δy = 30.790 m.
        let sec = 1.0 / 3600
        let t = GeoTransform(originX: 106.5, pixelWidth: sec, originY: 29.5 + 1.5 * sec, pixelHeight: -sec)
        let spacing = GridMetricSpacing(geoTransform: t, crs: try! CRS("EPSG:4490"))
        #expect(abs(spacing.spacing(row: 1).dx - 26.935) < 1e-3 && abs(spacing.spacing(row: 1).dy - 30.790) < 1e-3)
        let east = (0..<9).map { Double($0 % 3) }                 // +1 m per column
        let north = (0..<9).map { Double(2 - $0 / 3) }            // +1 m per row northward
        let both = zip(east, north).map { $0 + $1 }
        #expect(abs(Double(horn(east, width: 3, height: 3, spacing: spacing.spacing(row:)).0[4]) - 2.126204) < 1e-5)
        #expect(abs(Double(horn(north, width: 3, height: 3, spacing: spacing.spacing(row:)).0[4]) - 1.860202) < 1e-5)
        #expect(abs(Double(horn(both, width: 3, height: 3, spacing: spacing.spacing(row:)).1[4]) - 228.82) < 0.01)
    }

    @Test func coneFacesOutwardWithItsSlope() {
        // z = 1000 − 0.5·r on 10 m cells: slope atan(0.5) = 26.565°, aspect pointing away from the apex. Horn's
        // differences of a cone err by O((cell / r)²) (0.057° at 10 cells, seen): within 0.03° from 15 cells out; aspect exact on
        // the axes and diagonals.
        let n = 61, c = 30
        var z = [Double](repeating: 0, count: n * n)
        for r in 0..<n { for k in 0..<n { z[r * n + k] = 1000 - 0.5 * 10 * Double((r - c) * (r - c) + (k - c) * (k - c)).squareRoot() } }
        let (s, a) = horn(z, width: n, height: n) { _ in (10, 10) }
        for r in 0..<n {
            for k in 0..<n where (r - c) * (r - c) + (k - c) * (k - c) >= 225 && r > 0 && k > 0 && r < n - 1 && k < n - 1 {
                #expect(abs(Double(s[r * n + k]) - degrees(atan(0.5))) < 0.03)
                var azimuth = degrees(atan2(Double(k - c), Double(c - r)))
                if azimuth < 0 { azimuth += 360 }
                let tolerance = (r == c || k == c || abs(r - c) == abs(k - c)) ? 1e-3 : 0.5
                let diff = abs(Double(a[r * n + k]) - azimuth)
                #expect(min(diff, 360 - diff) < tolerance)
            }
        }
    }

    @Test func lonLatDEMAgreesWithTheSameSurfaceInAProjectedGrid() throws {
        // z = 0.2·(E − E₀) + 0.1·(N − N₀) metres in CGCS2000 GK zone 36 (CM 108°E, where k = 1), sampled on a 1″
        // lon/lat grid and on a 30 m GK grid: both slopes are atan(√0.05) = 12.604°.
        let gk = try CRS("EPSG:4524"), ll = try CRS("EPSG:4490")
        let toGK = try Transformer(from: ll, to: gk)
        let origin = try toGK.transform(x: 108.0, y: 29.5)
        func surface(_ e: Double, _ n: Double) -> Double { 0.2 * (e - origin.x) + 0.1 * (n - origin.y) }
        let sec = 1.0 / 3600, n = 9
        let t = GeoTransform(originX: 108 - 4.5 * sec, pixelWidth: sec, originY: 29.5 + 4.5 * sec, pixelHeight: -sec)
        var xs: [Double] = [], ys: [Double] = []
        for r in 0..<n { for k in 0..<n { let c = t.cellCenter(col: k, row: r); xs.append(c.x); ys.append(c.y) } }
        try toGK.transform(xs: &xs, ys: &ys)
        let zLL = zip(xs, ys).map { surface($0, $1) }
        let spacing = GridMetricSpacing(geoTransform: t, crs: ll)
        let sLL = horn(zLL, width: n, height: n, spacing: spacing.spacing(row:)).0
        var zGK: [Double] = []
        for r in 0..<n { for k in 0..<n { zGK.append(surface(origin.x + Double(k - 4) * 30, origin.y - Double(r - 4) * 30)) } }
        let sGK = horn(zGK, width: n, height: n) { _ in (30, 30) }.0
        let expected = degrees(atan(0.05.squareRoot()))
        #expect(abs(Double(sGK[40]) - expected) < 1e-4)
        #expect(abs(Double(sLL[40]) - expected) < 2e-3, "lon/lat \(sLL[40]) vs \(expected)")
    }

    @Test func elevationBandAreasAreTheRowsTheyCover() throws {
        // 20 rows of 0.01° at 29.3…29.1°N, z = 2000 − 100·row: ≥ 1000 m on rows 0–10, 175–1000 m on rows 11–18, below on row 19.
        // Expected areas: Karney's area of each block of rows (parallels densified), independent of EcoZone's closed form.
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("dem.tif").path
        let t = GeoTransform(originX: 106.5, pixelWidth: 0.01, originY: 29.3, pixelHeight: -0.01)
        let values = (0..<200).map { Float(2000 - 100 * ($0 / 10)) }
        try RasterIO.writeGeoTIFF(RasterGrid(width: 10, height: 20, geoTransform: t, crs: try CRS("EPSG:4490"), noData: -9999, values: values), to: path)
        let report = try TerrainAnalysis.run(dem: path, zones: nil, by: nil,
                                             options: TerrainOptions(elevationBreaks: [175, 1000], unit: .squareMetres))
        func block(_ north: Double, _ south: Double) throws -> Double {
            var xs: [Double] = [], ys: [Double] = []
            for k in 0...400 { xs.append(106.5 + 0.1 * Double(k) / 400); ys.append(south) }
            for k in 0...400 { xs.append(106.6 - 0.1 * Double(k) / 400); ys.append(north) }
            xs.append(106.5); ys.append(south)
            return try GeometryContext().polygon(rings: [(xs, ys)]).geodesicArea()
        }
        let zone = try #require(report.zones.first)
        let bands = zone.elevationBands.map(\.area)
        #expect(zone.elevationBands.map(\.from) == [nil, 175, 1000])
        for (got, want) in zip(bands, [try block(29.11, 29.10), try block(29.19, 29.11), try block(29.30, 29.19)]) {
            #expect(abs(got - want) / want < 1e-9, "\(got) vs \(want)")
        }
        #expect(abs(zone.total - (try block(29.3, 29.1))) / zone.total < 1e-9)
        #expect(zone.elevation?.min == 100 && zone.elevation?.max == 2000)
    }
}
