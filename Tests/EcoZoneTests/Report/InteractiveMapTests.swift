import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The interactive map's data: coordinates come back as the page's script decodes them, large
/// layers stay within their vertex budget, text never closes its script element, and Leaflet is
/// inlined with its images so that the page asks for no file.
@Suite struct InteractiveMapTests {
    static func square(_ x: Double, _ y: Double, _ side: Double, _ c: GeometryContext) throws -> [UInt8] {
        try c.rectangle(Envelope(minX: x, minY: y, maxX: x + side, maxY: y + side)).wkb
    }

    @Test func coordinatesComeBackWithinHalfAGridStep() throws {
        let c = GeometryContext()
        // A square with a hole, and a second square, near Chongqing.
        let shell = try c.polygon(rings: [(xs: [106.5, 106.6, 106.6, 106.5], ys: [29.4, 29.4, 29.5, 29.5]),
                                          (xs: [106.52, 106.54, 106.54, 106.52], ys: [29.42, 29.42, 29.44, 29.44])]).wkb
        let second = try Self.square(106.7, 29.6, 0.01, c)
        let features = [InteractiveFeature(wkb: shell, values: ["甲", "</script><b>&"], measure: "95.1234"),
                        InteractiveFeature(wkb: second, values: [nil, "x"], measure: "1.0000")]
        let layer = InteractiveLayer(id: "red-line", title: "生态保护红线", style: .redLine, visible: true, z: 1,
                                     fields: ["NAME", "NOTE"], labelField: 0, measure: .area, features: features)
        let parts = try features.map { try InteractiveMapEncoder.parts($0.wkb, context: c, gcj02: false) }
        let e = InteractiveMapEncoder.encode(layer, parts: parts, text: ReportText(.zh))
        #expect(e.quantum == InteractiveMapEncoder.baseQuantum && e.drawn == 2 && e.vanished == 0 && e.vertices == 12)
        // Nothing in the data can end the page's script element.
        #expect(!e.json.contains("</") && !e.json.contains("<b>") && e.json.contains("\\u003c/script\\u003e"))
        let layerJSON = try JSONSerialization.jsonObject(with: Data(e.json.utf8)) as! [String: Any]
        let f = layerJSON["f"] as! [[Any]]
        #expect(f.count == 2 && (f[0][0] as? Int) == 1 && (f[1][0] as? Int) == 2)
        #expect((f[0][3] as! [Any?]).compactMap { $0 as? String } == ["甲", "</script><b>&"])
        #expect((f[0][4] as? Double) == 95.1234)
        // Decode the first polygon's rings as the page does.
        let q = layerJSON["q"] as! Double, ox = layerJSON["ox"] as! Int, oy = layerJSON["oy"] as! Int
        let rings = (f[0][2] as! [[[Int]]])[0]
        #expect(rings.count == 2)
        var decoded: [[(Double, Double)]] = []
        for ring in rings {
            var x = ox, y = oy, pts: [(Double, Double)] = []
            for i in stride(from: 0, to: ring.count - 1, by: 2) { x += ring[i]; y += ring[i + 1]; pts.append((Double(x) * q, Double(y) * q)) }
            decoded.append(pts)
        }
        let expected: [[(Double, Double)]] = [[(106.5, 29.4), (106.6, 29.4), (106.6, 29.5), (106.5, 29.5)],
                                              [(106.52, 29.42), (106.54, 29.42), (106.54, 29.44), (106.52, 29.44)]]
        for (r, ring) in decoded.enumerated() {
            #expect(ring.count == 4)
            for (p, e) in zip(ring, expected[r]) { #expect(abs(p.0 - e.0) <= q / 2 + 1e-12 && abs(p.1 - e.1) <= q / 2 + 1e-12, "\(p) vs \(e)") }
        }
    }

    @Test func aLargeLayerStaysWithinItsBudget() throws {
        let c = GeometryContext()
        // 4,000 squares of 0.0002° (≈ 20 m) on a grid 0.0005° apart: 16,000 vertices on the finest grid.
        var features: [InteractiveFeature] = []
        for i in 0..<4000 {
            let x = 106.0 + Double(i % 80) * 0.0005, y = 29.0 + Double(i / 80) * 0.0005
            features.append(InteractiveFeature(wkb: try Self.square(x, y, 0.0002, c), values: [i % 2 == 0 ? "轻度" : "中度"], measure: "0.0004"))
        }
        let layer = InteractiveLayer(id: "soil-erosion", title: "水土流失", style: .soilErosion, visible: false, z: 0,
                                     fields: ["GRADE"], categoryField: 0, measure: .area, features: features)
        let parts = try features.map { try InteractiveMapEncoder.parts($0.wkb, context: c, gcj02: false) }
        let full = InteractiveMapEncoder.encode(layer, parts: parts, text: ReportText(.zh))
        #expect(full.vertices == 16_000 && full.quantum == InteractiveMapEncoder.baseQuantum && full.json.contains("\"canvas\":true"))
        // With a budget of 6,000 the grid coarsens (a power of two of the base) until the layer fits;
        // squares smaller than the grid vanish and are counted.
        let small = InteractiveMapEncoder.encode(layer, parts: parts, text: ReportText(.zh), budget: 6_000)
        #expect(small.vertices <= 6_000 && small.quantum > full.quantum)
        let steps = log2(small.quantum / InteractiveMapEncoder.baseQuantum)
        #expect(abs(steps - steps.rounded()) < 1e-9)
        #expect(small.drawn + small.vanished == 4000 && small.json.utf8.count < full.json.utf8.count)
        // The repeated grade is written once per layer, each feature holding its index.
        #expect(full.json.contains("[\"GRADE\",\"GRADE\",[\"中度\",\"轻度\"]]"))
    }

    /// On a GCJ-02 base map (Amap, Tencent) the layers are shifted onto it by the published forward shift.
    @Test func gcj02BaseMapsShiftTheLayers() throws {
        let c = GeometryContext()
        let wkb = try c.lineString(xs: [106.5, 106.6], ys: [29.5, 29.55]).wkb
        let plain = try InteractiveMapEncoder.parts(wkb, context: c, gcj02: false), shifted = try InteractiveMapEncoder.parts(wkb, context: c, gcj02: true)
        #expect(plain.lines == [[106.5, 29.5, 106.6, 29.55]])
        let g = GCJ02.fromWGS84(lon: 106.5, lat: 29.5)
        #expect(shifted.lines[0][0] == g.lon && shifted.lines[0][1] == g.lat && abs(g.lon - 106.5) > 1e-3)
    }

    @Test func leafletIsInlinedWithItsImages() throws {
        let dir = TestPaths.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: dir.appendingPathComponent("images/layers.png"))
        try "/* L */ var L={version:\"1.9.9\"}; var s=\"</script>\";\n//# sourceMappingURL=leaflet.js.map\n"
            .write(to: dir.appendingPathComponent("leaflet.js"), atomically: true, encoding: .utf8)
        try ".a{background:url(images/layers.png)}.b{background-image:url('images/missing.png')}\n/*# sourceMappingURL=leaflet.css.map */"
            .write(to: dir.appendingPathComponent("leaflet.css"), atomically: true, encoding: .utf8)
        let assets = try #require(LeafletAssets.system(directory: dir.path))
        #expect(assets.version == "1.9.9")
        #expect(assets.css.contains("url(data:image/png;base64,AQID)"))          // the three bytes 1 2 3
        #expect(assets.css.contains("url(data:image/png;base64,\(LeafletAssets.transparentPNG))"))
        #expect(!assets.css.contains("images/") && !assets.css.contains("sourceMappingURL") && !assets.javaScript.contains("sourceMappingURL"))
        #expect(!assets.javaScript.lowercased().contains("</script"))
        #expect(LeafletAssets.system(directory: dir.appendingPathComponent("nothing").path) == nil)

        let html = InteractiveMap.html([], frame: Envelope(minX: 106, minY: 29, maxX: 107, maxY: 30), basemap: nil, text: ReportText(.en), assets: assets)
        #expect(html.contains("id=\"ez-map\"") && html.contains("\"lang\":\"en\"") && html.contains("\"basemap\":null"))
        #expect(html.contains("\"legend\":\"Legend\"") && html.contains("\"frame\":[106.0,29.0,107.0,30.0]"))
    }
}
