internal import CGEOS

extension Geometry {
    /// Minimum distance between the two geometries, using GEOS's indexed facet distance
    /// (`GEOSDistanceIndexed_r`): the same value as ``distance(to:)`` (the exact minimum over all pairs of
    /// segments, 0 when they touch or overlap), in the coordinates' units, but much faster between
    /// polygons with many vertices.
    public func indexedDistance(to other: Geometry) throws -> Double {
        var d = 0.0
        guard GEOSDistanceIndexed_r(ctx, handle, other.handle, &d) == 1 else { throw context.error("indexed distance") }
        return d
    }
}
