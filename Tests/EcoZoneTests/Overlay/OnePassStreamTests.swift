import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// The first layer streamed in one pass (`CrossTabulation.stream`): the same table, repairs and counts
/// as the layer repaired, prepared and cut in separate passes, whatever the batch size and workers;
/// areas by construction; errors named with their layer.
@Suite struct OnePassStreamTests {
    /// Erosion patches in EPSG:4524 (transformed to EPSG:4490 on the way): four 500 m × 400 m
    /// rectangles (0.2 km² each), a bow-tie of two triangles of 5,000 m² (100 m base, 100 m high), one feature without
    /// geometry. Zones Z1 = x < 1000, Z2 = 1000 ≤ x < 2000.
    struct Fixture {
        let c: ConstructedLayers
        let path: String
        let zones: GroupingLayer

        init() throws {
            c = try ConstructedLayers()
            let (ox, oy) = c.origin
            path = c.dir.appendingPathComponent("patches.gpkg").path
            let w = try VectorWriter(path: path, layerName: "patches", crs: CRS("EPSG:4524"), geometryKind: .multiPolygon,
                                     fields: [FieldDefinition(name: "GRADE", type: .string)])
            // The third patch straddles the zones' common edge (x = 1000): half in each.
            let rects: [(Double, Double, String)] = [(0, 0, "a"), (0, 500, "b"), (750, 0, "a"), (1200, 500, "b")]
            for (x, y, grade) in rects { try w.write(wkb: try c.rect(x, y, x + 500, y + 400).wkb, values: [.string(grade)]) }
            let bowTie = try c.context.polygon(rings: [(xs: [ox + 1200, ox + 1400, ox + 1400, ox + 1200, ox + 1200],
                                                       ys: [oy, oy + 100, oy, oy + 100, oy])])
            try w.write(wkb: bowTie.wkb, values: [.string("a")])
            try w.write(wkb: nil, values: [.string("b")])
            try w.commit()
            let z = try c.layer("zones", [("Z1", "", try c.rect(0, 0, 1000, 1000)), ("Z2", "", try c.rect(1000, 0, 2000, 1000))])
            zones = try GroupingLayer.keyed(z, field: "NAME", label: "zones")
        }
    }

    @Test(arguments: [(1, 1), (2, 3), (4, 2), (1000, 2)])
    func sameAsSeparatePasses(batchSize: Int, workers: Int) throws {
        let f = try Fixture()
        defer { f.c.remove() }
        let request = LayerRequest(source: f.path)
        let crs = try CRS("EPSG:4490")
        let first = try OverlayLayer.prepare(try LoadedLayer.load(request), name: "erosion", analysisCRS: crs)
        let separate = try CrossTabulation.run(batchesOf: first, firstField: "GRADE", firstLabel: "erosion", groups: [f.zones], workers: 1)
        let streamed = try CrossTabulation.stream(request, name: "erosion", firstField: "GRADE", firstLabel: "erosion", analysisCRS: crs,
                                                  groups: [f.zones], batchSize: batchSize, workers: workers)
        #expect(streamed.rows.map(\.keys) == separate.rows.map(\.keys))
        #expect(streamed.rows.map(\.area) == separate.rows.map(\.area))   // exact sums: the same bits
        #expect(streamed.rows.map(\.pieces) == separate.rows.map(\.pieces))
        #expect(streamed.total == separate.total)
        #expect(streamed.outside == separate.outside)
        #expect(streamed.inputs[0].repairs == separate.inputs[0].repairs)
        // By construction: 4 × 0.2 km² + two triangles of 0.005 km²; the third patch split 0.1 / 0.1.
        #expect(close(streamed.total, 0.81))
        let row = Dictionary(uniqueKeysWithValues: streamed.rows.map { ($0.keys, $0) })
        #expect(close(row[["a", "Z1"]]!.area, 0.3) && close(row[["a", "Z2"]]!.area, 0.11))
        #expect(close(row[["b", "Z1"]]!.area, 0.2) && close(row[["b", "Z2"]]!.area, 0.2))
        #expect(row[["a", "Z2"]]!.pieces == 2)   // half the third patch, and the repaired bow-tie
        #expect(streamed.inputs[0].features == 5 && streamed.inputs[0].skipped == 1)
        #expect(streamed.inputs[0].repairs.count == 1 && streamed.inputs[0].repairs[0].fid == separate.inputs[0].repairs[0].fid)
        #expect(streamed.inputs[0].transformation == first.transformation)
    }

    /// A field the layer lacks is refused with the layer's name, from the worker that met it first.
    @Test func aMissingFieldNamesTheLayer() throws {
        let f = try Fixture()
        defer { f.c.remove() }
        do {
            _ = try CrossTabulation.stream(LayerRequest(source: f.path), name: "erosion", firstField: "NOPE", firstLabel: "erosion",
                                           analysisCRS: try CRS("EPSG:4490"), groups: [f.zones], batchSize: 2, workers: 2)
            Issue.record("no error")
        } catch let e as GeoKitError {
            #expect(e.message.contains("layer 'erosion' has no field named 'NOPE'"))
        }
    }

    /// A source that matches no feature is an error naming it, not an empty table.
    @Test func noFeatureIsAnError() throws {
        let f = try Fixture()
        defer { f.c.remove() }
        var request = LayerRequest(source: f.path)
        request.whereClause = "GRADE = 'none'"
        #expect(throws: GeoKitError.self) {
            try CrossTabulation.stream(request, name: "erosion", firstField: "GRADE", firstLabel: "erosion",
                                       analysisCRS: try CRS("EPSG:4490"), groups: [f.zones], batchSize: 2, workers: 2)
        }
    }
}
