import EcoZone
import Foundation
import GeoKit
import Testing

/// `mpirun -np N ecozone-mpi corridors` against the single-process pipeline run in this test process
/// (CorridorAnalysis.run, MovingWindowCurrent.run): the printed text, the tables and every raster
/// cell equal, whatever the number of ranks; the rasters as VRTs over one tile per rank.
@Suite struct CorridorsCommandTests {
    static var canRun: Bool { FileManager.default.isExecutableFile(atPath: MPITestSupport.executable.path) && MPITestSupport.mpirun != nil }

    /// The raster at `path` (a VRT or a GeoTIFF) as Float64 values.
    static func cells(_ path: String) throws -> [Double] { try RasterIO.read(path, as: Double.self).values }

    /// What `ecozone corridors` writes as GeoTIFF, as the values GDAL reads back (Float32, NoData −9999).
    static func float32(_ values: [Double]) -> [Double] { values.map { $0.isFinite ? Double(Float($0)) : -9999 } }

    /// Every feature's fields and geometry, as GDAL reads the GeoPackage.
    static func features(_ path: String) throws -> [String] {
        try LoadedLayer.load(LayerRequest(source: path)).features.map { "\($0.values) \($0.wkb ?? [])" }
    }

    @Test("Banan at 480 m: np = 1, 2 and 3 print and write what the single process does, cell for cell", .enabled(if: canRun && MPITestSupport.hasBanan))
    func bananPairs() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = MPITestSupport.banan.appendingPathComponent("project.yaml").path
        let options = CorridorOptions()
        let setup = try CorridorSetup.load(try Project.load(project), options: CorridorSetup.Options(aggregate: 4))
        let single = try CorridorAnalysis.run(surface: setup.surface, cores: setup.cores, options: options)
        let summary = CorridorSummary(single, options: options)
        let reference = dir.appendingPathComponent("single").path
        try CorridorOutput.write(single, summary: summary, to: reference)
        #expect(single.pairs.count >= 3 && single.pinchPolygons != nil && single.barrierPolygons != nil)

