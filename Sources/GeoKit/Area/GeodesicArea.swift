internal import CPROJ

/// Ellipsoidal (geodesic) area and length of lon/lat geometries.
///
/// Edges are geodesics on the ellipsoid; the area of each ring is Karney's exact polygon area
/// (`geod_polygonarea`), so there is no projection distortion and no zone to choose. Coordinates must
/// be (longitude, latitude) in degrees on a datum whose ellipsoid is the one given (transform first:
/// see `Transformer`). Units: m² and m.
extension Geometry {
    /// Area of the polygonal parts in m²: each polygon's shell minus its holes, whatever the rings'
    /// orientation; lines and points contribute nothing. Overlapping parts of an invalid
    /// multipolygon would be counted twice — repair first (`makeValid`).
    public func geodesicArea(on ellipsoid: Ellipsoid = .cgcs2000) throws -> Double {
        var g = ellipsoid.geodesic
        var total = 0.0
        try forEachPolygonRing { _, ring, xs, ys in
            var lats = ys, lons = xs
            var area = 0.0, perimeter = 0.0
            geod_polygonarea(&g, &lats, &lons, Int32(lats.count), &area, &perimeter)
            total += ring == 0 ? abs(area) : -abs(area)
        }
        return total
    }

    /// Length of the lineal parts in m along geodesics (polygon rings are not counted; use
    /// `boundary()` first for perimeters).
    public func geodesicLength(on ellipsoid: Ellipsoid = .cgcs2000) throws -> Double {
        var g = ellipsoid.geodesic
        var total = 0.0
        try forEachLine { xs, ys in
            for i in 1..<max(xs.count, 1) {
                var s12 = 0.0
                geod_inverse(&g, ys[i - 1], xs[i - 1], ys[i], xs[i], &s12, nil, nil)
                total += s12
            }
        }
        return total
    }
}

/// Geodesic distance in metres between two (lon, lat) points (`geod_inverse`).
public func geodesicDistance(lon1: Double, lat1: Double, lon2: Double, lat2: Double, on ellipsoid: Ellipsoid = .cgcs2000) -> Double {
    var g = ellipsoid.geodesic
    var s12 = 0.0
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nil, nil)
    return s12
}
