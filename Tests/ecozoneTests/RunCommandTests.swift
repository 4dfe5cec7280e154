import Foundation
import Testing

/// `ecozone run` on the Banan plan, as a user runs it (corridors left out to keep the test quick;
/// scripts/demo runs them).
@Suite(.serialized) struct RunCommandTests {
    static let project = CLI.repository.appendingPathComponent("fixtures/banan/project.yaml").path

    /// The run replaces an earlier folder EcoZone wrote there.
    static let output: (dir: URL, result: CLI.Result) = {
        let dir = CLI.temporaryDirectory()
        _ = try! earlierOutput(at: dir.appendingPathComponent("banan"))
        let r = try! CLI.run(["run", project, "--out", dir.appendingPathComponent("banan").path, "--no-corridors", "--quiet"])
        return (dir.appendingPathComponent("banan"), r)
    }()

    @Test func writesTheFolder() throws {
        let (dir, r) = Self.output
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report: "))
        let fm = FileManager.default
        for f in ["report.html", "run.json", "tables/claims.csv", "tables/overlap_matrix.json", "geojson/towns.geojson",
                  "geojson/pattern/elements.geojson", "geojson/pattern/edges.geojson"] {
            #expect(fm.fileExists(atPath: dir.appendingPathComponent(f).path), "\(f)")
        }
        // Nothing half-written or left beside it, nothing of the earlier folder left in it.
        let siblings = try fm.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)
        #expect(siblings == ["banan"])
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("connectivity_nodes.csv").path))
        // The manifest that lets a later run replace the folder lists every file in it.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".ecozone"))) as! [String: Any]
        let listed = Set(manifest["files"] as! [String])
        let present = Set(fm.enumerator(atPath: dir.path)!.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: dir.appendingPathComponent($0).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        })
        #expect(present == listed.union([".ecozone"]))
        #expect(manifest["command"] as? String == "run")
    }

    /// 表2-1 in the report: the red line's row fails on its stated rule, and its bar is full (142.40 km² on the
    /// 2023 red line is 100 % of the way from 184.6 to 142.4).
    @Test func reportShowsTheIndicatorTable() throws {
        let html = try String(contentsOf: Self.output.dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<span>规划指标</span>"))
        #expect(html.contains("<tr class=\"status-fail\"><td class=\"ind-name\">生态保护红线面积<div class=\"ind-id\">ind-red-line</div>"))
        #expect(html.contains("<span class=\"kind\">规则</span>184.6 (2020) → 142.4 (2025): −42.2 km² (−22.86 %) decreases, against 不减少"))
        #expect(html.contains("aria-label=\"已完成 100%（2023 年）\"") && html.contains("<span style=\"width:100.0%\"></span><i style=\"left:60.0%\"></i>"))
    }

    /// The raster layers: land use over the district, the DEM's slope classes and elevation bands per zone (their sums
    /// against scripts/reference/banan_terrain_numpy.py over the district), the terrain's class polygons, and the report's section.
    @Test func rasterLayersAreSummarised() throws {
        let dir = Self.output.dir
        let terrain = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("tables/terrain_dem.json"))) as! [String: Any]
        let zones = terrain["zones"] as! [[String: Any]]
        #expect(zones.count == 5 && terrain["by"] as? String == "NAME")
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.repository
            .appendingPathComponent("Tests/EcoZoneTests/Fixtures/reference/banan_terrain.json"))) as! [String: Any]
        // The five zones partition the district (SOURCE.md: to ~100 m²), so their classes add up to the district's.
        for (i, ref) in (reference["slope_classes"] as! [[String: Any]]).enumerated() {
            let sum = zones.reduce(0.0) { $0 + (($1["slope_classes"] as! [[String: Any]])[i]["area"] as! Double) }
            #expect(abs(sum - (ref["km2"] as! Double)) < 1e-3, "slope class \(i): \(sum) vs \(ref["km2"]!)")
        }
        for (i, ref) in (reference["elevation_bands"] as! [[String: Any]]).enumerated() {
            let sum = zones.reduce(0.0) { $0 + (($1["elevation_bands"] as! [[String: Any]])[i]["area"] as! Double) }
            #expect(abs(sum - (ref["km2"] as! Double)) < 1e-3, "elevation band \(i): \(sum) vs \(ref["km2"]!)")
        }
        let landUse = try String(contentsOf: dir.appendingPathComponent("tables/raster_landuse.csv"), encoding: .utf8)
        #expect(landUse.contains("1,林地,") && landUse.contains("6,裸地,"))
        for f in ["terrain/dem/slope_classes.gpkg", "terrain/dem/elevation_bands.gpkg", "terrain/dem/slope.tif"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(f).path), "\(f)")
        }
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        for words in ["土地利用与地形", "土地利用：各类面积（行政区范围内）", "数字高程模型：坡度分级面积（平方千米，按生态修复分区）", "数字高程模型：陡坡与高地"] {
            #expect(html.contains(words), "\(words)")
        }
    }

    @Test func everyGeoJSONIsRFC7946() throws {
        let dir = Self.output.dir.appendingPathComponent("geojson")
        let files = FileManager.default.enumerator(atPath: dir.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".geojson") }
        #expect(files.count >= 10)
        for f in files {
            let path = dir.appendingPathComponent(f).path
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
            #expect(json["type"] as? String == "FeatureCollection", "\(f)")
            #expect(json["crs"] == nil, "\(f) has a crs member")
            // GDAL reads it as WGS 84 lon/lat.
            let info = try CLI.run(["inspect", path, "--json"])
            let layer = ((try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as! [String: Any])["layers"] as! [[String: Any]])[0]
            if (layer["features"] as! Int) > 0 {
                #expect((layer["crs"] as! String).hasPrefix("EPSG:4326"), "\(f)")
                let e = layer["extent"] as! [String: Double]
                #expect(e["minX"]! > 106 && e["maxX"]! < 107.5 && e["minY"]! > 28.9 && e["maxY"]! < 30, "\(f): \(e)")
            }
        }
    }

    @Test func tablesAreCSVWithBOMAndMatchTabulate() throws {
        let dir = Self.output.dir.appendingPathComponent("tables")
        let csv = try Data(contentsOf: dir.appendingPathComponent("crosstab_restoration-zones_name_towns_name.csv"))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let table = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("crosstab_restoration-zones_name_towns_name.json"))) as! [String: Any]
        let tab = try CLI.run(["tabulate", Self.project, "--by", "restoration-zones:name", "--by", "towns:name", "--json"])
        let direct = try JSONSerialization.jsonObject(with: Data(tab.stdout.utf8)) as! [String: Any]
        #expect(table["total"] as! Double == direct["total"] as! Double)
        #expect((table["rows"] as! [Any]).count == (direct["rows"] as! [Any]).count)
    }

    /// The report speaks Chinese by default, and the run's tables list erosion grades by intensity
    /// (SL 190-2007: 轻度 → 中度 → 强烈 → 极强烈 → 剧烈), not in text order (中度, 剧烈, 强烈 …).
    @Test func reportInChineseAndGradesInTheirOrder() throws {
        let dir = Self.output.dir
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<html lang=\"zh-CN\">") && html.contains("<span>概况</span>") && !html.contains("Overview"))
        let sl190 = ["微度", "轻度", "中度", "强烈", "极强烈", "剧烈"]
        func firstColumn(_ file: String) throws -> [String] {
            let text = try String(contentsOf: dir.appendingPathComponent("tables/\(file)"), encoding: .utf8)
            var seen: [String] = []
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let key = String(line.split(separator: ",", omittingEmptySubsequences: false)[0]).trimmingCharacters(in: .init(charactersIn: "\u{FEFF}"))
                if key != "total", !seen.contains(key) { seen.append(key) }
            }
            return seen
        }
        let grades = try firstColumn("areas_soil-erosion.csv")
        #expect(grades == sl190.filter(grades.contains) && grades.count == 5, "\(grades)")
        #expect(try firstColumn("crosstab_soil-erosion_grade_restoration-zones_name_towns_name.csv") == grades)
        // The report's erosion table, in the same order.
        let table = try #require(html.range(of: "水土流失：按等级（GRADE）统计"))
        let rows = html[table.upperBound...].components(separatedBy: "</tbody>")[0].components(separatedBy: "<tr><td>").dropFirst()
        #expect(rows.map { String($0.prefix { $0 != "<" }) } == grades)
        // The interactive map, where Leaflet is installed (scripts/lib/setup.sh installs libjs-leaflet).
        if FileManager.default.fileExists(atPath: "/usr/share/javascript/leaflet/leaflet.js") {
            #expect(html.contains("<div id=\"ez-map\"") && html.contains("id=\"ez-map-data\""))
            // Inlined: no script, style sheet or image is fetched (Leaflet's own code holds its home page's address as text).
            #expect(!html.contains("<script src") && !html.contains("<link ") && !html.contains("<img "))
        }
    }

    @Test func anUnknownLanguageIsRefused() throws {
        let r = try CLI.run(["run", Self.project, "--out", CLI.temporaryDirectory().appendingPathComponent("x").path, "--lang", "fr"])
        #expect(r.status != 0 && r.stderr.contains("--lang must be zh (Chinese) or en (English), got 'fr'"), "\(r.stderr)")
    }

    @Test func runJSONRecordsInputsWithChecksums() throws {
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.output.dir.appendingPathComponent("run.json"))) as! [String: Any]
        let inputs = manifest["inputs"] as! [[String: Any]]
        let project = try #require(inputs.first { $0["path"] as? String == "project.yaml" })
        // The checksum agrees with coreutils' sha256sum, an independent implementation.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [Self.project]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        let expected = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: " ")[0]
        #expect(project["sha256"] as? String == String(expected))
        #expect(inputs.contains { $0["path"] as? String == "towns.dbf" })
        #expect((manifest["libraries"] as! [String: String])["GEOS"] != nil)
        #expect((manifest["steps"] as! [Any]).count > 10)
    }

    /// A folder EcoZone wrote (a quick `connectivity --out`), which a run may replace.
    static func earlierOutput(at folder: URL) throws -> [String] {
        let r = try CLI.run(["connectivity", CLI.repository.appendingPathComponent("fixtures/banan/protected_areas.geojson").path,
                             "--distance", "2000", "--out", folder.path])
        #expect(r.status == 0, "\(r.stderr)")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func aMissingLayerStopsAndLeavesTheFolderAsItWas() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("project.yaml")
        let banan = CLI.repository.appendingPathComponent("fixtures/banan").path
        try """
        name: broken
        layers:
          boundary: { source: \(banan)/boundary.shp }
          towns:    { source: \(banan)/no_such_towns.shp, name: NAME }
        """.write(to: project, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let earlier = try Self.earlierOutput(at: out)
        let r = try CLI.run(["run", project.path, "--out", out.path, "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no_such_towns.shp"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == earlier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out", "project.yaml"])
    }

    /// Ctrl-C (and SIGTERM) while the run writes: exit 130 (143), the one line that says so and no
    /// error (a write that fails because the handler removed its partial folder must not win with
    /// exit 2 and its own message), the earlier folder as it was and nothing beside it. Interrupted
    /// at three moments: just after the partial folder appears, and twice while files are written.
    @Test(arguments: [(SIGINT, 0.05), (SIGINT, 0.6), (SIGTERM, 0.3)])
    func ctrlCLeavesTheFolderAsItWas(signal: Int32, after delay: Double) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let earlier = try Self.earlierOutput(at: out)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["run", Self.project, "--out", out.path, "--quiet"]   // corridors included: long enough to interrupt
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        // Wait until the run has started writing beside the folder, then interrupt it.
        let deadline = Date().addingTimeInterval(30)
        var started = false
        while Date() < deadline, p.isRunning {
            started = try FileManager.default.contentsOfDirectory(atPath: dir.path).contains { $0.hasPrefix(".out.partial-") }
            if started { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: delay)
        let stillRunning = p.isRunning
        kill(p.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        try #require(started && stillRunning, "the run never wrote, or finished before the signal: \(stderr)")
        #expect(p.terminationStatus == 128 + signal, "\(stderr)")
        #expect(stderr == "\necozone: interrupted; every output is as it was.\n", "\(stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == earlier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }
}
