import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The open pattern grammar: the four plans' labels, elements keyed by symbol with their kinds,
/// link rules met and not met, footprints of line elements, and patterns that are not Banan's.
/// Coordinates are metres in EPSG:4524 as in PatternConstructionTests (x east of easting 36 490 000,
/// y north of northing 3 300 000), so distances, lengths and areas are known by construction.
@Suite(.serialized) struct PatternGrammarTests {
    typealias C = PatternConstructionTests

    // MARK: labels

    /// (symbol, count, kind) of each token, read off the labels by hand.
    @Test func theFourPlansLabels() {
        func read(_ label: String) -> [String] {
            PatternLabel.tokens(label).map { "\($0.symbol)\($0.count.map(String.init) ?? "多")\(ElementKind(defaultFor: $0.symbol)?.rawValue ?? "?")" }
        }
        #expect(read("八屏八带多廊多点") == ["屏8barrier", "带8belt", "廊多corridor", "点多node"])        // 巴南
        #expect(read("三带四屏多廊多点") == ["带3belt", "屏4barrier", "廊多corridor", "点多node"])        // 重庆
        #expect(read("三屏两廊三区") == ["屏3barrier", "廊2corridor", "区3zone"])                      // 锦屏
        #expect(read("三屏、两廊、三区") == read("三屏两廊三区"))
        #expect(read("两带四屏二十二廊多块") == ["带2belt", "屏4barrier", "廊22corridor", "块多patch"])  // 巫山
        #expect(read("两带-四屏-二十二廊-多块") == read("两带四屏二十二廊多块"))
        #expect(PatternLabel.parse("两带-四屏-二十二廊-多块")["廊"] == DeclaredCount(text: "二十二廊", count: 22))
        #expect(PatternLabel.parse("三屏、两廊、三区")["区"] == DeclaredCount(text: "三区", count: 3))
    }

