import Foundation
import Testing
@testable import GeoKit

@Suite struct CoordinateSanityTests {
    let wgs84 = try! CRS("EPSG:4326")
    let cgcs2000 = try! CRS("EPSG:4490")
    let zone36 = try! CRS("EPSG:4524")

    /// The message of the GeoKitError `body` throws, or nil when it throws none.
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as GeoKitError { return e.message } catch { return "\(error)" }
    }

    /// The hint of the GeoKitError `body` throws, or nil.
    func hint(_ body: () throws -> Void) -> GeoKitError.Hint? {
        do { try body(); return nil } catch let e as GeoKitError { return e.hint } catch { return nil }
    }

    /// A 0.1° square at Chongqing with one more vertex on its east edge.
    func square(extra: [Double]? = nil) -> [UInt8] { WKBBytes.square(106.5, 29.5, 0.1, extra: extra) }

    @Test func aSoundFeaturePassesAndKeepsItsBytes() throws {
        let wkb = square()
        let (out, envelope) = try CoordinateSanity(crs: cgcs2000).checked(wkb)
        #expect(out == wkb)
        #expect(envelope == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
    }

    @Test func nanAndInfinityAreRefusedInAnyCRS() {
        for crs in [wgs84, zone36, nil] {
            let nan = message { _ = try CoordinateSanity(crs: crs).checked(square(extra: [.nan, 29.55])) }
            #expect(nan?.contains("vertex 3 has a coordinate that is not a number (NaN)") == true)
            let inf = message { _ = try CoordinateSanity(crs: crs).checked(square(extra: [106.6, .infinity])) }
            #expect(inf?.contains("vertex 3 has a coordinate that is infinite") == true)
        }
    }

    /// Degrees under a projected CRS (a GK or UTM .prj on lon/lat data): refused with the CRS to
    /// state; real projected coordinates of the same place, and a layer outside the CRS's area of
    /// use, are not taken for degrees.
    @Test func degreesUnderAProjectedCRSAreRefused() throws {
        let degrees = Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6)
        for epsg in [4545, 4524, 32648, 3857] {
            let crs = try CRS(epsg: epsg)
            #expect(CoordinateSanity.looksLikeDegrees(degrees, in: crs), "EPSG:\(epsg)")
            let m = message { try CoordinateSanity(crs: crs).checkLayer(extent: degrees) }
            #expect(m?.contains("look like degrees") == true, "EPSG:\(epsg)")
            #expect(hint { try CoordinateSanity(crs: crs).checkLayer(extent: degrees) } == .stateCRS(example: "EPSG:4490"))
        }
        // The same square in EPSG:4545 (CM 108°E, false easting 500 km): x ≈ 355–365 km, y ≈ 3.27e6 m.
        let metres = Envelope(minX: 355_000, minY: 3_265_000, maxX: 365_000, maxY: 3_276_000)
        #expect(!CoordinateSanity.looksLikeDegrees(metres, in: try CRS(epsg: 4545)))
        // 10 °E, 50 °N lies outside EPSG:4545's area of use (China, 106.5–109.5 °E): not judged.
        #expect(!CoordinateSanity.looksLikeDegrees(Envelope(minX: 10, minY: 50, maxX: 10.1, maxY: 50.1), in: try CRS(epsg: 4545)))
        // Within 10 km of Web Mercator's origin, numbers near 0 name a place near (0°, 0°): kept.
        #expect(!CoordinateSanity.looksLikeDegrees(Envelope(minX: 0.001, minY: 0.001, maxX: 0.002, maxY: 0.002), in: try CRS(epsg: 3857)))
    }

    @Test func outOfRangeDegreesNameTheValue() {
        let sanity = CoordinateSanity(crs: wgs84)
        #expect(message { _ = try sanity.checked(square(extra: [106.6, 95])) }?.contains("latitude 95 is outside") == true)
        #expect(message { _ = try sanity.checked(square(extra: [400, 29.55])) }?.contains("longitude 400 is outside") == true)
        #expect(message { _ = try sanity.checked(square(extra: [1e308, 29.55])) }?.contains("longitude 1e+308 is outside") == true)
        #expect(message { _ = try sanity.checked(square(extra: [106.6, -90.5])) }?.contains("latitude -90.5 is outside") == true)
        // The edges of the range are in range.
        #expect(message { _ = try sanity.checked(WKBBytes.square(179.9, 89.9, 0.1)) } == nil)
        #expect(message { _ = try sanity.checked(WKBBytes.square(-180, -90, 0.1)) } == nil)
    }

    @Test func projectedCoordinatesBeyondTheEarthAreRefused() {
        let sanity = CoordinateSanity(crs: zone36)
        let square = WKBBytes.polygon([[[36_510_000, 3_270_000], [36_520_000, 3_270_000], [36_520_000, 3_280_000], [36_510_000, 3_270_000]]])
        #expect(message { _ = try sanity.checked(square) } == nil)
        let wild = WKBBytes.polygon([[[36_510_000, 3_270_000], [1e15, 3_270_000], [36_520_000, 3_280_000], [36_510_000, 3_270_000]]])
        #expect(message { _ = try sanity.checked(wild) }?.contains("farther from the origin than any place on Earth") == true)
    }

    @Test func metresUnderAGeographicCRSAreSaidToBeMetres() {
        // A GK zone 36 extent (with the zone prefix) labelled EPSG:4490.
        let extent = Envelope(minX: 36_510_000, minY: 3_270_000, maxX: 36_520_000, maxY: 3_280_000)
        let m = message { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: extent) }
        #expect(m?.contains("the values look like metres") == true)
        // The remedy is a hint (the CLI words it as --assume-crs); the zone prefix 36 names its CRS.
        #expect(hint { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: extent) } == .stateCRS(example: "EPSG:4524"))
        #expect(m?.contains("EPSG:4524") == true)
        #expect(m?.contains("--") == false)
        // Without the prefix (eastings about 500 km): still metres, no zone suggested.
        let bare = message { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: Envelope(minX: 510_000, minY: 3_270_000, maxX: 520_000, maxY: 3_280_000)) }
        #expect(bare?.contains("look like metres") == true)
        #expect(bare?.contains("EPSG:45") == false)
        #expect(hint { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: Envelope(minX: 510_000, minY: 3_270_000, maxX: 520_000, maxY: 3_280_000)) }
                == .stateCRS(example: nil))
        // One wild vertex in a feature of degrees is not metres: it is one bad value.
        #expect(CoordinateSanity.looksLikeMetres(Envelope(minX: 106.5, minY: 29.5, maxX: 1e308, maxY: 29.6)) == false)
        // A feature wholly in metres, in a layer of degrees.
        let feature = WKBBytes.polygon([[[510_000, 3_270_000], [520_000, 3_270_000], [520_000, 3_280_000], [510_000, 3_270_000]]])
        #expect(message { _ = try CoordinateSanity(crs: cgcs2000).checked(feature) }?.contains("look like metres") == true)
    }

    @Test func swappedAxesAreSeenAgainstTheAreaOfUse() throws {
        // Chongqing written (lat, lon): x ≈ 29, y ≈ 106.
        let chongqingLatLon = Envelope(minX: 28.16, minY: 105.29, maxX: 32.2, maxY: 110.19)
        for crs in [wgs84, cgcs2000] {
            let m = message { try CoordinateSanity(crs: crs).checkLayer(extent: chongqingLatLon) }
            #expect(m?.contains("the axes look swapped") == true)
            #expect(hint { try CoordinateSanity(crs: crs).checkLayer(extent: chongqingLatLon) } == .stateAxisOrder)
            #expect(m?.contains("--") == false)
            // Stated either way, the test is off; read as lat-lon it is Chongqing.
            #expect(message { try CoordinateSanity(crs: crs, axisOrder: .lonLat).checkLayer(extent: chongqingLatLon) } == nil)
            #expect(message { try CoordinateSanity(crs: crs, axisOrder: .latLon).checkLayer(extent: chongqingLatLon) } == nil)
            // Chongqing the right way round passes.
            #expect(message { try CoordinateSanity(crs: crs).checkLayer(extent: chongqingLatLon.axesSwapped) } == nil)
        }
        // Inside the range of EPSG:4326 but outside the area of use of EPSG:4490 (China): Xinjiang
        // written (lat, lon) is x 35–49, y 73–96.
        let xinjiangLatLon = Envelope(minX: 35, minY: 73.5, maxX: 49, maxY: 96)
        #expect(message { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: xinjiangLatLon) }?.contains("swapped") == true)
        // A layer far from China in EPSG:4490 whose swap is not in China either: accepted (outside its
        // area of use is not an error in itself).
        #expect(message { try CoordinateSanity(crs: cgcs2000).checkLayer(extent: Envelope(minX: -99, minY: 19, maxX: -97, maxY: 20)) } == nil)
        // Projected layers have no swapped-axes test.
        #expect(message { try CoordinateSanity(crs: zone36).checkLayer(extent: Envelope(minX: 3_270_000, minY: 36_510_000, maxX: 3_280_000, maxY: 36_520_000)) } == nil)
    }

    @Test func latLonSwapsOnReadingBeforeTheRangeCheck() throws {
        let latLon = WKBBytes.polygon([[[29.5, 106.5], [29.5, 106.6], [29.6, 106.6], [29.5, 106.5]]])
        #expect(message { _ = try CoordinateSanity(crs: wgs84).checked(latLon) }?.contains("latitude 106.5 is outside") == true)
        let (out, envelope) = try CoordinateSanity(crs: wgs84, axisOrder: .latLon).checked(latLon)
        #expect(out == WKBBytes.polygon([[[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.5]]]))
        #expect(envelope == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
    }

    @Test func theVertexLimitIsEnforcedBeforeAnyGeometryIsBuilt() {
        let ring = (0...100).map { k -> [Double] in
            let t = 2 * Double.pi * Double(k % 100) / 100
            return [106.6 + 0.1 * cos(t), 29.5 + 0.1 * sin(t)]
        }
        let wkb = WKBBytes.polygon([ring])
        #expect(message { _ = try CoordinateSanity(crs: wgs84, maximumVertices: 101).checked(wkb) } == nil)
        #expect(message { _ = try CoordinateSanity(crs: wgs84, maximumVertices: 100).checked(wkb) }?.contains("has 101 vertices, more than the 100") == true)
    }

    @Test func aLayerScanNamesTheFeatureAndTheLayerRuleComesFirst() throws {
        let features = [Feature(fid: 7, values: [], wkb: square()), Feature(fid: 12, values: [], wkb: square(extra: [.nan, 29.55])),
                        Feature(fid: 13, values: [], wkb: nil)]
        #expect {
            _ = try CoordinateSanity.scan(features)
        } throws: { ($0 as? GeoKitError)?.feature == 12 }
        // Every feature of a swapped layer is out of range; the layer rule speaks first, for the layer.
        let swapped = (0..<3).map { i in
            Feature(fid: Int64(i), values: [], wkb: WKBBytes.polygon([[[29.5, 106.5 + 0.1 * Double(i)], [29.6, 106.5], [29.6, 106.6], [29.5, 106.5 + 0.1 * Double(i)]]]))
        }
        let scan = try CoordinateSanity.scan(swapped)
        #expect {
            _ = try CoordinateSanity(crs: wgs84).checked(swapped, scan: scan)
        } throws: { error in
            let e = error as? GeoKitError
            return e?.feature == nil && e?.message.contains("axes look swapped") == true
        }
        let fixed = try CoordinateSanity(crs: wgs84, axisOrder: .latLon).checked(swapped, scan: scan)
        #expect(try WKBCoordinates.summary(of: fixed[1].wkb!).envelope == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
    }

    @Test func realChineseExtentsRaiseNoAlarm() throws {
        // Extents of the real boundaries in ../shared/data/real (Chongqing, Guizhou) and of China.
        for e in [Envelope(minX: 105.28, minY: 28.16, maxX: 110.2, maxY: 32.21), Envelope(minX: 103.6, minY: 24.6, maxX: 109.6, maxY: 29.23),
                  Envelope(minX: 73.5, minY: 18.1, maxX: 134.8, maxY: 53.6)] {
            for crs in [wgs84, cgcs2000] { #expect(message { try CoordinateSanity(crs: crs).checkLayer(extent: e) } == nil) }
        }
    }
}
