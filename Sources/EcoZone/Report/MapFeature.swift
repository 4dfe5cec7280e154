/// A feature to draw: geometry as little-endian WKB in CGCS2000/WGS84 lon/lat, an optional label and class.
public struct MapFeature: Sendable {
    /// Polygon, line or point geometry (any multi- or collection form), lon/lat degrees.
    public var wkb: [UInt8]
    /// Written at the feature's point on surface when the layer's style is `labelled`.
    public var label: String?
    /// The class or grade that picks the fill in a categorical style (轻度, 中度 … or a zone's name).
    public var category: String?

    public init(wkb: [UInt8], label: String? = nil, category: String? = nil) {
        self.wkb = wkb
        self.label = label
        self.category = category
    }
}

/// One layer of a map: a legend title, a style and its features.
public struct MapLayer: Sendable {
    public var title: String
    public var style: MapStyle
    public var features: [MapFeature]

    public init(title: String, style: MapStyle, features: [MapFeature]) {
        self.title = title
        self.style = style
        self.features = features
    }
}
