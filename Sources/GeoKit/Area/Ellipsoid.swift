internal import CPROJ

/// An ellipsoid of revolution for geodesic computations (Karney's algorithms in PROJ's `geod_*`).
public struct Ellipsoid: Sendable, Hashable, Codable {
    public let name: String
    /// Semi-major axis a, metres.
    public let semiMajorAxis: Double
    /// 1/f.
    public let inverseFlattening: Double

    public init(name: String, semiMajorAxis: Double, inverseFlattening: Double) {
        self.name = name
        self.semiMajorAxis = semiMajorAxis
        self.inverseFlattening = inverseFlattening
    }

    /// CGCS2000 (China Geodetic Coordinate System 2000): a = 6 378 137 m, 1/f = 298.257222101 —
    /// the GRS 80 figures, and the national rule for official areas (国土调查面积计算).
    public static let cgcs2000 = Ellipsoid(name: "CGCS2000", semiMajorAxis: 6_378_137, inverseFlattening: 298.257222101)

    var geodesic: geod_geodesic {
        var g = geod_geodesic()
        geod_init(&g, semiMajorAxis, 1 / inverseFlattening)
        return g
    }
}
