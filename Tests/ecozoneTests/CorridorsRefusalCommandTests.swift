import Foundation
import Testing

/// `ecozone corridors` on rasters it must refuse (issue 11): exit 2 and one sentence naming the
/// resistance file, before any long work; and a GeoTIFF write that fails leaves nothing.
@Suite struct CorridorsRefusalCommandTests {
    /// A 40 × 40 resistance raster of 30 m cells in EPSG:4524 (top left 36,600,000, 3,300,000):
    /// an ASCII grid wrapped in a VRT that gives it its CRS. All cells 1 except `set`.
    static func raster(in dir: URL, name: String = "r", set: [Int: String] = [:],
                       geoTransform: String = "36600000, 30, 0, 3300000, 0, -30", srs: String = "EPSG:4524") throws -> String {
        var rows: [String] = []
        for r in 0..<40 { rows.append((0..<40).map { set[r * 40 + $0] ?? "1" }.joined(separator: " ")) }
        let asc = "ncols 40\nnrows 40\nxllcorner 0\nyllcorner 0\ncellsize 1\nNODATA_value -9999\n" + rows.joined(separator: "\n") + "\n"
        try asc.write(to: dir.appendingPathComponent("\(name).asc"), atomically: true, encoding: .utf8)
        let vrt = """
        <VRTDataset rasterXSize="40" rasterYSize="40">
          <SRS>\(srs)</SRS>
          <GeoTransform>\(geoTransform)</GeoTransform>
          <VRTRasterBand dataType="Float32" band="1">
            <NoDataValue>-9999</NoDataValue>
            <SimpleSource><SourceFilename relativeToVRT="1">\(name).asc</SourceFilename><SourceBand>1</SourceBand></SimpleSource>
          </VRTRasterBand>
        </VRTDataset>
        """
        let path = dir.appendingPathComponent("\(name).vrt").path
        try vrt.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Two 200 m squares on row 20, around columns 5 and 35.
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

    /// Exit 2 with exactly one sentence (progress lines aside) that names `file` and says `words`.
    func expectRefusal(_ r: CLI.Result, file: String, _ words: [String]) {
        #expect(r.status == 2, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("[") }
        #expect(lines.count == 1, "\(r.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("ecozone: \(file): ") && line.hasSuffix("."), "\(line)")
        for w in words { #expect(line.contains(w), "'\(w)' in \(line)") }
    }

    @Test func aHugeSparseRasterIsRefusedBeforeAllocating() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let huge = dir.appendingPathComponent("huge.vrt").path
        try """
        <VRTDataset rasterXSize="100000" rasterYSize="100000">
          <SRS>EPSG:4524</SRS>
          <GeoTransform>36600000, 30, 0, 3300000, 0, -30</GeoTransform>
          <VRTRasterBand dataType="Float64" band="1"/>
        </VRTDataset>
        """.write(toFile: huge, atomically: true, encoding: .utf8)
        let r = try CLI.run(["corridors", "--cores", try Self.cores(in: dir), "--resistance", huge])
        expectRefusal(r, file: huge, ["10,000,000,000 cells", "149 GiB", "limit"])
    }

    /// Under an address-space limit (`ulimit -v`) the memory check uses that limit, not the machine's memory:
    /// a run that fits the machine but not the limit used to abort with "failed to allocate" (found by
    /// scripts/fuzz, which runs every case under a 4 GiB limit). Not under a sanitizer, which needs
    /// terabytes of address space.
    @Test(.enabled(if: !FuzzReplay.sanitized)) func theAddressSpaceLimitBoundsTheRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 6,000 × 6,000 cells: 576 MB to read (16 bytes a cell), but at least 66 bytes a cell for the run
        // (CorridorMemory, one worker; the surfaces are on disk), 2.2 GiB, over 3/4 of a 2 GiB limit.
        let big = dir.appendingPathComponent("big.vrt").path
        try """
        <VRTDataset rasterXSize="6000" rasterYSize="6000">
          <SRS>EPSG:4524</SRS>
          <GeoTransform>36600000, 30, 0, 3300000, 0, -30</GeoTransform>
          <VRTRasterBand dataType="Float64" band="1"/>
        </VRTDataset>
        """.write(toFile: big, atomically: true, encoding: .utf8)
        let cores = try Self.cores(in: dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v 2097152 && exec \"$0\" \"$@\"", CLI.binary.path, "corridors", "--cores", cores, "--resistance", big]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        expectRefusal(CLI.Result(status: p.terminationStatus, stdout: "", stderr: text), file: big,
                      ["36,000,000 cells", "more than the limit of 1.50 GiB"])
    }

