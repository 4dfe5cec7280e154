import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The overlap matrix built from indexed pairwise intersections (issue 21) against the method it
/// replaces (every layer dissolved whole, `OverlapMatrix.byDissolving`), and against areas counted
/// by hand on a constructed layer that overlaps itself.
@Suite struct OverlapMatrixMethodTests {
    /// |a − b| ≤ 1e-9 of the larger (and equal to 1e-15 km² near zero).
    static func agree(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-15 }

    static func expectSameMatrix(_ m: OverlapMatrix, _ reference: OverlapMatrix) {
        #expect(m.layers == reference.layers)
        for i in m.layers.indices {
            #expect(agree(m.areas[i], reference.areas[i]), "area of \(m.layers[i]): \(m.areas[i]) vs \(reference.areas[i])")
            for j in m.layers.indices {
                #expect(agree(m.matrix[i][j], reference.matrix[i][j]),
                        "\(m.layers[i]) ∩ \(m.layers[j]): \(m.matrix[i][j]) vs \(reference.matrix[i][j])")
                #expect(m.matrix[i][j] == m.matrix[j][i])
            }
        }
    }

    @Test func equalsTheDissolveMethodOnBanan() throws {
        let layers = try ProjectLayers(try Project.load(TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path))
        let overlays = try layers.polygonRoles().map { try layers.overlay($0) }
        let m = try OverlapMatrix.run(overlays)
        Self.expectSameMatrix(m, try OverlapMatrix.byDissolving(overlays))
        let own = Dictionary(uniqueKeysWithValues: m.selfOverlap.map { ($0.layer, $0) })
        #expect(own.count == overlays.count)
        // Banan's projects overlap one another (SOURCE.md); its zones and towns only share slivers.
        #expect(own["projects"]!.overlapsItself)
        #expect(!own["towns"]!.overlapsItself && !own["restoration-zones"]!.overlapsItself && !own["red-line"]!.overlapsItself)
    }

    /// Axis-aligned rectangles on a 50 m grid (see `ConstructedLayers`): union and shared areas are
    /// counted cell by cell, independently of GEOS.
    @Test func constructedSelfOverlapIsCountedOnce() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        typealias Box = (Double, Double, Double, Double)
        // Within 3 km of the central meridian, where the construction's areas hold to 3e-7.
        let red: [Box] = [
            (0, 0, 500, 500), (250, 0, 750, 500),            // overlap [250,500]×[0,500]
            (600, 100, 1100, 400),                           // overlaps the second: [600,750]×[100,400]
            (50, 50, 150, 150),                              // wholly inside the first
            (1300, 0, 1550, 250), (1300, 250, 1400, 350),    // only touch
            (1800, 0, 2300, 500), (2050, 0, 2550, 500), (1900, 100, 2200, 600),   // three overlapping at once
        ]
        let zones: [Box] = [(0, 0, 1300, 300), (1300, 0, 2800, 300), (350, 300, 650, 1000)]   // touching, no overlap
        let a = try c.layer("red", try red.enumerated().map { ("r\($0.offset)", "", try c.rect($0.element.0, $0.element.1, $0.element.2, $0.element.3)) })
        let b = try c.layer("zones", try zones.enumerated().map { ("z\($0.offset)", "", try c.rect($0.element.0, $0.element.1, $0.element.2, $0.element.3)) })

        func cells(_ boxes: [Box]) -> Set<[Int]> {
            var s = Set<[Int]>()
            for (x1, y1, x2, y2) in boxes {
                for x in stride(from: Int(x1 / 50), to: Int(x2 / 50), by: 1) { for y in stride(from: Int(y1 / 50), to: Int(y2 / 50), by: 1) { s.insert([x, y]) } }
            }
            return s
        }
        let cellKm2 = 50.0 * 50 / 1e6
        let redUnion = Double(cells(red).count) * cellKm2
        let redSum = red.reduce(0) { $0 + ($1.2 - $1.0) * ($1.3 - $1.1) } / 1e6
        let shared = Double(cells(red).intersection(cells(zones)).count) * cellKm2

        let m = try OverlapMatrix.run([a, b])
        #expect(close(m.areas[0], redUnion), "\(m.areas[0]) vs \(redUnion)")
        #expect(close(m.areas[1], Double(cells(zones).count) * cellKm2))
        #expect(close(m.matrix[0][1], shared), "\(m.matrix[0][1]) vs \(shared)")
        let own = m.selfOverlap[0]
        #expect(own.overlappingPairs == 6)               // 1–2, 2–3, 1–4 and the three pairs of the triple
        #expect(own.clusters == 2 && own.featuresInClusters == 7)
        #expect(own.sliverPairs == 0)
        #expect(close(own.area, redSum - redUnion), "\(own.area) vs \(redSum - redUnion)")
        #expect(m.selfOverlap[1].overlappingPairs == 0 && m.selfOverlap[1].area == 0)
        Self.expectSameMatrix(m, try OverlapMatrix.byDissolving([a, b]))
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkers() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        var features: [(String, String, Geometry)] = []
        for i in 0..<40 { features.append(("f\(i)", "", try c.rect(Double(i) * 40, 0, Double(i) * 40 + 100, 300))) }
        let a = try c.layer("a", features)
        let b = try c.layer("b", [("t1", "", try c.rect(0, 0, 800, 200)), ("t2", "", try c.rect(800, 0, 2000, 250))])
        let one = try OverlapMatrix.run([a, b], workers: 1)
        let three = try OverlapMatrix.run([a, b], workers: 3)
        #expect(one.matrix == three.matrix && one.areas == three.areas)
    }
}
