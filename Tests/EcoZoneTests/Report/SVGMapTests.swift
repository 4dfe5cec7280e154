import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Two hand-made squares of 0.01° on the central meridian of Gauss–Krüger zone 36 (108 °E):
///
///     甲区  lon 107.99–108.00, lat 29.99–30.00
///     乙区  lon 108.00–108.01, lat 30.00–30.01
///
/// On the CGCS2000 ellipsoid (a = 6 378 137 m, f = 1/298.257222101, e² = f(2 − f)):
/// - at φ = 30°, N = a / √(1 − e² sin²φ) = 6 383 480.9 m, so 0.01° of longitude east of the central
///   meridian is x = N cos φ Δλ = 964.86 m (higher-order terms ~1e-8 relative);
/// - the meridian radius ρ = a(1 − e²) / (1 − e² sin²φ)^1.5 = 6 351 377 m, so the frame's 0.02° of
///   latitude is ρ Δφ = 2 217.0 m tall, and 2 × 964.86 ≈ 1 929.7 m wide.
/// The viewport is 700 × 660 px (960 − 220 legend − 2 × 14 margin − 12 gap; 720 − 46 title − 14),
/// used at 94 %: the frame is height-bound, 0.94 × 660 / 2 217.0 = 0.2798 px/m. The scale bar may
/// take a quarter of the width, 175 px = 625 m, so it is 500 m long: 139.9 px.
@Suite struct SVGMapTests {
    static let a = 6_378_137.0
    static let f = 1 / 298.257222101
    static let e2 = f * (2 - f)
    static let phi = 30.0 * Double.pi / 180
    static let n = a / (1 - e2 * sin(phi) * sin(phi)).squareRoot()
    static let rho = a * (1 - e2) / pow(1 - e2 * sin(phi) * sin(phi), 1.5)
    static let squareWidth = n * cos(phi) * (0.01 * Double.pi / 180)    // 964.86 m
    static let frameHeight = rho * (0.02 * Double.pi / 180)             // 2 217.0 m

    static func square(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) throws -> [UInt8] {
        let ctx = GeometryContext()
        return try ctx.rectangle(Envelope(minX: lon0, minY: lat0, maxX: lon1, maxY: lat1)).wkb
    }

    static func twoSquares() throws -> String {
        var labelledRed = MapStyle.redLine
        labelledRed.labelled = true
        let a = MapLayer(title: "甲层", style: labelledRed,
                         features: [MapFeature(wkb: try square(107.99, 29.99, 108.00, 30.00), label: "甲区")])
        let b = MapLayer(title: "乙层 <B>", style: .protectedAreas,
                         features: [MapFeature(wkb: try square(108.00, 30.00, 108.01, 30.01), label: "乙区 & <测试>")])
        return try SVGMap.render(title: "两个正方形 \"test\"", layers: [a, b])
    }

    @Test func handComputedConstantsAreWhatTheDocSays() {
        #expect(abs(Self.n - 6_383_480.9) < 0.5)
        #expect(abs(Self.squareWidth - 964.863) < 0.001)
        #expect(abs(Self.frameHeight - 2_217.0) < 0.1)
    }

    @Test func parsesAsXMLWithTitleLegendArrowAndLabels() throws {
        let svg = try Self.twoSquares()
        let root = try #require(XMLTreeBuilder.parse(svg))
        #expect(root.name == "svg")
        #expect(root.elements(class: "map-title").first?.fullText == "两个正方形 \"test\"")
        let entries = root.elements(class: "legend-entry")
        #expect(entries.map { $0.attributes["data-layer"] } == ["甲层", "乙层 <B>"])
        #expect(entries.allSatisfy { !$0.elements(class: "legend-symbol").isEmpty })
        let arrow = try #require(root.elements(class: "north-arrow").first)
        #expect(arrow.fullText.contains("北"))
        // The frame's centre lies on the central meridian: no convergence to turn the arrow by.
        #expect(abs(arrow.double("data-rotation") ?? 99) < 0.01)
        let labels = root.elements(class: "label").map(\.fullText)
        #expect(labels.contains("甲区"))
        #expect(labels.contains("乙区 & <测试>"))
        #expect(svg.contains("乙区 &amp; &lt;测试&gt;"))
        #expect(root.elements(class: "projection-note").first?.fullText.contains("EPSG:4524") == true)
        // Polygons are even-odd paths, one per feature, rounded to 0.1 px.
        let layers = root.elements(class: "layer")
        #expect(layers.count == 2 && layers.allSatisfy { $0.attributes["fill-rule"] == "evenodd" })
        for p in root.elements(named: "path") where p.parent?.attributes["class"] == "layer" {
            let d = p.attributes["d"] ?? ""
            #expect(d.split(whereSeparator: { $0 == " " || $0 == "M" || $0 == "Z" }).allSatisfy { $0.split(separator: ".").last!.count <= 1 || !$0.contains(".") })
        }
    }

