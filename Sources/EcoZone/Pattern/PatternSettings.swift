import Foundation
import GeoKit

/// The layer that breaks belts and corridors (built-up land, roads): `breaks: {source: …, name: …}`
/// under `pattern:` (or `sources: […]`). Line breaks (roads) are given a width.
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

/// How the pattern is analysed, from the project's `pattern:` section (every key optional), read and
/// checked when the project is loaded (``Project/load(_:strict:)``):
///
/// ```yaml
/// pattern:
///   link-distance: 0        # m; elements link when their footprints touch (0) or come this close
///   belt-width: 1000        # m each side of a belt given as lines or points (the riverside rule)
///   corridor-width: 30      # m each side of a corridor given as lines or points
///   line-width: 30          # m each side of any other element given as lines or points
///   ranking-distance: 1000  # m; dispersal distance D for dIIC/dPC (default max(1000, 2 × link-distance))
///   ranking-probability: 0.5
///   zone: 36                # CGCS2000 3° Gauss–Krüger zone for metres (default: from the data's centre)
///   breaks: { source: builtup.shp, name: NAME, width: 30 }
/// ```
///
/// An element's own `width:` overrides its kind's. Widths make every line (and point) element a
/// footprint with an area, so that none ranks zero only because a line has no area.
public struct PatternSettings: Sendable, Equatable {
    public var linkDistance: Double = 0
    public var beltWidth: Double = PatternSettings.defaultBeltWidth
    public var corridorWidth: Double = PatternSettings.defaultLineWidth
    public var lineWidth: Double = PatternSettings.defaultLineWidth
    public var rankingDistance: Double?
    public var rankingProbability: Double = 0.5
    public var zone: GaussKrugerZone?
    public var breaks: BreakLayerSpec?

    public init() {}

    /// Metres each side of a belt drawn as a line: "平缓处河岸1000米左右" (巴南 L303, 重庆 L304, 巫山 L1544).
    public static let defaultBeltWidth = 1000.0
    /// Metres each side of any other line element (a secondary river's riparian strip, a ridge line):
    /// 30 m, i.e. a 60 m wide strip — the order of 巫山's "30 km long × 50 m wide" corridor (L2326) and of
    /// the 50–100 m riverside strips of 重庆 (L298).
    public static let defaultLineWidth = 30.0

    /// The dispersal distance D used for ranking.
    public var effectiveRankingDistance: Double { rankingDistance ?? max(1000, 2 * linkDistance) }

    /// Metres each side a line or point element of `kind` is buffered by, unless the element sets its own.
    public func width(for kind: ElementKind) -> Double {
        switch kind {
        case .belt: return beltWidth
        case .corridor: return corridorWidth
        default: return lineWidth
        }
    }

    /// The largest distance or width a pattern setting may give: 1000 km. Beyond it a buffer or a
    /// link no longer describes a plan's pattern (and metres of 1e300 overflow the geometry).
    public static let maximumMetres = 1_000_000.0
}
