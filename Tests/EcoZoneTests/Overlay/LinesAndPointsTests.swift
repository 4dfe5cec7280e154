import Foundation
import Testing
@testable import EcoZone
import GeoKit

/// Lines and points where polygons go (issue 13, item 4): tabulated by geodesic length and count,
/// overlaid, listed as conflicts and measured by claims inside a layer — against
/// scripts/reference/layers_pyproj_shapely.py (pieces cut by shapely in EPSG:4524, lengths by pyproj
/// `Geod.geometry_length`, points by shapely `contains`), which wrote Fixtures/layers.
@Suite struct LinesAndPointsTests {
    struct Reference: Decodable {
        var rivers_by_zones_m: [String: Double]
        var rivers_m: [String: Double]
        var sites_by_zones: [String: Int]
        var sites_class_by_halves: [String: Int]
    }

    static let reference: Reference = {
        try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: TestPaths.fixture("layers/reference.json")))
    }()

    static func store() throws -> LayerStore { try LayerStore(try Project.load(TestPaths.fixture("layers/project.yaml").path)) }

    static func rows(_ t: CrossTabulation) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: t.rows.map { ($0.keys.joined(separator: "|"), t.value($0)) })
    }

    @Test func lineLengthsPerZoneAgreeWithPyprojGeod() throws {
        let t = try Self.store().crossTabulation(["rivers:name", "zones:name"])
        #expect(t.measure == .length)
        let ours = Self.rows(t)
        #expect(Set(ours.keys) == Set(Self.reference.rivers_by_zones_m.keys))
        for (k, metres) in Self.reference.rivers_by_zones_m {
            #expect(abs((ours[k] ?? 0) * 1000 - metres) <= 1e-9 * metres, "\(k): \((ours[k] ?? 0) * 1000) vs \(metres)")
        }
        // The pieces add up to the whole lines, and the part outside is keyed "(outside)".
        let whole = Self.reference.rivers_m.values.reduce(0, +)
        #expect(abs(t.totalAmount * 1000 - whole) <= 1e-9 * whole)
        let outside = Self.reference.rivers_by_zones_m.filter { $0.key.hasSuffix("|(outside)") }.values.reduce(0, +)
        #expect(abs((t.outsideAmount["zones:name"] ?? 0) * 1000 - outside) <= 1e-9 * outside)
    }

    @Test func pointsAreCountedOncePerZone() throws {
        let store = try Self.store()
        let byZone = Self.rows(try store.crossTabulation(["sites", "zones:name"]))
        #expect(byZone == Dictionary(uniqueKeysWithValues: Self.reference.sites_by_zones.map { ("sites|\($0.key)", Double($0.value)) }))
        let t = try store.crossTabulation(["sites:class", "halves:name"])
        #expect(t.measure == .count && t.totalAmount == 8)
        #expect(Self.rows(t) == Self.reference.sites_class_by_halves.mapValues(Double.init))
    }

    @Test func overlayKeepsBothSidesAttributesAndLengths() throws {
        let store = try Self.store()
        let rivers = try store.spec("rivers").request
        let result = try FeatureOverlay.run(try store.features(inAnalysisCRS: rivers), name: "rivers", sourceCRS: try store.layer(rivers).valid.crs,
                                            shape: .line, try store.overlay("zones"), how: .identity, workers: 2)
        let summary = try result.summary()
        let whole = Self.reference.rivers_m.values.reduce(0, +)
        #expect(abs(summary.a.total * 1000 - whole) <= 1e-9 * whole)
        #expect(abs((summary.inBoth + summary.onlyA) * 1000 - whole) <= 1e-9 * whole)
        let inside = Self.reference.rivers_by_zones_m.filter { !$0.key.hasSuffix("|(outside)") }.values.reduce(0, +)
        #expect(abs(summary.inBoth * 1000 - inside) <= 1e-9 * inside)
        // Every piece inside names its zone; written with both sides' fields.
        #expect(result.pieces.filter { $0.b != nil }.count == Self.reference.rivers_by_zones_m.filter { !$0.key.hasSuffix("|(outside)") }.count)
        #expect(result.outputFields.map(\.name) == ["rivers_NAME", "zones_NAME", "a_fid", "b_fid", "length_km"])
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("pieces.gpkg").path
        try result.write(to: out)
        let back = try LoadedLayer.load(LayerRequest(source: out))
        #expect(back.features.count == result.pieces.count && FeatureShape(geometryType: back.geometryType) == .line)
        // Union would mix lines with polygons.
        #expect(throws: GeoKitError.self) {
            try FeatureOverlay.run(try store.features(inAnalysisCRS: rivers), name: "rivers", sourceCRS: try CRS("EPSG:4490"), shape: .line,
                                   try store.overlay("zones"), how: .union)
        }
    }

    @Test func conflictsListLinesAndPointsInsideProtectedLand() throws {
        let store = try Self.store()
        let lines = try store.conflicts(of: "rivers", against: ["zones"])
        #expect(lines.shape == .line && lines.checked == 2 && lines.inConflict == 2)
        for c in lines.conflicts {
            let metres = try #require(Self.reference.rivers_by_zones_m["\(c.feature)|\(c.name ?? "")"])
            #expect(abs((c.length ?? 0) * 1000 - metres) <= 1e-9 * metres)
            #expect(abs(c.shareOfFeature - metres / Self.reference.rivers_m[c.feature]!) <= 1e-9)
        }
        let points = try store.conflicts(of: "sites", against: ["zones"])
        #expect(points.shape == .point)
        #expect(points.inConflict == Self.reference.sites_by_zones.filter { $0.key != "(outside)" }.values.reduce(0, +))
        #expect(points.conflicts.allSatisfy { $0.shareOfFeature == 1 && $0.length == nil })
        // A polygon's conflict has an area in the JSON, a line's a length, a point's neither.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(lines)) as! [String: Any]
        let first = (json["conflicts"] as! [[String: Any]])[0]
        #expect(first["length_km"] is Double && first["area"] == nil && json["unit"] as? String == "km")
    }

    @Test func claimsStateLengthsAndCountsInsideALayer() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inside = Self.reference.rivers_by_zones_m.filter { !$0.key.hasSuffix("|(outside)") }.values.reduce(0, +)
        let points = Self.reference.sites_by_zones.filter { $0.key != "(outside)" }.values.reduce(0, +)
        let 甲河 = Self.reference.rivers_by_zones_m["甲河|乙"]!
        let claims = """
        tolerance: 0.001%
        claims:
          - { id: shoreline, layer: rivers, inside: zones, length: \(String(format: "%.4f", inside / 1000)) km }
          - { id: river-in-yi, layer: rivers, where: "NAME = '甲河'", inside: zone-yi, length: \(String(format: "%.2f", 甲河)) m }
          - { id: sites, layer: sites, inside: zones, count: \(points) }
          - { id: plants, layer: sites, where: "KIND = '水厂'", inside: zones, count: 1 }
          - { id: not-lines, layer: sites, inside: zones, length: 1 km }
        """
        try claims.write(to: dir.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        let fixture = TestPaths.fixture("layers").path
        try """
        crs: EPSG:4524
        layers:
          zones: \(fixture)/zones.geojson
          zone-yi: { source: \(fixture)/zones.geojson, where: "NAME = '乙'" }
          rivers: { source: \(fixture)/rivers.geojson, name: NAME }
          sites: { source: \(fixture)/sites.geojson, name: NAME }
        """.write(to: dir.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let v = try ValidationReport.validate(project: try Project.load(dir.appendingPathComponent("p.yaml").path),
                                              claims: try ClaimsFile.load(dir.appendingPathComponent("c.yaml").path))
        let r = Dictionary(uniqueKeysWithValues: v.claims.map { ($0.id, $0) })
        for id in ["shoreline", "river-in-yi", "sites", "plants"] { #expect(r[id]?.status == .pass, "\(id): \(r[id]?.computed ?? .nan) \(r[id]?.message ?? "")") }
        // 一号 is the one water plant inside a zone (二号 lies in 甲's hole, 六号 just above 甲, 七号 east of everything).
        #expect(r["plants"]?.computed == 1)
        #expect(r["not-lines"]?.status == .error && r["not-lines"]?.message?.contains("a length needs lines") == true)
    }

    @Test func aLineLayerCannotCutOthers() throws {
        #expect(throws: GeoKitError.self) { try Self.store().crossTabulation(["zones:name", "rivers:name"]) }
        #expect(throws: GeoKitError.self) { try Self.store().crossTabulation(["sites", "rivers"]) }
    }
}
