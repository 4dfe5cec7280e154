/// Declared against named against found, for one group of elements.
public struct RoleInventory: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// As many found as declared.
        case match
        /// Fewer found than declared.
        case missing
        /// More found than declared.
        case extra
        /// The plan declares no count (多, or nothing) — nothing to compare.
        case uncounted
    }

    public var role: PatternRole
    public var symbol: String
    public var kind: ElementKind
    /// The count the plan declares: the project's `declared`, else the label's numeral; nil for 多 or none.
    public var declared: Int?
    /// Where `declared` came from: "project", "label", or nil.
    public var declaredFrom: String?
    /// The label's words for the group ("八屏", "二十二廊"), if the label mentions it.
    public var labelText: String?
    /// How many names the plan gives (the project's `names:`); 0 when it lists none.
    public var named: Int
    /// How many declared elements the plan leaves unnamed (巫山's 四屏 names three mountains: 1);
    /// nil when the plan lists no names or declares no count.
    public var unnamed: Int?
    /// Elements found in the data (distinct names).
    public var found: Int
    public var status: Status
    /// Names the project lists for this group (`names:`).
    public var expectedNames: [String]
    /// Listed names not found in the data.
    public var missingNames: [String]
    /// Names found in the data that the list does not hold (empty when no list is given).
    public var unlistedNames: [String]
    /// Whether the project has data for this group at all.
    public var hasLayer: Bool

    enum CodingKeys: String, CodingKey {
        case role, symbol, kind, declared, named, unnamed, found, status
        case declaredFrom = "declared_from", labelText = "label", expectedNames = "expected_names"
        case missingNames = "missing_names", unlistedNames = "unlisted_names", hasLayer = "has_layer"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role); try c.encode(symbol, forKey: .symbol); try c.encode(kind, forKey: .kind)
        try c.encode(declared, forKey: .declared); try c.encode(declaredFrom, forKey: .declaredFrom)
        try c.encode(labelText, forKey: .labelText); try c.encode(named, forKey: .named); try c.encode(unnamed, forKey: .unnamed)
        try c.encode(found, forKey: .found); try c.encode(status, forKey: .status)
        try c.encode(expectedNames, forKey: .expectedNames); try c.encode(missingNames, forKey: .missingNames)
        try c.encode(unlistedNames, forKey: .unlistedNames); try c.encode(hasLayer, forKey: .hasLayer)
    }

    /// One entry per group the label mentions or the project declares, in the pattern's order.
    public static func compare(_ pattern: Project.Pattern, elements: [PatternElement]) -> [RoleInventory] {
        let tokens = pattern.label.map(PatternLabel.tokens) ?? []
        return pattern.roles.map { role in
            let element = pattern.elements.first { $0.role == role }
            let fromLabel = tokens.first { $0.symbol == role.symbol }
            let names = elements.filter { $0.role == role }.map(\.name)
            let declared: Int?, source: String?
            if let d = element?.declared { declared = d; source = "project" }
            else if let d = fromLabel?.count { declared = d; source = "label" }
            else { declared = nil; source = nil }
            let status: Status
            if let d = declared { status = names.count == d ? .match : names.count < d ? .missing : .extra } else { status = .uncounted }
            let expected = element?.names ?? []
            let found = Set(names)
            let unnamed = declared.flatMap { d in !expected.isEmpty && d > expected.count ? d - expected.count : nil }
            return RoleInventory(role: role, symbol: String(role.symbol), kind: role.kind, declared: declared, declaredFrom: source,
                                 labelText: fromLabel?.text, named: expected.count, unnamed: unnamed, found: names.count, status: status,
                                 expectedNames: expected, missingNames: expected.filter { !found.contains($0) },
                                 unlistedNames: expected.isEmpty ? [] : names.filter { !expected.contains($0) },
                                 hasLayer: element?.layer != nil)
        }
    }
}
