import Foundation
import Testing
@testable import EcoZone
import GeoKit

/// Buffers in metres on the ground (issue 13, item 5), checked analytically: a point's buffer is
/// the polygon of 4 × 32 chords inscribed in the circle of radius r, so its area is
/// πr² · (n / 2π) · sin(2π / n) with n = 128 (a geodesic circle of 1 km differs from the plane's by
/// r² / 12R² ≈ 2e-9); every vertex lies r from the point along the geodesic (GeographicLib, not the
/// Gauss–Krüger plane the buffer was drawn in); a line's buffer adds 2rL to the two half discs.
@Suite struct LayerBufferTests {
    static func layer(_ features: [(String, String)], crs: String = "EPSG:4490") throws -> (LoadedLayer, URL) {
        let dir = TestPaths.temporaryDirectory()
        let body = features.map { name, geometry in
            "{\"type\":\"Feature\",\"properties\":{\"NAME\":\"\(name)\"},\"geometry\":\(geometry)}"
        }.joined(separator: ",")
        let url = dir.appendingPathComponent("in.geojson")
        try "{\"type\":\"FeatureCollection\",\"features\":[\(body)]}".write(to: url, atomically: true, encoding: .utf8)
        return (try LayerStore().layer(LayerRequest(source: url.path)).valid, dir)
    }

    static let inscribed = 128 / (2 * Double.pi) * sin(2 * Double.pi / 128)

    static func geodesic(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) throws -> Double {
        try GeometryContext().lineString(xs: [lon0, lon1], ys: [lat0, lat1]).geodesicLength(on: .cgcs2000)
    }

