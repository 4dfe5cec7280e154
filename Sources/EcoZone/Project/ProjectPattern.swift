extension Project {
    /// The security-pattern section (生态安全格局), in either of two forms:
    ///
    /// - **short form** (巴南): `barriers:`, `belts:`, `corridors:`, `nodes:` (屏 带 廊 点), each one layer,
    ///   with one rule by default: every barrier links to a belt.
    /// - **elements form**: `elements:` keyed by the label's symbols, each with its kind, sources,
    ///   name field, declared count, expected names and width, and `links:` — the only rules checked.
    public struct Pattern: Sendable {
        public enum Form: String, Sendable, Codable {
            case short, elements
        }

        public var label: String?
        public var form: Form
        /// The element groups, in project order; groups the label declares but the project gives no
        /// entry are not here (``roles`` has them).
        public var elements: [Element]
        /// Every group the pattern knows, in order: the elements', then symbols only the label names.
        public var roles: [PatternRole]
        /// The rules checked on the pattern graph.
        public var links: [LinkRule]
        public var settings: PatternSettings
        /// The break layer (`breaks:`), as a layer of its own (``PatternSettings/breaks`` holds how it is read).
        public var breaks: Layer?
        /// Resistance raster (`resistance:`), resolved.
        public var resistance: String?
        /// Land-use raster (`landuse:`), resolved.
        public var landUse: String?
        /// Land-use class → resistance (`resistance-table:`).
        public var resistanceTable: [Int: Double]?
        /// The line of `pattern:` in the project file.
        public var line: Int

        /// The group written `key`, or whose symbol or kind (singular or plural: "barrier", "barriers")
        /// is `key`, in that order of preference.
        public func element(_ key: String) -> Element? {
            elements.first { $0.role.rawValue == key }
                ?? elements.first { key.count == 1 && $0.role.symbol == key.first }
                ?? elements.first { $0.role.kind.rawValue == key || $0.role.kind.plural == key }
        }
    }

    /// One group of pattern elements: `屏: { kind: barrier, sources: [mountains.shp], name: NAME }`.
    public struct Element: Sendable {
        public var role: PatternRole
        /// Its data; nil for a group the project declares without data (the plan names none).
        public var layer: Layer?
        /// The count the project declares (`declared:`), overriding the label's.
        public var declared: Int?
        /// The names the plan gives for the group (`names: [大巴山, 巫山, 七曜山]`).
        public var names: [String]
        /// Metres each side its line and point features are buffered by (`width:`); nil: the kind's default.
        public var width: Double?
        public var line: Int

        public init(role: PatternRole, layer: Layer?, declared: Int? = nil, names: [String] = [], width: Double? = nil, line: Int = 0) {
            self.role = role
            self.layer = layer
            self.declared = declared
            self.names = names
            self.width = width
            self.line = line
        }
    }

    /// A rule on the pattern graph: every element of `from` must be linked directly to at least one
    /// element of `to` (`links: [[屏, 带]]`).
    public struct LinkRule: Sendable, Hashable, Codable {
        public enum Origin: String, Sendable, Codable {
            /// Written under `links:`.
            case declared
            /// The short form's rule when it declares none: every barrier links to a belt.
            case `default`
        }

        /// The operands as written ("屏", "barriers").
        public var fromText: String
        public var toText: String
        /// The groups each operand names (a symbol names one; a kind every group of that kind).
        public var from: [PatternRole]
        public var to: [PatternRole]
        public var origin: Origin
        public var line: Int

        public init(fromText: String, toText: String, from: [PatternRole], to: [PatternRole], origin: Origin, line: Int = 0) {
            self.fromText = fromText
            self.toText = toText
            self.from = from
            self.to = to
            self.origin = origin
            self.line = line
        }

        /// "屏 → 带".
        public var text: String { "\(fromText) → \(toText)" }
    }
}
