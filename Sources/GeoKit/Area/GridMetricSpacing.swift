import Foundation

/// The ground distance, in metres, between neighbouring cell centres of a north-up grid, row by
/// row: what a slope's run is measured in.
///
/// - **Lon/lat grids**: on the CGCS2000 ellipsoid at the row's centre latitude φ,
///   Δx = N(φ)·cos φ·Δλ along the parallel and Δy = M(φ)·Δφ along the meridian, with
///   N = a / √(1 − e² sin² φ) (prime vertical) and M = a(1 − e²) / (1 − e² sin² φ)^{3/2} (meridian)
///   radii of curvature and Δλ, Δφ in radians. These are the exact derivatives of ground distance
///   with respect to longitude and latitude at φ, so a surface rising k metres per column has
///   gradient k / Δx there exactly. At 29.5°N a 1″ cell is 26.935 m wide and 30.790 m high.
///   (gdaldem's `-s 111120` takes 111 120 m per degree both ways: 13 % too little slope there.)
/// - **Projected grids**: the grid's own units, |pixel width| and |pixel height| (metres of the
///   projection; a Gauss–Krüger or UTM grid differs from the ground by its scale factor k, at most
///   1.0014 at the edge of a 3° zone and 1.0010 in UTM at Chinese latitudes).
public struct GridMetricSpacing: Sendable {
    public let geoTransform: GeoTransform
    public let isGeographic: Bool
    private let ellipsoid: Ellipsoid

    public init(geoTransform: GeoTransform, crs: CRS, ellipsoid: Ellipsoid = .cgcs2000) {
        self.geoTransform = geoTransform
        self.isGeographic = crs.isGeographic
        self.ellipsoid = ellipsoid
    }

    /// (Δx, Δy) in metres for cells of `row`.
    public func spacing(row: Int) -> (dx: Double, dy: Double) {
        let t = geoTransform
        guard isGeographic else { return (abs(t.pixelWidth), abs(t.pixelHeight)) }
        let lat = t.originY + (Double(row) + 0.5) * t.pixelHeight
        return Self.lonLatSpacing(latitude: lat, dLon: t.pixelWidth, dLat: t.pixelHeight, on: ellipsoid)
    }

    /// (Δx, Δy) in metres of a lon/lat cell `dLon` × `dLat` degrees centred at `latitude`.
    public static func lonLatSpacing(latitude: Double, dLon: Double, dLat: Double, on ellipsoid: Ellipsoid = .cgcs2000) -> (dx: Double, dy: Double) {
        let a = ellipsoid.semiMajorAxis, f = 1 / ellipsoid.inverseFlattening
        let e2 = f * (2 - f)
        let phi = latitude * .pi / 180
        let s = sin(phi), w = 1 - e2 * s * s
        let n = a / w.squareRoot()
        let m = a * (1 - e2) / (w * w.squareRoot())
        return (n * cos(phi) * abs(dLon) * .pi / 180, m * abs(dLat) * .pi / 180)
    }
}
