import Foundation

/// GCJ-02 (火星坐标), the obfuscated lon/lat that Chinese web map services (Amap 高德, Tencent) use.
///
/// The forward shift is the published algorithm (Krasovsky ellipsoid a = 6 378 245 m,
/// e² = 0.00669342162296594323, and its two trigonometric polynomials), applied inside China only.
/// There is no closed-form inverse: `toWGS84` iterates the forward shift until it reproduces the
/// input to 1e-10° (about 0.01 mm). Offsets are 100–700 m; treat CGCS2000 and WGS 84 as the same here.
public enum GCJ02 {
    static let a = 6_378_245.0
    static let ee = 0.00669342162296594323

    /// Whether the shift applies: GCJ-02 leaves points outside China's rough bounding box untouched.
    public static func isInChina(lon: Double, lat: Double) -> Bool {
        lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271
    }

    private static func shift(lon: Double, lat: Double) -> (dLon: Double, dLat: Double) {
        let x = lon - 105, y = lat - 35
        var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLat += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLat += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        dLat += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLon += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLon += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        dLon += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let radLat = lat / 180 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLon, dLat)
    }

    /// WGS 84 (or CGCS2000) lon/lat → GCJ-02.
    public static func fromWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        guard isInChina(lon: lon, lat: lat) else { return (lon, lat) }
        let d = shift(lon: lon, lat: lat)
        return (lon + d.dLon, lat + d.dLat)
    }

    /// GCJ-02 → WGS 84 (or CGCS2000) lon/lat, by fixed-point iteration of the forward shift.
    public static func toWGS84(lon: Double, lat: Double) -> (lon: Double, lat: Double) {
        guard isInChina(lon: lon, lat: lat) else { return (lon, lat) }
        var w = (lon: lon, lat: lat)
        for _ in 0..<30 {
            let g = fromWGS84(lon: w.lon, lat: w.lat)
            let eLon = g.lon - lon, eLat = g.lat - lat
            w = (w.lon - eLon, w.lat - eLat)
            if abs(eLon) < 1e-10 && abs(eLat) < 1e-10 { break }
        }
        return w
    }
}

extension Geometry {
    /// The geometry with every vertex shifted between WGS 84 and GCJ-02 (`GEOSGeom_transformXY_r`).
    public func shiftedGCJ02(toGCJ: Bool) throws -> Geometry {
        try transformedXY { x, y in toGCJ ? GCJ02.fromWGS84(lon: x, lat: y) : GCJ02.toWGS84(lon: x, lat: y) }
    }
}
