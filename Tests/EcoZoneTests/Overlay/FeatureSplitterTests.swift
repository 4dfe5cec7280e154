import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The splitter's shortcuts against areas written by hand (rectangles of ``ConstructedLayers``, whose
/// ellipsoidal areas equal the construction's to 3e-7): patches punched out as holes, patches that
/// touch (unioned instead), and a large grouping feature answering from its grid of cells.
@Suite struct FeatureSplitterTests {
    /// Rows of a one-feature tabulation by key of the grouping layer, in km².
    private func byKey(_ tab: CrossTabulation) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: tab.rows.map { ($0.keys[1], $0.area.squareKilometres) })
    }

    @Test func patchesApartInsideAPieceArePunchedOut() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // A 2 km square cut by five 200 m squares lying apart inside it ("a") and one across its
        // east edge ("b", half inside): more than two hits, none touching another.
        let red = try c.layer("red", [("r", "", try c.rect(0, 0, 2000, 2000))])
        var patches: [(String, String, Geometry)] = try (0..<5).map { k in
            ("a", "", try c.rect(100 + 400 * Double(k), 100, 300 + 400 * Double(k), 300))
        }
        patches.append(("b", "", try c.rect(1900, 900, 2100, 1100)))
        let groups = [try GroupingLayer.keyed(try c.layer("patches", patches), field: "NAME", label: "patches")]
        let tab = try CrossTabulation.run(first: red, firstField: nil, firstLabel: "red", groups: groups)
        let rows = byKey(tab)
        #expect(close(rows["a"]!, 5 * 0.04))            // five 200 m × 200 m squares
        #expect(close(rows["b"]!, 0.1 * 0.2))           // [1900,2000]×[900,1100]
        #expect(close(rows["(outside)"]!, 4 - 0.2 - 0.02))
        #expect(tab.rows.map(\.pieces) == [1, 5, 1])    // (outside) in one piece, with six holes' worth cut out
        #expect(close(tab.total, 4))
        #expect(tab.diagnostics.conservationBreaches.isEmpty && tab.diagnostics.fallbacks.isEmpty)
    }

    @Test func touchingPatchesAreUnionedWithTheSameResult() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // Two of the patches share an edge (x = 500): the holes shortcut is refused, the union gives the areas.
        let red = try c.layer("red", [("r", "", try c.rect(0, 0, 2000, 2000))])
        let patches: [(String, String, Geometry)] = [
            ("a", "", try c.rect(300, 500, 500, 700)), ("a", "", try c.rect(500, 500, 700, 700)),
            ("a", "", try c.rect(1000, 1000, 1200, 1200)), ("b", "", try c.rect(-100, 900, 100, 1000)),
        ]
        let groups = [try GroupingLayer.keyed(try c.layer("patches", patches), field: "NAME", label: "patches")]
        let tab = try CrossTabulation.run(first: red, firstField: nil, firstLabel: "red", groups: groups)
        let rows = byKey(tab)
        #expect(close(rows["a"]!, 3 * 0.04))
        #expect(close(rows["b"]!, 0.1 * 0.1))           // [0,100]×[900,1000]
        #expect(close(rows["(outside)"]!, 4 - 0.12 - 0.01))
        #expect(close(tab.total, 4))
        #expect(tab.diagnostics.conservationBreaches.isEmpty)
    }

    @Test func aLargeGroupingFeatureAnswersFromItsCells() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // An L-shaped town, [0,3000]×[0,1000] ∪ [0,1000]×[0,3000], with a vertex every 50 m (240 of
        // them: a large feature, gridded and clipped); 50 m patches (smaller than its ~94 m cells)
        // wholly inside it, across its inner edge y = 1000, and inside its envelope but outside it.
        let l = try c.rect(0, 0, 3000, 1000).union(try c.rect(0, 0, 1000, 3000))
        #expect(l.vertexCount >= LayerCursor.clipFromVertices)
        let town = try c.layer("town", [("T", "", l)])
        let patches = try c.layer("patches", [
            ("inside", "", try c.rect(200, 200, 250, 250)), ("inside", "", try c.rect(500, 2500, 550, 2550)),
            ("across", "", try c.rect(1900, 975, 1950, 1025)),       // half below y = 1000, in the town
            ("outside", "", try c.rect(2000, 2000, 2050, 2050)),     // in the town's envelope only
        ])
        let tab = try CrossTabulation.run(first: patches, firstField: "NAME", firstLabel: "patch",
                                          groups: [try GroupingLayer.keyed(town, field: "NAME", label: "town")])
        let rows = Dictionary(uniqueKeysWithValues: tab.rows.map { ($0.keys.joined(separator: "|"), $0.area.squareKilometres) })
        #expect(rows.count == 4)
        #expect(close(rows["inside|T"]!, 2 * 0.0025))
        #expect(close(rows["across|T"]!, 0.05 * 0.025))
        #expect(close(rows["across|(outside)"]!, 0.05 * 0.025))
        #expect(close(rows["outside|(outside)"]!, 0.0025))
        #expect(close(tab.total, 0.01))
        #expect(tab.diagnostics.conservationBreaches.isEmpty)
    }
}
