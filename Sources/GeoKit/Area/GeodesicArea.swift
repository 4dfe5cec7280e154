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

extension Geometry {
    /// Inserts vertices along each edge's geodesic so that no edge is longer than
    /// `maxSegmentLength` metres. Coordinates are (lon, lat) degrees.
    ///
    /// Why: GEOS cuts edges as straight lines in lon/lat, while geodesic area reads edges as
    /// geodesics. A polygon cut in two then has pieces whose geodesic areas do not add up to it (the
    /// cut point lies on the chord, not on the geodesic; ~1e-7 relative with 5 km edges). With
    /// vertices on the geodesic every ≤ 100 m, chord and geodesic coincide to well under a millimetre,
    /// the geodesic area is unchanged, and overlay pieces conserve area.
    ///
    /// Only polygons and lines are rebuilt; points pass through. Edges shorter than the limit cost one
    /// cheap distance estimate each.
    public func geodesicallyDensified(maxSegmentLength: Double, on ellipsoid: Ellipsoid = .cgcs2000) throws -> Geometry {
        let g = ellipsoid.geodesic
        // Equirectangular length overestimates no edge by more than a few per cent at these
        // latitudes; 0.9 × the limit as a cut-off errs on the side of densifying.
        let metresPerDegree = ellipsoid.semiMajorAxis * .pi / 180
        func densify(_ xs: [Double], _ ys: [Double]) -> (xs: [Double], ys: [Double]) {
            var ox: [Double] = [], oy: [Double] = []
            ox.reserveCapacity(xs.count); oy.reserveCapacity(ys.count)
            for i in 0..<xs.count {
                if i > 0 {
                    let dx = (xs[i] - xs[i - 1]) * cos(ys[i] * .pi / 180), dy = ys[i] - ys[i - 1]
                    if (dx * dx + dy * dy).squareRoot() * metresPerDegree > 0.9 * maxSegmentLength {
                        var geod = g
                        var s12 = 0.0, azi1 = 0.0
                        geod_inverse(&geod, ys[i - 1], xs[i - 1], ys[i], xs[i], &s12, &azi1, nil)
                        let n = Int((s12 / maxSegmentLength).rounded(.up))
                        if n > 1 {
                            var line = geod_geodesicline()
                            geod_lineinit(&line, &geod, ys[i - 1], xs[i - 1], azi1, 0)
                            for k in 1..<n {
                                var lat = 0.0, lon = 0.0
                                geod_position(&line, s12 * Double(k) / Double(n), &lat, &lon, nil)
                                // Keep longitudes on the same side as the edge's ends.
                                if lon - xs[i - 1] > 180 { lon -= 360 } else if xs[i - 1] - lon > 180 { lon += 360 }
                                ox.append(lon); oy.append(lat)
                            }
                        }
                    }
                }
                ox.append(xs[i]); oy.append(ys[i])
            }
            return (ox, oy)
        }
        switch kind {
        case .polygon, .multiPolygon:
            var polygons: [[(xs: [Double], ys: [Double])]] = []
            try forEachPolygonRing { p, ring, xs, ys in
                if ring == 0 { polygons.append([]) }
                _ = p
                polygons[polygons.count - 1].append(densify(xs, ys))
            }
            let parts = try polygons.map { try context.polygon(rings: $0) }
            if kind == .polygon, parts.count == 1 { return parts[0] }
            return try context.collection(parts, kind: .multiPolygon)
        case .lineString, .multiLineString:
            var lines: [Geometry] = []
            try forEachLine { xs, ys in
                let d = densify(xs, ys)
                lines.append(try context.lineString(xs: d.xs, ys: d.ys))
            }
            if kind == .lineString, lines.count == 1 { return lines[0] }
            return try context.collection(lines, kind: .multiLineString)
        default:
            return try clone()
        }
    }
}

import Foundation
