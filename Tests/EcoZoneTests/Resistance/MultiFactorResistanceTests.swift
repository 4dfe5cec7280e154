import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The `resistance:` block on a hand-made 12 × 10 grid of 30 m cells (CGCS2000 GK zone 36): land use
/// forest (1) in columns 0–5 and built-up (5) in 6–11, one NoData cell; a DEM rising 10 m per column
/// (slope atan(10/30) = 18.43° everywhere, so the slope factor scores 60 by the breaks 8/15/25); the
/// distance to built-up is (6 − column) × 30 m west of it. Every expected resistance is worked out by
/// hand from those.
@Suite("Multi-factor resistance")
struct MultiFactorResistanceTests {
    static let width = 12, height = 10
    static let t = GeoTransform(originX: 36_600_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)

    static func setUp(_ dir: URL, block: String) throws -> String {
        let crs = try CRS("EPSG:4524")
        var lu = [UInt8](repeating: 0, count: width * height), dem = [Float](repeating: 0, count: width * height)
        for r in 0..<height {
            for c in 0..<width {
                lu[r * width + c] = c < 6 ? 1 : 5
                dem[r * width + c] = Float(10 * c)
            }
        }
        lu[0] = 0
        try RasterIO.writeGeoTIFF(RasterGrid(width: width, height: height, geoTransform: t, crs: crs, noData: 0, values: lu),
                                  to: dir.appendingPathComponent("landuse.tif").path)
        try RasterIO.writeGeoTIFF(RasterGrid(width: width, height: height, geoTransform: t, crs: crs, noData: -9999, values: dem),
                                  to: dir.appendingPathComponent("dem.tif").path)
        // A protected zone covering rows 0–1 (its edges midway between cell centres), as lon/lat GeoJSON.
        let toLonLat = try Transformer(from: crs, to: try CRS("EPSG:4490"))
        let x0 = t.originX - 15, x1 = t.originX + 30 * Double(width) + 15, y0 = t.originY + 15, y1 = t.originY - 60
        let ring = try [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].map { try toLonLat.transform(x: $0.0, y: $0.1) }
        let coords = ring.map { "[\($0.x), \($0.y)]" }.joined(separator: ",")
        try Data("""
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"zone"},"geometry":{"type":"Polygon","coordinates":[[\(coords)]]}}]}
        """.utf8).write(to: dir.appendingPathComponent("zone.geojson"))
        let project = dir.appendingPathComponent("p.yaml")
        try Data("""
        layers:
          protected-areas: { source: zone.geojson, name: NAME }
        resistance:
        \(block)
        """.utf8).write(to: project)
        return project.path
    }

    static let factors = """
          factors:
            - { name: land use, raster: landuse.tif, classes: { 1: 1, 5: 100 } }
            - { name: slope, raster: dem.tif, derive: slope, breaks: [8, 15, 25], scores: [1, 30, 60, 100] }
            - { name: built-up, distance-to: { raster: landuse.tif, classes: [5] }, breaks: [45, 100], scores: [100, 50, 10] }
        """

    static func expected(row r: Int, col c: Int) -> Double {
        if r == 0 && c == 0 { return .nan }
        let land: Double = c < 6 ? 1 : 100
        let d = c >= 6 ? 0 : Double(6 - c) * 30
        let built: Double = d < 45 ? 100 : (d < 100 ? 50 : 10)
        let sum = 0.5 * land + 0.2 * 60 + 0.3 * built
        return r <= 1 ? sum * 0.5 : sum
    }

