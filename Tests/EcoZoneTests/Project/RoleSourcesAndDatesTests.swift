import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// A role read from several sources (in different CRSs, naming their fields differently) is one
/// layer whose areas add up, and a role at two dates is one role whose latest date analyses use.
/// Every area is known by construction: rectangles drawn in EPSG:4524 (CGCS2000 Gauss–Krüger zone 36)
/// within 20 km of its central meridian, where the scale error is below 5e-6, so an X × Y m rectangle
/// has an ellipsoidal area of X·Y within 1e-5 (as in PatternConstructionTests).
@Suite(.serialized) struct RoleSourcesAndDatesTests {
    typealias C = PatternConstructionTests

    /// A GeoJSON FeatureCollection in EPSG:4490 (lon/lat) of x0…x1 × y0…y1 in the construction's
    /// metres, its edges cut every 100 m so that the lon/lat polygon is the same rectangle.
    static func lonLatRectangle(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, field: String, value: String) throws -> String {
        let toLonLat = try Transformer(from: try CRS(epsg: 4524), to: try CRS.cgcs2000())
        var ring: [(Double, Double)] = []
        for (a, b) in [((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))] {
            let steps = Int((abs(b.0 - a.0) + abs(b.1 - a.1)) / 100)
            for i in 0..<steps {
                let t = Double(i) / Double(steps)
                ring.append((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
            }
        }
        ring.append(ring[0])
        let coords = try ring.map { p -> String in
            let q = try toLonLat.transform(x: 36_490_000 + p.0, y: 3_300_000 + p.1)
            return "[\(q.x),\(q.y)]"
        }
        return "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[{\"type\":\"Feature\",\"properties\":{\"\(field)\":\"\(value)\"},"
            + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(coords.joined(separator: ","))]]}}]}"
    }

    static func make(_ files: [String: String], project: String) throws -> (URL, String) {
        let dir = TestPaths.temporaryDirectory()
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let path = dir.appendingPathComponent("project.yaml").path
        try project.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    /// reserves.geojson (EPSG:4524, NAME): 甲 [0,10000]×[0,10000] and 乙 [20000,30000]×[0,10000], 100 km² each;
    /// parks.geojson (EPSG:4490, MC): 春蕾 [−5000,0]×[0,20000], 100 km²;
    /// projects.geojson: 工程 [−4000,−1000]×[5000,10000], 15 km², all inside 春蕾.
    @Test func severalSourcesAreOneLayerWhoseAreasAddUp() throws {
        let (dir, path) = try Self.make([
            "reserves.geojson": C.collection([("甲", C.square(0, 0, 10000, 10000)), ("乙", C.square(20000, 0, 30000, 10000))]),
            "parks.geojson": try Self.lonLatRectangle(-5000, 0, 0, 20000, field: "MC", value: "春蕾"),
            "projects.geojson": C.collection([("工程", C.square(-4000, 5000, -1000, 10000))]),
            "claims.yaml": "claims:\n  - { id: pa, layer: protected-areas, area: 300 km2, tolerance: 0.01% }\n"
                + "  - { id: chunlei, layer: protected-areas, where: \"NAME = '春蕾'\", area: 100 km2, tolerance: 0.01% }\n",
        ], project: """
        crs: EPSG:4490
        claims: claims.yaml
        layers:
          protected-areas:
            sources: [reserves.geojson, { source: parks.geojson, name: MC }]
            name: NAME
          projects: { source: projects.geojson, name: NAME }
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = try Project.load(path)
        try project.checkInputsExist()
        let layers = try ProjectLayers(project, workers: 1)

        // Read as one layer: three features, the parks' MC under NAME, each feature knowing its source.
        let loaded = try LoadedLayer.load(try layers.spec(.protectedAreas).request)
        #expect(loaded.features.count == 3 && loaded.parts.count == 2)
        #expect(loaded.crs.authorityCode == "EPSG:4490")                     // CRSs differ: both in the analysis CRS
        #expect(loaded.parts.map { $0.crs.authorityCode } == ["EPSG:4524", "EPSG:4490"])
        let name = try loaded.fieldIndex("NAME"), source = try loaded.fieldIndex("source")
        #expect(loaded.features.map { $0.values[name].description } == ["甲", "乙", "春蕾"])
        #expect(loaded.features.map { $0.values[source].description } == ["reserves.geojson", "reserves.geojson", "parks.geojson"])
        let third = try #require(loaded.part(of: loaded.features[2].fid))
        #expect(third.part.request.source.hasSuffix("parks.geojson") && third.fid == 0)

        // Areas add up: 100 + 100 + 100 km².
        let overlay = try layers.overlay(.protectedAreas)
        #expect(abs(overlay.totalArea - 3e8) < 3e8 * 1e-5)
        let tab = try layers.crossTabulation(["protected-areas:name"])
        let rows = Dictionary(uniqueKeysWithValues: tab.rows.map { ($0.keys[0], $0.area) })
        #expect(Set(rows.keys) == ["甲", "乙", "春蕾"])
        for (_, km2) in rows { #expect(abs(km2 - 100) < 100 * 1e-5) }

        // Conflicts see the second source, named through its own field.
        let conflicts = try layers.conflicts()
        #expect(conflicts.conflicts.count == 1)
        let c = try #require(conflicts.conflicts.first)
        #expect(c.name == "春蕾" && abs(c.area - 15) < 15 * 1e-5)

        // Claims measure the whole role, and filter every source alike.
        let report = try ValidationReport.validate(project: project, claims: try ClaimsFile.load(try #require(project.claims)), workers: 1)
        #expect(try report["pa"].status == .pass && abs(try #require(report["pa"].computed) - 300) < 300 * 1e-5)
        #expect(report["chunlei"].status == .pass && report["chunlei"].features == 1)
    }

    /// red-line at 2020: [0,10000]×[0,10000] (100 km²); at 2023: [0,10000]×[0,5000] (50 km²).
    /// 工程 [2000,4000]×[6000,8000] lies in the 2020 red line only.
    @Test func datedRoleUsesTheLatestUnlessAsked() throws {
        let (dir, path) = try Self.make([
            "rl2020.geojson": C.collection([("红线", C.square(0, 0, 10000, 10000))]),
            "rl2023.geojson": C.collection([("红线", C.square(0, 0, 10000, 5000))]),
            "projects.geojson": C.collection([("工程", C.square(2000, 6000, 4000, 8000))]),
            "claims.yaml": """
            claims:
              - { id: now, layer: red-line, area: 50 km2, tolerance: 0.01% }
              - { id: then, layer: red-line, version: 2020, area: 100 km2, tolerance: 0.01% }
              - { id: then-by-name, layer: red-line-2020, area: 100 km2, tolerance: 0.01% }
            """,
        ], project: """
        claims: claims.yaml
        layers:
          red-line:
            - { source: rl2023.geojson, year: 2023 }
            - { source: rl2020.geojson, year: 2020 }
          projects: { source: projects.geojson, name: NAME }
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = try Project.load(path)
        #expect(project.layer(.redLine)?.year == 2023 && project.layer(.redLine)?.name == "red-line")
        #expect(project.layer(.redLine, year: 2020)?.name == "red-line-2020")
        let layers = try ProjectLayers(project, workers: 1)
        #expect(abs(try layers.overlay(.redLine).totalArea - 5e7) < 5e7 * 1e-5)
        #expect(abs(try layers.overlay("red-line-2020").totalArea - 1e8) < 1e8 * 1e-5)
        #expect(try layers.polygonRoles() == ["red-line", "red-line-2020", "projects"])
        // Conflicts default to the latest red line (none); the 2020 one is addressable (4 km²).
        #expect(try layers.conflicts().conflicts.isEmpty)
        let earlier = try layers.conflicts(against: ["red-line-2020"]).conflicts
        #expect(earlier.count == 1 && abs(earlier[0].area - 4) < 4 * 1e-5)
        // Claims reach either date, by version or by name.
        let report = try ValidationReport.validate(project: project, claims: try ClaimsFile.load(try #require(project.claims)), workers: 1)
        for id in ["now", "then", "then-by-name"] { #expect(report[id].status == .pass, "\(id): \(report[id].message ?? "")") }
    }
}
