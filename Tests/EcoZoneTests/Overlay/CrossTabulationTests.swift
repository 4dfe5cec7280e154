import Foundation
import GeoKit
import Testing
@testable import EcoZone

@Suite struct CrossTabulationTests {
    @Test func zonesByTownsWithAnOutsidePart() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // Zones Z1 = [0,1000]², Z2 = [1000,2000]×[0,1000]; towns T1 = [0,1500]×[0,1000],
        // T2 = [1500,2000]×[0,500]: the corner [1500,2000]×[500,1000] lies in no town.
        let zones = try c.layer("zones", [("Z1", "", try c.rect(0, 0, 1000, 1000)), ("Z2", "", try c.rect(1000, 0, 2000, 1000))])
        let towns = try c.layer("towns", [("T1", "", try c.rect(0, 0, 1500, 1000)), ("T2", "", try c.rect(1500, 0, 2000, 500))])
        let groups = [try GroupingLayer.dissolve(towns, field: "NAME", label: "towns:NAME")]
        let tab = try CrossTabulation.run(first: zones, firstField: "NAME", firstLabel: "zones:NAME", groups: groups)
        #expect(tab.dimensions == ["zones:NAME", "towns:NAME"])
        let rows = tab.rows
        #expect(rows.map(\.keys) == [["Z1", "T1"], ["Z2", "(outside)"], ["Z2", "T1"], ["Z2", "T2"]])
        let expected = [1.0, 0.25, 0.5, 0.25]   // km², by construction
        for (r, e) in zip(rows, expected) { #expect(close(r.area, e), "\(r.keys): \(r.area)") }
        #expect(close(tab.total, 2))
        #expect(close(tab.outside["towns:NAME"]!, 0.25))
        #expect(tab.overlapBetweenKeys["towns:NAME"]?.squareKilometres == 0)
        #expect(tab.diagnostics.conservationBreaches.isEmpty)
    }

    @Test func threeWayAndPresenceOnly() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // Erosion grades over zones over a red line given without a field (in / outside).
        let erosion = try c.layer("erosion", [("强烈", "", try c.rect(0, 0, 400, 1000)), ("轻度", "", try c.rect(400, 0, 2000, 1000))])
        let zones = try c.layer("zones", [("Z1", "", try c.rect(0, 0, 1000, 1000)), ("Z2", "", try c.rect(1000, 0, 2000, 1000))])
        let red = try c.layer("red", [("r", "", try c.rect(300, 0, 1200, 500))])
        let tab = try CrossTabulation.run(first: erosion, firstField: "NAME", firstLabel: "erosion:grade",
                                          groups: [try GroupingLayer.dissolve(zones, field: "NAME", label: "zones:name"),
                                                   try GroupingLayer.dissolve(red, field: nil, label: "red")])
        let rows = tab.rows
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0.keys.joined(separator: "|"), $0.area) })
        #expect(close(byKey["强烈|Z1|red"]!, 0.1 * 0.5))            // [300,400]×[0,500]
        #expect(close(byKey["强烈|Z1|(outside)"]!, 0.4 - 0.05))
        #expect(close(byKey["轻度|Z1|red"]!, 0.6 * 0.5))            // [400,1000]×[0,500]
        #expect(close(byKey["轻度|Z1|(outside)"]!, 0.6 - 0.3))
        #expect(close(byKey["轻度|Z2|red"]!, 0.2 * 0.5))            // [1000,1200]×[0,500]
        #expect(close(byKey["轻度|Z2|(outside)"]!, 1.0 - 0.1))
        #expect(rows.count == 6)
        #expect(close(tab.total, 2))
    }

    @Test func overlappingGroupsAreMeasuredAndReported() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        let towns = try c.layer("towns", [("A", "", try c.rect(0, 0, 1000, 1000)), ("B", "", try c.rect(800, 0, 2000, 1000)),
                                          ("A", "", try c.rect(0, 900, 500, 1000))])   // same key overlapping itself: dissolved away
        let g = try GroupingLayer.dissolve(towns, field: "NAME", label: "towns")
        #expect(g.keys == ["A", "B"])
        #expect(close(g.overlapBetweenKeys!, 200 * 1000))   // m²: [800,1000]×[0,1000]
    }

    @Test func resultDoesNotDependOnWorkers() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        var features: [(String, String, Geometry)] = []
        for i in 0..<60 { features.append(([ "a", "b", "c" ][i % 3], "", try c.rect(Double(i) * 37, 0, Double(i) * 37 + 50, 300))) }
        let first = try c.layer("first", features)
        let towns = try c.layer("towns", [("T1", "", try c.rect(0, 0, 1000, 200)), ("T2", "", try c.rect(1000, 0, 2500, 250))])
        let groups = [try GroupingLayer.dissolve(towns, field: "NAME", label: "t")]
        let one = try CrossTabulation.run(first: first, firstField: "NAME", firstLabel: "f", groups: groups, workers: 1)
        let two = try CrossTabulation.run(first: first, firstField: "NAME", firstLabel: "f", groups: groups, workers: 2)
        let five = try CrossTabulation.run(first: first, firstField: "NAME", firstLabel: "f", groups: groups, workers: 5)
        #expect(one.rows.map(\.area) == two.rows.map(\.area))
        #expect(one.rows.map(\.area) == five.rows.map(\.area))
        #expect(one.total == five.total)
    }
}

