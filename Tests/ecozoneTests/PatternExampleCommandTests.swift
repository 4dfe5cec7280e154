import Foundation
import Testing

/// README's worked example: the constructed 巫山-like pattern in Tests/EcoZoneTests/Fixtures/patterns/wushan
/// (两带四屏二十二廊多块; SOURCE.md there gives each element and what it touches by construction).
@Suite struct PatternExampleCommandTests {
    static let fixture = CLI.repository.appendingPathComponent("Tests/EcoZoneTests/Fixtures/patterns/wushan")

    @Test func wushanLikeExample() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["project.yaml", "rivers.geojson", "mountains.geojson", "tributaries.geojson", "patches.geojson"] {
            try FileManager.default.copyItem(at: Self.fixture.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let r = try CLI.run(["pattern", "project.yaml", "--json", "--strict"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let roles = try #require(doc["roles"] as? [[String: Any]])
        func row(_ symbol: String) -> [String: Any] { roles.first { $0["symbol"] as? String == symbol } ?? [:] }
        // 四屏: four declared, three named, three found — one unnamed and missing.
        #expect(row("屏")["declared"] as? Int == 4 && row("屏")["named"] as? Int == 3 && row("屏")["unnamed"] as? Int == 1)
        #expect(row("屏")["found"] as? Int == 3 && row("屏")["status"] as? String == "missing")
        #expect(row("廊")["declared"] as? Int == 22 && row("廊")["found"] as? Int == 4)
        #expect(row("带")["status"] as? String == "match" && row("块")["status"] as? String == "uncounted")
        let graph = try #require(doc["graph"] as? [String: Any])
        #expect((graph["edges"] as? [Any])?.count == 9)
        #expect(graph["isolated"] as? [String] == ["廊:神女溪", "块:红池坝", "块:五里坡"])
        let rules = try #require(graph["link_rules"] as? [[String: Any]])
        #expect(rules.map { $0["rule"] as? String } == ["屏 → 带", "廊 → 屏"])
        #expect(rules[0]["not_linked"] as? [String] == ["屏:大巴山"] && rules[1]["not_linked"] as? [String] == ["廊:神女溪"])
        #expect(rules[0]["cut_off"] as? [String] == [] && rules[1]["cut_off"] as? [String] == ["廊:神女溪"])
        // Lengths and areas by construction, 100 km west of the zone's central meridian (scale 1.000123).
        let elements = try #require(doc["elements"] as? [[String: Any]])
        func element(_ id: String) -> [String: Any] { elements.first { $0["id"] as? String == id } ?? [:] }
        #expect(abs((element("带:长江")["length_km"] as? Double ?? 0) - 60) < 60 * 2e-4)
        #expect(abs((element("屏:大巴山")["area_km2"] as? Double ?? 0) - 225) < 225 * 4e-4)
    }
}
