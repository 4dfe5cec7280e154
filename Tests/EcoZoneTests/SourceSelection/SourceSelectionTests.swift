import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Sources on an equal-area grid (Albers, GRS80, 30 m cells: 0.09 ha each) with three forest blocks:
/// A 20 × 20 (core 18 × 18 = 29.16 ha), B 12 × 12 (core 10 × 10 = 9 ha) 8 cells to A's east, and
/// C 4 × 4 (core 2 × 2 = 0.36 ha). Between the cores of A and B lie 10 cells: 300 m edge to edge;
/// their centres are 24 cells (720 m) apart. With two nodes, PCnum = a² + b² + 2ab·p and
/// dPC_i = (PCnum − PCnum without i) / PCnum, by hand.
@Suite("Ecological sources")
struct SourceSelectionTests {
    static func landcover(in dir: URL) throws -> String {
        let w = 50, h = 30
        var v = [UInt8](repeating: 2, count: w * h)
        func block(_ c0: Int, _ r0: Int, _ n: Int) { for r in r0..<(r0 + n) { for c in c0..<(c0 + n) { v[r * w + c] = 1 } } }
        block(2, 2, 20)
        block(30, 6, 12)
        block(44, 24, 4)
        let path = dir.appendingPathComponent("cover.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid(width: w, height: h, geoTransform: GeoTransform(originX: 150_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30),
                                             crs: try CRS(MSPAAnalysisTests.albers), noData: nil, values: v), to: path)
        return path
    }

    static func dPC(_ a: Double, _ b: Double, p: Double) -> (Double, Double) {
        let num = a * a + b * b + 2 * a * b * p
        return ((num - b * b) / num * 100, (num - a * a) / num * 100)
    }

    @Test("candidates, areas, dPC by hand (edge and centroid distances), small patches left out")
    func candidates() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.landcover(in: dir)
        let mspa = MSPAOptions(foreground: [1])
        let (r, patches, _) = try SourceSelection.run(landcover: path, options: SourceSelectionOptions(mspa: mspa, minimumHectares: 1, distance: 300))
        #expect(r.candidates.count == 2 && r.smallPatches == 1 && abs(r.smallHectares - 0.36) < 1e-8)
        let a = r.candidates[0], b = r.candidates[1]
        #expect(abs(a.hectares - 29.16) < 1e-8 && abs(b.hectares - 9) < 1e-8 && a.rank == 1 && b.rank == 2)
        let (da, db) = Self.dPC(29.16, 9, p: 0.5)
        #expect(abs(a.dPC - da) < 1e-6 && abs(b.dPC - db) < 1e-6, "\(a.dPC) \(b.dPC) vs \(da) \(db)")
        #expect(a.kept && b.kept && r.rule == "every candidate")
        // The patches' polygons are their cells.
        for p in patches.patches {
            let g = try Geometry(wkb: p.wkb, context: GeometryContext())
            #expect(abs(try g.planarArea() - Double(p.cells) * 900) < 1e-6)
        }
        // Centroids 720 m apart: p = 0.5^(720/300).
        let c = try SourceSelection.run(landcover: path, options: SourceSelectionOptions(mspa: mspa, minimumHectares: 1, distance: 300,
                                                                                          nodeDistance: .centroid)).report
        let (ca, cb) = Self.dPC(29.16, 9, p: pow(0.5, 720.0 / 300))
        #expect(abs(c.candidates[0].dPC - ca) < 1e-6 && abs(c.candidates[1].dPC - cb) < 1e-6)
    }

    @Test("the keep rule: top N, dPC ≥ x, area ≥ y, each reason stated")
    func keepRule() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.landcover(in: dir)
        let mspa = MSPAOptions(foreground: [1])
        func run(_ top: Int?, _ dpc: Double?, _ area: Double?) throws -> [SourceCandidate] {
            try SourceSelection.run(landcover: path, options: SourceSelectionOptions(mspa: mspa, minimumHectares: 0.1, distance: 300, top: top,
                                                                                      minimumDPC: dpc, keepHectares: area)).report.candidates
        }
        let top1 = try run(1, nil, nil)
        #expect(top1.count == 3 && top1.map(\.kept) == [true, false, false] && top1[1].reason == "beyond the top 1 by dPC")
        let dpc = try run(nil, 50, nil)
        #expect(dpc.map(\.kept) == [true, false, false] && dpc[1].reason.hasPrefix("dPC ") && dpc[1].reason.hasSuffix("< 50 %"))
        let area = try run(2, nil, 5)
        #expect(area.map(\.kept) == [true, true, false] && area[2].reason == "area 0.36 ha < 5 ha")
    }

    @Test("written: sources.gpkg holds the kept ones with their ids, usable as corridor cores")
    func output() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.landcover(in: dir)
        let (r, patches, s) = try SourceSelection.run(landcover: path, options: SourceSelectionOptions(mspa: MSPAOptions(foreground: [1]),
                                                                                                        minimumHectares: 0.1, distance: 300, top: 2))
        let out = dir.appendingPathComponent("out").path
        try SourceSelectionOutput.write(r, patches: patches, segmentation: s, landcover: try RasterIO.info(path), to: out,
                                        guard: OutputGuard(reading: [path]))
        let cores = try CorePolygons.load(LayerRequest(source: "\(out)/sources.gpkg"), idField: "id", nameField: "name",
                                          to: try CRS(MSPAAnalysisTests.albers))
        #expect(cores.cores.map(\.id) == r.kept.map { Int32($0.id) } && cores.cores.map(\.name) == ["源地1", "源地2"])
        let csv = try String(contentsOfFile: "\(out)/candidates.csv", encoding: .utf8)
        #expect(csv.contains("beyond the top 2 by dPC"))
    }
}
