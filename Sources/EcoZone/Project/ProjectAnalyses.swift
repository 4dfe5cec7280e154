import GeoKit

/// The analyses a project's layers support, by role, shared by `tabulate` and `run`.
extension ProjectLayers {
    /// A cross-tabulation from dimensions written "ROLE" or "ROLE:FIELD", where ROLE names a layer
    /// (``spec(_:)-(String)``) and FIELD is a field or a field role the project maps (towns:name → NAME).
    /// The first dimension is streamed from its sources in batches of `batchSize` features and
    /// distributed over the others.
    public func crossTabulation(_ dimensions: [String], gridSize: Double? = nil, batchSize: Int = 20_000) throws -> CrossTabulation {
        guard !dimensions.isEmpty else { throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path) }
        let dims: [Project.Tabulation.Dimension] = try dimensions.map { text in
            guard let d = Project.Tabulation.Dimension(parsing: text) else {
                throw GeoKitError(.input, "'\(text)' is not ROLE or ROLE:FIELD", file: project.path)
            }
            return d
        }
        return try crossTabulation(Project.Tabulation(dimensions: dims), gridSize: gridSize, batchSize: batchSize)
    }

    /// The cross-tabulation a project lists under `tabulate:`.
    public func crossTabulation(_ tabulation: Project.Tabulation, gridSize: Double? = nil, batchSize: Int = 20_000) throws -> CrossTabulation {
        guard let first = tabulation.dimensions.first else {
            throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path)
        }
        let groups = try tabulation.dimensions.dropFirst().map { d in
            try GroupingLayer.keyed(try overlay(d.layer), field: try d.field.map { try self.field(d.layer, $0) }, label: d.text)
        }
        return try CrossTabulation.stream(try spec(first.layer).request, name: first.layer,
                                          firstField: try first.field.map { try field(first.layer, $0) },
                                          firstLabel: first.text, analysisCRS: analysisCRS, groups: groups, gridSize: gridSize,
                                          batchSize: batchSize)
    }

    /// The features of `of` that overlap the `against` layers (default: the red line and the protected
    /// areas — their latest versions — those the project has), named and classed by the fields the project maps.
    public func conflicts(of: String = Role.projects.rawValue, against: [String] = [], gridSize: Double? = nil) throws -> ConflictList {
        let names = against.isEmpty ? Role.protecting.filter { project.layer($0) != nil }.map(\.rawValue) : against
        return try ConflictList.run(try overlay(of), nameField: try spec(of).field(.name),
                                    against: try names.map { r in
                                        ConflictList.Protected(role: r, layer: try overlay(r), nameField: try spec(r).field(.name),
                                                               classField: try spec(r).field(.class))
                                    }, gridSize: gridSize)
    }

    /// The overlap matrix of every polygon layer of the project.
    public func overlapMatrix(gridSize: Double? = nil) throws -> OverlapMatrix {
        try OverlapMatrix.run(try polygonRoles().map { try overlay($0) }, gridSize: gridSize, workers: workers)
    }
}
