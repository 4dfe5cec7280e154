internal import CGEOS

/// The kinds of geometry GEOS knows (`GEOSGeomTypeId_r`).
public enum GeometryKind: Int, Sendable, Codable {
    case point = 0, lineString = 1, linearRing = 2, polygon = 3
    case multiPoint = 4, multiLineString = 5, multiPolygon = 6, collection = 7

    public var isPolygonal: Bool { self == .polygon || self == .multiPolygon }
    public var isLineal: Bool { self == .lineString || self == .linearRing || self == .multiLineString }
}

/// An axis-aligned rectangle in the geometry's own coordinates.
public struct Envelope: Sendable, Hashable, Codable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }
    public var centerX: Double { (minX + maxX) / 2 }
    public var centerY: Double { (minY + maxY) / 2 }
    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
    /// The smallest envelope holding both.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(minX: Swift.min(minX, other.minX), minY: Swift.min(minY, other.minY),
                 maxX: Swift.max(maxX, other.maxX), maxY: Swift.max(maxY, other.maxY))
    }
    /// The same rectangle with x and y exchanged.
    public var axesSwapped: Envelope { Envelope(minX: minY, minY: minX, maxX: maxY, maxY: maxX) }
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
}

/// A GEOS geometry (`GEOSGeometry*`), owned and freed with `GEOSGeom_destroy_r`.
///
/// It belongs to the `GeometryContext` it was made in and keeps that context alive. Not `Sendable`:
/// to move a geometry to another worker, send `wkb` and read it there in that worker's context.
public final class Geometry {
    let handle: OpaquePointer
    public let context: GeometryContext

    init(owning handle: OpaquePointer, in context: GeometryContext) {
        self.handle = handle
        self.context = context
    }

    deinit { GEOSGeom_destroy_r(context.handle, handle) }

    var ctx: OpaquePointer { context.handle }

    /// Reads WKB or EWKB (`GEOSWKBReader_read_r`).
    public convenience init(wkb: [UInt8], context: GeometryContext) throws {
        let g = wkb.withUnsafeBufferPointer { buf in
            GEOSWKBReader_read_r(context.handle, context.wkbReader, buf.baseAddress, buf.count)
        }
        guard let g else { throw context.error("reading WKB") }
        self.init(owning: g, in: context)
    }

    /// Reads WKT (`GEOSWKTReader_read_r`).
    public convenience init(wkt: String, context: GeometryContext) throws {
        let reader = GEOSWKTReader_create_r(context.handle)
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        guard let g = GEOSWKTReader_read_r(context.handle, reader, wkt) else { throw context.error("reading WKT") }
        self.init(owning: g, in: context)
    }

    /// Little-endian 2-D WKB (`GEOSWKBWriter_write_r`): the hand-off format between workers.
    public var wkb: [UInt8] {
        var size = 0
        guard let buf = GEOSWKBWriter_write_r(ctx, context.wkbWriter, handle, &size) else { return [] }
        defer { GEOSFree_r(ctx, buf) }
        return Array(UnsafeBufferPointer(start: buf, count: size))
    }

    /// WKT with trailing zeros trimmed (`GEOSWKTWriter_write_r`).
    public var wkt: String {
        let w = GEOSWKTWriter_create_r(ctx)
        defer { GEOSWKTWriter_destroy_r(ctx, w) }
        GEOSWKTWriter_setTrim_r(ctx, w, 1)
        GEOSWKTWriter_setOutputDimension_r(ctx, w, 2)
        guard let s = GEOSWKTWriter_write_r(ctx, w, handle) else { return "" }
        defer { GEOSFree_r(ctx, s) }
        return String(cString: s)
    }

    /// A deep copy in the same context (`GEOSGeom_clone_r`).
    public func clone() throws -> Geometry { try context.wrap(GEOSGeom_clone_r(ctx, handle), "clone") }

    public var kind: GeometryKind { GeometryKind(rawValue: Int(GEOSGeomTypeId_r(ctx, handle))) ?? .collection }

    /// `GEOSisEmpty_r`; an exception counts as empty.
    public var isEmpty: Bool { GEOSisEmpty_r(ctx, handle) != 0 }

    /// Number of parts of a multi-geometry or collection, 1 for a simple geometry (`GEOSGetNumGeometries_r`).
    public var partCount: Int { Int(GEOSGetNumGeometries_r(ctx, handle)) }

    /// Planar area in the units of the coordinates squared (`GEOSArea_r`). Meaningful only in a
    /// projected CRS; see `geodesicArea(on:)` for lon/lat data.
    public func planarArea() throws -> Double {
        var a = 0.0
        guard GEOSArea_r(ctx, handle, &a) == 1 else { throw context.error("area") }
        return a
    }

    /// Planar length (`GEOSLength_r`), perimeter for polygons.
    public func planarLength() throws -> Double {
        var l = 0.0
        guard GEOSLength_r(ctx, handle, &l) == 1 else { throw context.error("length") }
        return l
    }

    /// The bounding box, or nil for an empty geometry (`GEOSGeom_getXMin_r` …).
    public var envelope: Envelope? {
        if isEmpty { return nil }
        var e = Envelope(minX: 0, minY: 0, maxX: 0, maxY: 0)
        guard GEOSGeom_getXMin_r(ctx, handle, &e.minX) == 1, GEOSGeom_getYMin_r(ctx, handle, &e.minY) == 1,
              GEOSGeom_getXMax_r(ctx, handle, &e.maxX) == 1, GEOSGeom_getYMax_r(ctx, handle, &e.maxY) == 1
        else { return nil }
        return e
    }

