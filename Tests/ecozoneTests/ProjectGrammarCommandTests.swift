import Foundation
import Testing

/// The typed project file and the open pattern grammar as a user meets them on the command line:
/// unknown keys are warnings with their line (exit 2 with --strict), a wrong type or a missing file is
/// one sentence with its line and exit 2, and a pattern that is not Banan's is told only its own rules.
@Suite(.serialized) struct ProjectGrammarCommandTests {
    /// GeoJSON in EPSG:4524, x and y metres from (36 490 000, 3 300 000).
    static func collection(_ features: [(String, String)]) -> String {
        let fs = features.map { "{\"type\":\"Feature\",\"properties\":{\"NAME\":\"\($0.0)\"},\"geometry\":\($0.1)}" }
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4524\"}},\"features\":[\(fs.joined(separator: ","))]}"
    }

    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        let e = 36_490_000.0, n = 3_300_000.0
        return "{\"type\":\"Polygon\",\"coordinates\":[[[\(e + x0),\(n + y0)],[\(e + x1),\(n + y0)],[\(e + x1),\(n + y1)],[\(e + x0),\(n + y1)],[\(e + x0),\(n + y0)]]]}"
    }

    static func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        let e = 36_490_000.0, n = 3_300_000.0
        return "{\"type\":\"LineString\",\"coordinates\":[[\(e + x0),\(n + y0)],[\(e + x1),\(n + y1)]]}"
    }

    /// 三屏两廊三区 (锦屏-like): protected areas as 屏, rivers as 廊, zones as 区; 亮江 links to nothing.
    static let files: [String: String] = [
        "pa.geojson": collection([("西北", square(0, 20000, 10000, 30000)), ("中部", square(20000, 10000, 30000, 20000)),
                                  ("东南", square(40000, 0, 50000, 10000))]),
        "rivers.geojson": collection([("清水江", line(0, 15000, 20000, 15000)), ("亮江", line(60000, -5000, 70000, -5000))]),
        "zones.geojson": collection([("一区", square(0, 15000, 25000, 30000)), ("二区", square(0, -10000, 25000, 15000)),
                                     ("三区", square(25000, -10000, 55000, 30000))]),
    ]

    static let project = """
    name: 锦屏-like
    layers:
      protected-areas: { source: pa.geojson, name: NAME }
    pattern:
      label: 三屏、两廊、三区
      zones: { source: zones.geojson }
      elements:
        屏: { source: pa.geojson, name: NAME }
        廊: { source: rivers.geojson, name: NAME }
        区: { source: zones.geojson, name: NAME }
      links: [[廊, 屏]]
    """

    static func folder(_ project: String) throws -> URL {
        let dir = CLI.temporaryDirectory()
        for (name, text) in files.merging(["p.yaml": project], uniquingKeysWith: { a, _ in a }) {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test func unknownKeyIsAWarningWithItsLineAndStrictRefusesIt() throws {
        let dir = try Self.folder(Self.project)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["pattern", "p.yaml"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let warning = r.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warning.count == 1)
        #expect(warning.first?.hasPrefix("ecozone: warning: p.yaml: line 6: unknown key 'zones' in 'pattern' is ignored") == true, "\(r.stderr)")
        // The same file with --strict, and with strict: true in it: exit 2, one sentence.
        for (arguments, text) in [(["pattern", "p.yaml", "--strict"], Self.project), (["pattern", "p.yaml"], "strict: true\n" + Self.project)] {
            try text.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
            let s = try CLI.run(arguments, in: dir)
            #expect(s.status == 2, "\(s.stderr)")
            #expect(s.stderr.split(separator: "\n").filter { !$0.contains("warning") }.count == 1, "\(s.stderr)")
            #expect(s.stderr.contains("unknown key 'zones' in 'pattern' is ignored"), "\(s.stderr)")
            #expect(s.stderr.contains("line \(text.hasPrefix("strict") ? 7 : 6):"), "\(s.stderr)")
        }
        // --strict on every command that loads a project.
        try Self.project.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        for command in [["tabulate", "p.yaml", "--matrix"], ["run", "p.yaml", "--out", "out", "--quiet"]] {
            #expect(try CLI.run(command + ["--strict"], in: dir).status == 2, "\(command)")
        }
    }

    @Test func wrongTypesAndMissingFilesAreOneSentenceWithTheirLine() throws {
        let cases: [(String, String)] = [
            (Self.project.replacingOccurrences(of: "name: NAME }\npattern", with: "name: NAME, year: soon }\npattern"),
             "p.yaml: line 3: layer 'protected-areas': 'year' must be a year such as 2020, got 'soon'"),
            (Self.project.replacingOccurrences(of: "rivers.geojson, name: NAME", with: "rivers.geojson, name: NAME, width: [30]"),
             "p.yaml: line 9: element '廊': 'width' must be a distance in metres, got '[30]'"),
            (Self.project.replacingOccurrences(of: "区: { source: zones.geojson", with: "区: { source: nowhere.geojson"),
             "p.yaml: line 10: pattern '区' names "),
        ]
        for (project, expected) in cases {
            let dir = try Self.folder(project)
            defer { try? FileManager.default.removeItem(at: dir) }
            for command in [["pattern", "p.yaml"], ["tabulate", "p.yaml", "--matrix"]] {
                let r = try CLI.run(command, in: dir)
                #expect(r.status == 2, "\(command): \(r.stderr)")
                let errors = r.stderr.split(separator: "\n").filter { !$0.contains("warning") }
                #expect(errors.count == 1 && errors.first?.contains(expected) == true, "\(command): \(r.stderr)")
            }
        }
    }

    @Test func patternThatIsNotBanansIsToldOnlyItsOwnRules() throws {
        let dir = try Self.folder(Self.project.replacingOccurrences(of: "  zones: { source: zones.geojson }\n", with: ""))
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try CLI.run(["pattern", "p.yaml"], in: dir)
        #expect(text.status == 0 && text.stderr.isEmpty, "\(text.stderr)")
        #expect(!text.stdout.contains("belt"), "\(text.stdout)")
        #expect(text.stdout.contains("link rule 廊 → 屏: not met by 亮江"), "\(text.stdout)")
        let r = try CLI.run(["pattern", "p.yaml", "--json"], in: dir)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let graph = try #require(doc["graph"] as? [String: Any])
        #expect(graph["barriers_without_belt"] == nil && graph["barriers_cut_off"] == nil)
        let rules = try #require(graph["link_rules"] as? [[String: Any]])
        #expect(rules.count == 1 && rules[0]["rule"] as? String == "廊 → 屏" && rules[0]["not_linked"] as? [String] == ["廊:亮江"])
        let roles = try #require(doc["roles"] as? [[String: Any]])
        #expect(roles.map { "\($0["symbol"]!) \($0["kind"]!) \($0["declared"]!) \($0["found"]!)" } == ["屏 barrier 3 3", "廊 corridor 2 2", "区 zone 3 3"])
        let widths = try #require((doc["settings"] as? [String: Any])?["widths"] as? [[String: Any]])
        #expect(widths.first { $0["role"] as? String == "廊" }?["width_m"] as? Double == 30)
        // --check fails on the cut-off corridor only.
        let check = try CLI.run(["pattern", "p.yaml", "--check"], in: dir)
        #expect(check.status == 1 && check.stderr.contains("cut off (rule 廊 → 屏): 亮江") && !check.stderr.contains("belt"), "\(check.stderr)")
    }
}
