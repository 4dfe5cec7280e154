import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The report renderer on the real Banan layers: two maps (plan layers, security pattern) in a
/// document shaped like `ecozone run`'s report. Set ECOZONE_REPORT_DEMO=/path/report.html to keep
/// the page (then `scripts/check-report /path/report.html` to look at it).
@Suite struct BananReportDemoTests {
    static let banan = TestPaths.repository.appendingPathComponent("fixtures/banan")

    /// A map layer from a Banan file, in CGCS2000 lon/lat.
    static func layer(_ file: String, layer name: String? = nil, title: String, style: MapStyle,
                      label: String? = nil, category: String? = nil) throws -> MapLayer {
        let source = try VectorSource.open(banan.appendingPathComponent(file).path)
        let l = try source.layer(named: name)
        let fields = l.fields.map(\.name)
        let target = try CRS.cgcs2000()
        let transformer = try l.crs().map { try Transformer(from: $0, to: target) }
        let ctx = GeometryContext()
        var features: [MapFeature] = []
        try l.forEachFeature { f in
            guard let wkb = f.wkb else { return }
            var bytes = wkb
            if let transformer, !transformer.isIdentity {
                bytes = try transformer.transform(try Geometry(wkb: wkb, context: ctx)).wkb
            }
            func value(_ field: String?) -> String? {
                guard let field, let i = fields.firstIndex(of: field) else { return nil }
                return f.values[i].description
            }
            features.append(MapFeature(wkb: bytes, label: value(label), category: value(category)))
        }
        return MapLayer(title: title, style: style, features: features)
    }

