import Foundation
import Testing
import GeoKit
@testable import EcoZone

/// Issue 16: the corridor pipeline on per-link windows from surfaces on disk gives the numbers of
/// the whole-grid steps, cell for cell.
@Suite("Corridor windows")
struct CorridorWindowTests {
    @Test("A distance profile bounds {CWD ≤ t} exactly (by hand)")
    func profileWindow() {
        let inf = Double.infinity, nan = Double.nan
        // 4 columns × 3 rows.
        let d: [Double] = [9, 5, inf, nan,
                           7, 0, 2, 8,
                           nan, 3, 6, inf]
        let p = DistanceProfile(distance: d, width: 4, height: 3)
        #expect(p.rowMinimum == [5, 0, 3])
        #expect(p.columnMinimum == [7, 0, 2, 8])
        #expect(p.window(atMost: 0) == CellWindow(column: 1, row: 1, width: 1, height: 1))
        #expect(p.window(atMost: 3) == CellWindow(column: 1, row: 1, width: 2, height: 2))      // 0, 2, 3
        #expect(p.window(atMost: 5) == CellWindow(column: 1, row: 0, width: 2, height: 3))      // + 5
        #expect(p.window(atMost: 8) == CellWindow(column: 0, row: 0, width: 4, height: 3))      // + 7, 8
        #expect(p.window(atMost: -1) == nil)
    }

    @Test("Windows: intersection, growth clipped to the grid, cropping keeps row-major order")
    func windows() {
        let a = CellWindow(column: 2, row: 1, width: 4, height: 3)
        #expect(a.intersection(CellWindow(column: 4, row: 0, width: 5, height: 2)) == CellWindow(column: 4, row: 1, width: 2, height: 1))
        #expect(a.intersection(CellWindow(column: 6, row: 0, width: 1, height: 9)) == nil)
        #expect(a.expanded(by: 2, gridWidth: 7, gridHeight: 10) == CellWindow(column: 0, row: 0, width: 7, height: 6))
        let grid = CorridorGrid(width: 5, height: 4, cellSize: 1, values: Array(0..<20))
        let w = CellWindow(column: 1, row: 2, width: 3, height: 2)
        #expect(grid.cropped(to: w).values == [11, 12, 13, 16, 17, 18])
        #expect((0..<w.count).map { w.gridIndex($0, gridWidth: 5) } == [11, 12, 13, 16, 17, 18])
    }

    @Test("Surfaces on disk read back any window exactly, and their folder goes with them")
    func spilledSurfaces() throws {
        let w = 7, h = 5
        let values = (0..<(w * h)).map { Double($0) * 1.000000123 + 0.1 }
        let surface = CostDistanceSurface(width: w, height: h, cellSize: 30, distance: values, backlink: nil)
        var directory = ""
        do {
            let folder = try TemporaryFolder(prefix: "ecozone-test")
            let profile = try SpilledCostDistances.write(surface, core: 3, window: CellWindow(wholeGridOf: w, h), gridWidth: w, gridHeight: h, in: folder)
            let store = SpilledCostDistances(folder: folder, width: w, height: h, cellSize: 30, profiles: [3: profile])
            directory = store.directory
            let window = CellWindow(column: 2, row: 1, width: 4, height: 3)
            #expect(try store.read(core: 3, window: window) == surface.grid.cropped(to: window).values)
            #expect(try store.read(core: 3, window: CellWindow(wholeGridOf: w, h)) == values)
            #expect(FileManager.default.fileExists(atPath: directory + "/core-3.f64"))
        }
        #expect(!directory.isEmpty && !FileManager.default.fileExists(atPath: directory))
    }

    @Test("A surface run on a window of the grid reads +infinity outside it, and its profile covers the whole grid")
    func spilledWindow() throws {
        // A 3 × 2 surface at column 4, row 1 of a 9 × 5 grid; one cell NaN (impassable), one +infinity.
        let window = CellWindow(column: 4, row: 1, width: 3, height: 2)
        let values: [Double] = [5, .nan, 2, 7, 1, .infinity]
        let surface = CostDistanceSurface(width: 3, height: 2, cellSize: 30, distance: values, backlink: nil)
        let folder = try TemporaryFolder(prefix: "ecozone-test")
        let profile = try SpilledCostDistances.write(surface, core: 1, window: window, gridWidth: 9, gridHeight: 5, in: folder)
        #expect(profile.rowMinimum == [.infinity, 2, 1, .infinity, .infinity])
        #expect(profile.columnMinimum == [.infinity, .infinity, .infinity, .infinity, 5, 1, 2, .infinity, .infinity])
        #expect(profile.window(atMost: 2) == CellWindow(column: 5, row: 1, width: 2, height: 2))
        let store = SpilledCostDistances(folder: folder, width: 9, height: 5, cellSize: 30, profiles: [1: profile], windows: [1: window])
        // A window straddling the stored one's corner: columns 3…5, rows 0…1.
        let read = try store.read(core: 1, window: CellWindow(column: 3, row: 0, width: 3, height: 2))
        #expect(read.map(\.description) == ["inf", "inf", "inf", "inf", "5.0", "nan"])
        // Wholly outside: nothing is read, every cell is +infinity.
        #expect(try store.read(core: 1, window: CellWindow(column: 0, row: 3, width: 9, height: 2)) == [Double](repeating: .infinity, count: 18))
        let whole = try store.read(core: 1, window: CellWindow(wholeGridOf: 9, 5))
        #expect(whole.filter(\.isFinite) == [5, 2, 7, 1])
        #expect(whole[1 * 9 + 6] == 2 && whole[2 * 9 + 4] == 7)
    }

