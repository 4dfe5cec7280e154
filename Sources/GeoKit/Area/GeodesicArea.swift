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
    ///
    /// Throws (never returns NaN) when a coordinate is not finite or a latitude lies outside ±90°.
    public func geodesicArea(on ellipsoid: Ellipsoid = .cgcs2000) throws -> Double {
        var g = ellipsoid.geodesic
        var total = 0.0
        try forEachPolygonRing { _, ring, xs, ys in
            try Self.checkLonLat(xs, ys)
            guard let n = Int32(exactly: ys.count) else {
                throw GeoKitError(.geometry, "a ring of \(ys.count) vertices is too long for geod_polygonarea")
            }
            var lats = ys, lons = xs
            var area = 0.0, perimeter = 0.0
            geod_polygonarea(&g, &lats, &lons, n, &area, &perimeter)
            guard area.isFinite else { throw GeoKitError(.geometry, "geod_polygonarea gave a non-finite area") }
            total += ring == 0 ? abs(area) : -abs(area)
        }
        return total
    }

    /// Throws unless every coordinate is finite and every latitude within ±90° (1e-7° of slack):
    /// the geodesic routines return NaN otherwise.
    static func checkLonLat(_ xs: [Double], _ ys: [Double]) throws {
        for i in 0..<min(xs.count, ys.count) {
            let x = xs[i], y = ys[i]
            guard x.isFinite, y.isFinite else {
                throw GeoKitError(.input, "vertex \(i + 1) has a coordinate that is not finite (\(x), \(y))")
            }
            guard abs(y) <= 90 + 1e-7 else {
                throw GeoKitError(.input, "vertex \(i + 1) has latitude \(y), outside −90…90°; geodesic measures need (longitude, latitude) in degrees")
            }
        }
    }

    /// Length of the lineal parts in m along geodesics (polygon rings are not counted; use
    /// `boundary()` first for perimeters).
    public func geodesicLength(on ellipsoid: Ellipsoid = .cgcs2000) throws -> Double {
        var g = ellipsoid.geodesic
        var total = 0.0
        try forEachLine { xs, ys in
            try Self.checkLonLat(xs, ys)
            for i in 1..<max(xs.count, 1) {
                var s12 = 0.0
                geod_inverse(&g, ys[i - 1], xs[i - 1], ys[i], xs[i], &s12, nil, nil)
                total += s12
            }
        }
        guard total.isFinite else { throw GeoKitError(.geometry, "geod_inverse gave a non-finite length") }
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
    /// Whether the edge from vertex i − 1 to vertex i may be longer than `limit` metres: its
    /// equirectangular length is more than 0.9 × `limit` (that length overestimates no edge by more
    /// than a few per cent at these latitudes, so the cut-off errs on the side of densifying). Edges
    /// that pass are measured along the geodesic (`geodesicallyDensified`).
    static func mayBeLonger(_ xs: [Double], _ ys: [Double], edgeEndingAt i: Int, than limit: Double, on ellipsoid: Ellipsoid) -> Bool {
        let metresPerDegree = ellipsoid.semiMajorAxis * .pi / 180
        let dx = (xs[i] - xs[i - 1]) * cos(ys[i] * .pi / 180), dy = ys[i] - ys[i - 1]
        return (dx * dx + dy * dy).squareRoot() * metresPerDegree > 0.9 * limit
    }

    /// Whether `geodesicallyDensified(maxSegmentLength:on:)` may add a vertex to this polygon or
    /// multipolygon: false when no edge passes its first test (``mayBeLonger(_:_:edgeEndingAt:than:on:)``),
    /// and densifying would give back the same vertices; true for other kinds. A walk over the
    /// coordinates, without building a geometry. Throws, as densifying does, for a non-finite
    /// coordinate or a latitude beyond ±90°.
    public func mayNeedGeodesicDensifying(maxSegmentLength: Double, on ellipsoid: Ellipsoid = .cgcs2000) throws -> Bool {
        guard kind.isPolygonal, maxSegmentLength > 0, maxSegmentLength.isFinite else { return true }
        var long = false
        try forEachPolygonRing { _, _, xs, ys in
            guard !long else { return }
            try Self.checkLonLat(xs, ys)
            for i in 1..<max(xs.count, 1) where Self.mayBeLonger(xs, ys, edgeEndingAt: i, than: maxSegmentLength, on: ellipsoid) {
                long = true
                return
            }
        }
        return long
    }

    /// Most vertices `geodesicallyDensified` and `densified` may add to one geometry (memory bound:
    /// 50 M vertices are 800 MB of coordinates).
    public static let maximumDensifiedVertices = 50_000_000

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
    /// cheap distance estimate each. Throws for a non-finite coordinate, a latitude beyond ±90°, a
    /// limit that is not a positive number, or a result of more than `maximumDensifiedVertices`.
    public func geodesicallyDensified(maxSegmentLength: Double, on ellipsoid: Ellipsoid = .cgcs2000) throws -> Geometry {
        guard maxSegmentLength > 0, maxSegmentLength.isFinite else {
            throw GeoKitError(.geometry, "cannot densify to segments of \(maxSegmentLength) m")
        }
        let g = ellipsoid.geodesic
        var budget = Self.maximumDensifiedVertices
        func densify(_ xs: [Double], _ ys: [Double]) throws -> (xs: [Double], ys: [Double]) {
            try Self.checkLonLat(xs, ys)
            var ox: [Double] = [], oy: [Double] = []
            ox.reserveCapacity(xs.count); oy.reserveCapacity(ys.count)
            for i in 0..<xs.count {
                if i > 0 {
                    if Self.mayBeLonger(xs, ys, edgeEndingAt: i, than: maxSegmentLength, on: ellipsoid) {
                        var geod = g
                        var s12 = 0.0, azi1 = 0.0
                        geod_inverse(&geod, ys[i - 1], xs[i - 1], ys[i], xs[i], &s12, &azi1, nil)
                        // s12 is at most half a meridian; the budget bounds the whole result.
                        let pieces = (s12 / maxSegmentLength).rounded(.up)
                        guard pieces.isFinite, pieces <= Double(budget) else {
                            throw GeoKitError(.geometry, "densifying to \(maxSegmentLength) m would make more than \(Self.maximumDensifiedVertices) vertices")
                        }
                        let n = Int(pieces)
                        budget -= n
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
                polygons[polygons.count - 1].append(try densify(xs, ys))
            }
            let parts = try polygons.map { try context.polygon(rings: $0) }
            if kind == .polygon, parts.count == 1 { return parts[0] }
            return try context.collection(parts, kind: .multiPolygon)
        case .lineString, .multiLineString:
            var lines: [Geometry] = []
            try forEachLine { xs, ys in
                let d = try densify(xs, ys)
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

extension Geometry {
    /// Area in m² of the polygonal parts, reading each edge as a straight line in (lon, lat) — the
    /// shape GEOS actually cuts — rather than as a geodesic.
    ///
    /// By Green's theorem the area enclosed by a ring on the ellipsoid is |∮ F(φ) dλ|, where
    /// F(φ) = ∫₀^φ M N cos φ′ dφ′ = a²(1 − e²) [ sin φ / (2(1 − e² sin² φ)) + atanh(e sin φ) / (2e) ]
    /// (λ in radians). Along an edge with λ and φ both linear in t the integrand is smooth; 4-point
    /// Gauss–Legendre quadrature is exact to rounding for any edge a survey draws. Because the
    /// formula is exact for the chord polygon, the areas of the pieces GEOS cuts a polygon into add
    /// up to the polygon's area to ~1e-15, which geodesic area cannot promise (a cut point lies on
    /// the chord, not the geodesic). Densify along geodesics first (`geodesicallyDensified`) and this
    /// equals the geodesic area to ~1e-8 (5e-9 for a 50 km² quadrilateral with 5 km edges, where the
    /// undensified chord polygon differs by 5e-5).
    public func lonLatChordArea(on ellipsoid: Ellipsoid = .cgcs2000) throws -> Double {
        let a = ellipsoid.semiMajorAxis, f = 1 / ellipsoid.inverseFlattening
        let e2 = f * (2 - f), e = e2.squareRoot()
        let k = a * a * (1 - e2)
        func F(_ phi: Double) -> Double {
            let s = sin(phi)
            return k * (s / (2 * (1 - e2 * s * s)) + atanh(e * s) / (2 * e))
        }
        // Gauss–Legendre nodes and weights on [0, 1].
        let r = (3.0 / 7.0 + 2.0 / 7.0 * (6.0 / 5.0).squareRoot()).squareRoot()
        let q = (3.0 / 7.0 - 2.0 / 7.0 * (6.0 / 5.0).squareRoot()).squareRoot()
        let wq = (18 + 30.0.squareRoot()) / 36, wr = (18 - 30.0.squareRoot()) / 36
        let nodes = [(0.5 - r / 2, wr / 2), (0.5 - q / 2, wq / 2), (0.5 + q / 2, wq / 2), (0.5 + r / 2, wr / 2)]
        let rad = Double.pi / 180
        var total = 0.0
        try forEachPolygonRing { _, ring, xs, ys in
            try Self.checkLonLat(xs, ys)
            var sum = 0.0
            for i in 1..<max(xs.count, 1) {
                let dl = (xs[i] - xs[i - 1]) * rad
                if dl == 0 { continue }
                let p1 = ys[i - 1] * rad, dp = (ys[i] - ys[i - 1]) * rad
                if dp == 0 { sum += F(p1) * dl; continue }
                var integral = 0.0
                for (t, w) in nodes { integral += w * F(p1 + t * dp) }
                sum += integral * dl
            }
            total += ring == 0 ? abs(sum) : -abs(sum)
        }
        guard total.isFinite else { throw GeoKitError(.geometry, "the chord area is not finite") }
        return total
    }
}
