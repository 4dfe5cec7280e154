import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Links of the pattern graph drawn on the constructed 巫山-like pattern (fixtures/patterns/wushan,
/// SOURCE.md gives every geometry in EPSG:4525 metres from (37 400 000, 3 440 000)): 长江 runs along
/// y = 0, 巫山's top edge is y = −500 and 七曜山's y = −800, 大溪河 meets 长江 at (−15000, 0).
@Suite struct PatternLinkDrawingTests {
    static let project = TestPaths.repository.appendingPathComponent("Tests/EcoZoneTests/Fixtures/patterns/wushan/project.yaml").path

    /// The line's vertices in the construction's metres.
    static func metres(_ wkb: [UInt8]) throws -> [(x: Double, y: Double)] {
        let c = GeometryContext()
        let g = try Transformer(from: try CRS.cgcs2000(), to: try CRS(epsg: 4525)).transform(try Geometry(wkb: wkb, context: c))
        var out: [(Double, Double)] = []
        try g.forEachLine { xs, ys in for i in xs.indices { out.append((xs[i] - 37_400_000, ys[i] - 3_440_000)) } }
        return out
    }

    @Test func linksJoinTheNearestPointsOrTickTheContact() throws {
        let report = try PatternAnalysis.run(try Project.load(Self.project))
        let lines = try PatternLinkDrawing.lines(report)
        #expect(lines.count == report.graph.edges.count)
        func line(_ a: String, _ b: String) throws -> PatternLinkLine {
            try #require(lines.first { Set([$0.edge.from, $0.edge.to]) == Set([a, b]) }, "no link \(a)–\(b)")
        }
        // Riparian links: straight down from the river to the range's top edge, 500 m and 800 m.
        for (range, gap) in [("屏:巫山", 500.0), ("屏:七曜山", 800.0)] {
            let l = try line("带:长江", range)
            #expect(l.drawing == .nearest && l.contact == nil)
            let v = try Self.metres(l.wkb)
            #expect(v.count == 2)
            #expect(abs(abs(v[0].y - v[1].y) - gap) < 0.01 && abs(v[0].x - v[1].x) < 0.01, "\(v)")
            #expect(abs(max(v[0].y, v[1].y)) < 0.01)   // one end on the river
        }
        // A contact: a tick through the meeting point (−15000, 0), which is also marked.
        let touch = try line("带:长江", "廊:大溪河")
        #expect(touch.drawing == .contact)
        let v = try Self.metres(touch.wkb)
        #expect(v.count == 3 && abs(v[1].x + 15000) < 0.01 && abs(v[1].y) < 0.01, "\(v)")
        let point = try Geometry(wkb: try #require(touch.contact), context: GeometryContext())
        let m = try Transformer(from: try CRS.cgcs2000(), to: try CRS(epsg: 4525)).transform(x: point.envelope!.minX, y: point.envelope!.minY)
        #expect(abs(m.x - 37_400_000 + 15000) < 0.01 && abs(m.y - 3_440_000) < 0.01)
        // Each half of the tick reaches at most 1000 m.
        #expect(hypot(v[0].x - v[1].x, v[0].y - v[1].y) <= 1000.01 && hypot(v[2].x - v[1].x, v[2].y - v[1].y) <= 1000.01)
    }

    @Test func aLinkBetweenCoresFollowsTheirCorridorPath() throws {
        var report = try PatternAnalysis.run(try Project.load(Self.project))
        // 巫山 and 七曜山 are not linked in the plan; link them, with a path of the corridor analysis between them.
        report.graph.edges.append(PatternEdge(from: "屏:巫山", to: "屏:七曜山", nature: .near, distance: 35000, footprintDistance: 35000))
        let path = try GeometryContext().lineString(xs: [109.6, 109.5, 109.4], ys: [31.0, 30.95, 31.0]).wkb
        let lines = try PatternLinkDrawing.lines(report, corridorPaths: [CorridorPathLine(from: "七曜山", to: "巫山", wkb: path)])
        let l = try #require(lines.last)
        #expect(l.edge.from == "屏:巫山" && l.drawing == .corridorPath && l.wkb == path)
        // Links between other elements are not taken along it.
        #expect(lines.dropLast().allSatisfy { $0.drawing != .corridorPath })
    }
}