    @Test func numeralsAndOtherSymbols() {
        for (text, n) in [("十", 10), ("两", 2), ("二十二", 22), ("十二", 12), ("一百零八", 108), ("两百", 200), ("三千零五", 3005),
                          ("一万两千", 12_000), ("22", 22), ("２２", 22)] {
            #expect(PatternLabel.number(text) == n, "\(text)")
        }
        for text in ["多", "若干", "十十", "二二", "零", "一百零", "百"] { #expect(PatternLabel.number(text) == nil, "\(text)") }
        // Uncounted words, a symbol EcoZone has no kind for, a known symbol without a count.
        let t = PatternLabel.tokens("一心三带七群若干点")
        #expect(t.map { String($0.symbol) } == ["心", "带", "群", "点"])
        #expect(t.map(\.count) == [1, 3, 7, nil] && t[3].text == "若干点")
        #expect(PatternLabel.tokens("屏带").map(\.count) == [nil, nil])
    }

    // MARK: constructed patterns

    static func run(_ files: [String: String], _ yaml: String, linkDistance: Double? = nil) throws -> PatternReport {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let path = dir.appendingPathComponent("project.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let project = try Project.load(path, strict: true)
        try project.checkInputsExist()
        return try PatternAnalysis.run(project, linkDistance: linkDistance, workers: 1)
    }

    /// 锦屏-like: 三屏两廊三区 — the 屏 are protected areas, there is no 带, the 区 are restoration zones.
    ///
    ///     屏 pa.geojson      西北 [0,10000]×[20000,30000] + [10000,14000]×[20000,24000] (two reserves, one barrier)
    ///                       中部 [20000,30000]×[10000,20000]     东南 [40000,50000]×[0,10000]
    ///     廊 rivers.geojson  清水江 y = 15000, x 0→20000 (ends on 中部's west edge)    亮江 y = −5000, x 60000→70000 (apart)
    ///     区 zones.geojson   Z1 [0,25000]×[15000,30000]   Z2 [0,25000]×[−10000,15000]   Z3 [25000,55000]×[−10000,30000]
    static let jinpingFiles: [String: String] = [
        "pa.geojson": C.collection([("西北部生态屏障", C.square(0, 20000, 10000, 30000)), ("西北部生态屏障", C.square(10000, 20000, 14000, 24000)),
                                    ("中部生态屏障", C.square(20000, 10000, 30000, 20000)), ("东南部生态屏障", C.square(40000, 0, 50000, 10000))]),
        "rivers.geojson": C.collection([("清水江", C.line([(0, 15000), (20000, 15000)])), ("亮江", C.line([(60000, -5000), (70000, -5000)]))]),
        "zones.geojson": C.collection([("八洋河与钟灵河流域生态修复区", C.square(0, 15000, 25000, 30000)),
                                       ("清水江流域生态修复区", C.square(0, -10000, 25000, 15000)),
                                       ("亮江流域生态修复区", C.square(25000, -10000, 55000, 30000))]),
    ]

    static func jinping(_ extra: String = "") -> String {
        """
        name: 锦屏-like
        layers:
          protected-areas: { source: pa.geojson, name: NAME }
        pattern:
          label: 三屏、两廊、三区
          elements:
            屏: { kind: barrier, source: pa.geojson, name: NAME }
            廊: { kind: corridor, source: rivers.geojson, name: NAME\(extra) }
            区: { kind: zone, source: zones.geojson, name: NAME }
          links: [[廊, 屏], [屏, 区]]
        """
    }

    @Test func jinpingLikePatternHasZonesAndNoBeltRule() throws {
        let r = try Self.run(Self.jinpingFiles, Self.jinping())
        #expect(r.form == .elements)
        // Declared against found, with the kinds the project gives.
        #expect(r.roles.map { "\($0.symbol) \($0.kind.rawValue) \($0.declared ?? -1) \($0.found) \($0.status.rawValue)" }
                == ["屏 barrier 3 3 match", "廊 corridor 2 2 match", "区 zone 3 3 match"])
        // No 带 and no rule about one: nothing is "not linked to a belt".
        #expect(r.graph.barriersWithoutBelt == nil && r.graph.barriersCutOff == nil)
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(!json.contains("barriers_without_belt") && json.contains("\"link_rules\""))
        // 廊 → 屏: 清水江 ends on 中部 (touches); 亮江 is 5 km from everything.
        let corridorRule = try #require(r.graph.linkRules.first { $0.rule == "廊 → 屏" })
        #expect(corridorRule.origin == .declared && !corridorRule.met)
        #expect(corridorRule.notLinked == ["廊:亮江"] && corridorRule.cutOff == ["廊:亮江"])
        // 屏 → 区: every barrier lies in a zone.
        let zoneRule = try #require(r.graph.linkRules.first { $0.rule == "屏 → 区" })
        #expect(zoneRule.met && zoneRule.cutOff.isEmpty)
        #expect(Set(r.graph.edges.map { [$0.from, $0.to] }).contains(["屏:中部生态屏障", "廊:清水江"]))
        // The 屏 are the protected areas: wholly inside them (the one multi-part barrier too).
        for e in r.elements where e.role.kind == .barrier { #expect(abs(try #require(e.shareInProtectedAreas) - 1) < 1e-6, "\(e.id)") }
        let northwest = try #require(r.elements.first { $0.id == "屏:西北部生态屏障" })
        #expect(try northwest.features == 2 && abs(try #require(northwest.area) - 1.16e8) < 1.16e8 * 1e-5)
        // The check fails on the cut-off corridor, and on nothing about belts.
        #expect(PatternChecks(r).findings.map(\.text) == ["cut off (rule 廊 → 屏): 亮江"])
    }

    /// A line of geodesic length L buffered w each side has a footprint of 2wL + πw² (a stadium); the
    /// 64-gon GEOS draws for each end is within 0.2 % of πw², i.e. within 1e-5 of the total here.
    @Test func lineElementsHaveFootprintsAndRank() throws {
        let r = try Self.run(Self.jinpingFiles, Self.jinping())
        let l = 20_000.0
        let river = try #require(r.elements.first { $0.id == "廊:清水江" })
        #expect(abs(try #require(river.length) - l) < l * 1e-5)
        #expect(river.bufferWidth == PatternSettings.defaultLineWidth)
        let w = PatternSettings.defaultLineWidth
        #expect(abs(river.footprintArea - (2 * w * l + Double.pi * w * w)) < (2 * w * l) * 1e-4)
        #expect(r.settings.widths.first { $0.role.rawValue == "廊" }?.from == "corridor-width")
        // No element ranks zero for want of an area: the linked river and the isolated one both count.
        for id in ["廊:清水江", "廊:亮江"] {
            let ranked = try #require(r.ranking.elements.first { $0.id == id })
            #expect(ranked.dPC > 0 && ranked.attributeHectares > 0, "\(id)")
        }
        // An element's own width: 60 m each side.
        let wide = try Self.run(Self.jinpingFiles, Self.jinping(", width: 60"))
        let r60 = try #require(wide.elements.first { $0.id == "廊:清水江" })
        #expect(r60.bufferWidth == 60 && abs(r60.footprintArea - (2 * 60 * l + Double.pi * 3600)) < (2 * 60 * l) * 1e-4)
        #expect(wide.settings.widths.first { $0.role.rawValue == "廊" }?.from == "element")
    }

    /// 巫山-like: 两带四屏二十二廊多块 — four 屏 declared, three named; the 廊 from two sources of mixed
    /// geometry in two CRSs (ridges as polygons in EPSG:4524, a river as a line in lon/lat).
    ///
    ///     带 长江 y = −800, x 0→30000 (1000 m each side: over 大巴山 and 巫山)   大宁河 x = −800, y 0→10000
    ///     屏 大巴山 [0,10000]×[0,10000]   巫山 [20000,30000]×[0,10000]   七曜山 [60000,70000]×[0,10000]
    ///     廊 明月山 (ridge) [10000,20000]×[4000,6000], between 大巴山 and 巫山   马渡河 far north (y = 40000)
    ///     块 红池坝 [40000,42000]×[20000,22000]
    @Test func wushanLikeInventoryAndMixedSources() throws {
        let toLonLat = try Transformer(from: try CRS(epsg: 4524), to: try CRS.cgcs2000())
        let a = try toLonLat.transform(x: 36_490_000 + 40_000, y: 3_340_000), b = try toLonLat.transform(x: 36_490_000 + 50_000, y: 3_340_000)
        let madu = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"NAME\":\"马渡河\"},"
            + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[\(a.x),\(a.y)],[\(b.x),\(b.y)]]}}]}"
        let r = try Self.run([
            "rivers.geojson": C.collection([("长江", C.line([(0, -800), (30000, -800)])), ("大宁河", C.line([(-800, 0), (-800, 10000)]))]),
            "mountains.geojson": C.collection([("大巴山", C.square(0, 0, 10000, 10000)), ("巫山", C.square(20000, 0, 30000, 10000)),
                                               ("七曜山", C.square(60000, 0, 70000, 10000))]),
            "ridges.geojson": C.collection([("明月山", C.square(10000, 4000, 20000, 6000))]),
            "tributaries.geojson": madu,
            "patches.geojson": C.collection([("红池坝", C.square(40000, 20000, 42000, 22000))]),
        ], """
        layers: {}
        pattern:
          label: 两带-四屏-二十二廊-多块
          elements:
            带: { kind: belt, source: rivers.geojson, name: NAME, names: [长江, 大宁河] }
            屏: { kind: barrier, source: mountains.geojson, name: NAME, names: [大巴山, 巫山, 七曜山] }
            廊: { kind: corridor, sources: [ridges.geojson, tributaries.geojson], name: NAME }
            块: { kind: patch, sources: [patches.geojson], name: NAME }
          links: [[屏, 带], [廊, 屏]]
        """)
        let inv = Dictionary(uniqueKeysWithValues: r.roles.map { ($0.symbol, $0) })
        let barriers = try #require(inv["屏"])
        #expect(barriers.declared == 4 && barriers.declaredFrom == "label" && barriers.named == 3 && barriers.unnamed == 1)
        #expect(barriers.found == 3 && barriers.status == .missing && barriers.missingNames.isEmpty)
        #expect(inv["带"]?.declared == 2 && inv["带"]?.status == .match && inv["带"]?.unnamed == nil)
        #expect(inv["廊"]?.declared == 22 && inv["廊"]?.found == 2 && inv["廊"]?.status == .missing)
        #expect(inv["块"]?.declared == nil && inv["块"]?.status == .uncounted && inv["块"]?.kind == .patch)
        // One kind, two sources, two geometries, two CRSs.
        #expect(r.layers.filter { $0.role.rawValue == "廊" }.map { $0.sourceCRS.prefix(9) } == ["EPSG:4524", "EPSG:4490"])
        let ridge = try #require(r.elements.first { $0.id == "廊:明月山" }), river = try #require(r.elements.first { $0.id == "廊:马渡河" })
        #expect(ridge.shape == .polygon && ridge.bufferWidth == 0 && abs(ridge.footprintArea - 2e7) < 2e7 * 1e-5)
        #expect(try river.shape == .line && abs(try #require(river.length) - 10_000) < 10_000 * 1e-4 && river.footprintArea > 0)
        // 屏 → 带: 七曜山 is 30 km east of the 长江's end; 廊 → 屏: the ridge touches two barriers, the river none.
        let belt = try #require(r.graph.linkRules.first { $0.rule == "屏 → 带" })
        #expect(belt.notLinked == ["屏:七曜山"])
        let corridor = try #require(r.graph.linkRules.first { $0.rule == "廊 → 屏" })
        #expect(corridor.notLinked == ["廊:马渡河"])
        #expect(r.graph.barriersWithoutBelt == nil)   // the elements form has only the rules it declares
    }

    /// Banan's short form keeps its implicit rule, stated as the default.
    @Test func shortFormStatesItsDefaultRule() throws {
        let (dir, project) = try C.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try PatternAnalysis.run(try Project.load(project), workers: 1)
        #expect(r.form == .short)
        #expect(r.graph.linkRules.map(\.rule) == ["barriers → belts"] && r.graph.linkRules[0].origin == .default)
        #expect(r.graph.linkRules[0].notLinked == r.graph.barriersWithoutBelt)
        #expect(r.graph.linkRules[0].cutOff == r.graph.barriersCutOff)
    }
}
