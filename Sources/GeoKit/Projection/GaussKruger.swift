import Foundation

/// The CGCS2000 3° Gauss–Krüger zones (高斯-克吕格 3度带) that Chinese surveys use.
///
/// Zone n has central meridian 3n °E and covers 3n − 1.5 … 3n + 1.5 °E. EPSG:4513–4533 are zones
/// 25–45 with the zone number prefixed to the false easting (x₀ = n·10⁶ + 500 000 m);
/// EPSG:4534–4554 are the same zones without the prefix. Zone 36 (CM 108 °E) is EPSG:4524;
/// note that EPSG:4527 is zone 39 (CM 117 °E), a common mistake.
public struct GaussKrugerZone: Sendable, Hashable, Codable {
    public let zone: Int
    public var centralMeridian: Double { Double(zone * 3) }
    /// With the zone prefix in the false easting.
    public var epsg: Int { 4513 + zone - 25 }
    /// Without the zone prefix.
    public var epsgWithoutPrefix: Int { 4534 + zone - 25 }

    /// The zone whose strip holds `longitude` (°E); nil outside zones 25–45 (73.5–136.5 °E), the
    /// range the EPSG codes cover, and nil for NaN or infinity.
    public init?(longitude: Double) {
        // Tested before converting: Int(_:) traps on NaN, infinity and values beyond Int's range.
        guard longitude >= 73.5, longitude < 136.5 else { return nil }
        let z = Int(((longitude + 1.5) / 3).rounded(.down))
        guard (25...45).contains(z) else { return nil }
        zone = z
    }

    public init?(zone: Int) {
        guard (25...45).contains(zone) else { return nil }
        self.zone = zone
    }

    public func crs() throws -> CRS { try CRS(epsg: epsg) }
}
