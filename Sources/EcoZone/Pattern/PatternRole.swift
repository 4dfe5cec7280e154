/// One group of elements of a security pattern: the key the project names it by, the symbol of the
/// plan's label it stands for, and its kind.
///
/// Banan's short form names four groups `barriers`, `belts`, `corridors`, `nodes` (屏 带 廊 点, the
/// constants below); the elements form names each group by its symbol (`屏:`, `区:` …). Element ids
/// are "KEY:NAME" ("barriers:铜锣山", "屏:八河"). Two roles are equal when their keys are.
public struct PatternRole: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The key as written in the project file: "barriers", "屏".
    public let rawValue: String
    /// The label's character for this group: 屏.
    public let symbol: Character
    public let kind: ElementKind
    /// The group's place in the pattern (project order), for listing.
    public let order: Int

    public init(rawValue: String, symbol: Character, kind: ElementKind, order: Int) {
        self.rawValue = rawValue
        self.symbol = symbol
        self.kind = kind
        self.order = order
    }

    /// 屏: mountain ranges (or protected areas) acting as a shield.
    public static let barriers = PatternRole(rawValue: "barriers", symbol: "屏", kind: .barrier, order: 0)
    /// 带: main rivers and their riparian strips.
    public static let belts = PatternRole(rawValue: "belts", symbol: "带", kind: .belt, order: 1)
    /// 廊: secondary rivers, ridges, green links.
    public static let corridors = PatternRole(rawValue: "corridors", symbol: "廊", kind: .corridor, order: 2)
    /// 点: islands, reservoirs, independent hills, protected areas.
    public static let nodes = PatternRole(rawValue: "nodes", symbol: "点", kind: .node, order: 3)

    /// The short form's four groups, in the order plans name them.
    public static let allCases: [PatternRole] = [.barriers, .belts, .corridors, .nodes]

    /// The short form's group written `key` ("barriers" …), nil for any other key.
    public static func shortForm(_ key: String) -> PatternRole? { allCases.first { $0.rawValue == key } }

    public var description: String { rawValue }

    public static func == (a: PatternRole, b: PatternRole) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public static func < (a: PatternRole, b: PatternRole) -> Bool { (a.order, a.rawValue) < (b.order, b.rawValue) }

    /// Encoded as its key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// Decoded from its key: a short-form key, or a symbol with its default kind.
    public init(from decoder: Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        if let r = Self.shortForm(key) { self = r; return }
        let symbol = key.first ?? "?"
        self.init(rawValue: key, symbol: symbol, kind: ElementKind(defaultFor: symbol) ?? ElementKind(key), order: Int.max)
    }
}
