import Foundation
import GeoKit
import Testing
@testable import EcoZone

/// Small GeoJSON layers written as text, one wild coordinate at a time.
enum WildLayers {
    /// A FeatureCollection of polygons given as rings of "[x,y]" text (so NaN and Infinity can be
    /// written as GDAL reads them); `crs` adds the GeoJSON 2008 crs member.
    static func geojson(_ rings: [(id: Int, ring: String)], crs: String? = nil) -> String {
        let crsMember = crs.map { #""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::\#($0)"}},"# } ?? ""
        let features = rings.map { #"{"type":"Feature","id":\#($0.id),"properties":{"name":"f\#($0.id)"},"geometry":{"type":"Polygon","coordinates":[[\#($0.ring)]]}}"# }
        return #"{"type":"FeatureCollection",\#(crsMember)"features":[\#(features.joined(separator: ","))]}"#
    }

    /// The 0.1° square 106.5–106.6 °E, 29.5–29.6 °N with `extra` as a fifth vertex on its east edge.
    static func square(extra: String = "[106.6,29.55]") -> String {
        "[106.5,29.5],[106.6,29.5],\(extra),[106.6,29.6],[106.5,29.6],[106.5,29.5]"
    }

    /// The same square written (lat, lon).
    static let squareLatLon = "[29.5,106.5],[29.5,106.6],[29.55,106.6],[29.6,106.6],[29.6,106.5],[29.5,106.5]"

    /// Writes `text` as NAME.geojson in `dir` and returns its path.
    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent("\(name).geojson")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

@Suite struct CoordinateCheckTests {
    let dir = TestPaths.temporaryDirectory()

    func layerError(_ request: LayerRequest) -> GeoKitError? {
        do { _ = try LoadedLayer.load(request); return nil } catch { return error as? GeoKitError }
    }

    @Test func wildVerticesAreRefusedNamingFileLayerFeatureAndValue() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, String, String)] = [
            ("lat95", "[106.6,95]", "latitude 95 is outside"),
            ("lon400", "[400,29.55]", "longitude 400 is outside"),
            ("lon1e308", "[1e308,29.55]", "longitude 1e+308 is outside"),
            ("nan", "[NaN,29.55]", "not a number (NaN)"),
            ("inf", "[106.6,Infinity]", "is infinite"),
            ("minusinf", "[-Infinity,29.55]", "is infinite"),
        ]
        for (name, vertex, words) in cases {
            let path = try WildLayers.write(WildLayers.geojson([(7, WildLayers.square()), (12, WildLayers.square(extra: vertex))]), name, in: dir)
            let e = layerError(LayerRequest(source: path))
            #expect(e?.file == path, "\(name)")
            #expect(e?.layer == name)
            #expect(e?.feature == 12, "\(name): \(e?.description ?? "no error")")
            #expect(e?.message.contains(words) == true, "\(name): \(e?.description ?? "no error")")
        }
    }

