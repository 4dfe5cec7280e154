import GeoKit

/// What to read: a source, which layer of it, which features, and what to assume where the data is silent;
/// or several sources read as one layer (``parts``: a project role with `sources: [a.shp, b.gpkg]`).
public struct LayerRequest: Sendable, Hashable, Codable {
    /// Path or OGR source string.
    public var source: String
    /// Layer name; nil for a single-layer source.
    public var layer: String?
    /// OGR SQL attribute filter (`WHERE` clause without the keyword).
    public var whereClause: String?
    /// CRS to use when the source declares none (e.g. "EPSG:4490"). Overrides a declared CRS only
    /// when the values cannot be in it: metres under a geographic CRS, degrees under a projected one
    /// (a wrong .prj; `CoordinateSanity.looksLikeMetres`, `looksLikeDegrees`).
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
    /// Several sources read as one layer, one after another (``LoadedLayer/load(_:)``). When not
    /// empty, `source` only names them in messages ("a.shp + b.gpkg") and `layer`, `encoding`,
    /// `assumedCRS`, `gcj02` and `axisOrder` are each part's own; `whereClause` filters every part
    /// (ANDed with the part's own filter), written in the layer's field names and read by each part in
    /// its own (``fieldNames``).
    public var parts: [LayerRequest] = []
    /// For a part: the layer's field name → this source's field name, where this source names a field
    /// differently (the protected areas' name is `NAME` in one file and `MC` in another).
    public var fieldNames: [String: String] = [:]
    /// For several parts whose CRSs differ: the CRS each part is transformed to (the project's
    /// analysis CRS). Parts in one CRS are kept in it.
    public var commonCRS: String?

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

extension LayerRequest {
    enum CodingKeys: String, CodingKey {
        case source, layer, whereClause, assumedCRS, encoding, gcj02, axisOrder, parts, fieldNames, commonCRS
    }

    /// Keys left out are their defaults (a request written before ``parts`` existed reads as one source).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(source: try c.decode(String.self, forKey: .source), layer: try c.decodeIfPresent(String.self, forKey: .layer),
                  whereClause: try c.decodeIfPresent(String.self, forKey: .whereClause),
                  assumedCRS: try c.decodeIfPresent(String.self, forKey: .assumedCRS),
                  encoding: try c.decodeIfPresent(String.self, forKey: .encoding),
                  gcj02: try c.decodeIfPresent(Bool.self, forKey: .gcj02) ?? false,
                  axisOrder: try c.decodeIfPresent(AxisOrder.self, forKey: .axisOrder))
        parts = try c.decodeIfPresent([LayerRequest].self, forKey: .parts) ?? []
        fieldNames = try c.decodeIfPresent([String: String].self, forKey: .fieldNames) ?? [:]
        commonCRS = try c.decodeIfPresent(String.self, forKey: .commonCRS)
    }

    /// A one-source request encodes as it did before ``parts``; empty and nil values are left out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(layer, forKey: .layer)
        try c.encodeIfPresent(whereClause, forKey: .whereClause)
        try c.encodeIfPresent(assumedCRS, forKey: .assumedCRS)
        try c.encodeIfPresent(encoding, forKey: .encoding)
        try c.encode(gcj02, forKey: .gcj02)
        try c.encodeIfPresent(axisOrder, forKey: .axisOrder)
        if !parts.isEmpty { try c.encode(parts, forKey: .parts) }
        if !fieldNames.isEmpty { try c.encode(fieldNames, forKey: .fieldNames) }
        try c.encodeIfPresent(commonCRS, forKey: .commonCRS)
    }
}
