import Foundation
import Testing

/// `ecozone run A.yaml B.yaml C.yaml --out DIR`: two small constructed projects and a broken one.
/// The projects are squares in CGCS2000 Gauss–Krüger zone 36 (EPSG:4524) centred on its central
/// meridian, where the projection's area scale is 1 within 1e-6: every area and share the test
/// expects is the rectangles' own (10 × 10 km = 100 km²; a 5 × 5 km red line = 25 %).
@Suite(.serialized) struct RunBatchCommandTests {
    /// A polygon layer of axis-aligned rectangles (km offsets from the zone's centre line at y = 3,300 km).
    static func rectangles(_ rects: [(name: String, x0: Double, y0: Double, x1: Double, y1: Double)]) -> String {
        let features = rects.map { r -> String in
            let (x0, y0, x1, y1) = (36_500_000 + r.x0 * 1000, 3_300_000 + r.y0 * 1000, 36_500_000 + r.x1 * 1000, 3_300_000 + r.y1 * 1000)
            return """
            {"type":"Feature","properties":{"NAME":"\(r.name)"},"geometry":{"type":"Polygon","coordinates":[[[\(x0),\(y0)],[\(x1),\(y0)],[\(x1),\(y1)],[\(x0),\(y1)],[\(x0),\(y0)]]]}}
            """
        }
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4524\"}},\"features\":[\(features.joined(separator: ","))]}"
    }

    static func line(_ name: String, _ points: [(Double, Double)]) -> String {
        let coords = points.map { "[\(36_500_000 + $0.0 * 1000),\(3_300_000 + $0.1 * 1000)]" }.joined(separator: ",")
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4524\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"NAME\":\"\(name)\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[\(coords)]}}]}"
    }

    /// alpha: 100 km², red line 25 km² (25 %), a protected area 10 km² (10 %), claims 2 pass + 1 fail,
    /// pattern 两屏一带 with two barriers and one belt. beta: 200 km², red line 100 km² (50 %), nothing else.
    /// broken: names a layer file that does not exist.
    static func makeProjects(in dir: URL) throws -> [String] {
        let fm = FileManager.default
        for name in ["alpha", "beta", "broken"] { try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true) }
        func put(_ text: String, _ path: String) throws { try text.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        try put(rectangles([("alpha", -5, 0, 5, 10)]), "alpha/boundary.geojson")
        try put(rectangles([("red", -5, 0, 0, 5)]), "alpha/redline.geojson")
        try put(rectangles([("park", 0, 0, 2, 5)]), "alpha/pa.geojson")
        try put(rectangles([("east hills", 2, 6, 4, 9), ("west hills", -4, 6, -2, 9)]), "alpha/ranges.geojson")
        try put(line("river", [(-5, 5.5), (5, 5.5)]), "alpha/river.geojson")
        try put("""
        name: alpha
        claims: claims.yaml
        layers:
          boundary:        { source: boundary.geojson }
          red-line:        { source: redline.geojson }
          protected-areas: { source: pa.geojson, name: NAME }
        pattern:
          label: 两屏一带
          barriers: { source: ranges.geojson, name: NAME }
          belts:    { source: river.geojson, name: NAME }
        """, "alpha/project.yaml")
        try put("""
        claims:
          - { id: total, text: 总面积100平方千米, layer: boundary, area: 100 km2 }
          - { id: red, text: 红线占25%, layer: red-line, percent-of: total, percent: 25 }
          - { id: red-wrong, text: 红线30平方千米, layer: red-line, area: 30 km2 }
        """, "alpha/claims.yaml")
        try put(rectangles([("beta", -10, 0, 10, 10)]), "beta/boundary.geojson")
        try put(rectangles([("red", -10, 0, 0, 10)]), "beta/redline.geojson")
        try put("""
        name: beta
        layers:
          boundary: { source: boundary.geojson }
          red-line: { source: redline.geojson }
        """, "beta/project.yaml")
        try put("""
        name: broken
        layers:
          boundary: { source: no_such_boundary.geojson }
        """, "broken/project.yaml")
        return ["alpha", "beta", "broken"].map { dir.appendingPathComponent("\($0)/project.yaml").path }
    }

    static let output: (dir: URL, out: URL, result: CLI.Result) = {
        let dir = CLI.temporaryDirectory()
        let projects = try! makeProjects(in: dir)
        let out = dir.appendingPathComponent("batch")
        let r = try! CLI.run(["run"] + projects + ["--out", out.path, "--no-corridors", "--quiet"])
        return (dir, out, r)
    }()

