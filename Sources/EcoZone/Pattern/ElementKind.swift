/// What an element of a security pattern (生态安全格局) is, whatever symbol a plan writes for it.
///
/// A plan's label ("两带四屏二十二廊多块") writes each group of elements with one character; each character
/// has a default kind, which a project may override per element (`屏: { kind: patch }`). Kinds decide
/// defaults only: the footprint width of line elements (belts: the riverside rule), which elements
/// are measured against the red line and protected areas (barriers), and which are searched for
/// gaps (belts, corridors, axes). Any other kind a project names is kept as written.
public struct ElementKind: Hashable, Sendable, RawRepresentable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// 屏 (屏障): a shield — a mountain range (巴南, 重庆, 巫山) or a group of protected areas (锦屏).
    public static let barrier = ElementKind("barrier")
    /// 带 (生态涵养带): a main river and its riparian strip.
    public static let belt = ElementKind("belt")
    /// 廊 (廊道): secondary rivers, parallel ridges, infrastructure corridors, green links.
    public static let corridor = ElementKind("corridor")
    /// 点: islands, reservoirs, independent hills, protected areas.
    public static let node = ElementKind("node")
    /// 块 (斑块): other important mountains, reservoirs, protected areas as patches.
    public static let patch = ElementKind("patch")
    /// 区: a zone, e.g. a river-basin restoration zone (锦屏's 三区).
    public static let zone = ElementKind("zone")
    /// 心 (绿心): a green core.
    public static let core = ElementKind("core")
    /// 轴: an axis (a river or a road along which the pattern is organised).
    public static let axis = ElementKind("axis")

    public static let known: [ElementKind] = [.barrier, .belt, .corridor, .node, .patch, .zone, .core, .axis]

    /// The kind a plan's symbol stands for by default: 屏 barrier, 带 belt, 廊 corridor, 点 node,
    /// 块 patch, 区 zone, 心 core, 轴 axis; nil for any other character.
    public init?(defaultFor symbol: Character) {
        guard let k = Self.known.first(where: { $0.defaultSymbol == symbol }) else { return nil }
        self = k
    }

    /// The character plans write for this kind, nil for a kind EcoZone does not know.
    public var defaultSymbol: Character? {
        switch rawValue {
        case "barrier": return "屏"
        case "belt": return "带"
        case "corridor": return "廊"
        case "node": return "点"
        case "patch": return "块"
        case "zone": return "区"
        case "core": return "心"
        case "axis": return "轴"
        default: return nil
        }
    }

    /// "barriers", "axes": how a link rule or a command may name every element of the kind.
    public var plural: String {
        switch rawValue {
        case "patch": return "patches"
        case "axis": return "axes"
        default: return rawValue + "s"
        }
    }

    /// Kinds drawn as lines along which breaks cut gaps: belts, corridors and axes.
    public var isLinear: Bool { self == .belt || self == .corridor || self == .axis }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
