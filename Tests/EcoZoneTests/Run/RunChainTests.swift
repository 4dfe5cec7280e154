import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// `run` doing the chain on the three-block land cover of SourceSelectionTests (Albers, 30 m): sources
/// A and B (block C's core is too small) from `sources:`, a resistance from `resistance:` (forest 1,
/// other 10, and the distance to the forest), and corridors between the two sources on that surface.
@Suite("run: sources → resistance → corridors")
struct RunChainTests {
    @Test("the chain's outputs, tables, run.json records and report sections")
    func chain() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try SourceSelectionTests.landcover(in: dir)
        let project = dir.appendingPathComponent("p.yaml")
        try Data("""
        name: chain
        layers: {}
        sources:
          landcover: cover.tif
          foreground: [1]
          min-area: 1
          distance: 300
          keep: { top: 5 }
        resistance:
          factors:
            - { name: land cover, raster: cover.tif, classes: { 1: 1, 2: 10 } }
            - { name: to forest, distance-to: { raster: cover.tif, classes: [1] }, breaks: [100], scores: [1, 5] }
          weights: { land cover: 0.8, to forest: 0.2 }
        """.utf8).write(to: project)
        let out = dir.appendingPathComponent("out").path
        let r = try ProjectRun.execute(project: project.path, out: out, options: RunOptions(language: .en))
        let s = try #require(r.sources)
        #expect(s.kept.count == 2 && abs(s.kept[0].hectares - 29.16) < 1e-8 && abs(s.kept[1].hectares - 9) < 1e-8)
        #expect(r.resistance?.factors.map(\.name) == ["land cover", "to forest"])
        let c = try #require(r.corridors)
        #expect(c.pairs.count == 1 && Set([c.pairs[0].fromName, c.pairs[0].toName]) == ["源地1", "源地2"])
        for f in ["sources/sources.gpkg", "sources/mspa.tif", "resistance/resistance.tif", "resistance/factors.csv",
                  "tables/mspa_classes.csv", "tables/source_candidates.csv", "tables/resistance_factors.csv", "geojson/sources.geojson",
                  "corridors"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "\(f)")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/run.json"))) as! [String: Any]
        let sources = manifest["sources"] as! [String: Any], resistance = manifest["resistance"] as! [String: Any]
        #expect((sources["kept"] as! [Int]).count == 2 && sources["rule"] as? String == "top 5 by dPC")
        #expect((resistance["factors"] as! [[String: Any]]).map { $0["weight"] as! Double } == [0.8, 0.2])
        #expect((manifest["inputs"] as! [[String: Any]]).contains { $0["path"] as? String == "cover.tif" })
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("Ecological sources") && html.contains("Resistance surface") && html.contains("Candidate sources"))
    }

    @Test("one source kept: no corridors, a warning says why")
    func tooFewSources() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try SourceSelectionTests.landcover(in: dir)
        let project = dir.appendingPathComponent("p.yaml")
        try Data("""
        layers: {}
        sources: { landcover: cover.tif, foreground: [1], distance: 300, keep: { top: 1 } }
        resistance:
          factors: [{ name: land cover, raster: cover.tif, classes: { 1: 1, 2: 10 } }]
        """.utf8).write(to: project)
        let r = try ProjectRun.execute(project: project.path, out: dir.appendingPathComponent("out").path)
        #expect(r.corridors == nil && r.warnings.contains { $0.contains("corridors need two sources") })
    }
}
