import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// What corridors refuse, before doing any work, and how they say it (issue 11): every message
/// names the resistance raster, and a cell by row, column and map coordinates.
@Suite struct CorridorInputChecksTests {
    /// 40 × 40 cells of 30 m in EPSG:4524, top-left corner (36,600,000, 3,300,000).
    static let origin = GeoTransform(originX: 36_600_000, pixelWidth: 30, originY: 3_300_000, pixelHeight: -30)

    static func raster(in dir: URL, name: String = "r.tif", geoTransform: GeoTransform = origin, crs: String? = "EPSG:4524",
                       noData: Double? = -9999, set: [(row: Int, column: Int, value: Float)] = []) throws -> String {
        var values = [Float](repeating: 1, count: 1600)
        for s in set { values[s.row * 40 + s.column] = s.value }
        let path = dir.appendingPathComponent(name).path
        try RasterIO.writeGeoTIFF(RasterGrid(width: 40, height: 40, geoTransform: geoTransform, crs: try crs.map { try CRS($0) },
                                             noData: noData, values: values), to: path)
        return path
    }

    /// Two 200 m squares centred on row 20, columns 5 and 35.
    static func cores(in dir: URL) throws -> String {
        func square(_ cx: Double, _ cy: Double) -> String {
            "[[[\(cx - 100),\(cy - 100)],[\(cx + 100),\(cy - 100)],[\(cx + 100),\(cy + 100)],[\(cx - 100),\(cy + 100)],[\(cx - 100),\(cy - 100)]]]"
        }
        let y = 3_300_000.0 - 20.5 * 30
        let text = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4524"}},"features":[
        {"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":\(square(36_600_000 + 5.5 * 30, y))}},
        {"type":"Feature","properties":{"id":2},"geometry":{"type":"Polygon","coordinates":\(square(36_600_000 + 35.5 * 30, y))}}]}
        """
        let path = dir.appendingPathComponent("cores.geojson").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func expectRefusal(_ file: String, _ words: [String], _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            guard let e = error as? GeoKitError, e.file == file else { return false }
            return words.allSatisfy { e.message.contains($0) }
        }
    }

    @Test func negativeResistanceNamesTheFileAndTheFirstCell() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.raster(in: dir, set: [(3, 7, -5), (30, 2, -1)])
        // Centre of row 3, column 7: x = 36,600,000 + 7.5 × 30, y = 3,300,000 − 3.5 × 30.
        expectRefusal(path, ["row 3, column 7", "x 36600225, y 3299895 in EPSG:4524", "resistance -5"]) {
            _ = try ResistanceSurface.read(path)
        }
        // NoData (−9999, below zero too) stays impassable: NaN, no error.
        let nd = try Self.raster(in: dir, name: "nd.tif", set: [(3, 7, -9999)])
        let surface = try ResistanceSurface.read(nd)
        #expect(surface.grid.values[3 * 40 + 7].isNaN)
        #expect(surface.grid.values.filter(\.isNaN).count == 1)
    }

    /// Fuzz seed 5 case 7469: 3.4e38 beside 1 made the circuit's conjugate gradients run 30,360 iterations
    /// and diverge. Above 10¹² (the resistance-table bound) a cell is refused by name; infinity too.
    @Test func hugeResistanceIsRefusedBeforeTheCircuit() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.raster(in: dir, set: [(0, 39, 3.4e38), (12, 3, .infinity)])
        // Row 0, column 39: x = 36,600,000 + 39.5 × 30, y = 3,300,000 − 0.5 × 30.
        expectRefusal(path, ["row 0, column 39", "x 36601185, y 3299985 in EPSG:4524", "at most 10¹²", "NoData"]) {
            _ = try ResistanceSurface.read(path)
        }
        // 10¹² itself is allowed (as in a resistance-table).
        let edge = try Self.raster(in: dir, name: "edge.tif", set: [(0, 39, 1e12)])
        #expect(try ResistanceSurface.read(edge).grid.values[39] == Double(Float(1e12)))
    }

    @Test func zeroResistanceIsFreeTravelButNamedWhenTheCircuitMeetsIt() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Row 20 joins the cores: the corridor runs through (20, 20).
        let path = try Self.raster(in: dir, set: [(20, 20, 0)])
        let surface = try ResistanceSurface.read(path)
        let cores = try CorePolygons.load(LayerRequest(source: try Self.cores(in: dir)), idField: "id", to: surface.crs)
        expectRefusal(path, ["row 20, column 20", "x 36600615, y 3299385 in EPSG:4524", "resistance 0"]) {
            _ = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(barriers: false))
        }
        // Without the circuit, zero is free travel (documented; cost distance allows it).
        let a = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(circuit: false, barriers: false))
        #expect(a.pairs.count == 1)
    }

    @Test func aCoreWhoseCellsAreAllNoDataIsRefusedWhateverTheSelection() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // NoData over rows 14–26, columns 29–39: all of core 2 (row 20, column 35, ± 100 m).
        let path = try Self.raster(in: dir, set: (14..<27).flatMap { r in (29..<40).map { c in (r, c, Float(-9999)) } })
        let surface = try ResistanceSurface.read(path)
        let coresPath = try Self.cores(in: dir)
        let cores = try CorePolygons.load(LayerRequest(source: coresPath), idField: "id", to: surface.crs)
        for selection in [PairSelection.costWeightedAdjacent, .allPairs] {
            expectRefusal(coresPath, ["core 2 (id 2)", "no passable cell", "r.tif", "NoData"]) {
                _ = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(selection: selection, barriers: false))
            }
        }
    }

    @Test func rotatedSouthUpNonSquareUnprojectedAndCRSlessRastersAreRefused() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var t = Self.origin
        t.rotationX = 5
        let rotated = try Self.raster(in: dir, name: "rot.tif", geoTransform: t)
        expectRefusal(rotated, ["rotated or sheared"]) { _ = try ResistanceSurface.read(rotated) }
        t = Self.origin
        t.pixelHeight = 30
        let southUp = try Self.raster(in: dir, name: "south.tif", geoTransform: t)
        expectRefusal(southUp, ["south-up"]) { _ = try ResistanceSurface.read(southUp) }
        t = Self.origin
        t.pixelHeight = -25
        let oblong = try Self.raster(in: dir, name: "oblong.tif", geoTransform: t)
        expectRefusal(oblong, ["not square", "30 × 25"]) { _ = try ResistanceSurface.read(oblong) }
        let noCRS = try Self.raster(in: dir, name: "nocrs.tif", crs: nil)
        expectRefusal(noCRS, ["no coordinate reference system"]) { _ = try ResistanceSurface.read(noCRS) }
        let lonLat = try Self.raster(in: dir, name: "lonlat.tif", geoTransform: GeoTransform(originX: 106.5, pixelWidth: 0.001, originY: 29.5, pixelHeight: -0.001),
                                     crs: "EPSG:4490")
        expectRefusal(lonLat, ["not projected"]) { _ = try ResistanceSurface.read(lonLat) }
        // Degrees labelled as Gauss–Krüger would pass as "projected"; metres labelled as degrees do not.
        let metresAsDegrees = try Self.raster(in: dir, name: "m.tif", crs: "EPSG:4490")
        expectRefusal(metresAsDegrees, ["look like metres"]) { _ = try ResistanceSurface.read(metresAsDegrees) }
    }

    @Test func aRasterTooLargeForMemoryIsRefusedBeforeAnyCellIsRead() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 100,000 × 100,000 cells declared by a VRT with no data on disk.
        let path = dir.appendingPathComponent("huge.vrt").path
        try """
        <VRTDataset rasterXSize="100000" rasterYSize="100000">
          <SRS>EPSG:4524</SRS>
          <GeoTransform>36600000, 30, 0, 3300000, 0, -30</GeoTransform>
          <VRTRasterBand dataType="Float32" band="1"/>
        </VRTDataset>
        """.write(toFile: path, atomically: true, encoding: .utf8)
        // Reading: 1e10 cells × 16 bytes = 1.6e11 bytes = 149 GiB.
        expectRefusal(path, ["100000 × 100000 = 10,000,000,000 cells", "149 GiB", "limit"]) { _ = try ResistanceSurface.read(path) }
        expectRefusal(path, ["10,000,000,000 cells"]) { _ = try ResistanceSurface.fromLandUse(path, table: ["1": "1"]) }
    }

    @Test func theRunIsCheckedAgainstTheMemoryLimitPerWorker() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.raster(in: dir)
        let surface = try ResistanceSurface.read(path)
        // By the table in CorridorMemory (surfaces on disk, links on windows), 1 worker:
        // 8 + 4 + 16·1 + 12 + 8 + 8 + 10 = 66 bytes × 1,600 cells = 105,600; 2 workers: 82 bytes.
        #expect(CorridorMemory.bytesPerCell(workers: 1) == 66 && CorridorMemory.bytesPerCell(workers: 2) == 82)
        let options = CorridorOptions()
        try CorridorMemory.check(surface.frame, cores: 2, options: options, workers: 1, limit: 105_600)
        expectRefusal(path, ["2 cores", "40 × 40 = 1,600 cells", "66 bytes a cell"]) {
            try CorridorMemory.check(surface.frame, cores: 2, options: options, workers: 1, limit: 105_599)
        }
        // A windowed step adds its workers' largest windows: 2 × 100 cells × 24 bytes on top of 1,600 × 82.
        let windows = [CellWindow(column: 0, row: 0, width: 10, height: 10), CellWindow(column: 0, row: 0, width: 5, height: 4),
                       CellWindow(column: 3, row: 3, width: 10, height: 10)]
        try CorridorMemory.checkWindows(windows, bytesPerCell: 24, step: "Barrier Mapper", frame: surface.frame, workers: 2, limit: 136_000)
        expectRefusal(path, ["Barrier Mapper", "200 cells", "limit"]) {
            try CorridorMemory.checkWindows(windows, bytesPerCell: 24, step: "Barrier Mapper", frame: surface.frame, workers: 2, limit: 135_999)
        }
    }

    @Test func barrierRadiiAreBoundedByTheRaster() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.raster(in: dir)
        let surface = try ResistanceSurface.read(path)
        let cores = try CorePolygons.load(LayerRequest(source: try Self.cores(in: dir)), idField: "id", to: surface.crs)
        func run(_ radii: [Double]) throws {
            _ = try CorridorAnalysis.run(surface: surface, cores: cores, options: CorridorOptions(circuit: false, barrierRadii: radii))
        }
        // Diagonal: 30 × √(40² + 40²) = 1697.06 m.
        expectRefusal(path, ["1000000000 m exceeds the raster's diagonal of 1697.06 m"]) { try run([60, 1e9]) }
        expectRefusal(path, ["10 m is below the cell size of 30 m"]) { try run([10]) }
        #expect(throws: GeoKitError.self) { try run((1...17).map { Double($0) * 30 }) }
        try run([1697])
        // The work bound, once the links are known: 1,600 cells × 1e8 links × ring cells > 1e11.
        expectRefusal(path, ["ring cells", "limit"]) { try BarrierWork.checkWork(radii: [60], links: 100_000_000, frame: surface.frame) }
    }

    /// The ring is found row by row now; it must be the same cells as testing the whole square.
    @Test func ringOffsetsEqualTheFullSquareSearch() {
        func bruteForce(_ radius: Double, _ c: Double, _ ring: BarrierRing) -> [[Int]] {
            let inner = radius - (ring == .oneMapUnit ? 1.0 : c)
            let reach = Int((radius / c).rounded(.down))
            var out: [[Int]] = []
            for dr in -reach...reach {
                for dc in -reach...reach {
                    let d = (Double(dr * dr + dc * dc)).squareRoot() * c
                    if d > inner && d <= radius { out.append([dr, dc]) }
                }
            }
            return out
        }
        var compared = 0
        for c in [0.5, 1, 3, 30, 30.5] {
            for k in [1.0, 1.5, 2, 2.99, 3, 4, 6, 7.3, 10, 25, 60] {
                for ring in [BarrierRing.oneMapUnit, .oneCell] {
                    let r = k * c
                    let fast = BarrierMapper.ringOffsets(radius: r, cellSize: c, ring: ring).map { [$0.row, $0.column] }
                    #expect(fast == bruteForce(r, c, ring), "radius \(r), cell \(c), \(ring)")
                    compared += fast.count
                }
            }
        }
        #expect(compared > 1000)
    }

    /// A band of rows read through a GDAL window is the whole read's rows, NoData and all, with the
    /// geotransform moved down; a bad cell is named by its row in the whole raster.
    @Test func aBandOfRowsIsTheWholeReadsRows() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.raster(in: dir, set: [(row: 12, column: 3, value: -9999), (row: 14, column: 7, value: 55.5)])
        let whole = try ResistanceSurface.read(path)
        let band = try ResistanceSurface.read(path, rows: 10..<17)
        #expect(band.grid.width == 40 && band.grid.height == 7 && band.grid.cellSize == 30)
        let expected = Array(whole.grid.values[(10 * 40)..<(17 * 40)])
        #expect(band.grid.values.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(band.grid.values[2 * 40 + 3].isNaN && band.grid.values[4 * 40 + 7] == 55.5)
        #expect(band.geoTransform.originY == 3_300_000 - 10 * 30 && band.geoTransform.originX == 36_600_000)

        let bad = try Self.raster(in: dir, name: "bad.tif", set: [(row: 33, column: 2, value: -4)])
        #expect(throws: GeoKitError.self) { try ResistanceSurface.read(bad, rows: 30..<40) }
        do { _ = try ResistanceSurface.read(bad, rows: 30..<40) } catch {
            #expect("\(error)".contains("row 33, column 2") && "\(error)".contains("bad.tif"), "\(error)")
        }
        // Rows without the bad cell read fine.
        #expect(try ResistanceSurface.read(bad, rows: 0..<30).grid.height == 30)
    }
}
