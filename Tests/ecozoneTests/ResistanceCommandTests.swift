import Foundation
import Testing

/// `ecozone resistance` on the Banan land-use window (30 m, GK zone 36) with the Banan DEM's slope
/// (3″ lon/lat, sampled at the window's cell centres) and the distance to built-up land, weighted by
/// Saaty's 3 × 3 example (w = 0.6370, 0.2583, 0.1047; CR 0.0332).
@Suite struct ResistanceCommandTests {
    static let window = CLI.repository.appendingPathComponent("Tests/ecozoneTests/Fixtures/mspa/banan_window.tif").path
    static let dem = CLI.repository.appendingPathComponent("fixtures/banan/dem.tif").path

    static func project(in dir: URL, ahp: String = "[[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]") throws -> String {
        let path = dir.appendingPathComponent("p.yaml")
        try Data("""
        layers: {}
        resistance:
          factors:
            - { name: 土地利用, raster: \(window), classes: { 1: 1, 2: 10, 3: 30, 4: 80, 5: 100, 6: 50 } }
            - { name: 坡度, raster: \(dem), derive: slope, breaks: [8, 15, 25], scores: [1, 30, 60, 100] }
            - { name: 距建设用地, distance-to: { raster: \(window), classes: [5] }, breaks: [300, 1000], scores: [100, 50, 1] }
          ahp: \(ahp)
        """.utf8).write(to: path)
        return path.path
    }

    @Test func jsonAndFolder() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("r").path
        let r = try CLI.run(["resistance", try Self.project(in: dir), "--out", out, "--json"])
        try #require(r.status == 0, "\(r.stderr)")
        let j = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(j["weights_from"] as? String == "ahp" && j["width"] as? Int == 180 && j["height"] as? Int == 150)
        let ahp = j["ahp"] as! [String: Any]
        #expect(abs(ahp["cr"] as! Double - 0.0332) < 0.00005 && ahp["acceptable"] as? Bool == true)
        let factors = j["factors"] as! [[String: Any]]
        #expect(factors.map { $0["name"] as! String } == ["土地利用", "坡度", "距建设用地"])
        #expect(abs(factors[0]["weight"] as! Double - 0.6370) < 0.00005)
        // Scores are within 1…100, so the weighted sum is too.
        #expect((j["min"] as! Double) >= 1 && (j["max"] as! Double) <= 100 && j["nodata_cells"] as? Int == 0)
        for f in ResistanceFiles.all { #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "\(f)") }
    }

    @Test func inconsistentMatrixWarnsOnStderr() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["resistance", try Self.project(in: dir, ahp: "[[1, 3, 1/3], [1/3, 1, 3], [3, 1/3, 1]]")])
        #expect(r.status == 0 && r.stderr.contains("CR = 1.149") && r.stdout.contains("inconsistent"))
    }
}

enum ResistanceFiles {
    static let all = ["resistance.tif", "factors.csv", "summary.json"]
}
