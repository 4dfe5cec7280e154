internal import CGEOS

extension Geometry {
    /// The two nearest points of this geometry and `other` (`GEOSNearestPoints_r`): the first on this
    /// geometry, the second on `other`, in the coordinates' units; the same point twice when they
    /// touch or overlap. Nil when either geometry is empty.
    public func nearestPoints(to other: Geometry) throws -> (x1: Double, y1: Double, x2: Double, y2: Double)? {
        precondition(context === other.context, "geometries from different GeometryContexts")
        if isEmpty || other.isEmpty { return nil }
        guard let seq = GEOSNearestPoints_r(ctx, handle, other.handle) else { throw context.error("nearest points") }
        defer { GEOSCoordSeq_destroy_r(ctx, seq) }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx, seq, &size) == 1, size == 2 else { throw context.error("nearest points (size)") }
        var x1 = 0.0, y1 = 0.0, x2 = 0.0, y2 = 0.0
        guard GEOSCoordSeq_getXY_r(ctx, seq, 0, &x1, &y1) == 1, GEOSCoordSeq_getXY_r(ctx, seq, 1, &x2, &y2) == 1 else {
            throw context.error("nearest points (coordinates)")
        }
        return (x1, y1, x2, y2)
    }
}
