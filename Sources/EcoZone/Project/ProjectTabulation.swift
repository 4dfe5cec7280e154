extension Project {
    /// One cross-tabulation `run` makes (`tabulate:`), as `tabulate --by A --by B …`: the first
    /// dimension's area distributed over the others.
    public struct Tabulation: Sendable, Hashable {
        /// One dimension: a layer (by name: "red-line", "red-line-2020", "towns") and, optionally, the
        /// field that keys it — a field role the layer maps ("name") or a field name.
        public struct Dimension: Sendable, Hashable {
            public var layer: String
            public var field: String?
            /// As written: "towns:name".
            public var text: String { field.map { "\(layer):\($0)" } ?? layer }

            public init(layer: String, field: String? = nil) {
                self.layer = layer
                self.field = field
            }

            /// "ROLE" or "ROLE:FIELD"; nil when the role part is empty.
            public init?(parsing text: String) {
                let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard let l = parts.first, !l.isEmpty else { return nil }
                layer = l
                field = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
            }
        }

        public var dimensions: [Dimension]
        public var line: Int

        public init(dimensions: [Dimension], line: Int = 0) {
            self.dimensions = dimensions
            self.line = line
        }

        /// The dimensions as written, for `ProjectLayers.crossTabulation(_:)` and step names.
        public var texts: [String] { dimensions.map(\.text) }
    }
}
