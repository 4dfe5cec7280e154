import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Must show (issue 6): on Banan, `pattern` finds the eight barriers and eight belts, draws the graph
/// shapely draws, and reports the barrier with no belt. Reference: scripts/reference/pattern_banan_shapely.py.
@Suite(.serialized) struct PatternBananTests {
    struct Reference: Decodable {
        struct Barrier: Decodable { let area_m2: Double; let share_red_line: Double; let share_protected_areas: Double }
        let counts: [String: Int]
        let edges: [[String]]
        let isolated: [String]
        let barriers_without_belt: [String]
        let barriers_cut_off: [String]
        let barriers: [String: Barrier]
        let belt_lengths_m: [String: Double]
    }

    @Test func bananPattern() throws {
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.fixture("reference/pattern_banan.json")))
        let project = TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path
        let r = try PatternAnalysis.run(try Project.load(project))
        for role in PatternRole.allCases {
            #expect(r.elements.filter { $0.role == role }.count == reference.counts[role.rawValue], "\(role)")
        }
        // The plan's label 八屏八带: eight of each found, as declared.
        for role in [PatternRole.barriers, .belts] {
            let inv = try #require(r.roles.first { $0.role == role })
            #expect(inv.declared == 8 && inv.found == 8 && inv.status == .match)
        }
        #expect(Set(r.graph.edges.map { [$0.from, $0.to] }) == Set(reference.edges))
        #expect(r.graph.edges.count == reference.edges.count)
        #expect(r.graph.isolated == reference.isolated)
        #expect(r.graph.barriersWithoutBelt == reference.barriers_without_belt)
        #expect(r.graph.barriersCutOff == reference.barriers_cut_off)
        for (id, b) in reference.barriers {
            let e = try #require(r.elements.first { $0.id == id })
            #expect(abs(try #require(e.area).squareMetres - b.area_m2) / b.area_m2 < 1e-6, "\(id)")
            #expect(abs(try #require(e.shareInRedLine) - b.share_red_line) < 1e-5, "\(id)")
            #expect(abs(try #require(e.shareInProtectedAreas) - b.share_protected_areas) < 1e-5, "\(id)")
        }
        for (id, length) in reference.belt_lengths_m {
            let e = try #require(r.elements.first { $0.id == id })
            #expect(abs(try #require(e.length) - length) / length < 1e-6, "\(id)")
        }
    }
}
