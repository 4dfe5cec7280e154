/// How a layer is drawn: fill and stroke (CSS colours), stroke width in pixels, fill opacity, an
/// optional SVG dash pattern, whether features are labelled, and for graded or categorical layers
/// the colour of each category.
public struct MapStyle: Sendable {
    /// Fill of polygons and point markers; nil for none.
    public var fill: String?
    /// Outline of polygons, colour of lines; nil for none.
    public var stroke: String?
    /// Stroke width in pixels.
    public var strokeWidth: Double
    /// Opacity of the fill, 0…1.
    public var fillOpacity: Double
    /// SVG `stroke-dasharray`, e.g. "4 3".
    public var dash: String?
    /// Whether each feature's label is written at its point on surface.
    public var labelled: Bool
    /// Fill (polygons, points) or stroke (lines) per category: erosion grades, rocky desertification
    /// grades, zones by name.
    public var categoryColours: [String: String]
    /// Whether features are coloured by category; categories without a colour in `categoryColours`
    /// take the next colour of a qualitative palette (zones, whose names a preset cannot know).
    public var categorical: Bool
    /// Legend order of categories; categories not listed follow in order of first appearance.
    public var categoryOrder: [String]
    /// Radius of point markers in pixels.
    public var pointRadius: Double

    public init(fill: String? = nil, stroke: String? = "#343a40", strokeWidth: Double = 1, fillOpacity: Double = 0.5,
                dash: String? = nil, labelled: Bool = false, categoryColours: [String: String] = [:],
                categorical: Bool? = nil, categoryOrder: [String] = [], pointRadius: Double = 4) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.fillOpacity = fillOpacity
        self.dash = dash
        self.labelled = labelled
        self.categoryColours = categoryColours
        self.categorical = categorical ?? !categoryColours.isEmpty
        self.categoryOrder = categoryOrder
        self.pointRadius = pointRadius
    }

    /// Qualitative colours for categories without an assigned colour (ColorBrewer Set2 + Dark2 tones).
    static let palette = ["#66c2a5", "#fc8d62", "#8da0cb", "#e78ac3", "#a6d854", "#ffd92f", "#e5c494",
                          "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"]

    // MARK: presets

    /// District boundary: a dark outline, no fill.
    public static let boundary = MapStyle(fill: nil, stroke: "#212529", strokeWidth: 1.8, fillOpacity: 0)
    /// Towns (镇街): thin dashed grey outlines, labelled.
    public static let towns = MapStyle(fill: nil, stroke: "#868e96", strokeWidth: 0.7, fillOpacity: 0,
                                       dash: "3 2", labelled: true)
    /// Ecological protection red line (生态保护红线).
    public static let redLine = MapStyle(fill: "#e03131", stroke: "#a61e1e", strokeWidth: 0.6, fillOpacity: 0.45)
    /// Protected areas (自然保护地), labelled.
    public static let protectedAreas = MapStyle(fill: "#37b24d", stroke: "#1b5e20", strokeWidth: 0.9,
                                                fillOpacity: 0.3, labelled: true)
    /// Soil erosion graded by SL 190 (微度 … 剧烈), yellow to brown.
    public static let soilErosion = MapStyle(
        fill: "#fec44f", stroke: nil, strokeWidth: 0, fillOpacity: 0.85,
        categoryColours: ["微度": "#fff7bc", "轻度": "#fee391", "中度": "#fec44f", "强烈": "#fe9929",
                          "极强烈": "#d95f0e", "剧烈": "#993404"],
        categoryOrder: ["微度", "轻度", "中度", "强烈", "极强烈", "剧烈"])
    /// Karst rocky desertification (潜在 … 极重度), pale to deep purple-red.
    public static let rockyDesertification = MapStyle(
        fill: "#c994c7", stroke: nil, strokeWidth: 0, fillOpacity: 0.85,
        categoryColours: ["非石漠化": "#f1f3f5", "潜在": "#f1eef6", "轻度": "#d4b9da", "中度": "#c994c7",
                          "重度": "#dd1c77", "极重度": "#980043"],
        categoryOrder: ["非石漠化", "潜在", "轻度", "中度", "重度", "极重度"])
    /// Restoration zones (生态修复分区), one palette colour per zone name, labelled.
    public static let restorationZones = MapStyle(fill: "#8da0cb", stroke: "#ffffff", strokeWidth: 1.2,
                                                  fillOpacity: 0.45, labelled: true, categorical: true)
    /// Key projects (重点工程), labelled.
    public static let projects = MapStyle(fill: "#7048e8", stroke: "#4c2fb0", strokeWidth: 0.9, fillOpacity: 0.55,
                                          labelled: true)
    /// Barriers (屏): mountain ranges, labelled.
    public static let barriers = MapStyle(fill: "#a1887f", stroke: "#6d4c41", strokeWidth: 0.8, fillOpacity: 0.4,
                                          labelled: true)
    /// Belts (带): main rivers, labelled.
    public static let belts = MapStyle(fill: nil, stroke: "#1864ab", strokeWidth: 2.2, fillOpacity: 0, labelled: true)
    /// Corridors (廊): secondary streams and green links, labelled.
    public static let corridors = MapStyle(fill: nil, stroke: "#4dabf7", strokeWidth: 1.2, fillOpacity: 0, labelled: true)
    /// Nodes (点): islands, reservoirs, hills, labelled.
    public static let nodes = MapStyle(fill: "#12b886", stroke: "#087f5b", strokeWidth: 0.9, fillOpacity: 0.7,
                                       labelled: true, pointRadius: 5)
    /// Links of the security-pattern graph: dashed lines, and a dot where two elements meet.
    public static let patternLinks = MapStyle(fill: "#343a40", stroke: "#343a40", strokeWidth: 1.6, fillOpacity: 0.9, dash: "4 2",
                                              pointRadius: 2.5)
    /// Least-cost corridor paths.
    public static let corridorPaths = MapStyle(fill: nil, stroke: "#e8590c", strokeWidth: 1.6, fillOpacity: 0)
    /// Pinch points of the circuit current.
    public static let pinchPoints = MapStyle(fill: "#f03e3e", stroke: "#a51111", strokeWidth: 0.8, fillOpacity: 0.85,
                                             pointRadius: 4)
    /// Barrier patches (Barrier Mapper): restoring them improves connectivity most.
    public static let barrierPatches = MapStyle(fill: "#343a40", stroke: "#000000", strokeWidth: 0.6, fillOpacity: 0.55)

    /// Any other layer in one colour: translucent fill and solid outline, or a line of that colour.
    public static func generic(_ colour: String) -> MapStyle {
        MapStyle(fill: colour, stroke: colour, strokeWidth: 1, fillOpacity: 0.35)
    }

    /// The colour of one category, assigning palette colours in order to unknown ones.
    func colour(for category: String?, assigned: inout [String: String]) -> String? {
        guard categorical, let category else { return nil }
        if let c = categoryColours[category] ?? assigned[category] { return c }
        let c = Self.palette[assigned.count % Self.palette.count]
        assigned[category] = c
        return c
    }
}
