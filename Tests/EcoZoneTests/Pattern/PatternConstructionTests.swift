import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Hand-built patterns in EPSG:4524 (CGCS2000 Gauss–Krüger zone 36, the zone the engine picks for
/// them), so every distance and length is known by construction. x is metres east of easting
/// 36 490 000 (10 km west of the central meridian, where the zone's scale error is below 1.3e-6),
/// y metres north of northing 3 300 000.
///
///     barriers  甲 [0,10000]×[0,10000]   乙 [10000,20000]×[0,10000]  (share an edge with 甲)
///               丙 [20500,30500]×[0,10000]  (500 m east of 乙)   丁 [100000,110000]×[0,10000] (far away)
///     belt      河一: two line features along y = −1500, x 0→10000 and 10000→18000 (1500 m south of 甲, 乙)
///     breaks    城区: [5000,5800]×[−3000,0] (cuts 800 m of 河一); G75: line x = 12000 (30 m wide road)
///     red line  [0,5000]×[0,10000] (half of 甲)
///     label     五屏两带; belts list names [河一, 河二]
@Suite(.serialized) struct PatternConstructionTests {
    static func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
        let e = 36_490_000.0, n = 3_300_000.0
        return "{\"type\":\"Polygon\",\"coordinates\":[[[\(e + x0),\(n + y0)],[\(e + x1),\(n + y0)],[\(e + x1),\(n + y1)],[\(e + x0),\(n + y1)],[\(e + x0),\(n + y0)]]]}"
    }

    static func line(_ pts: [(Double, Double)]) -> String {
        let e = 36_490_000.0, n = 3_300_000.0
        return "{\"type\":\"LineString\",\"coordinates\":[\(pts.map { "[\(e + $0.0),\(n + $0.1)]" }.joined(separator: ","))]}"
    }

    static func collection(_ features: [(String, String)]) -> String {
        let fs = features.map { "{\"type\":\"Feature\",\"properties\":{\"NAME\":\"\($0.0)\"},\"geometry\":\($0.1)}" }
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4524\"}},\"features\":[\(fs.joined(separator: ","))]}"
    }

    /// Writes the construction and a project file; `extra` lines go under `pattern:`.
    static func make(_ extra: [String] = []) throws -> (dir: URL, project: String) {
        let dir = TestPaths.temporaryDirectory()
        func write(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try write("barriers.geojson", collection([("甲", square(0, 0, 10000, 10000)), ("乙", square(10000, 0, 20000, 10000)),
                                                  ("丙", square(20500, 0, 30500, 10000)), ("丁", square(100000, 0, 110000, 10000))]))
        try write("belts.geojson", collection([("河一", line([(0, -1500), (10000, -1500)])), ("河一", line([(10000, -1500), (18000, -1500)]))]))
        try write("breaks.geojson", collection([("城区", square(5000, -3000, 5800, 0)), ("G75", line([(12000, -3000), (12000, 0)]))]))
        try write("red.geojson", collection([("红线", square(0, 0, 5000, 10000))]))
        let yaml = """
        name: construction
        layers:
          red-line: { source: red.geojson }
        pattern:
          label: 五屏两带
          barriers: { source: barriers.geojson, name: NAME }
          belts: { source: belts.geojson, name: NAME, names: [河一, 河二] }
        \(extra.map { "  " + $0 }.joined(separator: "\n"))
        """
        try write("project.yaml", yaml)
        return (dir, dir.appendingPathComponent("project.yaml").path)
    }

    static func run(_ extra: [String] = [], linkDistance: Double? = nil, beltWidth: Double? = nil) throws -> PatternReport {
        let (dir, project) = try make(extra)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try PatternAnalysis.run(try Project.load(project), linkDistance: linkDistance, beltWidth: beltWidth, workers: 1)
    }

    static func pairs(_ r: PatternReport) -> Set<[String]> { Set(r.graph.edges.map { [$0.from, $0.to] }) }

    @Test func touchingOnlyByDefault() throws {
        let r = try Self.run()
        #expect(r.settings.zone == 36)
        #expect(Self.pairs(r) == [["barriers:甲", "barriers:乙"]])
        #expect(r.graph.edges.first?.nature == .touch)
        #expect(r.graph.isolated == ["barriers:丙", "barriers:丁", "belts:河一"])
        #expect(r.graph.barriersWithoutBelt == ["barriers:甲", "barriers:乙", "barriers:丙", "barriers:丁"])
        #expect(r.graph.barriersCutOff == ["barriers:甲", "barriers:乙", "barriers:丙", "barriers:丁"])
        #expect(r.graph.components.count == 4)
    }

    @Test func withinLinkDistance() throws {
        // 丙 is 500 m from 乙; the belt's 1000 m footprint is 500 m from 甲 and 乙 and 1915 m from 丙.
        let r = try Self.run(["link-distance: 600"])
        #expect(Self.pairs(r) == [["barriers:甲", "barriers:乙"], ["barriers:乙", "barriers:丙"],
                                  ["barriers:甲", "belts:河一"], ["barriers:乙", "belts:河一"]])
        let near = try #require(r.graph.edges.first { $0.to == "barriers:丙" })
        #expect(near.nature == .near)
        #expect(abs(near.distance - 500) < 1e-3)
        let riparian = try #require(r.graph.edges.first { $0.from == "barriers:甲" && $0.to == "belts:河一" })
        #expect(riparian.nature == .riparian)
        #expect(abs(riparian.distance - 1500) < 1e-3)
        #expect(abs(riparian.footprintDistance - 500) < 1e-3)
        #expect(r.graph.isolated == ["barriers:丁"])
        #expect(r.graph.barriersWithoutBelt == ["barriers:丙", "barriers:丁"])
        #expect(r.graph.barriersCutOff == ["barriers:丁"])
        // 乙 alone joins 丙 to the rest, and 甲 and 乙 are otherwise alike: 乙 ranks first; 丁, alone, last.
        let ranks = r.ranking.elements.filter { $0.role == .barriers }.map(\.id)
        #expect(ranks.first == "barriers:乙")
        #expect(ranks.last == "barriers:丁")
        // The CLI flag overrides the project's setting.
        let o = try Self.run(["link-distance: 600"], linkDistance: 0)
        #expect(Self.pairs(o) == [["barriers:甲", "barriers:乙"]])
    }

    @Test func bufferedLineBelts() throws {
        // 2000 m each side reaches 500 m into 甲 and 乙 (the line is 1500 m away), and stops 500 m short of 丙.
        let r = try Self.run(["belt-width: 2000"])
        #expect(Self.pairs(r) == [["barriers:甲", "barriers:乙"], ["barriers:甲", "belts:河一"], ["barriers:乙", "belts:河一"]])
        let e = try #require(r.graph.edges.first { $0.to == "belts:河一" })
        #expect(e.nature == .riparian)
        #expect(abs(e.distance - 1500) < 1e-3)
        #expect(e.footprintDistance == 0)
        #expect(r.graph.barriersWithoutBelt == ["barriers:丙", "barriers:丁"])
    }

    @Test func elementsMeasuresAndDeclaredVsFound() throws {
        let r = try Self.run()
        let belt = try #require(r.elements.first { $0.id == "belts:河一" })
        #expect(belt.features == 2)                            // two features, one name: one belt
        #expect(abs(try #require(belt.length) - 18_000) < 18_000 * 1e-5)
        // Footprint: 18 000 × 2000 rectangle plus two half-discs of radius 1000 (π·1000², drawn with 64-gons).
        #expect(abs(belt.footprintArea.squareMetres - (18_000 * 2000 + Double.pi * 1e6)) < 1e-3 * belt.footprintArea.squareMetres)
        let jia = try #require(r.elements.first { $0.id == "barriers:甲" })
        #expect(abs(try #require(jia.area).squareMetres - 1e8) < 1e8 * 1e-5)
        #expect(abs(try #require(jia.shareInRedLine) - 0.5) < 1e-5)
        #expect(try #require(r.elements.first { $0.id == "barriers:乙" }?.shareInRedLine) < 1e-9)
        #expect(jia.shareInProtectedAreas == nil)                // the project has no protected-areas layer

        let barriers = try #require(r.roles.first { $0.role == .barriers })
        #expect(barriers.declared == 5 && barriers.declaredFrom == "label" && barriers.found == 4 && barriers.status == .missing)
        let belts = try #require(r.roles.first { $0.role == .belts })
        #expect(belts.declared == 2 && belts.found == 1 && belts.status == .missing)
        #expect(belts.missingNames == ["河二"])
        #expect(belts.unlistedNames.isEmpty)
        #expect(r.roles.count == 2)
    }

    @Test func gapsWhereBreaksCutTheBelt() throws {
        let r = try Self.run(["breaks: { source: breaks.geojson, name: NAME, width: 30 }"])
        let gaps = try #require(r.gaps).sorted { $0.location.lon < $1.location.lon }
        #expect(gaps.count == 2)
        #expect(gaps.map(\.breaks) == [["城区"], ["G75"]])
        #expect(abs(try #require(gaps[0].width) - 800) < 800 * 1e-5)
        #expect(abs(try #require(gaps[1].width) - 30) < 30 * 1e-4)
        let toZone = try Transformer(from: try CRS.cgcs2000(), to: try CRS(epsg: 4524))
        let p = try toZone.transform(x: gaps[0].location.lon, y: gaps[0].location.lat)
        #expect(p.x - 36_490_000 >= 5000 - 1e-3 && p.x - 36_490_000 <= 5800 + 1e-3)
        #expect(abs(p.y - 3_300_000 + 1500) < 1e-3)
        #expect(try Self.run().gaps == nil)
    }

    @Test func badSettingsAreInputErrors() throws {
        #expect(throws: GeoKitError.self) { try Self.run(["link-distance: far"]) }
        #expect(throws: GeoKitError.self) { try Self.run(["breaks: { name: NAME }"]) }
    }
}
