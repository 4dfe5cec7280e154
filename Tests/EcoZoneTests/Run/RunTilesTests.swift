import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// `run` writes a layer over the tile thresholds as vector tiles (thresholds lowered here), lists
/// them in run.json and the folder's manifest, and records peak memory per step.
@Suite struct RunTilesTests {
    @Test func aLayerOverTheThresholdGetsTilesGDALReadsBack() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        let grades = ["轻度", "中度", "强烈"]
        var erosion: [(String, String, Geometry)] = []
        for k in 0..<12 {
            let x = Double(k % 4) * 400, y = Double(k / 4) * 400
            erosion.append(("斑块\(k)", grades[k % 3], try c.rect(x, y, x + 300, y + 300)))
        }
        _ = try c.layer("erosion", erosion)
        _ = try c.layer("boundary", [("巴南区", "", try c.rect(-100, -100, 1700, 1300))])
        let project = c.dir.appendingPathComponent("project.yaml")
        try """
        name: tiles
        crs: EPSG:4490
        layers:
          boundary: { source: boundary.gpkg }
          soil-erosion: { source: erosion.gpkg, grade: TYPE, name: NAME }
        """.write(to: project, atomically: true, encoding: .utf8)
        let out = c.dir.appendingPathComponent("out")
        let thresholds = VectorTileThresholds(bytes: 1_000_000, features: 10, maxZoom: 13)
        let results = try ProjectRun.execute(project: project.path, out: out.path, options: RunOptions(corridors: false, tiles: thresholds))

        // Only the layer over a threshold is tiled, in a step of its own right after the layer's.
        #expect(results.tiles.map(\.role) == ["soil-erosion"])
        let names = results.steps.map(\.name)
        #expect(names.firstIndex(of: "tiles soil-erosion") == names.firstIndex(of: "layer soil-erosion").map { $0 + 1 })
        #expect(!names.contains("tiles boundary"))

        let run = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as! [String: Any]
        let tiles = run["tiles"] as! [[String: Any]]
        #expect(tiles.count == 1 && tiles[0]["file"] as? String == "tiles/soil-erosion.mbtiles")
        #expect((tiles[0]["reason"] as? String)?.contains("12 features > 10") == true)
        #expect(((tiles[0]["options"] as? [String: Any])?["max_zoom"] as? Int) == 13)
        #expect((run["peak_rss"] as? String)?.isEmpty == false)
        for step in run["steps"] as! [[String: Any]] {
            #expect(((step["peak_rss_mib"] as? Double) ?? 0) > 0, "\(step["name"] ?? "")")
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(".ecozone"))) as! [String: Any]
        #expect((manifest["files"] as! [String]).contains("tiles/soil-erosion.mbtiles"))

        // GDAL reads the tiles at their deepest zoom: the layer, its fields, every feature's attributes.
        let layer = try VectorSource.open(out.appendingPathComponent("tiles/soil-erosion.mbtiles").path).layer(named: "soil-erosion")
        let fields = layer.fields.map(\.name)
        #expect(fields.contains("NAME") && fields.contains("TYPE") && fields.contains("mvt_id"))
        let (ni, ti, ii) = (fields.firstIndex(of: "NAME")!, fields.firstIndex(of: "TYPE")!, fields.firstIndex(of: "mvt_id")!)
        var typeOf: [String: String] = [:]
        var ids = Set<String>()
        for f in try layer.readFeatures() {
            typeOf[f.values[ni].description] = f.values[ti].description
            ids.insert(f.values[ii].description)
        }
        #expect(typeOf == Dictionary(uniqueKeysWithValues: erosion.map { ($0.0, $0.1) }))
        #expect(ids.count == 12)
    }

    @Test func thresholdsAreStrictAndEitherOneSuffices() {
        let t = VectorTileThresholds(bytes: 20_000_000, features: 100_000)
        #expect(t.reason(features: 100_000, geojsonBytes: 20_000_000) == nil)
        #expect(t.reason(features: 100_001, geojsonBytes: 10)?.contains("100001 features") == true)
        #expect(t.reason(features: 10, geojsonBytes: 20_000_001)?.contains("GeoJSON") == true)
    }
}
