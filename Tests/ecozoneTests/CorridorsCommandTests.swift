import Foundation
import Testing

/// `ecozone corridors` as a user runs it, on the Banan data set at 300 m (debug builds are slow;
/// the full 30 m run is the demo) and its outputs as `tabulate` layers.
@Suite struct CorridorsCommandTests {
    static let banan = CLI.repository.appendingPathComponent("fixtures/banan")
    static var project: String { banan.appendingPathComponent("project.yaml").path }
    static var hasBanan: Bool { FileManager.default.fileExists(atPath: banan.appendingPathComponent("landuse.tif").path) }

    @Test(.enabled(if: hasBanan)) func bananJSONOutputsAndTabulate() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(["corridors", Self.project, "--aggregate", "10", "--out", out, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("cost-weighted distance"))   // progress on stderr, JSON alone on stdout
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let pairs = json["pairs"] as! [[String: Any]]
        #expect(!pairs.isEmpty && json["corridors"] as? Int == pairs.count)
        for p in pairs {
            for key in ["from", "to", "euclidean_m", "cost_distance", "path_length_m", "cost_to_length"] { #expect(p[key] != nil, "\(key)") }
            let ratio = (p["cost_distance"] as! Double) / (p["path_length_m"] as! Double)
            #expect(abs(ratio - (p["cost_to_length"] as! Double)) <= 1e-12 * ratio)
        }
        let pinch = json["pinch_points"] as! [String: Any], barriers = json["barriers"] as! [String: Any]
        #expect(pinch["count"] as! Int > 0 && pinch["area_km2"] as! Double > 0)
        #expect(barriers["count"] as! Int > 0 && barriers["area_km2"] as! Double > 0)
        // pairs.csv (UTF-8 with BOM, CRLF, as every CSV) has a header and one row per pair; summary.json is the same document.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out + "/pairs.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
        #expect(csv.count == pairs.count + 1)
        #expect(csv.first == "from,from_name,to,to_name,euclidean_m,cost_distance,path_length_m,cost_to_length,effective_resistance")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as! [String: Any]
        #expect(summary["corridors"] as? Int == pairs.count)

        // The pinch points as a project layer: how much of their area lies outside the red line?
        let yaml = """
        name: pinch points against the red line
        crs: EPSG:4490
        layers:
          pinch-points: { source: \(out)/pinch_points.gpkg }
          red-line: { source: \(Self.banan.path)/redline.gpkg, layer: redline_2023 }
        """
        let check = dir.appendingPathComponent("check.yaml").path
        try yaml.write(toFile: check, atomically: true, encoding: .utf8)
        let t = try CLI.run(["tabulate", check, "--by", "pinch-points", "--by", "red-line", "--json"])
        #expect(t.status == 0, "\(t.stderr)")
        let tab = try JSONSerialization.jsonObject(with: Data(t.stdout.utf8)) as! [String: Any]
        let total = tab["total"] as? Double ?? (tab["total_km2"] as? Double ?? -1)
        #expect(abs(total - (pinch["area_km2"] as! Double)) < 1e-5 * total, "\(t.stdout.prefix(400))")
    }

    @Test(.enabled(if: hasBanan)) func failedRunLeavesNothing() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(["corridors", "--cores", Self.banan.appendingPathComponent("ranges.shp").path,
                             "--resistance", Self.banan.appendingPathComponent("missing.tif").path, "--out", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains("missing.tif"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let u = try CLI.run(["corridors"])
        #expect(u.status == 2)
    }
}
