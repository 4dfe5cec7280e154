/// A walk over the coordinates held in WKB bytes, without building a GEOS geometry: one pass that
/// checks every coordinate and accumulates the envelope, cheap enough to run on every feature read.
///
/// Reads OGC/ISO WKB (types 1–7, with Z, M or ZM as 1000/2000/3000 added to the type) and PostGIS
/// EWKB (Z, M and SRID flags in the high bits), either byte order. Only x and y are looked at; Z and
/// M are stepped over. An empty point, which WKB writes as NaN coordinates, counts as empty and not
/// as a NaN. Every count is checked against the bytes that remain before it is trusted, so
/// malformed or hostile bytes give a thrown `GeoKitError` (kind `.input`), never a trap or a huge
/// allocation. Collections may nest at most `maximumDepth` deep.
public enum WKBCoordinates {
    /// Deepest nesting of collections accepted.
    public static let maximumDepth = 32

    /// What a walk found.
    public struct Summary: Sendable, Hashable {
        /// The envelope of the finite (x, y) coordinates; nil when there are none.
        public var envelope: Envelope?
        /// Number of vertices (empty points not counted).
        public var vertexCount: Int
        /// The first vertex with a NaN or infinite x or y, if any.
        public var firstNonFinite: Vertex?
    }

    /// One vertex: its 1-based position in the order the WKB holds them, and its coordinates.
    public struct Vertex: Sendable, Hashable {
        public var index: Int
        public var x: Double
        public var y: Double
    }

    /// Walks `wkb` once. Throws only when the bytes are not WKB.
    public static func summary(of wkb: [UInt8]) throws -> Summary {
        try wkb.withUnsafeBytes { raw in
            var walker = Walker(bytes: raw, swapping: nil)
            try walker.geometry(depth: 0)
            return walker.summary
        }
    }

    /// A copy of `wkb` with x and y exchanged in every vertex (for data written as (lat, lon)).
    public static func swappingAxes(_ wkb: [UInt8]) throws -> [UInt8] {
        var out = wkb
        try wkb.withUnsafeBytes { raw in
            try out.withUnsafeMutableBytes { target in
                var walker = Walker(bytes: raw, swapping: target)
                try walker.geometry(depth: 0)
            }
        }
        return out
    }

    /// The byte-level reader. Positions are checked before every read.
    private struct Walker {
        let bytes: UnsafeRawBufferPointer
        /// Where to write each vertex with x and y exchanged (same layout as `bytes`), if anywhere.
        let swapping: UnsafeMutableRawBufferPointer?
        var position = 0
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        var count = 0
        var firstNonFinite: Vertex?

        init(bytes: UnsafeRawBufferPointer, swapping: UnsafeMutableRawBufferPointer?) {
            self.bytes = bytes
            self.swapping = swapping
        }

        var summary: Summary {
            let envelope = minX <= maxX ? Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY) : nil
            return Summary(envelope: envelope, vertexCount: count, firstNonFinite: firstNonFinite)
        }

        func failure(_ what: String) -> GeoKitError {
            GeoKitError(.input, "the geometry is not valid WKB: \(what) at byte \(position)")
        }

        var remaining: Int { bytes.count - position }

        mutating func byte() throws -> UInt8 {
            guard remaining >= 1 else { throw failure("the bytes end where a byte order is expected") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func uint32(_ littleEndian: Bool) throws -> UInt32 {
            guard remaining >= 4 else { throw failure("the bytes end where a 4-byte integer is expected") }
            let v = bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)
            position += 4
            return littleEndian ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
        }

        @inline(__always)
        func double(at offset: Int, _ littleEndian: Bool) -> Double {
            let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return Double(bitPattern: littleEndian ? UInt64(littleEndian: v) : UInt64(bigEndian: v))
        }

        /// A count, checked against the bytes left given the smallest size of one item.
        mutating func count(_ littleEndian: Bool, itemSize: Int) throws -> Int {
            let n = Int(try uint32(littleEndian))
            guard n <= remaining / itemSize else {
                throw failure("a count of \(n) that the remaining \(remaining) byte(s) cannot hold")
            }
            return n
        }

        /// Reads `n` points of `dimensions` doubles each.
        mutating func points(_ n: Int, dimensions: Int, _ le: Bool, emptyPointAllowed: Bool) throws {
            let stride = 8 * dimensions
            guard n <= remaining / stride else { throw failure("\(n) point(s) that the remaining bytes cannot hold") }
            var p = position
            for _ in 0..<n {
                let x = double(at: p, le), y = double(at: p + 8, le)
                if x.isFinite && y.isFinite {
                    count += 1
                    if x < minX { minX = x }
                    if x > maxX { maxX = x }
                    if y < minY { minY = y }
                    if y > maxY { maxY = y }
                } else if !(emptyPointAllowed && x.isNaN && y.isNaN
                            && (2..<dimensions).allSatisfy({ double(at: p + 8 * $0, le).isNaN })) {
                    // (WKB writes an empty point as all-NaN coordinates: not a vertex.)
                    count += 1
                    if firstNonFinite == nil { firstNonFinite = Vertex(index: count, x: x, y: y) }
                } else {
                    p += stride
                    continue
                }
                if let swapping {
                    // The 8 bytes of x and of y trade places, whatever their byte order.
                    let rawX = bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                    let rawY = bytes.loadUnaligned(fromByteOffset: p + 8, as: UInt64.self)
                    swapping.storeBytes(of: rawY, toByteOffset: p, as: UInt64.self)
                    swapping.storeBytes(of: rawX, toByteOffset: p + 8, as: UInt64.self)
                }
                p += stride
            }
            position = p
        }

        mutating func geometry(depth: Int) throws {
            guard depth <= WKBCoordinates.maximumDepth else { throw failure("collections nested more than \(WKBCoordinates.maximumDepth) deep") }
            let order = try byte()
            guard order <= 1 else { throw failure("byte order \(order)") }
            let le = order == 1
            var type = try uint32(le)
            var dimensions = 2
            // EWKB flags.
            if type & 0x8000_0000 != 0 { dimensions += 1 }
            if type & 0x4000_0000 != 0 { dimensions += 1 }
            if type & 0x2000_0000 != 0 { _ = try uint32(le) }   // SRID
            type &= 0x0FFF_FFFF
            // ISO dimensions.
            switch type / 1000 {
            case 0: break
            case 1, 2: dimensions += 1
            case 3: dimensions += 2
            default: throw failure("geometry type \(type)")
            }
            guard dimensions <= 4 else { throw failure("more than four dimensions") }
            let stride = 8 * dimensions
            switch type % 1000 {
            case 1:
                try points(1, dimensions: dimensions, le, emptyPointAllowed: true)
            case 2:
                let n = try count(le, itemSize: stride)
                try points(n, dimensions: dimensions, le, emptyPointAllowed: false)
            case 3:
                let rings = try count(le, itemSize: 4)
                for _ in 0..<rings {
                    let n = try count(le, itemSize: stride)
                    try points(n, dimensions: dimensions, le, emptyPointAllowed: false)
                }
            case 4, 5, 6, 7:
                // Each part carries its own header: at least 1 + 4 + 4 bytes (an empty part).
                let parts = try count(le, itemSize: 9)
                for _ in 0..<parts { try geometry(depth: depth + 1) }
            default:
                throw failure("geometry type \(type) (only points, lines, polygons and their collections)")
            }
        }
    }
}