    @Test(arguments: [(106.5, 29.5, 1000.0), (108.0, 29.5, 1000.0), (106.52, 29.48, 30.0)])
    func aPointsBufferIsACircleOnTheGround(lon: Double, lat: Double, r: Double) throws {
        let (layer, dir) = try Self.layer([("井", "{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]}")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (out, report) = try LayerBuffer.run(layer, distance: r, dissolve: false)
        #expect(report.zone == 36 && out.crs.isGeographic && out.fields.map(\.name) == ["NAME", "buffer_m"])
        // 1.5° from the zone's central meridian k − 1 ≈ 2.6e-4: a buffer of Gauss–Krüger metres would be 5e-4 too small.
        if lon == 106.5 { #expect(report.scaleMin > 1.0002) }
        let g = try Geometry(wkb: out.features[0].wkb!, context: GeometryContext())
        let area = try AreaMeasurer(layerCRS: out.crs, zone: nil).ellipsoidalArea(g)
        let expected = Double.pi * r * r * Self.inscribed
        #expect(abs(area - expected) <= 1e-6 * expected, "area \(area) vs \(expected)")
        var worst = 0.0
        try g.forEachPolygonRing { _, _, xs, ys in
            for (x, y) in zip(xs, ys) { worst = max(worst, abs(try Self.geodesic(lon, lat, x, y) - r)) }
        }
        #expect(worst <= 1e-5 * r, "a vertex is \(worst) m off the circle")
        #expect(abs(report.area.squareKilometres * 1e6 - area) <= 1e-9 * area)
    }

    @Test func aLinesBufferIsABandWithRoundEnds() throws {
        // A meridian 10 km long: a geodesic, and straight in the zone of its own meridian (CM 108°E).
        let (layer, dir) = try Self.layer([("河", "{\"type\":\"LineString\",\"coordinates\":[[108.0,29.45],[108.0,29.55]]}")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let length = try Self.geodesic(108, 29.45, 108, 29.55)
        let r = 500.0
        let (out, _) = try LayerBuffer.run(layer, distance: r, dissolve: false)
        let area = try AreaMeasurer(layerCRS: out.crs, zone: nil).ellipsoidalArea(try Geometry(wkb: out.features[0].wkb!, context: GeometryContext()))
        let expected = 2 * r * length + Double.pi * r * r * Self.inscribed
        #expect(abs(area - expected) <= 1e-5 * expected, "area \(area) vs \(expected)")
    }

    @Test func dissolveMergesOverlappingBuffers() throws {
        let (layer, dir) = try Self.layer([("甲", "{\"type\":\"Point\",\"coordinates\":[106.5,29.5]}"),
                                          ("乙", "{\"type\":\"Point\",\"coordinates\":[106.505,29.5]}")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let (apart, _) = try LayerBuffer.run(layer, distance: 400, dissolve: false)
        let (one, report) = try LayerBuffer.run(layer, distance: 400, dissolve: true)
        #expect(apart.features.count == 2 && one.features.count == 1 && report.dissolved)
        #expect(one.fields.map(\.name) == ["buffer_m"])
        // The points are 484 m apart: two 400 m discs overlap, so the union is less than both and more than one.
        let disc = Double.pi * 400 * 400 * Self.inscribed
        #expect(report.area.squareKilometres * 1e6 < 2 * disc && report.area.squareKilometres * 1e6 > disc)
        #expect(throws: GeoKitError.self) { try LayerBuffer.run(layer, distance: 0, dissolve: false) }
    }

    @Test func aDerivedLayerIsALayerLikeAnyOther() throws {
        let fixture = TestPaths.fixture("layers").path
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("p.yaml")
        try """
        crs: EPSG:4524
        layers:
          zones: { source: \(fixture)/zones.geojson, name: NAME }
          sites: { source: \(fixture)/sites.geojson, name: NAME, class: KIND }
          rivers: { source: \(fixture)/rivers.geojson, name: NAME }
        derived:
          plant-rings: { buffer: sites, where: "KIND = '水厂'", distance: 200 }
          river-belt: { buffer: rivers, distance: 100, dissolve: true }
        pattern:
          belts: { source: "derived:river-belt" }
        """.write(to: project, atomically: true, encoding: .utf8)
        let p = try Project.load(project.path)
        #expect(p.derived.map(\.name) == ["plant-rings", "river-belt"] && p.layer(named: "river-belt") != nil)
        #expect(!p.inputFiles.contains { $0.hasPrefix("derived:") })
        let store = try LayerStore(p)
        let rings = try store.layer(try store.spec("plant-rings"))
        #expect(rings.valid.features.count == 4)   // the four 水厂
        // Tabulated: each ring's area, as buffered, lands in a zone or outside.
        let t = try store.crossTabulation(["plant-rings:name", "zones:name"])
        let ring = Double.pi * 200 * 200 * LayerBufferTests.inscribed
        #expect(abs(t.total.squareMetres - 4 * ring) <= 1e-5 * 4 * ring)
        // Conflicts against it, and a pattern element made of it.
        let c = try store.conflicts(of: "sites", against: ["plant-rings"])
        #expect(c.conflicts.filter { $0.against == "plant-rings" }.count == 4)
        let pattern = try PatternAnalysis.run(p, store: store)
        #expect(pattern.elements.count == 1 && pattern.elements[0].shape == .polygon)
        #expect(store.derivedReports["river-belt"]?.dissolved == true)
    }

    @Test func projectFileRefusesBadDerivedLayers() throws {
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let zones = TestPaths.fixture("layers/zones.geojson").path
        for (derived, words) in [("{ belt: { buffer: rivers, distance: 1000 } }", "buffers 'rivers', which is no layer of the project"),
                                 ("{ belt: { buffer: zones } }", "has no 'distance'"),
                                 ("{ belt: { buffer: zones, distance: 0 } }", "'distance' must be more than 0 m"),
                                 ("{ zones: { buffer: zones, distance: 10 } }", "has the name of a layer of the project"),
                                 ("{ belt: { buffer: zones, distance: 5 km, dissolve: maybe } }", "'dissolve' must be true or false")] {
            let url = dir.appendingPathComponent("p.yaml")
            try "layers:\n  zones: \(zones)\nderived: \(derived)\n".write(to: url, atomically: true, encoding: .utf8)
            do { _ = try Project.load(url.path); Issue.record("accepted \(derived)") } catch let e as GeoKitError {
                #expect(e.message.contains(words) && e.message.contains("line 3"), "\(e.message)")
            }
        }
        let url = dir.appendingPathComponent("p.yaml")
        try "layers:\n  zones: \(zones)\npattern:\n  belts: { source: \"derived:nothing\" }\n".write(to: url, atomically: true, encoding: .utf8)
        do { _ = try Project.load(url.path); Issue.record("accepted derived:nothing") } catch let e as GeoKitError {
            #expect(e.message.contains("'derived:nothing' names no derived layer"), "\(e.message)")
        }
    }
}
