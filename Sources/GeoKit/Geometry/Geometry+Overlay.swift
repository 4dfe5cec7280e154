internal import CGEOS

/// Overlay and constructive operations (GEOS OverlayNG where GEOS uses it).
extension Geometry {
    private func binary(_ other: Geometry, _ name: String,
                        _ op: (OpaquePointer, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        precondition(other.context === context, "geometries from different GeometryContexts")
        return try context.wrap(op(ctx, handle, other.handle), name)
    }

    private func binary(_ other: Geometry, gridSize: Double, _ name: String,
                        _ op: (OpaquePointer, OpaquePointer, OpaquePointer, Double) -> OpaquePointer?) throws -> Geometry {
        precondition(other.context === context, "geometries from different GeometryContexts")
        return try context.wrap(op(ctx, handle, other.handle, gridSize), name)
    }

    /// `GEOSIntersection_r`, or `GEOSIntersectionPrec_r` snapped to `gridSize` when given.
    public func intersection(_ other: Geometry, gridSize: Double? = nil) throws -> Geometry {
        if let gridSize { return try binary(other, gridSize: gridSize, "intersection", GEOSIntersectionPrec_r) }
        return try binary(other, "intersection", GEOSIntersection_r)
    }

    /// `GEOSDifference_r` / `GEOSDifferencePrec_r`.
    public func difference(_ other: Geometry, gridSize: Double? = nil) throws -> Geometry {
        if let gridSize { return try binary(other, gridSize: gridSize, "difference", GEOSDifferencePrec_r) }
        return try binary(other, "difference", GEOSDifference_r)
    }

    /// `GEOSUnion_r` / `GEOSUnionPrec_r`.
    public func union(_ other: Geometry, gridSize: Double? = nil) throws -> Geometry {
        if let gridSize { return try binary(other, gridSize: gridSize, "union", GEOSUnionPrec_r) }
        return try binary(other, "union", GEOSUnion_r)
    }

    /// `GEOSSymDifference_r` / `GEOSSymDifferencePrec_r`.
    public func symmetricDifference(_ other: Geometry, gridSize: Double? = nil) throws -> Geometry {
        if let gridSize { return try binary(other, gridSize: gridSize, "symmetric difference", GEOSSymDifferencePrec_r) }
        return try binary(other, "symmetric difference", GEOSSymDifference_r)
    }

    /// Dissolves all parts into one (`GEOSUnaryUnion_r` / `GEOSUnaryUnionPrec_r`).
    public func unaryUnion(gridSize: Double? = nil) throws -> Geometry {
        if let gridSize { return try context.wrap(GEOSUnaryUnionPrec_r(ctx, handle, gridSize), "unary union") }
        return try context.wrap(GEOSUnaryUnion_r(ctx, handle), "unary union")
    }

    /// Buffer by `distance` in coordinate units with `segments` per quarter circle (`GEOSBuffer_r`).
    public func buffer(_ distance: Double, segments: Int = 8) throws -> Geometry {
        guard let quadrantSegments = Int32(exactly: segments), distance.isFinite else {
            throw GeoKitError(.geometry, "buffer: distance \(distance) with \(segments) segments per quarter circle")
        }
        return try context.wrap(GEOSBuffer_r(ctx, handle, distance, quadrantSegments), "buffer")
    }

    /// The boundary (`GEOSBoundary_r`): rings of a polygon as lines.
    public func boundary() throws -> Geometry { try context.wrap(GEOSBoundary_r(ctx, handle), "boundary") }

    /// A point guaranteed to lie in the interior (`GEOSPointOnSurface_r`).
    public func pointOnSurface() throws -> Geometry { try context.wrap(GEOSPointOnSurface_r(ctx, handle), "point on surface") }

    /// The centroid (`GEOSGetCentroid_r`).
    public func centroid() throws -> Geometry { try context.wrap(GEOSGetCentroid_r(ctx, handle), "centroid") }

    /// Merges lines at nodes of degree two (`GEOSLineMerge_r`).
    public func lineMerged() throws -> Geometry { try context.wrap(GEOSLineMerge_r(ctx, handle), "line merge") }

    /// Douglas–Peucker simplification that keeps rings simple and components from crossing each
    /// other; endpoints of each line are kept (`GEOSTopologyPreserveSimplify_r`).
    public func topologyPreservingSimplified(tolerance: Double) throws -> Geometry {
        try context.wrap(GEOSTopologyPreserveSimplify_r(ctx, handle, tolerance), "simplify")
    }

    /// Adds vertices so that no segment is longer than `maxSegmentLength` (`GEOSDensify_r`).
    /// Throws, before GEOS allocates anything, when that would add more than
    /// `Geometry.maximumDensifiedVertices` (a wild coordinate far from the rest would otherwise ask
    /// for billions) or when the limit is not a positive number.
    public func densified(maxSegmentLength: Double) throws -> Geometry {
        guard maxSegmentLength > 0, maxSegmentLength.isFinite else {
            throw GeoKitError(.geometry, "cannot densify to segments of \(maxSegmentLength)")
        }
        let added = try planarLength() / maxSegmentLength
        guard added.isFinite, added <= Double(Self.maximumDensifiedVertices) else {
            throw GeoKitError(.geometry, "densifying to \(maxSegmentLength) would make more than \(Self.maximumDensifiedVertices) vertices")
        }
        return try context.wrap(GEOSDensify_r(ctx, handle, maxSegmentLength), "densify")
    }

    /// Snaps coordinates to a grid of `gridSize`, keeping the result valid (`GEOSGeom_setPrecision_r`).
    public func snappedToGrid(_ gridSize: Double) throws -> Geometry {
        try context.wrap(GEOSGeom_setPrecision_r(ctx, handle, gridSize, 0), "precision reduction")
    }

    /// Minimum distance between the two geometries (`GEOSDistance_r`).
    public func distance(to other: Geometry) throws -> Double {
        var d = 0.0
        guard GEOSDistance_r(ctx, handle, other.handle, &d) == 1 else { throw context.error("distance") }
        return d
    }

    private func predicate(_ other: Geometry, _ name: String, _ op: (OpaquePointer, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        switch op(ctx, handle, other.handle) {
        case 1: return true
        case 0: return false
        default: throw context.error(name)
        }
    }

    /// `GEOSIntersects_r`.
    public func intersects(_ other: Geometry) throws -> Bool { try predicate(other, "intersects", GEOSIntersects_r) }
    /// `GEOSContains_r`.
    public func contains(_ other: Geometry) throws -> Bool { try predicate(other, "contains", GEOSContains_r) }
    /// `GEOSCovers_r`.
    public func covers(_ other: Geometry) throws -> Bool { try predicate(other, "covers", GEOSCovers_r) }
    /// `GEOSEquals_r` (topological equality).
    public func topologicallyEquals(_ other: Geometry) throws -> Bool { try predicate(other, "equals", GEOSEquals_r) }
}

extension GeometryContext {
    /// A collection of the given geometries, which it takes over (`GEOSGeom_createCollection_r`).
    /// The kind decides multipoint / multilinestring / multipolygon / collection.
    public func collection(_ parts: [Geometry], kind: GeometryKind = .collection) throws -> Geometry {
        let type: Int32
        switch kind {
        case .multiPoint: type = Int32(GEOS_MULTIPOINT.rawValue)
        case .multiLineString: type = Int32(GEOS_MULTILINESTRING.rawValue)
        case .multiPolygon: type = Int32(GEOS_MULTIPOLYGON.rawValue)
        default: type = Int32(GEOS_GEOMETRYCOLLECTION.rawValue)
        }
        // GEOS takes ownership of the parts: hand it clones, so each Swift wrapper still frees its own.
        var handles: [OpaquePointer?] = try parts.map { p in
            precondition(p.context === self, "geometry from a different GeometryContext")
            guard let c = GEOSGeom_clone_r(handle, p.handle) else { throw error("clone") }
            return c
        }
        return try handles.withUnsafeMutableBufferPointer { buf in
            try wrap(GEOSGeom_createCollection_r(handle, type, buf.baseAddress, UInt32(buf.count)), "collection")
        }
    }

    /// Polygons formed by a set of noded lines (`GEOSPolygonize_r`), as a collection.
    public func polygonize(_ lines: [Geometry]) throws -> Geometry {
        var handles: [OpaquePointer?] = lines.map { $0.handle }
        return try handles.withUnsafeMutableBufferPointer { buf in
            try wrap(GEOSPolygonize_r(handle, buf.baseAddress, UInt32(buf.count)), "polygonize")
        }
    }

    /// A point (`GEOSGeom_createPointFromXY_r`).
    public func point(x: Double, y: Double) throws -> Geometry {
        try wrap(GEOSGeom_createPointFromXY_r(handle, x, y), "point")
    }

    private func sequence(_ xs: [Double], _ ys: [Double]) throws -> OpaquePointer {
        precondition(xs.count == ys.count)
        let seq = xs.withUnsafeBufferPointer { xb in
            ys.withUnsafeBufferPointer { yb in
                GEOSCoordSeq_copyFromArrays_r(handle, xb.baseAddress, yb.baseAddress, nil, nil, UInt32(xs.count))
            }
        }
        guard let seq else { throw error("coordinate sequence") }
        return seq
    }

    /// A line string through the points.
    public func lineString(xs: [Double], ys: [Double]) throws -> Geometry {
        try wrap(GEOSGeom_createLineString_r(handle, try sequence(xs, ys)), "line string")
    }

    /// A polygon from rings given as coordinate arrays; ring 0 is the shell. Rings are closed if open.
    public func polygon(rings: [(xs: [Double], ys: [Double])]) throws -> Geometry {
        precondition(!rings.isEmpty)
        func ring(_ r: (xs: [Double], ys: [Double])) throws -> OpaquePointer {
            var xs = r.xs, ys = r.ys
            if let fx = xs.first, let fy = ys.first, fx != xs.last! || fy != ys.last! { xs.append(fx); ys.append(fy) }
            guard let lr = GEOSGeom_createLinearRing_r(handle, try sequence(xs, ys)) else { throw error("linear ring") }
            return lr
        }
        let shell = try ring(rings[0])
        var holes: [OpaquePointer?] = []
        for r in rings.dropFirst() { holes.append(try ring(r)) }
        let p = holes.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createPolygon_r(handle, shell, buf.baseAddress, UInt32(buf.count))
        }
        return try wrap(p, "polygon")
    }

    /// A rectangle polygon.
    public func rectangle(_ e: Envelope) throws -> Geometry {
        try polygon(rings: [(xs: [e.minX, e.maxX, e.maxX, e.minX], ys: [e.minY, e.minY, e.maxY, e.maxY])])
    }
}

extension Geometry {
    /// A copy with every vertex mapped by `f` (`GEOSGeom_transformXY_r`); `f` runs synchronously on
    /// this thread, once per vertex.
    public func transformedXY(_ f: (Double, Double) -> (Double, Double)) throws -> Geometry {
        guard let g = transformedXY(failable: { f($0, $1) }) else { throw context.error("transform coordinates") }
        return g
    }

    /// As `transformedXY`, where `f` may refuse a vertex (nil): the whole transformation then gives
    /// nil, and GEOS's message about the aborted callback is cleared for the caller to report its own.
    func transformedXY(failable f: (Double, Double) -> (Double, Double)?) -> Geometry? {
        withoutActuallyEscaping(f) { f in
            final class Box {
                let f: (Double, Double) -> (Double, Double)?
                init(_ f: @escaping (Double, Double) -> (Double, Double)?) { self.f = f }
            }
            let box = Box(f)
            let result = withExtendedLifetime(box) {
                GEOSGeom_transformXY_r(ctx, handle, { x, y, userdata in
                    guard let x, let y, let userdata else { return 0 }
                    guard let (nx, ny) = Unmanaged<Box>.fromOpaque(userdata).takeUnretainedValue().f(x.pointee, y.pointee) else { return 0 }
                    x.pointee = nx
                    y.pointee = ny
                    return 1
                }, Unmanaged.passUnretained(box).toOpaque())
            }
            guard let result else {
                context.sink.lastError = nil
                return nil
            }
            return Geometry(owning: result, in: context)
        }
    }
}
