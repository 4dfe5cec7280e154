import Foundation
import Testing
@testable import GeoKit

/// WKB written byte by byte in the tests, so that what the walker must find is known by construction.
enum WKBBytes {
    static func uint32(_ v: UInt32, littleEndian: Bool) -> [UInt8] {
        let b = [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
        return littleEndian ? b : b.reversed()
    }

    static func double(_ d: Double, littleEndian: Bool) -> [UInt8] {
        let v = d.bitPattern
        let b = (0..<8).map { UInt8(v >> (8 * UInt64($0)) & 0xFF) }
        return littleEndian ? b : b.reversed()
    }

    static func header(_ type: UInt32, littleEndian: Bool = true) -> [UInt8] {
        [littleEndian ? 1 : 0] + uint32(type, littleEndian: littleEndian)
    }

    static func coordinates(_ points: [[Double]], littleEndian: Bool) -> [UInt8] {
        points.flatMap { $0.flatMap { double($0, littleEndian: littleEndian) } }
    }

    /// A polygon (type 3, or 1003 with Z when the points have three values).
    static func polygon(_ rings: [[[Double]]], littleEndian: Bool = true) -> [UInt8] {
        let z = rings.first?.first?.count == 3
        var out = header(z ? 1003 : 3, littleEndian: littleEndian) + uint32(UInt32(rings.count), littleEndian: littleEndian)
        for r in rings { out += uint32(UInt32(r.count), littleEndian: littleEndian) + coordinates(r, littleEndian: littleEndian) }
        return out
    }

    static func point(_ x: Double, _ y: Double, littleEndian: Bool = true) -> [UInt8] {
        header(1, littleEndian: littleEndian) + coordinates([[x, y]], littleEndian: littleEndian)
    }

    static func collection(_ type: UInt32, _ parts: [[UInt8]]) -> [UInt8] {
        header(type) + uint32(UInt32(parts.count), littleEndian: true) + parts.flatMap { $0 }
    }

    /// The square lon0…lon0+d × lat0…lat0+d, closed, counter-clockwise.
    static func square(_ lon0: Double, _ lat0: Double, _ d: Double, extra: [Double]? = nil) -> [UInt8] {
        var ring = [[lon0, lat0], [lon0 + d, lat0]]
        if let extra { ring.append(extra) }
        ring += [[lon0 + d, lat0 + d], [lon0, lat0 + d], [lon0, lat0]]
        return polygon([ring])
    }
}

@Suite struct WKBCoordinatesTests {
    @Test func envelopeAndCountOfAPolygonWithAHole() throws {
        let wkb = WKBBytes.polygon([[[0, 0], [10, 0], [10, 5], [0, 5], [0, 0]], [[2, 1], [3, 1], [3, 2], [2, 1]]])
        let s = try WKBCoordinates.summary(of: wkb)
        #expect(s.vertexCount == 9)
        #expect(s.envelope == Envelope(minX: 0, minY: 0, maxX: 10, maxY: 5))
        #expect(s.firstNonFinite == nil)
        // The same bytes read by GEOS give the same envelope.
        #expect(try Geometry(wkb: wkb, context: GeometryContext()).envelope == s.envelope)
    }

    @Test func bigEndianZAndEWKBWithSRIDAreRead() throws {
        let big = WKBBytes.polygon([[[106.5, 29.5, 300], [106.6, 29.5, 310], [106.6, 29.6, 320], [106.5, 29.5, 300]]], littleEndian: false)
        let s = try WKBCoordinates.summary(of: big)
        #expect(s.vertexCount == 4)
        #expect(s.envelope == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
        // EWKB point with Z and SRID flags: 0x80000000 | 0x20000000 | 1, SRID 4490, then x y z.
        let ewkb = WKBBytes.header(0xA000_0001) + WKBBytes.uint32(4490, littleEndian: true)
            + WKBBytes.coordinates([[106.1, 29.2, 7]], littleEndian: true)
        #expect(try WKBCoordinates.summary(of: ewkb).envelope == Envelope(minX: 106.1, minY: 29.2, maxX: 106.1, maxY: 29.2))
    }