    static func document() throws -> (ReportDocument, [String]) {
        let boundary = try layer("boundary.shp", title: "巴南区界", style: .boundary)
        let towns = try layer("towns.shp", title: "镇街", style: .towns, label: "NAME")
        let plan = try SVGMap.render(title: "巴南区生态保护修复格局", layers: [
            try layer("erosion.shp", title: "水土流失", style: .soilErosion, category: "GRADE"),
            try layer("redline.gpkg", layer: "redline_2023", title: "生态保护红线（2023）", style: .redLine),
            try layer("protected_areas.geojson", title: "自然保护地", style: .protectedAreas, label: "NAME"),
            try layer("projects.gpkg", layer: "projects", title: "重点工程", style: .projects),
            towns, boundary,
        ])
        let zones = try SVGMap.render(title: "生态修复分区", layers: [
            try layer("zones.shp", title: "修复分区", style: .restorationZones, label: "NAME", category: "NAME"),
            try layer("rocky_desertification.shp", title: "石漠化", style: .rockyDesertification, category: "GRADE"),
            boundary,
        ], width: 960, height: 640)
        let pattern = try SVGMap.render(title: "生态安全格局：八屏八带多廊多点", layers: [
            try layer("ranges.shp", title: "屏：山体", style: .barriers, label: "NAME"),
            try layer("rivers.shp", title: "带：河流", style: .belts, label: "NAME"),
            try layer("streams.shp", title: "廊：溪流", style: .corridors, label: "NAME"),
            try layer("nodes.shp", title: "点：岛屿、水库、山体", style: .nodes, label: "NAME"),
            boundary,
        ])
        let method = "面积：CGCS2000 椭球面积；地图：CGCS2000 3°高斯-克吕格投影第36带（EPSG:4524）"
        let doc = ReportDocument(
            title: "巴南区国土空间生态保护修复规划", subtitle: "空间分析报告 · 八屏八带多廊多点",
            generated: "生成于 2025-01-01 10:00 · ecozone · GEOS 3.11 · PROJ 9.1 · GDAL 3.6",
            sections: [
                ReportSection(title: "概况", blocks: [
                    .keyFigures([
                        (label: "幅员面积", value: "1820.29 km²", note: "规划声明 1823 km²，−0.15 %"),
                        (label: "生态保护红线", value: "142.40 km²", note: "2023 年调整后；占 7.82 %"),
                        (label: "水土流失", value: "535.52 km²", note: "占幅员 29.42 %"),
                        (label: "规划核验", value: "9 通过 · 2 未通过", note: "19 项声明，8 项仅为声明"),
                    ]),
                    .paragraph("本报告由 EcoZone 根据项目文件生成。所有面积均为 CGCS2000 椭球面积（国家土地调查规则）；地图采用图幅中心所在的 3° 高斯-克吕格投影带，比例尺真实。"),
                    .map(svg: plan, caption: "规划图层叠加。" + method),
                    .map(svg: zones, caption: "生态修复分区与石漠化等级。" + method),
                ]),
                ReportSection(title: "图层叠加", blocks: [
                    .table(ReportTable(caption: "图层两两重叠面积（km²）", headers: ["", "红线", "保护地", "水土流失", "修复分区"],
                                       rows: [["生态保护红线", "142.40", "38.21", "21.05", "139.88"],
                                              ["自然保护地", "38.21", "96.54", "12.77", "95.02"],
                                              ["水土流失", "21.05", "12.77", "535.52", "509.31"],
                                              ["修复分区", "139.88", "95.02", "509.31", "1731.61"]],
                                       numericColumns: [1, 2, 3, 4], note: method, heat: true)),
                ]),
                ReportSection(title: "规划数据核验", blocks: [
                    .table(ReportTable(caption: "声明与计算", headers: ["编号", "状态", "声明", "计算", "差值", "相对", "图层"],
                                       rows: [["total", "pass", "1823 km²", "1820.29", "−2.71", "−0.15 %", "boundary"],
                                              ["red-line", "pass", "142.4 km²", "142.40", "+0.00", "+0.00 %", "red-line"],
                                              ["strong-share", "FAIL", "13.04 %", "12.94", "−0.10 pt", "−0.76 %", "(ratio)"],
                                              ["zones-cover-district", "FAIL", "1823 km²", "1731.61", "−91.39", "−5.01 %", "(sum)"]],
                                       numericColumns: [2, 3, 4, 5], footer: [["合计", "2 通过 · 2 未通过", "", "", "", "", ""]],
                                       note: "容差：测量值 1 %；算术按书写精度", rowStatus: ["pass", "pass", "fail", "fail"])),
                    .code("strong-share          FAIL  69.30 / 535.52 = 12.94 % ≠ 13.04 % (−0.10 pt, −0.76 %)\nzones-cover-district  FAIL  127.45 + 131.6 + 206.07 + 109.25 + 1157.24 = 1731.61 ≠ 1823"),
                ]),
                ReportSection(title: "生态安全格局", blocks: [
                    .map(svg: pattern, caption: "屏、带、廊、点。" + method),
                ]),
            ])
        return (doc, [plan, zones, pattern])
    }

    @Test func rendersTheBananReport() throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (doc, maps) = try Self.document()
        let html = HTMLReport.render(doc)
        let elapsed = clock.now - start
        for svg in maps {
            let root = try #require(XMLTreeBuilder.parse(svg))
            #expect(!root.elements(class: "label").isEmpty)
            #expect(svg.utf8.count < 1_500_000)
        }
        // 23 towns, all labelled where room allows; the plan map keeps its legend.
        let plan = try #require(XMLTreeBuilder.parse(maps[0]))
        #expect(plan.elements(class: "legend-entry").count == 6)
        #expect(plan.elements(class: "legend-category").map { $0.attributes["data-category"]! }.starts(with: ["轻度"]) ||
                plan.elements(class: "legend-category").map { $0.attributes["data-category"]! }.starts(with: ["微度"]))
        #expect(html.utf8.count < 3_000_000)
        let path = ProcessInfo.processInfo.environment["ECOZONE_REPORT_DEMO"]
            ?? TestPaths.temporaryDirectory().appendingPathComponent("report.html").path
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        print("Banan demo report: \(path) (\(html.utf8.count) bytes, maps \(maps.map { $0.utf8.count }), \(elapsed))")
    }
}
