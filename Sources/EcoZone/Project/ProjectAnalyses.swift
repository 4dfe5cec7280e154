import GeoKit

/// The analyses a project's layers support, by role, shared by `tabulate` and `run`.
extension ProjectLayers {
    /// A cross-tabulation from dimensions written "ROLE" or "ROLE:FIELD", where FIELD is a field or a
    /// field role the project maps (towns:name → NAME). The first dimension is streamed from its
    /// source in batches of `batchSize` features and distributed over the others.
    public func crossTabulation(_ dimensions: [String], gridSize: Double? = nil, batchSize: Int = 20_000) throws -> CrossTabulation {
        guard !dimensions.isEmpty else { throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path) }
        let dims: [(role: String, field: String?)] = try dimensions.map { text in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard let role = parts.first, !role.isEmpty else {
                throw GeoKitError(.input, "'\(text)' is not ROLE or ROLE:FIELD", file: project.path)
            }
            return (role, parts.count > 1 ? parts[1] : nil)
        }
        let (firstRole, firstField) = dims[0]
        let groups = try dims.dropFirst().map { role, field in
            try GroupingLayer.keyed(try overlay(role), field: try field.map { try self.field(role, $0) },
                                    label: field.map { "\(role):\($0)" } ?? role)
        }
        return try CrossTabulation.stream(try spec(firstRole).request, name: firstRole,
                                          firstField: try firstField.map { try field(firstRole, $0) },
                                          firstLabel: firstField.map { "\(firstRole):\($0)" } ?? firstRole,
                                          analysisCRS: analysisCRS, groups: groups, gridSize: gridSize, batchSize: batchSize)
    }

    /// The features of `of` that overlap the `against` roles (default: red-line and protected-areas,
    /// those the project has), named and classed by the fields the project maps.
    public func conflicts(of: String = "projects", against: [String] = [], gridSize: Double? = nil) throws -> ConflictList {
        let roles = against.isEmpty ? ["red-line", "protected-areas"].filter { project.layer($0) != nil } : against
        return try ConflictList.run(try overlay(of), nameField: try spec(of).field("name"),
                                    against: try roles.map { r in
                                        ConflictList.Protected(role: r, layer: try overlay(r), nameField: try spec(r).field("name"),
                                                               classField: try spec(r).field("class"))
                                    }, gridSize: gridSize)
    }

    /// The overlap matrix of every polygon layer of the project.
    public func overlapMatrix(gridSize: Double? = nil) throws -> OverlapMatrix {
        try OverlapMatrix.run(try polygonRoles().map { try overlay($0) }, gridSize: gridSize, workers: workers)
    }
}
