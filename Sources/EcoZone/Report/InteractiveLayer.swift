import GeoKit

/// One layer of the report's interactive map, as the map shows it: a title, a style, the fields a
/// popup lists (with their labels in the report's language), which field labels and which colours
/// features, whether features are measured by area or by length, and its features.
struct InteractiveLayer {
    enum Measure: String { case area, length }

    /// A name safe in a CSS class ("red-line", "pattern-屏" becomes "pattern-5c4f").
    var id: String
    var title: String
    var style: MapStyle
    /// Shown when the page opens (the layer switcher turns any layer on or off).
    var visible: Bool
    /// Drawing order: 0 area fills, 1 protected land, 2 lines, 3 points and small patches, 4 outlines.
    var z: Int
    var fields: [String]
    var fieldLabels: [String]
    /// The field that titles a feature's popup.
    var labelField: Int?
    /// The field whose value picks a categorical style's colour.
    var categoryField: Int?
    var measure: Measure?
    var features: [InteractiveFeature]

    init(id: String, title: String, style: MapStyle, visible: Bool, z: Int, fields: [String] = [], fieldLabels: [String]? = nil,
         labelField: Int? = nil, categoryField: Int? = nil, measure: Measure? = nil, features: [InteractiveFeature] = []) {
        self.id = Self.cssSafe(id)
        self.title = title
        self.style = style
        self.visible = visible
        self.z = z
        self.fields = fields
        self.fieldLabels = fieldLabels ?? fields
        self.labelField = labelField
        self.categoryField = categoryField
        self.measure = measure
        self.features = features
    }

    /// ASCII letters, digits, '-' and '_' kept; any other character as its code point in hex.
    static func cssSafe(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.isASCII, u.properties.isAlphabetic || ("0"..."9").contains(Character(u)) || u == "-" || u == "_" {
                out.unicodeScalars.append(u)
            } else {
                out += "-" + String(u.value, radix: 16)
            }
        }
        return out
    }
}

/// One feature of an interactive layer: its geometry (WKB, CGCS2000 lon/lat), the text of each of
/// its layer's fields (nil: no value), and its measure as written in the popup and the report's
/// tables (km² with 4 decimals, or km with 3), nil for points.
struct InteractiveFeature {
    var wkb: [UInt8]
    var values: [String?]
    var measure: String?
}

/// A feature of a run's layer with its measured area (km²) or length (km), for the report's tables
/// of small layers: the same figure its popup shows.
struct MeasuredFeature: Sendable {
    /// 1-based, in the order of the layer's GeoJSON.
    var number: Int
    var fields: [String]
    var values: [String?]
    /// As written ("6.1234"): km² with 4 decimals for polygons, km with 3 for lines.
    var measure: String?
}
