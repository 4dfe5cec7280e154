import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The run's report on constructed results: wholly in Chinese by default and wholly in English
/// with `.en` (data values aside), grades in their order, and — with the run's GeoJSON — an
/// interactive map whose popups give each feature the area the report's feature table gives it.
@Suite struct RunReportTests {
    static func hasCJK(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) }
    }

    /// The texts of every `<tag …>…</tag>` in `html` (tags inside removed).
    static func texts(_ html: String, _ tag: String) -> [String] {
        let r = try! NSRegularExpression(pattern: "<\(tag)[^>]*>(.*?)</\(tag)>", options: [.dotMatchesLineSeparators])
        return r.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            (html as NSString).substring(with: $0.range(at: 1)).replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        }
    }

    /// A district (boundary) and graded erosion whose groups come in text order, as AreaReport gives them.
    static func results() throws -> RunResults {
        var r = RunResults(projectName: "Test plan", projectPath: "/tmp/p.yaml", analysisCRS: "EPSG:4490")
        r.layers = [
            RunResults.LayerSummary(role: "boundary", baseRole: .boundary, source: "b.shp", crs: "EPSG:4490", encoding: "UTF-8 (by format)",
                                    geometry: "Polygon", features: 1, area: Area(squareKilometres: 100), repairs: 0),
            RunResults.LayerSummary(role: "soil-erosion", baseRole: .soilErosion, source: "e.shp", crs: "EPSG:4490", encoding: "CP936 (from .cpg)",
                                    geometry: "Multi Polygon", features: 5, area: Area(squareKilometres: 15), groupedBy: "GRADE",
                                    groups: ["中度", "剧烈", "强烈", "极强烈", "轻度"].enumerated().map { AreaReport.Group(key: $1, features: 1, area: Double($0 + 1)) },
                                    repairs: 0, fieldRoles: ["grade": "GRADE"]),
        ]
        r.classOrders["soil-erosion"] = OrderedField(layer: "soil-erosion", field: "GRADE", role: .grade, order: .soilErosion)
        let c = GeometryContext()
        r.map["boundary"] = [MapFeature(wkb: try c.rectangle(Envelope(minX: 106, minY: 29, maxX: 106.1, maxY: 29.1)).wkb)]
        r.map["soil-erosion"] = try ["中度", "轻度"].enumerated().map { i, g in
            MapFeature(wkb: try c.rectangle(Envelope(minX: 106 + 0.02 * Double(i), minY: 29, maxX: 106.01 + 0.02 * Double(i), maxY: 29.01)).wkb, category: g)
        }
        r.frame = Envelope(minX: 106, minY: 29, maxX: 106.1, maxY: 29.1)
        r.steps = [RunManifest.Step(name: "layer soil-erosion", seconds: 0.5, peakMiB: nil, riseMiB: nil, residentBeforeMiB: nil)]
        return r
    }

    @Test func chineseByDefaultEnglishOnRequest() throws {
        let r = try Self.results()
        let zh = try RunReport.html(r, leaflet: nil), en = try RunReport.html(r, language: .en, leaflet: nil)
        #expect(zh.contains("<html lang=\"zh-CN\">") && en.contains("<html lang=\"en\">"))
        // Headings and the contents: Chinese only in Chinese, no Chinese in English.
        for h in Self.texts(zh, "h2") { #expect(!h.contains { $0.isASCII && $0.isLetter }, "\(h)") }
        for h in Self.texts(en, "h2") + Self.texts(en, "figcaption") + Self.texts(en, "th") { #expect(!Self.hasCJK(h), "\(h)") }
        #expect(zh.contains("<h2>目录</h2>") && en.contains("<h2>Contents</h2>"))
        // Legends, scale bars and projections of the static maps.
        #expect(zh.contains(">图例</text>") && zh.contains(">千米</text>") && en.contains(">Legend</text>") && en.contains(">km</text>"))
        #expect(en.contains("Gauss–Krüger") && en.contains("zone 35") && zh.contains("第35带"))
        // The role's display name with its key kept beside it in the layers table.
        #expect(zh.contains("<td>水土流失</td><td>soil-erosion</td>") && en.contains("<td>Soil erosion</td><td>soil-erosion</td>"))
        #expect(zh.contains("CP936（据 .cpg）"))
        // Grades in intensity order, not in the order the groups came in.
        let grades = ["轻度", "中度", "强烈", "极强烈", "剧烈"]
        let rows = Self.texts(zh, "tr").filter { row in grades.contains { row.hasPrefix($0) } }
        #expect(rows.map { String($0.prefix { !$0.isNumber }) } == ["轻度", "中度", "强烈", "极强烈", "剧烈"])
        #expect(zh.contains("等级按SL 190-2007《土壤侵蚀分类分级标准》排序"))
        // No interactive map without the run's folder; with it but without Leaflet, a sentence saying how to get it.
        #expect(!zh.contains("ez-map"))
    }

    @Test func thePopupsAreasAreTheFeatureTables() throws {
        // The run's folder as ProjectRun leaves it when the report is written: a red line of two
        // rectangles drawn in Gauss–Krüger metres near the central meridian (3000 × 2000 m and 1000 × 1000 m:
        // 6 and 1 km² within 1e-5) and turned into lon/lat.
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("geojson"), withIntermediateDirectories: true)
        var features: [Any] = []
        for (i, rect) in [(0.0, 0.0, 3000.0, 2000.0), (5000.0, 0.0, 6000.0, 1000.0)].enumerated() {
            let one = try RoleSourcesAndDatesTests.lonLatRectangle(rect.0, rect.1, rect.2, rect.3, field: "CODE", value: "RL-\(i + 1)")
            features += (try JSONSerialization.jsonObject(with: Data(one.utf8)) as! [String: Any])["features"] as! [Any]
        }
        let collection = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features])
        try collection.write(to: dir.appendingPathComponent("geojson/red-line.geojson"))
        var r = try Self.results()
        r.layers.append(RunResults.LayerSummary(role: "red-line", baseRole: .redLine, source: "r.gpkg", crs: "EPSG:4490", encoding: "UTF-8 (by format)",
                                                geometry: "Polygon", features: 2, area: Area(squareKilometres: 7), repairs: 0))
        r.outputs = ["geojson/red-line.geojson"]
        let assets = LeafletAssets(javaScript: "window.L = undefined;", css: ".leaflet-container{}", version: "test")
        let html = try RunReport.html(r, folder: dir.path, leaflet: assets)
        #expect(html.contains("<div id=\"ez-map\"") && html.contains("window.L = undefined;"))
        // The feature table: each row's area, to 4 decimals, as the popup data carries it.
        let cells = Self.tableCells(html, after: "生态保护红线：各图斑面积")
        #expect(cells.count == 2 && cells.map { $0[1] } == ["RL-1", "RL-2"], "\(cells)")
        for (i, expected) in [6.0, 1.0].enumerated() {
            guard i < cells.count, let text = cells[i].last, let area = Double(text) else { continue }
            #expect(abs(area - expected) <= 1e-4, "\(cells[i])")
            // The popup data of feature i + 1 holds the same text.
            #expect(html.contains("[\"RL-\(i + 1)\"],\(text)]"), "\(cells[i])")
        }
    }

    /// The body cells of the first table after `caption`, row by row.
    static func tableCells(_ html: String, after caption: String) -> [[String]] {
        guard let start = html.range(of: caption), let body = html.range(of: "<tbody>", range: start.upperBound..<html.endIndex),
              let end = html.range(of: "</tbody>", range: body.upperBound..<html.endIndex) else { return [] }
        return html[body.upperBound..<end.lowerBound].components(separatedBy: "</tr>").dropLast().map { texts($0 + "</tr>", "td") }
    }
}
