/// Declared against found, for one role.
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
    /// The count the plan declares: the project's `declared`, else the label's numeral; nil for 多 or none.
    public var declared: Int?
    /// Where `declared` came from: "project", "label", or nil.
    public var declaredFrom: String?
    /// The label's words for the role ("八屏", "多廊"), if the label mentions it.
    public var labelText: String?
    /// Elements found in the data (distinct names).
    public var found: Int
    public var status: Status
    /// Names the project lists for this role (`names:`).
    public var expectedNames: [String]
    /// Listed names not found in the data.
    public var missingNames: [String]
    /// Names found in the data that the list does not hold (empty when no list is given).
    public var unlistedNames: [String]
    /// Whether the project has a layer for this role at all.
    public var hasLayer: Bool

    enum CodingKeys: String, CodingKey {
        case role, symbol, declared, found, status
        case declaredFrom = "declared_from", labelText = "label", expectedNames = "expected_names"
        case missingNames = "missing_names", unlistedNames = "unlisted_names", hasLayer = "has_layer"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role); try c.encode(symbol, forKey: .symbol)
        try c.encode(declared, forKey: .declared); try c.encode(declaredFrom, forKey: .declaredFrom)
        try c.encode(labelText, forKey: .labelText); try c.encode(found, forKey: .found); try c.encode(status, forKey: .status)
        try c.encode(expectedNames, forKey: .expectedNames); try c.encode(missingNames, forKey: .missingNames)
        try c.encode(unlistedNames, forKey: .unlistedNames); try c.encode(hasLayer, forKey: .hasLayer)
    }

    /// One entry per role that the label mentions or the project gives a layer for, in role order.
    public static func compare(label: String?, specs: [Project.LayerSpec], elements: [PatternElement]) -> [RoleInventory] {
        let parsed = label.map(PatternLabel.parse) ?? [:]
        return PatternRole.allCases.compactMap { role in
            let spec = specs.first { $0.role == role.rawValue }
            let fromLabel = parsed[role]
            guard spec != nil || fromLabel != nil else { return nil }
            let names = elements.filter { $0.role == role }.map(\.name)
            let declared: Int?, source: String?
            if let d = spec?.declared { declared = d; source = "project" }
            else if let d = fromLabel?.count { declared = d; source = "label" }
            else { declared = nil; source = nil }
            let status: Status
            if let d = declared { status = names.count == d ? .match : names.count < d ? .missing : .extra } else { status = .uncounted }
            let expected = spec.map(PatternSettings.expectedNames) ?? []
            let found = Set(names)
            return RoleInventory(role: role, symbol: String(role.symbol), declared: declared, declaredFrom: source,
                                 labelText: fromLabel?.text, found: names.count, status: status, expectedNames: expected,
                                 missingNames: expected.filter { !found.contains($0) },
                                 unlistedNames: expected.isEmpty ? [] : names.filter { !expected.contains($0) },
                                 hasLayer: spec != nil)
        }
    }
}