    /// The i-th part of a collection as an independent copy.
    public func part(_ i: Int) throws -> Geometry {
        guard let n = Int32(exactly: i), let p = GEOSGetGeometryN_r(ctx, handle, n) else { throw context.error("part \(i)") }
        return try context.wrap(GEOSGeom_clone_r(ctx, p), "clone part")
    }

    /// Only the polygonal parts (a `GeometryCollection` from `makeValid` may hold lines and points too),
    /// as a Polygon or MultiPolygon; an empty MultiPolygon if there are none.
    public func polygonalParts() throws -> Geometry {
        switch kind {
        case .polygon, .multiPolygon: return try clone()
        case .collection:
            var polys: [OpaquePointer?] = []
            try collectPolygons(handle, into: &polys)
            return try polys.withUnsafeMutableBufferPointer { buf in
                try context.wrap(GEOSGeom_createCollection_r(ctx, Int32(GEOS_MULTIPOLYGON.rawValue), buf.baseAddress, UInt32(buf.count)),
                                 "collecting polygons")
            }
        default:
            return try context.wrap(GEOSGeom_createEmptyCollection_r(ctx, Int32(GEOS_MULTIPOLYGON.rawValue)), "empty multipolygon")
        }
    }

    private func collectPolygons(_ g: OpaquePointer, into out: inout [OpaquePointer?]) throws {
        let type = GEOSGeomTypeId_r(ctx, g)
        if type == Int32(GEOS_POLYGON.rawValue) {
            out.append(GEOSGeom_clone_r(ctx, g))
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            for i in 0..<GEOSGetNumGeometries_r(ctx, g) {
                if let p = GEOSGetGeometryN_r(ctx, g, i) { try collectPolygons(p, into: &out) }
            }
        }
    }

    /// Visits every polygon ring as coordinate arrays: `body(polygonIndex, ringIndex, xs, ys)`,
    /// ring 0 being the shell (`GEOSCoordSeq_copyToArrays_r`).
    public func forEachPolygonRing(_ body: (Int, Int, [Double], [Double]) throws -> Void) throws {
        var polygonIndex = 0
        try visitPolygons(handle) { poly in
            guard let shell = GEOSGetExteriorRing_r(ctx, poly) else { throw context.error("exterior ring") }
            let (xs, ys) = try coordinates(of: shell)
            try body(polygonIndex, 0, xs, ys)
            let holes = GEOSGetNumInteriorRings_r(ctx, poly)
            if holes < 0 { throw context.error("interior rings") }
            for h in 0..<holes {
                guard let ring = GEOSGetInteriorRingN_r(ctx, poly, h) else { throw context.error("interior ring") }
                let (hx, hy) = try coordinates(of: ring)
                try body(polygonIndex, Int(h) + 1, hx, hy)
            }
            polygonIndex += 1
        }
    }

    /// Visits every line (linestrings and rings of lineal parts) as coordinate arrays.
    public func forEachLine(_ body: ([Double], [Double]) throws -> Void) throws {
        try visitLines(handle, body)
    }

    private func visitLines(_ g: OpaquePointer, _ body: ([Double], [Double]) throws -> Void) throws {
        let type = GEOSGeomTypeId_r(ctx, g)
        if type == Int32(GEOS_LINESTRING.rawValue) || type == Int32(GEOS_LINEARRING.rawValue) {
            let (xs, ys) = try coordinates(of: g)
            try body(xs, ys)
        } else if type == Int32(GEOS_MULTILINESTRING.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            for i in 0..<GEOSGetNumGeometries_r(ctx, g) {
                if let p = GEOSGetGeometryN_r(ctx, g, i) { try visitLines(p, body) }
            }
        }
    }

    private func visitPolygons(_ g: OpaquePointer, _ body: (OpaquePointer) throws -> Void) throws {
        let type = GEOSGeomTypeId_r(ctx, g)
        if type == Int32(GEOS_POLYGON.rawValue) {
            if GEOSisEmpty_r(ctx, g) == 0 { try body(g) }
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            for i in 0..<GEOSGetNumGeometries_r(ctx, g) {
                if let p = GEOSGetGeometryN_r(ctx, g, i) { try visitPolygons(p, body) }
            }
        }
    }

    func coordinates(of line: OpaquePointer) throws -> ([Double], [Double]) {
        guard let seq = GEOSGeom_getCoordSeq_r(ctx, line) else { throw context.error("coordinate sequence") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx, seq, &size) == 1 else { throw context.error("coordinate count") }
        var xs = [Double](repeating: 0, count: Int(size))
        var ys = [Double](repeating: 0, count: Int(size))
        let ok = xs.withUnsafeMutableBufferPointer { xb in
            ys.withUnsafeMutableBufferPointer { yb in
                GEOSCoordSeq_copyToArrays_r(ctx, seq, xb.baseAddress, yb.baseAddress, nil, nil)
            }
        }
        guard ok == 1 else { throw context.error("copying coordinates") }
        return (xs, ys)
    }

    /// Number of vertices (`GEOSGetNumCoordinates_r`).
    public var vertexCount: Int { Int(GEOSGetNumCoordinates_r(ctx, handle)) }
}