    @Test func negativeAndZeroResistancesAreNamedByFileAndCell() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cores = try Self.cores(in: dir)
        // Row 3, column 7: centre x 36,600,000 + 7.5 × 30, y 3,300,000 − 3.5 × 30.
        let negative = try Self.raster(in: dir, name: "neg", set: [3 * 40 + 7: "-5"])
        expectRefusal(try CLI.run(["corridors", "--cores", cores, "--resistance", negative]), file: negative,
                      ["row 3, column 7", "x 36600225, y 3299895", "-5"])
        // Row 20, column 20 lies on the corridor: the circuit cannot take it.
        let zero = try Self.raster(in: dir, name: "zero", set: [20 * 40 + 20: "0"])
        expectRefusal(try CLI.run(["corridors", "--cores", cores, "--resistance", zero]), file: zero,
                      ["row 20, column 20", "x 36600615, y 3299385", "resistance 0"])
        #expect(try CLI.run(["corridors", "--cores", cores, "--resistance", zero, "--no-circuit"]).status == 0)
    }

    @Test func barrierRadiiBeyondTheRasterAreRefused() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cores = try Self.cores(in: dir), resistance = try Self.raster(in: dir)
        let r = try CLI.run(["corridors", "--cores", cores, "--resistance", resistance, "--barrier-radii", "1e9"])
        expectRefusal(r, file: resistance, ["diagonal of 1697.06 m"])   // 30 × √(40² + 40²)
        for bad in ["inf", "-3", "60,,120", (1...17).map { String($0 * 30) }.joined(separator: ",")] {
            let u = try CLI.run(["corridors", "--cores", cores, "--resistance", resistance, "--barrier-radii", bad])
            #expect(u.status == 2 && u.stderr.contains("--barrier-radii"), "\(bad): \(u.stderr)")
        }
    }

    @Test func untrustworthyGeoreferencingIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cores = try Self.cores(in: dir)
        let rotated = try Self.raster(in: dir, name: "rot", geoTransform: "36600000, 30, 5, 3300000, 0, -30")
        expectRefusal(try CLI.run(["corridors", "--cores", cores, "--resistance", rotated]), file: rotated, ["rotated or sheared"])
        let flat = try Self.raster(in: dir, name: "flat", geoTransform: "36600000, 0, 0, 3300000, 0, -30")
        expectRefusal(try CLI.run(["corridors", "--cores", cores, "--resistance", flat]), file: flat, ["width of 0"])
        // Chongqing written latitude first.
        let swapped = try Self.raster(in: dir, name: "swapped", geoTransform: "29.5, 0.001, 0, 106.5, 0, -0.001", srs: "EPSG:4490")
        expectRefusal(try CLI.run(["corridors", "--cores", cores, "--resistance", swapped]), file: swapped, ["axes look swapped"])
    }

    @Test(.enabled(if: !FuzzReplay.threadSanitized, "ulimit -f makes the TSan runtime fault (FuzzReplay.threadSanitized)"))
    func aGeoTIFFWriteThatFailsIsAnErrorAndLeavesNothing() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cores = try Self.cores(in: dir), resistance = try Self.raster(in: dir)
        let out = dir.appendingPathComponent("out").path
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() + ["tmp"]
        // A file-size limit of two blocks, SIGXFSZ ignored: writes fail with EFBIG, as on a full disk.
        // The first to fail is a temporary cost-distance surface (.f64, in TMPDIR), before any GeoTIFF.
        let tmp = dir.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let p = Process()
        p.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": tmp.path]) { $1 }
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"", CLI.binary.path,
                       "corridors", "--cores", cores, "--resistance", resistance, "--out", out]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2, "\(text)")
        #expect((text.contains(".tif") || text.contains(".f64")) && text.contains("File too large"), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before.sorted())
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }
}

/// `export --simplify` on Banan's erosion layer used to stop with a TopologyException.
@Suite struct ExportSimplifyCommandTests {
    @Test func erosionSimplifiesAt50Metres() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("erosion.geojson").path
        let r = try CLI.run(["export", CLI.repository.appendingPathComponent("fixtures/banan/erosion.shp").path,
                             "--out", out, "--simplify", "50", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["features"] as? Int == 295)
        #expect((json["vertices_after"] as! Int) < (json["vertices_before"] as! Int) / 2)
        #expect((json["simplify_fallbacks"] as? [Any])?.isEmpty == true)
        #expect((json["vanished"] as? [Any])?.isEmpty == true)
    }
}

/// `ecozone corridors --moving-window` (issue 16): the Omniscape-style current map from a resistance alone.
@Suite struct MovingWindowCommandTests {
    @Test func aUniformRasterInBlocks() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let resistance = try CorridorsRefusalCommandTests.raster(in: dir)   // 40 × 40 cells of resistance 1
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(["corridors", "--resistance", resistance, "--moving-window", "3", "--block", "5", "--out", out, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        // 8 × 8 blocks of 5 × 5 cells, each a target of strength 25 × 1/1. Targets are 5 cells apart and
        // windows reach 3, so no window holds another target: each target cell carries its 25 A to
        // ground. Any other cell lies in at most 4 windows and passes on a share of their flow towards
        // their targets (at distance ≥ 1, spread over the ≥ 8 cells around each target), below 25.
        #expect(json["targets"] as? Int == 64 && json["block"] as? Int == 5 && json["radius_cells"] as? Int == 3)
        #expect(abs((json["maximum_current"] as? Double ?? 0) - 25) < 1e-9)
        for f in ["current.tif", "summary.json"] { #expect(FileManager.default.fileExists(atPath: out + "/" + f), "\(f)") }
        // Refused before any work.
        #expect(try CLI.run(["corridors", "--resistance", resistance, "--moving-window", "0"]).status != 0)
        #expect(try CLI.run(["corridors", "--resistance", resistance, "--moving-window", "3", "--block", "4"]).status != 0)
        #expect(try CLI.run(["corridors", "--resistance", resistance, "--cores", resistance, "--moving-window", "3"]).status != 0)
    }
}
