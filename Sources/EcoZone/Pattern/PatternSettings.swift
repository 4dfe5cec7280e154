import Foundation
import GeoKit

/// The layer that breaks belts and corridors (built-up land, roads): `breaks: {source: …, name: …}`
/// under `pattern:`. Line breaks (roads) are given a width.
public struct BreakLayerSpec: Sendable, Equatable {
    public var request: LayerRequest
    /// The field naming each break feature, if any.
    public var nameField: String?
    /// Full width in metres given to line or point breaks (a road's width); polygons keep their shape.
    public var lineWidth: Double

    public init(request: LayerRequest, nameField: String? = nil, lineWidth: Double = 30) {
        self.request = request
        self.nameField = nameField
        self.lineWidth = lineWidth
    }
}

/// How the pattern is analysed, from the project's `pattern:` section (every key optional):
///
/// ```yaml
/// pattern:
///   link-distance: 0        # m; elements link when they touch (0) or come this close
///   belt-width: 1000        # m each side of a belt given as a river line (the riverside rule)
///   corridor-width: 0       # m each side of a corridor given as a line (0: the line itself)
///   ranking-distance: 1000  # m; dispersal distance D for dIIC/dPC (default max(1000, 2 × link-distance))
///   ranking-probability: 0.5
///   zone: 36                # CGCS2000 3° Gauss–Krüger zone for metres (default: from the data's centre)
///   breaks: { source: builtup.shp, name: NAME, width: 30 }
///   belts: { source: rivers.shp, name: NAME, names: [长江, 花溪河] }   # expected names per role
/// ```
public struct PatternSettings: Sendable, Equatable {
    public var linkDistance: Double = 0
    public var beltWidth: Double = 1000
    public var corridorWidth: Double = 0
    public var rankingDistance: Double?
    public var rankingProbability: Double = 0.5
    public var zone: GaussKrugerZone?
    public var breaks: BreakLayerSpec?

    public init() {}

    /// The dispersal distance D used for ranking.
    public var effectiveRankingDistance: Double { rankingDistance ?? max(1000, 2 * linkDistance) }

    /// The largest distance or width a pattern setting may give: 1000 km. Beyond it a buffer or a
    /// link no longer describes a plan's pattern (and metres of 1e300 overflow the geometry).
    public static let maximumMetres = 1_000_000.0

    /// Reads the settings; a value that is not a usable number is an error naming the project file and
    /// the setting's line. Distances and widths are finite, from 0 to ``maximumMetres`` (`m` or `km`
    /// may follow the number); the ranking probability lies strictly between 0 and 1.
    public static func from(_ pattern: Project.Pattern, projectPath: String) throws -> PatternSettings {
        func fail(_ m: String, _ key: String) -> GeoKitError {
            GeoKitError(.input, pattern.lines[key].map { "line \($0): " + m } ?? m, file: projectPath)
        }
        func metres(_ key: String, in map: [String: String], line: String) throws -> Double? {
            guard let raw = map[key] else { return nil }
            let t = raw.trimmingCharacters(in: .whitespaces)
            var value: Double?
            if t.hasSuffix("km") { value = DecimalText.value(t.dropLast(2)).map { $0 * 1000 } }
            else if t.hasSuffix("m") { value = DecimalText.value(t.dropLast()) }
            else { value = DecimalText.value(t) }
            guard let v = value else { throw fail("pattern setting '\(line)' must be a distance in metres, got '\(raw)'", line) }
            guard v.isFinite, v >= 0, v <= maximumMetres else {
                throw fail("pattern setting '\(line)' must be a distance from 0 to 1,000,000 m (1000 km), got '\(raw)'", line)
            }
            return v
        }
        var s = PatternSettings()
        let map = pattern.settings
        if let v = try metres("link-distance", in: map, line: "link-distance") { s.linkDistance = v }
        if let v = try metres("belt-width", in: map, line: "belt-width") { s.beltWidth = v }
        if let v = try metres("corridor-width", in: map, line: "corridor-width") { s.corridorWidth = v }
        if let v = try metres("ranking-distance", in: map, line: "ranking-distance") {
            guard v > 0 else { throw fail("pattern setting 'ranking-distance' must be > 0 m", "ranking-distance") }
            s.rankingDistance = v
        }
        if let raw = map["ranking-probability"] {
            guard let p = DecimalText.value(raw), p > 0, p < 1 else {
                throw fail("pattern setting 'ranking-probability' must be strictly between 0 and 1, got '\(raw)'", "ranking-probability")
            }
            s.rankingProbability = p
        }
        if let raw = map["zone"] {
            guard let n = DecimalText.integer(raw), let z = GaussKrugerZone(zone: n) else {
                throw fail("pattern setting 'zone' must be a 3° Gauss–Krüger zone 25–45, got '\(raw)'", "zone")
            }
            s.zone = z
        }
        if map["breaks"] != nil { throw fail("pattern setting 'breaks' must be a mapping with a 'source' key", "breaks") }
        if let b = pattern.tables["breaks"] {
            guard let source = b["source"], Project.namesSource(source) else {
                throw fail("pattern setting 'breaks' has no 'source' naming a file", b["source"] == nil ? "breaks" : "breaks.source")
            }
            var spec = BreakLayerSpec(request: LayerRequest(source: Project.resolve(source, relativeTo: projectPath), layer: b["layer"],
                                                            whereClause: b["where"], assumedCRS: b["assume-crs"] ?? b["crs"],
                                                            encoding: b["encoding"]),
                                      nameField: b["name"])
            if let w = try metres("width", in: b, line: "breaks.width") { spec.lineWidth = w }
            s.breaks = spec
        }
        return s
    }

    /// The names a role's layer is expected to hold: `names: [长江, 花溪河]`, or one string separated
    /// by 、，, or ;. Empty when the project lists none.
    public static func expectedNames(_ spec: Project.LayerSpec) -> [String] {
        if let list = spec.lists["names"] { return list.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        guard let text = spec.settings["names"] else { return [] }
        return text.components(separatedBy: CharacterSet(charactersIn: "、，,;；")).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