@Suite struct OverlapMatrixTests {
    @Test func symmetricWithDissolvedDiagonal() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        // Red line overlaps itself (dissolved: 1.5 km², not 2); parks cross it.
        let red = try c.layer("red", [("r1", "", try c.rect(0, 0, 1000, 1000)), ("r2", "", try c.rect(500, 0, 1500, 1000))])
        let parks = try c.layer("parks", [("p", "", try c.rect(1000, 500, 3000, 1500))])
        let zones = try c.layer("zones", [("z", "", try c.rect(0, 0, 3000, 2000))])
        let m = try OverlapMatrix.run([red, parks, zones])
        #expect(m.layers == ["red", "parks", "zones"])
        #expect(close(m.areas[0], 1.5) && close(m.areas[1], 2) && close(m.areas[2], 6))
        #expect(close(m.matrix[0][1], 0.25))     // [1000,1500]×[500,1000]
        #expect(close(m.matrix[0][2], 1.5))
        #expect(close(m.matrix[1][2], 2))        // the park lies wholly in the zone
        for i in 0..<3 { for j in 0..<3 { #expect(m.matrix[i][j] == m.matrix[j][i]) } }
        #expect(close(m.shareOfRow[0][1], 0.25 / 1.5))
        #expect(close(m.shareOfRow[1][0], 0.25 / 2))
    }
}

@Suite struct ConflictListTests {
    @Test func namesEveryProjectInsideProtectedLand() throws {
        let c = try ConstructedLayers()
        defer { c.remove() }
        let projects = try c.layer("projects", [("矿山修复", "", try c.rect(0, 0, 100, 100)),          // inside the park
                                                ("河道治理", "", try c.rect(900, 0, 1100, 100)),       // half in the red line
                                                ("远处工程", "", try c.rect(5000, 5000, 5100, 5100))])  // nowhere
        let parks = try c.layer("parks", [("南泉森林自然公园", "市级森林自然公园", try c.rect(-100, -100, 500, 500))])
        let red = try c.layer("red", [("rl", "", try c.rect(1000, -100, 2000, 500))])
        let list = try ConflictList.run(projects, nameField: "NAME", against: [
            .init(role: "protected-areas", layer: parks, nameField: "NAME", classField: "TYPE"),
            .init(role: "red-line", layer: red, nameField: nil, classField: nil),
        ])
        #expect(list.checked == 3 && list.inConflict == 2)
        #expect(list.conflicts.map(\.feature) == ["矿山修复", "河道治理"])
        #expect(list.conflicts[0].name == "南泉森林自然公园" && list.conflicts[0].class == "市级森林自然公园")
        #expect(close(list.conflicts[0].area, 0.01) && close(list.conflicts[0].shareOfFeature, 1))
        #expect(list.conflicts[1].against == "red-line")
        #expect(close(list.conflicts[1].area, 0.01) && close(list.conflicts[1].shareOfFeature, 0.5))
    }
}