    @Test func swappedAxesAreRefusedForTheLayerAndReadWhenStated() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let swapped = try WildLayers.write(WildLayers.geojson([(1, WildLayers.squareLatLon)]), "swapped", in: dir)
        let e = layerError(LayerRequest(source: swapped))
        #expect(e?.file == swapped && e?.layer == "swapped" && e?.feature == nil)
        #expect(e?.message.contains("the axes look swapped") == true)
        // Stated lat-lon: read, and measured as the same square written the right way round.
        let right = try WildLayers.write(WildLayers.geojson([(1, WildLayers.square())]), "right", in: dir)
        let fixed = try AreaReport.measure(try LoadedLayer.load(LayerRequest(source: swapped, axisOrder: .latLon)))
        let expected = try AreaReport.measure(try LoadedLayer.load(LayerRequest(source: right)))
        #expect(fixed.total == expected.total)
        #expect(fixed.total > 100 && fixed.total < 110)   // 0.1° × 0.1° at 29.5 °N: 11.1 km × 9.7 km
        let extent = try LoadedLayer.load(LayerRequest(source: swapped, axisOrder: .latLon)).extent
        #expect(extent == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
        // Stated lon-lat: taken as it is, so latitude 106.5 is out of range, for the feature.
        let asIs = layerError(LayerRequest(source: swapped, axisOrder: .lonLat))
        #expect(asIs?.feature == 1 && asIs?.message.contains("latitude 106.5 is outside") == true)
    }

    @Test func metresUnderAGeographicCRSNeedTheRightCRSStated() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 10 km square in CGCS2000 GK zone 36 (EPSG:4524), 10–20 km east of 108 °E, declared EPSG:4490.
        let ring = "[36510000,3270000],[36520000,3270000],[36520000,3280000],[36510000,3280000],[36510000,3270000]"
        let path = try WildLayers.write(WildLayers.geojson([(1, ring)], crs: "4490"), "metres", in: dir)
        let e = layerError(LayerRequest(source: path))
        #expect(e?.feature == nil && e?.message.contains("the values look like metres") == true)
        #expect(e?.message.contains("EPSG:4524") == true)
        let layer = try LoadedLayer.load(LayerRequest(source: path, assumedCRS: "EPSG:4524"))
        #expect(layer.crs.authorityCode == "EPSG:4524")
        #expect(layer.crsAssumed)
        #expect(layer.declaredCRSSetAside?.authorityCode == "EPSG:4490")
        // 100 km² on the map; on the ellipsoid smaller by the square of GK's scale, which 15 km from
        // the central meridian is 1 + x²/(2R²) with R ≈ 6,371 km: 100 / (1 + 2.77e-6)² = 99.99945 km².
        let k = 1 + 15_000.0 * 15_000 / (2 * 6_371_000.0 * 6_371_000)
        let total = try AreaReport.measure(layer).total
        #expect(abs(total - 100 / (k * k)) < 1e-4, "\(total)")
        // A sound declared CRS is never overridden.
        let right = try WildLayers.write(WildLayers.geojson([(1, WildLayers.square())]), "right", in: dir)
        let kept = try LoadedLayer.load(LayerRequest(source: right, assumedCRS: "EPSG:4524"))
        #expect(kept.crs.authorityCode == "EPSG:4326" && !kept.crsAssumed)
    }

    @Test func streamingChecksEveryBatch() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let rings = (1...5).map { (id: $0, ring: $0 == 4 ? WildLayers.square(extra: "[NaN,29.55]") : WildLayers.square()) }
        let path = try WildLayers.write(WildLayers.geojson(rings), "batches", in: dir)
        var seen = 0
        #expect {
            try LoadedLayer.stream(LayerRequest(source: path), batchSize: 2) { seen += $0.features.count }
        } throws: { ($0 as? GeoKitError)?.feature == 4 && ($0 as? GeoKitError)?.layer == "batches" }
        #expect(seen == 2)   // the first batch went through; the second held feature 4
        let swapped = try WildLayers.write(WildLayers.geojson([(1, WildLayers.squareLatLon)]), "swapped", in: dir)
        #expect {
            try LoadedLayer.stream(LayerRequest(source: swapped), batchSize: 2) { _ in }
        } throws: { ($0 as? GeoKitError)?.message.contains("axes look swapped") == true }
        var envelopes: [Envelope?] = []
        try LoadedLayer.stream(LayerRequest(source: swapped, axisOrder: .latLon), batchSize: 2) { batch in
            envelopes += try batch.features.map { try WKBCoordinates.summary(of: $0.wkb!).envelope }
        }
        #expect(envelopes == [Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6)])
    }

    @Test func inspectCallsTheLayerNotValidWithTheSameSentence() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try WildLayers.write(WildLayers.geojson([(3, WildLayers.square(extra: "[106.6,95]"))]), "lat95", in: dir)
        let sentence = layerError(LayerRequest(source: path))!.description
        let layer = try SourceInspection.inspect(path).layers[0]
        #expect(layer.coordinateProblem == sentence)
        #expect(!layer.isValid)
        let swapped = try WildLayers.write(WildLayers.geojson([(1, WildLayers.squareLatLon)]), "swapped", in: dir)
        #expect(try SourceInspection.inspect(swapped).layers[0].coordinateProblem?.contains("axes look swapped") == true)
        #expect(try SourceInspection.inspect(swapped, axisOrder: .latLon).layers[0].isValid)
        let right = try WildLayers.write(WildLayers.geojson([(1, WildLayers.square())]), "right", in: dir)
        #expect(try SourceInspection.inspect(right).layers[0].coordinateProblem == nil)
    }
}
