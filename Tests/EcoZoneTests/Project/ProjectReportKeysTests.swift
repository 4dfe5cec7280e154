import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// What a project says about its report — `lang:`, `basemap:` and a layer's `order:` — read with the
/// same rules as every other key: a wrong value is an error naming its line, an unknown key a warning.
@Suite struct ProjectReportKeysTests {
    func load(_ yaml: String) throws -> Project {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("project.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return try Project.load(path)
    }

    func error(_ yaml: String) -> String {
        do { _ = try load(yaml); return "" } catch let e as GeoKitError { return e.message } catch { return "\(error)" }
    }

    @Test func languageAndOrders() throws {
        let p = try load("""
        lang: en
        layers:
          soil-erosion: { source: erosion.shp, grade: GRADE, order: [轻度, 中度, 强烈, 极强烈, 剧烈] }
          rocky-desertification: { source: rocky.shp, grade: GRADE, order: "潜在 → 轻度 → 中度 → 重度 → 极重度" }
          towns: { source: towns.shp, name: NAME }
          red-line:
            - { source: a.gpkg, year: 2020, class: TYPE, order: [生物多样性维护, 水源涵养] }
            - { source: b.gpkg, year: 2023 }
        """)
        #expect(p.language == .en && p.warnings.isEmpty)
        #expect(p.layer(.soilErosion)?.order == ["轻度", "中度", "强烈", "极强烈", "剧烈"])
        #expect(p.layer(.rockyDesertification)?.order == ["潜在", "轻度", "中度", "重度", "极重度"])
        #expect(p.layer(.towns)?.order == nil && p.layer(.redLine)?.order == nil && p.layer(.redLine, year: 2020)?.order == ["生物多样性维护", "水源涵养"])
        #expect(try load("layers: { boundary: b.shp }").language == nil)
        // The run's ordered fields: the project's order, else the national one of a graded role.
        let erosion = try #require(ProjectRun.classOrder(p.layer(.soilErosion)!))
        #expect(erosion.field == "GRADE" && erosion.order.origin == .project && erosion.order.classes.first == "轻度")
        let national = try #require(ProjectRun.classOrder(try load("layers: { soil-erosion: { source: e.shp, grade: G } }").layer(.soilErosion)!))
        #expect(national.order == .soilErosion && national.field == "G")
        #expect(ProjectRun.classOrder(p.layer(.towns)!) == nil)
        #expect(ProjectRun.classOrder(p.layer(.redLine, year: 2020)!)?.field == "TYPE")
    }

    /// `label:` names a layer in the report: a municipality's districts read as `towns` are 区县, not
    /// 乡镇（街道）; a derived layer is named by its label, not its key. Dated versions keep their year.
    @Test func labelsNameLayersInTheReport() throws {
        let p = try load("""
        layers:
          towns: { source: districts.shp, name: NAME, label: 区县 }
          rivers: { source: rivers.shp }
          red-line:
            - { source: a.gpkg, year: 2020, label: 2020年划定的红线 }
            - { source: b.gpkg, year: 2023 }
          dem: { raster: dem.tif, type: elevation, label: 数字高程模型 }
        derived:
          belt: { buffer: rivers, distance: 1000, label: "  沿江1000米生态带 " }
        """)
        #expect(p.warnings.isEmpty, "\(p.warnings)")
        #expect(p.labels == ["towns": "区县", "red-line-2020": "2020年划定的红线", "dem": "数字高程模型", "belt": "沿江1000米生态带"])
        let t = ReportText(.zh, labels: p.labels)
        #expect(t.layerName("towns") == "区县" && t.layerName("belt") == "沿江1000米生态带")
        #expect(t.layerName("red-line") == "生态保护红线" && t.layerName("red-line-2020") == "2020年划定的红线")
        #expect(t.dimension("towns:name") == "区县 · " + t.fieldRole(.name))
        // Unlabelled: the role's name, as before.
        #expect(ReportText(.zh).layerName("towns") == "乡镇（街道）")
        let versioned = ReportText(.zh, labels: ["towns": "区县"])
        #expect(versioned.layerName("towns-2020") == versioned(.versionOf, "区县", 2020))
        #expect(error("layers:\n  towns: { source: t.shp, label: [a, b] }\n").contains("line 2"))
        #expect(error("layers:\n  towns: { source: t.shp, label: \"\" }\n").contains("'label' must be one line of text"))
        #expect(error("layers:\n  towns: { source: t.shp, label: \"\(String(repeating: "区", count: 61))\" }\n").contains("at most 60 characters"))
    }

    @Test func wrongValuesNameTheirLine() {
        #expect(error("lang: fr\nlayers: { boundary: b.shp }").contains("line 1: 'lang' must be zh (Chinese) or en (English), got 'fr'"))
        let duplicate = error("layers:\n  soil-erosion:\n    source: e.shp\n    grade: G\n    order: [轻度, 中度, 轻度]\n")
        #expect(duplicate.contains("line 5") && duplicate.contains("'轻度' twice"), "\(duplicate)")
        #expect(error("layers:\n  soil-erosion: { source: e.shp, grade: G, order: [] }\n").contains("must list the layer's classes"))
        #expect(error("basemap: ftp://x/{z}/{x}/{y}.png\nlayers: { boundary: b.shp }").contains("line 1: 'basemap': 'url' must be an http(s) tile URL"))
        #expect(error("basemap: { url: \"https://t/{z}/{x}/{y}.png\", max-zoom: 30 }\nlayers: { boundary: b.shp }").contains("'max-zoom' must be a zoom from 0 to 22"))
    }

    @Test func basemapAndWarnings() throws {
        let p = try load("""
        basemap: { url: "https://wprd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=7", datum: gcj02, attribution: 高德, zoom: 3 }
        layers:
          towns: { source: towns.shp, name: NAME, order: [a, b] }
        """)
        #expect(p.basemap == Basemap(url: "https://wprd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=7", attribution: "高德", gcj02: true))
        // An unknown key of the base map, and an order with no grade or class field to order.
        #expect(p.warnings.map(\.line) == [1, 3])
        #expect(p.warnings[0].message.contains("unknown key 'zoom' in 'basemap'"))
        #expect(p.warnings[1].message.contains("'order' of layer 'towns' is ignored"))
        #expect(try load("basemap: \"https://t/{z}/{x}/{y}.png\"\nlayers: { boundary: b.shp }").basemap?.gcj02 == false)
    }
}
