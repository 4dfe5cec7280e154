import Foundation
import Testing
import GeoKit
@testable import EcoZone

/// Issue 20: each core's cost-distance run on a window of the grid, read from memory or from the
/// raster, is the whole grid's run cell for cell.
@Suite("Corridor cells")
struct CorridorCellsTests {
    @Test("Label runs along rows (by hand) give back every window of the label grid")
    func labelRuns() {
        let labels = corridorCores([[0, 1, 1, 0, 2],
                                    [3, 3, 0, 0, 2],
                                    [0, 0, 0, 0, 0],
                                    [1, 1, 1, 2, 2]])
        let runs = CoreLabelRuns(labels)
        // (row, first column, end column, label), row by row.
        #expect(runs.runs == [0, 1, 3, 1, 0, 4, 5, 2, 1, 0, 2, 3, 1, 4, 5, 2, 3, 0, 3, 1, 3, 3, 5, 2])
        #expect(runs.bounds == [1: CellWindow(column: 0, row: 0, width: 3, height: 4), 2: CellWindow(column: 3, row: 0, width: 2, height: 4),
                                3: CellWindow(column: 0, row: 1, width: 2, height: 1)])
        #expect(runs.coreIDs == [1, 2, 3])
        // Every window, against the grid cropped.
        for row in 0..<4 {
            for column in 0..<5 {
                for height in 1...(4 - row) {
                    for width in 1...(5 - column) {
                        let window = CellWindow(column: column, row: row, width: width, height: height)
                        #expect(runs.labels(in: window) == labels.cropped(to: window).values, "\(window)")
                    }
                }
            }
        }
        // Handed over as bytes and rebuilt, the same runs.
        #expect(CoreLabelRuns(width: 5, height: 4, runs: runs.runs) == runs)
    }

    @Test("The sure bound: the core's cells grown by ⌈limit / (cell × least resistance)⌉ + 1 (by hand)")
    func reachBound() {
        // 1 × 12 strip, cell 10 m, least resistance 2; core 1 at column 5.
        var row = [Double](repeating: 4, count: 12); row[7] = 2
        let cells = CorridorCells(resistance: corridorResistance([row], cellSize: 10), labels: corridorCores([[0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]], cellSize: 10))
        #expect(cells.leastResistance == 2 && cells.meanResistance == (11 * 4 + 2) / 12)
        // limit 45: ⌈45 / 20⌉ + 1 = 4 cells each side → columns 1…9.
        #expect(cells.reachBound(core: 1, limit: 45) == CellWindow(column: 1, row: 0, width: 9, height: 1))
        #expect(cells.reachBound(core: 1, limit: .infinity) == cells.wholeWindow)
        #expect(cells.reachBound(core: 1, limit: 1_000) == cells.wholeWindow)
    }

    @Test("A run that meets its window's edge grows the window; distances and back-links are the whole grid's")
    func growsUntilSettled() throws {
        // 61 × 41 cells of resistance 20 with a cheap road (resistance 1) along row 20 from the core
        // eastwards: the first window (limit / (cell × mean resistance)) is far too short for the road.
        let w = 61, h = 41
        var r = [Double](repeating: 20, count: w * h)
        for c in 30..<w { r[20 * w + c] = 1 }
        for k in 0..<h where k != 20 { r[k * w + 10] = .nan }   // an impassable column west of the core, open on row 20
        var l = [Int32](repeating: 0, count: w * h)
        for row in 19...21 { for c in 29...31 { l[row * w + c] = 7 } }
        let resistance = ResistanceGrid(width: w, height: h, cellSize: 30, values: r)
        let labels = CoreLabelGrid(width: w, height: h, cellSize: 30, values: l)
        let cells = CorridorCells(resistance: resistance, labels: labels)
        let limit = 700.0   // 23 road cells, 1 cell of the field
        var tries = 0
        let (surface, window, _) = try cells.costDistance(core: 7, limit: limit) { tries = $0 }
        // By hand: the first margin is ⌈700 / (30 × mean 19.7)⌉ = 2 cells: columns 27…33, rows 17…23.
        // The road reaches that window's east edge (column 33) at 60, first of any edge cell: the run
        // stops, having spread 2 cells east of the core and none elsewhere. The east margin becomes
        // 2 × 1.25 × 700 / 60 + 1 = 30.2, clipped to the sure bound ⌈700 / 30⌉ + 1 = 25 cells beyond
        // the core (columns up to 56); the others stay 2 (one field step, 600, is within the limit and
        // two are not). The road ends within the limit at column 31 + ⌊700 / 30⌋ = 54: the second run
        // settles.
        #expect(tries == 2)
        #expect(window == CellWindow(column: 27, row: 17, width: 30, height: 7), "\(window)")
        let whole = try CostDistance.compute(resistance: resistance, cores: labels, core: 7, maximumDistance: limit, backlinks: true)
        var inside = 0
        for i in 0..<(w * h) {
            let row = i / w, c = i % w
            if row >= window.row && row < window.row + window.height && c >= window.column && c < window.column + window.width {
                let k = (row - window.row) * window.width + c - window.column
                #expect(surface.distance[k].bitPattern == whole.distance[i].bitPattern || (surface.distance[k].isNaN && whole.distance[i].isNaN))
                let back = surface.backlink![k]
                #expect((back < 0 ? -1 : window.gridIndex(Int(back), gridWidth: w)) == Int(whole.backlink![i]))
                if whole.distance[i].isFinite { inside += 1 }
            } else {
                #expect(!whole.distance[i].isFinite)   // nothing within the limit outside the window
            }
        }
        #expect(inside > 30)
    }

    @Test("Cells read from the raster equal cells in memory; the cores' runs on them are equal bit for bit")
    func rasterCellsEqualMemory() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (surface, cores) = try CostDistanceReachTests.inputs(in: dir)
        for factor in [1, 2] {
            let whole = surface.aggregated(by: factor)
            let labels = try cores.labels(on: whole)
            let memory = CorridorCells(resistance: whole.grid, labels: labels)
            let raster = CorridorCells(frame: try ResistanceFrame.read(surface.path, aggregate: factor), runs: memory.runs,
                                       leastResistance: memory.leastResistance, meanResistance: memory.meanResistance)
            let window = CellWindow(column: 3, row: 2, width: whole.grid.width / 2, height: whole.grid.height / 2)
            #expect(try raster.resistance(in: window).values.map(\.bitPattern) == whole.grid.cropped(to: window).values.map(\.bitPattern))
            #expect(raster.labels(in: window).values == labels.cropped(to: window).values)
            var smaller = 0
            for core in labels.coreIDs {
                let a = try memory.costDistance(core: core, limit: 2_000), b = try raster.costDistance(core: core, limit: 2_000)
                #expect(a.window == b.window)
                #expect(a.surface.distance.map(\.bitPattern) == b.surface.distance.map(\.bitPattern) && a.surface.backlink == b.surface.backlink)
                if a.window.count < whole.grid.count { smaller += 1 }
            }
            #expect(smaller >= 3)
        }
    }
}
