import Foundation
import Testing

/// `ecozone pattern` as a user runs it. Expected values come from scripts/reference/pattern_banan_shapely.py
/// (34 elements; 圣灯山 the one barrier with no belt) and from the plan's label.
@Suite(.serialized) struct PatternCommandTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan").path

    @Test func jsonShapeOnBanan() throws {
        let r = try CLI.run(["pattern", "\(Self.banan)/project.yaml", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["project", "label", "method", "settings", "layers", "roles", "elements", "graph", "gaps", "ranking"] {
            #expect(doc.keys.contains(key), "\(key)")
        }
        let roles = try #require(doc["roles"] as? [[String: Any]])
        let barriers = try #require(roles.first { $0["role"] as? String == "barriers" })
        #expect(barriers["declared"] as? Int == 8 && barriers["found"] as? Int == 8 && barriers["status"] as? String == "match")
        #expect((doc["elements"] as? [[String: Any]])?.count == 34)
        let graph = try #require(doc["graph"] as? [String: Any])
        #expect(graph["barriers_without_belt"] as? [String] == ["barriers:圣灯山"])
        #expect(graph["isolated"] as? [String] == ["nodes:木洞中坝"])
        #expect((graph["edges"] as? [[String: Any]])?.first?.keys.sorted() == ["distance_m", "footprint_distance_m", "from", "nature", "to"])
        #expect(doc["gaps"] is NSNull)
        let settings = try #require(doc["settings"] as? [String: Any])
        #expect(settings["zone_crs"] as? String == "EPSG:4524")
        #expect(settings["belt_width_m"] as? Double == 1000)
    }

    @Test func tableAndGeoJSONWrittenIntoOut() throws {
        let dir = CLI.temporaryDirectory().appendingPathComponent("pattern-out")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try CLI.run(["pattern", "\(Self.banan)/project.yaml", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("barriers not linked to any belt: 圣灯山"))
        #expect(r.stdout.contains("八屏"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == [".ecozone", "edges.geojson", "elements.geojson", "gaps.geojson"])   // no partial files left behind
        func features(_ name: String) throws -> [[String: Any]] {
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(name))) as? [String: Any]
            return try #require(doc?["features"] as? [[String: Any]])
        }
        #expect(try features("elements.geojson").count == 34)
        let edges = try features("edges.geojson")
        #expect(edges.count == 55)
        #expect((edges.first?["geometry"] as? [String: Any])?["type"] as? String == "LineString")
        #expect(try features("gaps.geojson").isEmpty)
    }

    @Test func checkFailsWhenTheLabelDeclaresMore() throws {
        #expect(try CLI.run(["pattern", "\(Self.banan)/project.yaml", "--check"]).status == 0)
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
        layers:
          boundary: { source: \(Self.banan)/boundary.shp }
        pattern:
          label: 九屏八带
          barriers: { source: \(Self.banan)/ranges.shp, name: NAME }
          belts: { source: \(Self.banan)/rivers.shp, name: NAME, names: [长江, 花溪河, 大溪河] }
        """
        let project = dir.appendingPathComponent("p.yaml")
        try yaml.write(to: project, atomically: true, encoding: .utf8)
        let r = try CLI.run(["pattern", project.path, "--check"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("九屏: 9 declared, 8 found"))
        #expect(r.stderr.contains("大溪河"))
    }

    @Test func badInputExitsTwo() throws {
        let missing = try CLI.run(["pattern", "/nonexistent/project.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/project.yaml"))
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("p.yaml")
        try "layers:\n  boundary: { source: \(Self.banan)/boundary.shp }\n".write(to: project, atomically: true, encoding: .utf8)
        let noPattern = try CLI.run(["pattern", project.path])
        #expect(noPattern.status == 2)
        #expect(noPattern.stderr.contains("no 'pattern' section"))
    }
}