    @Test func scaleBarAgreesWithTheProjection() throws {
        let root = try #require(XMLTreeBuilder.parse(try Self.twoSquares()))
        // The scale expected by hand: the frame is height-bound in the viewport (read its height).
        let viewport = try #require(root.children.first { $0.name == "svg" })
        let viewportHeight = try #require(viewport.double("height"))
        #expect(viewportHeight == 660)
        let pixelsPerMetre = 0.94 * viewportHeight / Self.frameHeight          // 0.2798
        #expect(abs(pixelsPerMetre - 0.27984) < 1e-4)

        // The bar: a round 500 m (175 px would be 625 m), drawn 500 × 0.2798 = 139.9 px long.
        let end = try #require(root.elements(class: "scale-end").first?.fullText)
        let unit = try #require(root.elements(class: "scale-unit").first?.fullText)
        let metres = try #require(Double(end)) * (unit == "千米" ? 1000 : unit == "米" ? 1 : .nan)
        #expect(metres == 500)
        let barPixels = try #require(root.elements(class: "scale-bar").first?.double("width"))
        #expect(abs(barPixels - metres * pixelsPerMetre) <= 0.1)

        // And the square drawn: 乙区 is 964.86 m wide by hand; its path is as many pixels wide as
        // the bar's scale says.
        let b = try #require(root.elements(class: "layer").first { $0.attributes["data-layer"] == "乙层 <B>" })
        let dB = try #require(b.elements(named: "path").first?.attributes["d"])
        let ring = try #require(pathRings(dB).first)
        #expect(ring.count == 4)
        let width = ring.map(\.x).max()! - ring.map(\.x).min()!
        #expect(abs(width - Self.squareWidth * barPixels / metres) <= 0.15)
        // North up: 乙区 (north-east) is above and to the right of 甲区.
        let a = try #require(root.elements(class: "layer").first { $0.attributes["data-layer"] == "甲层" })
        let dA = try #require(a.elements(named: "path").first?.attributes["d"])
        let ringA = try #require(pathRings(dA).first)
        #expect(ring.map(\.y).max()! <= ringA.map(\.y).min()! + 0.1)
        #expect(ring.map(\.x).min()! >= ringA.map(\.x).max()! - 0.1)
    }