    @Test("weights given: every cell as worked out by hand, NoData impassable, the red-line-style multiplier applied")
    func direct() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.setUp(dir, block: Self.factors + """

          weights: { land use: 0.5, slope: 0.2, built-up: 0.3 }
          multipliers:
            - { layer: protected-areas, factor: 0.5 }
        """)
        let project = try Project.load(path)
        #expect(project.warnings.isEmpty)
        let r = try MultiFactorResistance.build(project)
        for row in 0..<Self.height {
            for col in 0..<Self.width {
                let got = r.surface.grid.values[row * Self.width + col], want = Self.expected(row: row, col: col)
                #expect(got.isNaN == want.isNaN && (want.isNaN || abs(got - want) < 1e-12), "row \(row) col \(col): \(got) vs \(want)")
            }
        }
        #expect(r.noDataCells == 1 && r.cells == 119)
        #expect(r.multipliers.first?.cells == 24 && r.multipliers.first?.factor == 0.5)
        #expect(r.factors.map(\.weight) == [0.5, 0.2, 0.3] && r.factors[2].maximumDistance == 180)
        #expect(r.factors[1].meanScore == 60 && r.factors[0].cells == 119)
        // The files project readers hash and guard include the block's rasters.
        #expect(project.inputFiles.contains(dir.appendingPathComponent("dem.tif").path))
        // Corridors take this surface for the project.
        let surface = try ResistanceSurface.fromProject(project)
        #expect(surface.grid.values.count == 120 && surface.origin.hasPrefix("resistance:"))
        // Written and read back as corridors --resistance reads it.
        let out = dir.appendingPathComponent("out").path
        try ResistanceOutput.write(r, to: out, guard: OutputGuard(reading: project.inputFiles))
        let back = try ResistanceSurface.read("\(out)/resistance.tif")
        #expect(back.grid.values[0].isNaN && back.grid.values[5] == Self.expected(row: 0, col: 5))
        let csv = try String(contentsOfFile: "\(out)/factors.csv", encoding: .utf8)
        #expect(csv.contains("land use,raster landuse.tif,\"classes 1→1, 5→100\",0.5,119,"))
    }

    @Test("weights from an AHP matrix: Saaty's weights; an inconsistent matrix is used but warned about")
    func ahp() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.setUp(dir, block: Self.factors + """

          ahp: [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]
        """)
        let r = try MultiFactorResistance.build(try Project.load(path))
        #expect(r.ahp != nil && abs(r.factors[0].weight - 0.6370) < 0.00005 && r.warnings.isEmpty)
        let w = r.factors.map(\.weight)
        #expect(abs(r.surface.grid.values[3 * 12 + 7] - (w[0] * 100 + w[1] * 60 + w[2] * 100)) < 1e-12)
        let bad = try Self.setUp(dir, block: Self.factors + """

          ahp: [[1, 3, 1/3], [1/3, 1, 3], [3, 1/3, 1]]
        """)
        let rb = try MultiFactorResistance.build(try Project.load(bad))
        #expect(rb.warnings.contains { $0.contains("CR = 1.149") })
    }

    @Test("mistakes are one sentence with the line: weights not summing to 1, a missing class, scores not matching breaks, both weights and ahp")
    func refusals() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String)] = [
            (Self.factors + "\n  weights: { land use: 0.5, slope: 0.2, built-up: 0.2 }", "sum to 1"),
            (Self.factors + "\n  weights: { land use: 0.5, slope: 0.2, water: 0.3 }", "'water', which is no factor"),
            (Self.factors + "\n  weights: { land use: 0.5, slope: 0.2, built-up: 0.3 }\n  ahp: [[1]]", "not both"),
            ("""
              factors:
                - { name: slope, raster: dem.tif, derive: slope, breaks: [8, 15], scores: [1, 30, 60, 100] }
            """, "2 breaks need 3 'scores'"),
        ]
        for (block, words) in cases {
            let path = try Self.setUp(dir, block: block)
            #expect { try Project.load(path) } throws: { e in
                let g = e as? GeoKitError
                return g?.file == path && g?.message.contains(words) == true && g?.message.contains("line") == true
            }
        }
        let path = try Self.setUp(dir, block: """
          factors:
            - { name: land use, raster: landuse.tif, classes: { 1: 1 } }
        """)
        #expect { try MultiFactorResistance.build(try Project.load(path)) } throws: { e in
            (e as? GeoKitError)?.message.contains("class(es) 5") == true
        }
    }
}
