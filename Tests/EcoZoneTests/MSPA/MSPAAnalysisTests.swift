import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// MSPA of a raster on disk: classes read from land-cover values, NoData as missing, and areas. On an
/// equal-area (Albers, GRS80) grid of 30 m cells every cell is 900 m² on the ground (the areal
/// scale is 1 to ~1e-10; checked to 1e-9), so each class's area is its cells × 900 m², by hand.
@Suite("MSPA of a land-cover raster")
struct MSPAAnalysisTests {
    static let albers = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs"

    /// The bridge grid of MSPAHandGridTests as land cover: 3 (forest) and 4 (grassland) foreground,
    /// 1 elsewhere, a NoData (255) column at the left.
    static func write(to dir: URL) throws -> String {
        let grid = MSPAHandGridTests.bridged
        var values: [UInt8] = []
        for (r, line) in grid.enumerated() {
            for (c, ch) in line.enumerated() {
                values.append(c == 0 ? 255 : (ch == "#" ? (r < 4 ? 3 : 4) : 1))
            }
        }
        let path = dir.appendingPathComponent("cover.tif").path
        let t = GeoTransform(originX: 150_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)
        try RasterIO.writeGeoTIFF(RasterGrid(width: grid[0].count, height: grid.count, geoTransform: t, crs: try CRS(albers),
                                             noData: 255, values: values), to: path)
        return path
    }

    @Test("classes, cells and areas; transition decides where the bridge's entries count")
    func areas() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(to: dir)
        let (r, s) = try MSPAAnalysis.run(landcover: path, options: MSPAOptions(foreground: [3, 4], unit: .squareMetres))
        let cells = Dictionary(uniqueKeysWithValues: r.classes.map { ($0.name, $0.cells) })
        #expect(cells == ["core": 18, "edge": 30, "bridge": 6, "islet": 0, "perforation": 0, "loop": 0, "branch": 0])
        for c in r.classes {
            #expect(abs(c.area - Double(c.cells) * 900) <= 1e-9 * 900 * Double(c.cells), "\(c.name): \(c.area)")
            #expect(abs(c.share - Double(c.cells) / 54) < 1e-12)
        }
        #expect(abs(r.foregroundArea - 54 * 900) <= 1e-9 * 54 * 900 && r.foregroundCells == 54)
        #expect(r.missingCells == 9 && r.backgroundCells == 180 - 54 - 9)
        #expect(r.classes.first { $0.name == "bridge" }?.codes == [33, 35])
        #expect(s.codes(row: 0)[0] == MSPACode.missing)
        #expect(r.parameters.edgeWidthMetres == 30 && r.parameters.threshold == 1.98)

        let off = try MSPAAnalysis.run(landcover: path, options: MSPAOptions(parameters: MSPAParameters(transition: false),
                                                                             foreground: [3, 4], unit: .hectares)).0
        let offCells = Dictionary(uniqueKeysWithValues: off.classes.map { ($0.name, $0.cells) })
        #expect(offCells["bridge"] == 4 && offCells["edge"] == 32)
        #expect(abs(off.area(of: .edge) - 32 * 0.09) < 1e-9 * 32 * 0.09)
    }

    @Test("the GeoTIFF holds the codes on the land cover's grid, NoData 129")
    func geoTIFF() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(to: dir)
        let (report, s) = try MSPAAnalysis.run(landcover: path, options: MSPAOptions(foreground: [3, 4]))
        let out = dir.appendingPathComponent("out").path
        try MSPAOutput.write(s, report: report, landcover: try RasterIO.info(path), to: out, guard: OutputGuard(reading: [path]))
        let grid = try RasterIO.read("\(out)/mspa.tif", as: UInt8.self)
        let info = try RasterIO.info(path)
        #expect(grid.noData == 129 && grid.geoTransform == info.geoTransform)
        #expect(grid[6, 4] == 35 && grid[11, 4] == 35 && grid[8, 4] == 33 && grid[4, 4] == 17 && grid[0, 4] == 129)
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/summary.json"))) as! [String: Any]
        #expect(summary["unit"] as? String == "km2" && (summary["classes"] as! [[String: Any]]).count == 7)
    }

    @Test("a land cover without a CRS, and bad parameters, are refused by name")
    func refusals() throws {
        #expect(throws: GeoKitError.self) { try MSPAParameters(edgeWidth: 0).check() }
        #expect(throws: GeoKitError.self) { try MSPAParameters(connectivity: 6).check() }
        #expect(throws: GeoKitError.self) { try MSPAOptions(foreground: []).check() }
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nocrs.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid<UInt8>(width: 4, height: 4, geoTransform: GeoTransform(originX: 0, pixelWidth: 1, originY: 4, pixelHeight: -1),
                                                    crs: nil, noData: nil, values: [UInt8](repeating: 1, count: 16)), to: path)
        #expect {
            try MSPAAnalysis.run(landcover: path, options: MSPAOptions(foreground: [1]))
        } throws: { ($0 as? GeoKitError)?.file == path }
    }
}