    @Test func nanAndInfinityAreFoundWithTheirPosition() throws {
        let nan = try WKBCoordinates.summary(of: WKBBytes.square(106.5, 29.5, 0.1, extra: [.nan, 29.55]))
        #expect(nan.firstNonFinite?.index == 3)
        #expect(nan.firstNonFinite?.x.isNaN == true)
        #expect(nan.firstNonFinite?.y == 29.55)
        // The envelope is of the finite vertices only.
        #expect(nan.envelope == Envelope(minX: 106.5, minY: 29.5, maxX: 106.6, maxY: 29.6))
        let inf = try WKBCoordinates.summary(of: WKBBytes.square(106.5, 29.5, 0.1, extra: [106.6, -.infinity]))
        #expect(inf.firstNonFinite == WKBCoordinates.Vertex(index: 3, x: 106.6, y: -.infinity))
    }

    @Test func anEmptyPointIsNotANaN() throws {
        // WKB has no empty point; GEOS and GDAL write POINT EMPTY as NaN NaN.
        let multi = WKBBytes.collection(4, [WKBBytes.point(.nan, .nan), WKBBytes.point(106, 29)])
        let s = try WKBCoordinates.summary(of: multi)
        #expect(s.firstNonFinite == nil)
        #expect(s.vertexCount == 1)
        #expect(s.envelope == Envelope(minX: 106, minY: 29, maxX: 106, maxY: 29))
        let empty = try Geometry(wkt: "POINT EMPTY", context: GeometryContext()).wkb
        #expect(try WKBCoordinates.summary(of: empty).vertexCount == 0)
        // One NaN coordinate is not an empty point.
        #expect(try WKBCoordinates.summary(of: WKBBytes.point(.nan, 29)).firstNonFinite != nil)
    }

    @Test func hostileBytesThrowInsteadOfTrappingOrAllocating() {
        func rejects(_ bytes: [UInt8]) -> Bool {
            do { _ = try WKBCoordinates.summary(of: bytes); return false } catch let e as GeoKitError { return e.kind == .input } catch { return false }
        }
        let square = WKBBytes.square(106.5, 29.5, 0.1)
        // Truncated anywhere.
        for n in [0, 1, 4, 8, 12, square.count - 1] { #expect(rejects(Array(square.prefix(n)))) }
        // A ring that claims 4,294,967,295 points in 80 bytes.
        var lying = square
        lying.replaceSubrange(9..<13, with: WKBBytes.uint32(.max, littleEndian: true))
        #expect(rejects(lying))
        // A collection that claims a billion parts; a byte order of 7; an unknown type.
        #expect(rejects(WKBBytes.header(7) + WKBBytes.uint32(1_000_000_000, littleEndian: true)))
        #expect(rejects([7] + Array(square.dropFirst())))
        #expect(rejects(WKBBytes.header(99) + WKBBytes.uint32(0, littleEndian: true)))
        // Collections nested deeper than the limit, and just within it.
        var nested = WKBBytes.point(1, 2)
        for _ in 0..<WKBCoordinates.maximumDepth { nested = WKBBytes.collection(7, [nested]) }
        #expect(!rejects(nested))
        #expect(rejects(WKBBytes.collection(7, [nested])))
    }

    @Test func swappingAxesExchangesEveryVertexInEitherByteOrder() throws {
        for le in [true, false] {
            let latLon = WKBBytes.polygon([[[29.5, 106.5], [29.5, 106.6], [29.6, 106.6], [29.5, 106.5]]], littleEndian: le)
            let lonLat = WKBBytes.polygon([[[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.5]]], littleEndian: le)
            #expect(try WKBCoordinates.swappingAxes(latLon) == lonLat)
        }
        let z = WKBBytes.polygon([[[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2, 3]]])
        #expect(try WKBCoordinates.swappingAxes(z) == WKBBytes.polygon([[[2, 1, 3], [5, 4, 6], [8, 7, 9], [2, 1, 3]]]))
    }
}
