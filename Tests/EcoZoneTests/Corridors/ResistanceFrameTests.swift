import Foundation
import Testing
import GeoKit
@testable import EcoZone

/// Issue 20: a rank of a shared corridor run holds the resistance's frame and reads windows of it;
/// every window holds the whole surface's values there, bit for bit, aggregated or not.
@Suite("Resistance frame")
struct ResistanceFrameTests {
    @Test("The frame is the whole surface's, read without a cell; windows equal the whole surface cropped, partial blocks included")
    func windowsEqualTheWhole() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 64 × 48 cells, a NoData wall, seeded values 1…60.
        let (surface, _) = try CorridorWindowTests.inputs(in: dir)
        let path = surface.path
        for factor in [1, 5] {
            let whole = surface.aggregated(by: factor)
            let frame = try ResistanceFrame.read(path, aggregate: factor)
            #expect(frame.width == whole.grid.width && frame.height == whole.grid.height && frame.cellSize == whole.grid.cellSize)
            #expect(frame.geoTransform == whole.geoTransform && frame.aggregation == whole.aggregation && frame.path == path)
            #expect(frame.crs == whole.crs)
            // 64 / 5 and 48 / 5 leave partial blocks on the right and at the bottom: 13 × 10 cells.
            if factor == 5 { #expect(frame.width == 13 && frame.height == 10) }
            let windows = [CellWindow(wholeGridOf: frame.width, frame.height),
                           CellWindow(column: 0, row: 0, width: 1, height: 1),
                           CellWindow(column: frame.width - 3, row: frame.height - 2, width: 3, height: 2),
                           CellWindow(column: 2, row: 3, width: frame.width / 2, height: frame.height / 2)]
            for window in windows {
                let got = try frame.read(window)
                let expected = whole.grid.cropped(to: window)
                #expect(got.width == window.width && got.height == window.height && got.cellSize == frame.cellSize)
                #expect(got.values.map(\.bitPattern) == expected.values.map(\.bitPattern), "factor \(factor), \(window)")
            }
            if factor == 1 { #expect(whole.grid.values.contains { $0.isNaN }) }   // the wall: NoData is NaN in both
        }
    }

    @Test("A bad cell in a window is named by its row and column in the whole raster")
    func badCellNamedInTheWholeRaster() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = try CorridorInputChecksTests.raster(in: dir, name: "bad.tif", set: [(row: 33, column: 22, value: -4)])
        let frame = try ResistanceFrame.read(bad, aggregate: 1)
        do {
            _ = try frame.read(CellWindow(column: 20, row: 30, width: 5, height: 5))
            Issue.record("a negative cell was read")
        } catch {
            #expect("\(error)".contains("row 33, column 22") && "\(error)".contains("bad.tif"), "\(error)")
        }
        // A window without it reads fine; aggregated, the block holding it is refused too.
        #expect(try frame.read(CellWindow(column: 0, row: 0, width: 20, height: 40)).values.allSatisfy { $0 == 1 })
        #expect(throws: GeoKitError.self) { try ResistanceFrame.read(bad, aggregate: 4).read(CellWindow(column: 5, row: 8, width: 1, height: 1)) }
    }

    @Test("A project's resistance is read by windows only when it is one raster taken as it is")
    func rasterSourceOfAProject() throws {
        let banan = TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path
        let p = try Project.load(banan)
        // Banan's pattern names landuse_resistance.tif, and a land-use table used only on request.
        #expect(ResistanceSurface.rasterSource(of: p).map { URL(fileURLWithPath: $0).lastPathComponent } == "landuse_resistance.tif")
        #expect(ResistanceSurface.rasterSource(of: p, preferLandUse: true) == nil)
        // The chain project builds its resistance from weighted factors.
        #expect(ResistanceSurface.rasterSource(of: try Project.load(TestPaths.repository.appendingPathComponent("fixtures/banan/chain.yaml").path)) == nil)
    }
}
