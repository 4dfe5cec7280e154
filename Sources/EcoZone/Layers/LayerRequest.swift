import GeoKit

/// What to read: a source, which layer of it, which features, and what to assume where the data is silent.
public struct LayerRequest: Sendable, Hashable, Codable {
    /// Path or OGR source string.
    public var source: String
    /// Layer name; nil for a single-layer source.
    public var layer: String?
    /// OGR SQL attribute filter (`WHERE` clause without the keyword).
    public var whereClause: String?
    /// CRS to use when the source declares none (e.g. "EPSG:4490"). Overrides a declared CRS only
    /// when that is geographic and the values are metres (a wrong .prj).
    public var assumedCRS: String?
    /// Text encoding that overrides every declaration (e.g. "CP936").
    public var encoding: String?
    /// The source's lon/lat are GCJ-02 (Amap, Tencent, DataV exports): shift them back to WGS 84 /
    /// CGCS2000 on reading.
    public var gcj02: Bool = false
    /// The order of the source's axes, when stated: `.latLon` exchanges x and y on reading, `.lonLat`
    /// accepts the coordinates as they are; either turns off the swapped-axes check. nil: GeoKit's
    /// (lon, lat) / (easting, northing), checked (`CoordinateSanity`).
    public var axisOrder: AxisOrder?

    public init(source: String, layer: String? = nil, whereClause: String? = nil, assumedCRS: String? = nil, encoding: String? = nil,
                gcj02: Bool = false, axisOrder: AxisOrder? = nil) {
        self.gcj02 = gcj02
        self.axisOrder = axisOrder
        self.source = source
        self.layer = layer
        self.whereClause = whereClause
        self.assumedCRS = assumedCRS
        self.encoding = encoding
    }
}