    struct Row: Decodable {
        var folder: String; var status: String; var error: String?
        var boundary_km2: Double?; var red_line_km2: Double?; var red_line_percent: Double?
        var protected_km2: Double?; var protected_percent: Double?
        var claims_passed: Int?; var claims_failed: Int?; var pattern_declared: Int?; var pattern_found: Int?
    }

    @Test func aFailureDoesNotStopTheOthersAndExitsOne() throws {
        let (_, out, r) = Self.output
        #expect(r.status == 1, "\(r.stderr)")
        // One sentence naming the missing file for the broken project, and the count.
        let errors = r.stderr.split(separator: "\n").filter { $0.contains("no_such_boundary.geojson") }
        #expect(errors.count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("1 of 3 projects failed"))
        let fm = FileManager.default
        for f in ["alpha/report.html", "alpha/run.json", "beta/report.html", "index.html", "summary.csv", "summary.json", ".ecozone"] {
            #expect(fm.fileExists(atPath: out.appendingPathComponent(f).path), "\(f)")
        }
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("broken").path))
        // Nothing left beside the folder.
        #expect(try fm.contentsOfDirectory(atPath: out.deletingLastPathComponent().path).sorted() == ["alpha", "batch", "beta", "broken"])
    }

    @Test func summaryComparesTheProjects() throws {
        let rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: Self.output.out.appendingPathComponent("summary.json")))
        #expect(rows.map(\.folder) == ["alpha", "beta", "broken"])
        #expect(rows.map(\.status) == ["ok", "ok", "failed"])
        let a = rows[0], b = rows[1]
        #expect(abs(a.boundary_km2! - 100) < 1e-3 && abs(a.red_line_km2! - 25) < 1e-3 && abs(a.protected_km2! - 10) < 1e-3)
        #expect(abs(a.red_line_percent! - 25) < 1e-4 && abs(a.protected_percent! - 10) < 1e-4)
        #expect(a.claims_passed == 2 && a.claims_failed == 1)
        #expect(a.pattern_declared == 3 && a.pattern_found == 3)
        #expect(abs(b.boundary_km2! - 200) < 2e-3 && abs(b.red_line_percent! - 50) < 1e-4)
        #expect(b.protected_km2 == nil && b.claims_passed == nil && b.pattern_declared == nil)
        #expect(rows[2].error?.contains("no_such_boundary.geojson") == true)
        let csv = try String(contentsOf: Self.output.out.appendingPathComponent("summary.csv"), encoding: .utf8)
        #expect(csv.split(whereSeparator: \.isNewline).count == 4)   // header + 3 rows (CRLF)
        #expect(csv.contains("boundary_km2") && csv.contains("red_line_percent") && csv.contains("pattern_found"))
    }

    @Test func indexLinksEachReportOffline() throws {
        let html = try String(contentsOf: Self.output.out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("href=\"alpha/report.html\"") && html.contains("href=\"beta/report.html\""))
        #expect(!html.contains("broken/report.html"))
        #expect(html.contains("no_such_boundary.geojson"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("class=\"cover\"") && html.contains("<table>"))
    }

    /// The batch folder follows the same rules as a run's: the manifest lists every file, a folder holding
    /// a user's file is refused (exit 2, untouched), and EcoZone's own earlier batch is replaced.
    @Test func outputGuardAppliesToTheBatchFolder() throws {
        let (dir, out, _) = Self.output
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(".ecozone"))) as! [String: Any]
        #expect(manifest["command"] as? String == "batch")
        let listed = Set(manifest["files"] as! [String])
        let fm = FileManager.default
        let present = Set(fm.enumerator(atPath: out.path)!.compactMap { $0 as? String }.filter {
            var d: ObjCBool = false
            return fm.fileExists(atPath: out.appendingPathComponent($0).path, isDirectory: &d) && !d.boolValue
        })
        #expect(present == listed.union([".ecozone"]))

        let beta = dir.appendingPathComponent("beta/project.yaml").path, alpha = dir.appendingPathComponent("alpha/project.yaml").path
        let again = try CLI.run(["run", alpha, beta, "--out", out.path, "--no-corridors", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(rows.map(\.folder) == ["alpha", "beta"])

        let user = dir.appendingPathComponent("mine")
        try fm.createDirectory(at: user, withIntermediateDirectories: true)
        try "notes".write(to: user.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["run", alpha, beta, "--out", user.path, "--no-corridors", "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(user.lastPathComponent) && refused.stderr.contains("EcoZone did not write it"))
        #expect(try fm.contentsOfDirectory(atPath: user.path) == ["notes.txt"])
        // An input's folder is never the output.
        let inside = try CLI.run(["run", alpha, beta, "--out", dir.appendingPathComponent("alpha").path, "--no-corridors", "--quiet"])
        #expect(inside.status == 2)
    }
}
