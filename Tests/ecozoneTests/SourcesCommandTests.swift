import Foundation
import Testing

/// `ecozone sources` on the Banan land-use window (forest), from options and from a project's
/// `sources:` block; the kept polygons measured again by `ecozone area` (Karney's geodesic area of the
/// written polygons, an independent measure of the ellipsoidal cell sums).
@Suite struct SourcesCommandTests {
    static let window = CLI.repository.appendingPathComponent("Tests/ecozoneTests/Fixtures/mspa/banan_window.tif").path

    func json(_ r: CLI.Result) throws -> [String: Any] {
        try #require(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
    }

    @Test func optionsJSONAndOutput() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("s").path
        let j = try json(try CLI.run(["sources", "--landcover", Self.window, "--foreground", "1", "--min-area", "1", "--distance", "1000",
                                      "--top", "3", "--out", out, "--json"]))
        let candidates = j["candidates"] as! [[String: Any]]
        #expect(candidates.count >= 3)
        #expect(candidates.map { $0["rank"] as! Int } == Array(1...candidates.count))
        let dpc = candidates.map { $0["dPC"] as! Double }
        #expect(zip(dpc, dpc.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(candidates.map { $0["kept"] as! Bool } == candidates.indices.map { $0 < 3 })
        #expect(candidates.allSatisfy { ($0["area_ha"] as! Double) >= 1 })
        let kept = candidates.prefix(3).reduce(0.0) { $0 + ($1["area_ha"] as! Double) }
        let a = try json(try CLI.run(["area", "\(out)/sources.gpkg", "--unit", "ha", "--json"]))
        #expect(a["features"] as? Int == 3)
        // Geodesic polygon area vs the sum of ellipsoidal cell areas: the GK edges are straight lines, not geodesics.
        #expect(abs((a["total"] as! Double) - kept) / kept < 1e-5, "\(a["total"]!) vs \(kept)")
        for f in ["sources.gpkg", "candidates.gpkg", "candidates.csv", "mspa.tif", "summary.json"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "\(f)")
        }
    }

    @Test func projectBlock() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.appendingPathComponent("p.yaml")
        try Data("""
        layers: {}
        sources:
          landcover: \(Self.window)
          foreground: [1]
          min-area: 1
          distance: 1000
          node-distance: centroid
          keep: { min-dpc: 5 }
        """.utf8).write(to: p)
        let j = try json(try CLI.run(["sources", p.path, "--json"]))
        #expect(j["node_distance"] as? String == "centroid" && j["rule"] as? String == "dPC ≥ 5 %")
        for c in j["candidates"] as! [[String: Any]] {
            #expect((c["kept"] as! Bool) == ((c["dPC"] as! Double) >= 5))
        }
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data("layers: {}\nsources:\n  landcover: \(Self.window)\n  foreground: [1]\n".utf8).write(to: bad)
        let r = try CLI.run(["sources", bad.path])
        #expect(r.status == 2 && r.stderr.contains("'distance'") && r.stderr.contains("line"))
    }
}
