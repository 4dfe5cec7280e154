/// The four kinds of element of an ecological security pattern (生态安全格局), in the order plans name them.
public enum PatternRole: String, CaseIterable, Sendable, Codable, Comparable {
    /// 屏: a mountain range (or protected area) acting as a shield.
    case barriers
    /// 带: a main river and its riparian strip.
    case belts
    /// 廊: secondary rivers, ridges, green links.
    case corridors
    /// 点: islands, reservoirs, independent hills, protected areas.
    case nodes

    /// The character a plan's label uses: 屏 带 廊 点.
    public var symbol: Character {
        switch self {
        case .barriers: return "屏"
        case .belts: return "带"
        case .corridors: return "廊"
        case .nodes: return "点"
        }
    }

    public init?(symbol: Character) {
        guard let r = Self.allCases.first(where: { $0.symbol == symbol }) else { return nil }
        self = r
    }

    public static func < (a: PatternRole, b: PatternRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
