import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The Banan reference data set (fixtures/banan) behaves as the plan says: checked through EcoZone
/// against the plan's figures and against shapely + pyproj (scripts/reference/banan_relations_shapely.py).
/// scripts/check-banan checks the same relations with shapely alone and proves the files reproducible.
@Suite(.serialized) struct BananDataSetTests {
    static let project = TestPaths.repository.appendingPathComponent("fixtures/banan/project.yaml").path

    struct Reference: Decodable {
        struct Conflict: Decodable { let project: String; let against: String; let name: String?; let area_m2: Double }
        let boundary_area_m2: Double
        let conflicts: [Conflict]
    }

    static let reference: Reference = {
        try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.fixture("reference/banan_relations.json")))
    }()

    @Test func boundaryIsWithinHalfAPercentOf1823() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let report = try AreaReport.measure(try LoadedLayer.load(try layers.spec("boundary").request))
        #expect(abs(report.total - 1823) / 1823 < 0.005)
        #expect(abs(report.total * 1e6 - Self.reference.boundary_area_m2) / Self.reference.boundary_area_m2 < 1e-9)
    }

    @Test func everyLayerOpensWithTheRightCRSAndEncoding() throws {
        let project = try Project.load(Self.project)
        var seen: [String: (String?, TextEncoding.Basis, String)] = [:]
        for spec in project.layers + (project.pattern?.elements.compactMap(\.layer) ?? []) where !project.derived.contains(where: { $0.name == spec.name }) {
            let layer = try LoadedLayer.load(spec.request)
            seen[spec.name] = (layer.crs.authorityCode, layer.encoding.basis, layer.encoding.name)
        }
        #expect(seen["restoration-zones"]?.0 == "EPSG:4524")
        for role in ["boundary", "towns", "red-line", "red-line-2020", "protected-areas", "soil-erosion", "rocky-desertification", "projects", "barriers", "belts"] {
            #expect(seen[role]?.0 == "EPSG:4490", "\(role)")
        }
        #expect(seen["towns"]?.1 == .cpg && seen["towns"]?.2 == "CP936")
        #expect(seen["soil-erosion"]?.1 == .cpg)
        #expect(seen["rocky-desertification"]?.1 == .inferred)   // GBK without .cpg
        #expect(seen["protected-areas"]?.1 == .format)
    }

    @Test func zonesAndTownsPartitionTheDistrict() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let boundary = try layers.overlay("boundary").totalArea.squareMetres
        for role in ["restoration-zones", "towns"] {
            let g = try GroupingLayer.dissolve(try layers.overlay(role), field: try layers.field(role, "name"), label: role)
            // No overlaps (SOURCE.md: under 100 m² of residue from reprojecting the zones).
            #expect(g.overlapBetweenKeys! < 100, "\(role) overlap \(g.overlapBetweenKeys!) m²")
            // Union equals the boundary: nothing of the district outside, nothing outside the district.
            let tab = try CrossTabulation.run(first: try layers.overlay("boundary"), firstField: nil, firstLabel: "boundary", groups: [g])
            #expect(tab.outside[role]!.squareMetres < 100, "\(role) leaves \(tab.outside[role]!.squareMetres) m² uncovered")
            let union = g.layer.totalArea.squareMetres
            #expect(abs(union - boundary) < 200, "\(role): \(union) vs \(boundary) m²")
        }
        #expect(try layers.overlay("towns").features.count == 23)
        #expect(try layers.overlay("restoration-zones").features.count == 5)
    }

    @Test func zoneByTownCrossTabSumsToTheDistrict() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let towns = try GroupingLayer.dissolve(try layers.overlay("towns"), field: "NAME", label: "towns:name")
        let tab = try CrossTabulation.run(first: try layers.overlay("restoration-zones"), firstField: "NAME", firstLabel: "zones:name", groups: [towns])
        let district = Self.reference.boundary_area_m2 / 1e6
        #expect(abs(tab.rows.map(\.area).sum().squareKilometres - district) / district < 1e-6)
        #expect(Set(tab.rows.map { $0.keys[0] }).count == 5)
        #expect(tab.diagnostics.conservationBreaches.isEmpty)
    }

    @Test func rangesInsideAndRedLineMostlyOnThem() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let m = try OverlapMatrix.run([try layers.overlay("barriers"), try layers.overlay("boundary"), try layers.overlay("red-line")])
        #expect(m.shareOfRow[0][1] > 0.999999)   // ranges lie in the district
        #expect(m.shareOfRow[2][0] > 0.8)        // the red line lies mostly on the ranges (SOURCE.md: 92.3 %)
        for i in 0..<3 { for j in 0..<3 { #expect(m.matrix[i][j] == m.matrix[j][i]) } }
    }

    @Test func conflictsNameEveryProjectInsideProtectedLand() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let list = try ConflictList.run(try layers.overlay("projects"), nameField: "NAME", against: [
            .init(role: "protected-areas", layer: try layers.overlay("protected-areas"), nameField: "NAME", classField: "TYPE"),
            .init(role: "red-line", layer: try layers.overlay("red-line"), nameField: nil, classField: nil),
        ])
        let found = list.conflicts.filter { $0.area.squareMetres > 1 }
        let expected = Self.reference.conflicts
        #expect(found.count == expected.count)
        for (f, e) in zip(found, expected) {
            #expect(f.feature == e.project && f.against == e.against)
            if e.against == "protected-areas" { #expect(f.name == e.name) }
            // shapely cuts along lon/lat chords; EcoZone along geodesics (inputs densified to 100 m).
            // Chord and geodesic of a 5 km edge lie ~0.3 m apart, so overlaps bounded by long edges
            // (the 1000 m greening belt) differ by up to ~1e-4; short-edged ones agree to ~1e-6.
            #expect(abs(f.area.squareMetres - e.area_m2) / e.area_m2 < 1e-4, "\(e.project) × \(e.name ?? e.against)")
        }
    }

    @Test func streamingInBatchesGivesTheSameTable() throws {
        let layers = try ProjectLayers(try Project.load(Self.project))
        let zones = try GroupingLayer.keyed(try layers.overlay("restoration-zones"), field: "NAME", label: "zones")
        let whole = try CrossTabulation.run(first: try layers.overlay("soil-erosion"), firstField: "GRADE", firstLabel: "grade", groups: [zones])
        let streamed = try CrossTabulation.stream(try layers.spec("soil-erosion").request, name: "soil-erosion", firstField: "GRADE",
                                                  firstLabel: "grade", analysisCRS: layers.analysisCRS, groups: [zones], batchSize: 37)
        #expect(streamed.rows.map(\.keys) == whole.rows.map(\.keys))
        for (s, w) in zip(streamed.rows, whole.rows) {
            #expect(abs(s.area.squareKilometres - w.area.squareKilometres) <= 1e-12 * max(w.area.squareKilometres, 1e-9))
            #expect(s.pieces == w.pieces)
        }
        #expect(abs(streamed.total.squareKilometres - whole.total.squareKilometres) < 1e-9)
        #expect(streamed.inputs.first?.features == 295)   // erosion.shp has 295 features, read 37 at a time
    }
}
