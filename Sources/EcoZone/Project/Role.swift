/// What a layer is in a plan: the key a project file names it by under `layers:`.
///
/// The roles every plan of this kind has are constants; any other key is a user-defined role (a
/// plan's own layer, e.g. `amap-parks`), kept as written. A role may have several dated versions
/// (``Project/Layer/year``): the red line of 2020 and its adjustment of 2023 are one role at two dates.
public struct Role: Hashable, Sendable, RawRepresentable, Codable, Comparable, CustomStringConvertible {
    /// The key as written in the project file, e.g. "red-line".
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// 行政区界: the plan's administrative boundary (district, county), the whole the shares are of.
    public static let boundary = Role("boundary")
    /// 镇街 (乡镇、街道): towns and sub-districts, the units zones and projects are listed by.
    public static let towns = Role("towns")
    /// 生态保护红线: the ecological protection red line.
    public static let redLine = Role("red-line")
    /// 自然保护地: nature reserves, natural parks (forest, wetland, geological parks), scenic areas.
    public static let protectedAreas = Role("protected-areas")
    /// 水土流失: soil erosion, by intensity grade (轻度 … 剧烈).
    public static let soilErosion = Role("soil-erosion")
    /// 石漠化: rocky desertification, by grade (潜在 … 极重度).
    public static let rockyDesertification = Role("rocky-desertification")
    /// 生态修复分区: the plan's restoration zones.
    public static let restorationZones = Role("restoration-zones")
    /// 重点工程 / 重点项目: key restoration programmes and projects.
    public static let projects = Role("projects")

    /// The roles EcoZone knows, in the order reports list them.
    public static let known: [Role] = [.boundary, .towns, .redLine, .protectedAreas, .soilErosion, .rockyDesertification,
                                       .restorationZones, .projects]

    /// Whether EcoZone knows this role (it is one of ``known``), rather than the plan defining it.
    public var isKnown: Bool { Self.known.contains(self) }

    /// The layers that protect land, which projects are checked against by default: red line and protected areas.
    public static let protecting: [Role] = [.redLine, .protectedAreas]

    public var description: String { rawValue }

    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