        for ranks in [1, 2, 3] {
            let out = dir.appendingPathComponent("np\(ranks)").path
            let run = try MPITestSupport.run(ranks: ranks, ["corridors", project, "--aggregate", "4", "--out", out, "--quiet"])
            #expect(run.status == 0, "\(ranks) ranks: \(run.err)")
            #expect(run.out == summary.text(out: out) + "\n", "\(ranks) ranks: the printed summary differs")
            for table in ["pairs.csv", "summary.json"] {
                #expect(FileManager.default.contents(atPath: "\(out)/\(table)") == FileManager.default.contents(atPath: "\(reference)/\(table)"),
                        "\(ranks) ranks: \(table) differs")
            }
            #expect(try Self.cells("\(out)/cores.vrt") == single.labels.values.map(Double.init))
            #expect(try Self.cells("\(out)/corridors.vrt") == Self.float32(single.corridors.values), "\(ranks) ranks: corridors")
            #expect(try Self.cells("\(out)/current.vrt") == Self.float32(single.current!.values), "\(ranks) ranks: current")
            #expect(try Self.cells("\(out)/barriers.vrt") == Self.float32(single.barrierScores!.values), "\(ranks) ranks: barriers")
            #expect(try Self.cells("\(out)/pinch_points.vrt") == single.pinchPoints!.mask.values.map { $0 ? 1 : 0 })
            for id in single.costDistances.cores {
                #expect(try Self.cells("\(out)/cost_distance_\(id).tif") == Self.cells("\(reference)/cost_distance_\(id).tif"), "core \(id)")
            }
            for layer in ["corridor_paths", "corridors", "pinch_points", "barriers"] {
                #expect(try Self.features("\(out)/\(layer).gpkg") == Self.features("\(reference)/\(layer).gpkg"), "\(ranks) ranks: \(layer)")
            }
            // One tile per rank with rows, stitched in order.
            let tiles = try FileManager.default.contentsOfDirectory(atPath: "\(out)/tiles").filter { $0.hasPrefix("corridors-") }
            #expect(tiles.sorted() == (0..<ranks).map { "corridors-\($0).tif" })
        }
    }

    @Test("Cores and a resistance raster given directly: ranks 1 and 2 read only windows, and np = 3 prints and writes the single run's",
          .enabled(if: canRun && MPITestSupport.hasBanan))
    func bananByWindows() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resistance = MPITestSupport.banan.appendingPathComponent("landuse_resistance.tif").path
        let cores = MPITestSupport.banan.appendingPathComponent("ranges.shp").path
        let options = CorridorOptions(barriers: false)
        let setup = try CorridorSetup.load(resistance: resistance, cores: LayerRequest(source: cores), options: CorridorSetup.Options(nameField: "NAME", aggregate: 6))
        let single = try CorridorAnalysis.run(surface: setup.surface, cores: setup.cores, options: options)
        let summary = CorridorSummary(single, options: options)
        let reference = dir.appendingPathComponent("single").path
        try CorridorOutput.write(single, summary: summary, to: reference)
        let out = dir.appendingPathComponent("np3").path
        let run = try MPITestSupport.run(ranks: 3, ["corridors", "--cores", cores, "--resistance", resistance, "--name", "NAME", "--aggregate", "6",
                                                    "--no-barriers", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == summary.text(out: out) + "\n")
        #expect(FileManager.default.contents(atPath: "\(out)/pairs.csv") == FileManager.default.contents(atPath: "\(reference)/pairs.csv"))
        #expect(try Self.cells("\(out)/corridors.vrt") == Self.float32(single.corridors.values))
        #expect(try Self.cells("\(out)/current.vrt") == Self.float32(single.current!.values))
        for id in single.costDistances.cores {
            #expect(try Self.cells("\(out)/cost_distance_\(id).tif") == Self.cells("\(reference)/cost_distance_\(id).tif"), "core \(id)")
        }
    }

    @Test("A bad cell only rank 0 reads (the others hold the frame): one sentence naming it, exit 2, no output folder",
          .enabled(if: canRun))
    func badCellSeenByRankZeroAlone() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var (r, l) = MPITestSupport.rough(width: 20, height: 10)
        r.values[7 * 20 + 3] = -4
        let (path, _) = try MPITestSupport.writeRasters(width: 20, height: 10, resistance: r.values, labels: l.values, in: dir)
        // Two 60 m squares on row 2 (the rasters' origin is 36,500,000, 3,300,000; 30 m cells).
        func square(_ column: Int) -> String {
            let x0 = 36_500_000 + Double(column) * 30, y0 = 3_300_000 - 2 * 30.0
            return "[[[\(x0),\(y0)],[\(x0 + 60),\(y0)],[\(x0 + 60),\(y0 - 60)],[\(x0),\(y0 - 60)],[\(x0),\(y0)]]]"
        }
        let cores = dir.appendingPathComponent("cores.geojson").path
        try """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4524"}},"features":[
        {"type":"Feature","properties":{"id":1},"geometry":{"type":"Polygon","coordinates":\(square(1))}},
        {"type":"Feature","properties":{"id":2},"geometry":{"type":"Polygon","coordinates":\(square(15))}}]}
        """.write(toFile: cores, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let run = try MPITestSupport.run(ranks: 2, ["corridors", "--cores", cores, "--resistance", path, "--out", out, "--quiet"])
        #expect(run.status == 2, "\(run.out)\(run.err)")
        #expect(run.err.contains("row 7, column 3") && run.err.contains("resistance -4") && run.err.contains("resistance.tif"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("A project's moving window goes by its resistance raster: np = 2 equals the single run bit for bit",
          .enabled(if: canRun && MPITestSupport.hasBanan))
    func projectMovingWindow() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = MPITestSupport.banan.appendingPathComponent("project.yaml").path
        let surface = try ResistanceSurface.fromProject(try Project.load(project)).aggregated(by: 8)
        let (result, summary) = try MovingWindowCurrent.run(surface: surface, options: MovingWindowOptions(radius: 4, block: 3))
        let out = dir.appendingPathComponent("mw").path
        let run = try MPITestSupport.run(ranks: 2, ["corridors", project, "--aggregate", "8", "--moving-window", "4", "--block", "3",
                                                    "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out == summary.text(out: out) + "\n")
        #expect(try Self.cells("\(out)/current.vrt") == Self.float32(result.current.values))
    }

    @Test("Moving window in row bands: np = 2 and 3 equal the single run bit for bit, with blocks and a radius taller than a band",
          .enabled(if: canRun))
    func movingWindowBands() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (r, l) = MPITestSupport.rough(width: 48, height: 25)
        let (path, _) = try MPITestSupport.writeRasters(width: 48, height: 25, resistance: r.values, labels: l.values, in: dir)
        let surface = try ResistanceSurface.read(path)
        // 25 rows over 3 ranks: bands of 8, 9 and 8 rows (block 1; of equal work, the lake thinning the middle
        // rows, where an even split would give 9, 8, 8); radius 9 reaches across the middle band. A cell
        // near a band's edge sums a hundred or more targets' currents from two or three ranks: folded in
        // another order, some would differ in the last bit.
        for (radius, block) in [(5, 1), (9, 1), (3, 3)] {
            let options = MovingWindowOptions(radius: radius, block: block)
            let (result, summary) = try MovingWindowCurrent.run(surface: surface, options: options)
            for ranks in [2, 3] {
                let out = dir.appendingPathComponent("mw-\(radius)-\(block)-\(ranks)").path
                let run = try MPITestSupport.run(ranks: ranks, ["corridors", "--resistance", path, "--moving-window", String(radius),
                                                                "--block", String(block), "--out", out, "--quiet", "--threads", "2"])
                #expect(run.status == 0, "\(run.err)")
                #expect(run.out == summary.text(out: out) + "\n", "radius \(radius), block \(block), \(ranks) ranks: summary")
                #expect(try Self.cells("\(out)/current.vrt") == Self.float32(result.current.values), "radius \(radius), block \(block), \(ranks) ranks")
                #expect(FileManager.default.contents(atPath: "\(out)/summary.json") == (try JSONOutput.data(summary)))
            }
        }
    }

    @Test("A zero resistance: one sentence naming the raster and cell, exit 2, and no output folder", .enabled(if: canRun))
    func zeroResistanceRefused() throws {
        let dir = MPITestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var (r, l) = MPITestSupport.rough(width: 30, height: 12)
        r.values[9 * 30 + 4] = 0   // row 9: in the last rank's band
        let (path, _) = try MPITestSupport.writeRasters(width: 30, height: 12, resistance: r.values, labels: l.values, in: dir)
        let out = dir.appendingPathComponent("out").path
        let run = try MPITestSupport.run(ranks: 2, ["corridors", "--resistance", path, "--moving-window", "2", "--out", out, "--quiet"])
        #expect(run.status == 2, "\(run.out)\(run.err)")
        #expect(run.err.contains("row 9, column 4") && run.err.contains("resistance 0") && run.err.contains("resistance.tif"), "\(run.err)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out") }
        #expect(left.isEmpty, "partial folders left: \(left)")
    }
}