    /// A 64 × 48 grid of 30 m cells, smooth seeded resistance 1…60 with a NoData wall that leaves a
    /// gap, five 3 × 3-cell cores spread over it.
    static func inputs(in dir: URL) throws -> (ResistanceSurface, CorePolygons) {
        try inputs(in: dir, width: 64, height: 48, seed: 0x9E37_79B9_7F4A_7C15, bumps: 6, wallColumn: 31, gap: 20...24,
                   cores: [(4, 5), (50, 6), (8, 38), (54, 40), (26, 22)])
    }

    /// A `width × height` grid of 30 m cells (EPSG:4524): resistance 1…5 seeded noise plus `bumps` smooth
    /// Gaussian hills (up to 60), a NoData wall down `wallColumn` open over the rows of `gap`, and a
    /// 3 × 3-cell square core (ids 1, 2, … in order) at each (column, row) of `cores`.
    static func inputs(in dir: URL, width w: Int, height h: Int, seed: UInt64, bumps count: Int, wallColumn: Int,
                       gap: ClosedRange<Int>, cores placed: [(Int, Int)]) throws -> (ResistanceSurface, CorePolygons) {
        var state = seed
        func next() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        let bumps = (0..<count).map { _ in (x: next() * Double(w), y: next() * Double(h), a: 10 + 40 * next()) }
        var values = [Float](repeating: 0, count: w * h)
        for r in 0..<h {
            for c in 0..<w {
                var v = 1.0 + 4 * next()
                for b in bumps {
                    let dx = Double(c) - b.x, dy = Double(r) - b.y
                    v += b.a * exp(-(dx * dx + dy * dy) / 60)
                }
                values[r * w + c] = Float(min(v, 60))
            }
        }
        for r in 0..<h where !gap.contains(r) { values[r * w + wallColumn] = -9999 }   // a wall with a gap
        let origin = GeoTransform(originX: 36_600_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)
        let path = dir.appendingPathComponent("r.tif").path
        try RasterIO.writeGeoTIFF(RasterGrid(width: w, height: h, geoTransform: origin, crs: try CRS("EPSG:4524"),
                                             noData: -9999, values: values), to: path)
        func square(_ col: Int, _ row: Int) -> String {
            let x0 = 36_600_000 + Double(col) * 30 + 1, y0 = 3_300_000 - Double(row) * 30 - 1
            let x1 = x0 + 88, y1 = y0 - 88
            return "[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]"
        }
        let features = placed.enumerated().map { k, p in
            "{\"type\":\"Feature\",\"properties\":{\"id\":\(k + 1)},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\(square(p.0, p.1))}}"
        }
        let text = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4524\"}},\"features\":[\(features.joined(separator: ","))]}"
        let coresPath = dir.appendingPathComponent("cores.geojson").path
        try text.write(toFile: coresPath, atomically: true, encoding: .utf8)
        let surface = try ResistanceSurface.read(path)
        return (surface, try CorePolygons.load(LayerRequest(source: coresPath), idField: "id", to: surface.crs))
    }

    /// The analysis `a` gives what the whole-grid steps give on `network` (its links' active set): the
    /// corridor mosaic, the cumulative current (NaN on cores), each pair's effective resistance and the
    /// combined barrier scores at `radii`, cell for cell.
    static func expectWholeGridAnswers(_ a: CorridorAnalysis, network: LinkageNetwork, radii: [Double]) throws {
        let grid = a.surface.grid
        let active = network.activeLinks
        let mosaic = try #require(LeastCostCorridor.mosaic(of: network, cutoff: a.cutoff))
        #expect(same(a.corridors.values, mosaic.values))
        let masks = active.map { link in
            let n = LeastCostCorridor.normalized(link: link, in: network, cutoff: a.cutoff)!
            return n.withValues(n.values.map { !$0.isNaN })
        }
        let whole = try CircuitFlow.cumulativeCurrent(resistance: grid, cores: a.labels, pairs: active.map(\.pair), masks: masks)
        var current = whole.current.values
        for i in current.indices where a.labels.values[i] != 0 { current[i] = .nan }
        #expect(same(try #require(a.current).values, current))
        #expect(a.pairs.map(\.effectiveResistance) == whole.resistances.map { $0 * grid.cellSize })
        let barriers = try BarrierMapper.barrierCenters(network: network, radii: radii).combined
        #expect(same(try #require(a.barrierScores).values, barriers.values))
        #expect(barriers.values.contains { $0.isFinite })
    }

    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    @Test("The windowed pipeline equals the whole-grid corridors, currents and barrier scores, cell for cell")
    func windowedEqualsWholeGrid() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (surface, cores) = try Self.inputs(in: dir)
        let radii = [60.0, 120.0]
        let a = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(
            selection: .allPairs, dropCorridorsThroughCores: false, barrierRadii: radii, maxConcurrency: 2))
        // The whole-grid steps, as the pipeline ran them before issue 16.
        let network = try LinkageNetwork.build(resistance: surface.grid, cores: a.labels,
                                               options: LinkageOptions(selection: .allPairs, dropCorridorsThroughCores: false))
        let active = network.activeLinks
        #expect(active.count == 10 && a.pairs.count == 10)
        #expect(a.pairs.map(\.costDistance) == active.map { $0.leastCost!.distance })
        try Self.expectWholeGridAnswers(a, network: network, radii: radii)
        // The windows do leave cells out.
        let sizes = try active.map { try #require(CorridorWindows.corridorWindow($0, store: a.costDistances, cutoff: a.cutoff)).count }
        #expect(sizes.contains { $0 < surface.grid.count / 2 })
        // And the surfaces on disk are the whole-grid ones.
        for (id, s) in network.surfaces {
            #expect(Self.same(try a.costDistances.read(core: id, window: CellWindow(wholeGridOf: s.width, s.height)), s.distance))
        }
    }
}