    @Test func categoricalLegendHasOneEntryPerCategoryInGradeOrder() throws {
        let grades = ["强烈", "轻度", "中度", "轻度"]
        let erosion = MapLayer(title: "水土流失", style: .soilErosion, features: try grades.enumerated().map { i, g in
            MapFeature(wkb: try Self.square(108 + Double(i) * 0.01, 30, 108.01 + Double(i) * 0.01, 30.01), category: g)
        })
        let zones = MapLayer(title: "修复分区", style: .restorationZones, features: [
            MapFeature(wkb: try Self.square(108, 30.02, 108.02, 30.03), label: "北区", category: "北区"),
            MapFeature(wkb: try Self.square(108.02, 30.02, 108.04, 30.03), label: "南区", category: "南区"),
        ])
        let root = try #require(XMLTreeBuilder.parse(try SVGMap.render(title: "分级", layers: [erosion, zones])))
        let entries = root.elements(class: "legend-entry")
        #expect(entries.count == 2)
        let erosionCategories = entries[0].elements(class: "legend-category")
        // Present grades only, in SL 190 order, coloured as the preset says.
        #expect(erosionCategories.map { $0.attributes["data-category"]! } == ["轻度", "中度", "强烈"])
        #expect(erosionCategories.map { $0.elements(class: "legend-symbol").first!.attributes["fill"]! } == ["#fee391", "#fec44f", "#fe9929"])
        // Zones take palette colours in order of first appearance, the same on map and legend.
        let zoneCategories = entries[1].elements(class: "legend-category")
        #expect(zoneCategories.map { $0.attributes["data-category"]! } == ["北区", "南区"])
        #expect(zoneCategories.map { $0.elements(class: "legend-symbol").first!.attributes["fill"]! } == ["#66c2a5", "#fc8d62"])
        let zonePaths = root.elements(class: "layer")[1].elements(named: "path")
        #expect(zonePaths.map { $0.attributes["fill"]! } == ["#66c2a5", "#fc8d62"])
        let erosionPaths = root.elements(class: "layer")[0].elements(named: "path")
        #expect(erosionPaths.map { $0.attributes["fill"]! } == ["#fe9929", "#fee391", "#fec44f", "#fee391"])
    }

    @Test func holesLinesAndPoints() throws {
        let ctx = GeometryContext()
        let donut = try ctx.polygon(rings: [(xs: [108, 108.02, 108.02, 108], ys: [30, 30, 30.02, 30.02]),
                                            (xs: [108.005, 108.015, 108.015, 108.005], ys: [30.005, 30.005, 30.015, 30.015])])
        let river = try ctx.lineString(xs: [108, 108.01, 108.02], ys: [29.99, 29.995, 29.99])
        let node = try ctx.point(x: 108.01, y: 30.01)
        let svg = try SVGMap.render(title: "环、线、点", layers: [
            MapLayer(title: "环", style: .generic("#1971c2"), features: [MapFeature(wkb: donut.wkb)]),
            MapLayer(title: "河", style: .belts, features: [MapFeature(wkb: river.wkb, label: "长江")]),
            MapLayer(title: "点", style: .nodes, features: [MapFeature(wkb: node.wkb, label: "节点")]),
        ], width: 640, height: 480)
        let root = try #require(XMLTreeBuilder.parse(svg))
        let layers = root.elements(class: "layer")
        let d = try #require(layers[0].elements(named: "path").first?.attributes["d"])
        let rings = pathRings(d)
        #expect(rings.count == 2 && rings.allSatisfy { $0.count == 4 })
        #expect(layers[1].elements(named: "polyline").count == 1)
        #expect(layers[1].elements(named: "polyline").first?.attributes["points"]?.split(separator: " ").count == 3)
        #expect(layers[2].elements(named: "circle").count == 1)
        let symbols = root.elements(class: "legend-entry").map { $0.elements(class: "legend-symbol").first!.name }
        #expect(symbols == ["rect", "line", "circle"])
    }

    @Test func framesOnTheGivenExtentAndNeedsAFrame() throws {
        // Framed on a 0.1° box the 0.01° square is a tenth as wide as when framed on itself.
        let layer = MapLayer(title: "乙", style: .redLine, features: [MapFeature(wkb: try Self.square(108, 30, 108.01, 30.01))])
        let own = try #require(XMLTreeBuilder.parse(try SVGMap.render(title: "t", layers: [layer])))
        let wide = try #require(XMLTreeBuilder.parse(try SVGMap.render(title: "t", layers: [layer],
            extent: Envelope(minX: 107.95, minY: 29.95, maxX: 108.05, maxY: 30.05))))
        func width(_ root: XMLElementNode) throws -> Double {
            let d = try #require(root.elements(named: "path").first { $0.parent?.attributes["class"] == "layer" }?.attributes["d"])
            let ring = try #require(pathRings(d).first)
            return ring.map(\.x).max()! - ring.map(\.x).min()!
        }
        let ratio = try width(wide) / width(own)
        #expect(abs(ratio - 0.1) < 0.002)
        #expect(throws: GeoKitError.self) { try SVGMap.render(title: "空", layers: [MapLayer(title: "空", style: .towns, features: [])]) }
    }
}
