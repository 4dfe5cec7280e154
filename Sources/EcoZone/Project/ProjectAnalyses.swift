import GeoKit

/// The analyses a project's layers support, by role, shared by `tabulate` and `run`.
extension LayerStore {
    /// A cross-tabulation from dimensions written "ROLE" or "ROLE:FIELD", where ROLE names a layer
    /// (``spec(_:)-(String)``) and FIELD is a field or a field role the project maps (towns:name → NAME).
    /// The first dimension is taken in batches of `batchSize` features (from the store, or streamed
    /// from its sources) and distributed over the others.
    public func crossTabulation(_ dimensions: [String], gridSize: Double? = nil, batchSize: Int = 20_000,
                                shard: TabulationShard? = nil) throws -> CrossTabulation {
        guard !dimensions.isEmpty else { throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path) }
        let dims: [Project.Tabulation.Dimension] = try dimensions.map { text in
            guard let d = Project.Tabulation.Dimension(parsing: text) else {
                throw GeoKitError(.input, "'\(text)' is not ROLE or ROLE:FIELD", file: project.path)
            }
            return d
        }
        return try crossTabulation(Project.Tabulation(dimensions: dims), gridSize: gridSize, batchSize: batchSize, shard: shard)
    }

    /// The cross-tabulation a project lists under `tabulate:`. The first dimension comes from the store
    /// when the store has read it (a run has read every layer by then), else it is streamed from its
    /// sources in batches (a layer far larger than memory still tabulates; the store counts that open
    /// but keeps nothing of it).
    /// With `shard`, only the first layer's features that shard owns are cut (polygons only).
    public func crossTabulation(_ tabulation: Project.Tabulation, gridSize: Double? = nil, batchSize: Int = 20_000,
                                shard: TabulationShard? = nil) throws -> CrossTabulation {
        guard let first = tabulation.dimensions.first else {
            throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path)
        }
        if tabulation.dimensions.contains(where: { project.raster(named: $0.layer) != nil }) {
            if shard != nil { throw GeoKitError(.input, "a cross-tabulation with a raster is not split into shards; run it whole", file: project.path) }
            return try rasterCrossTabulation(tabulation, gridSize: gridSize)
        }
        let spec = try spec(first.layer)
        // The shape the source declares, from its header: reading the layer to learn it would make the
        // store keep the whole first layer, which is then streamed in batches.
        let shape = hasRead(spec.request) || !spec.request.parts.isEmpty ? try self.shape(spec.request)
                                                                         : FeatureShape(geometryType: try geometryType(spec.request))
        if shape != .polygon, shard != nil {
            throw GeoKitError(.input, "'\(first.text)' holds \(shape.rawValue)s; only a polygon first layer is split into shards", file: project.path)
        }
        if shape != .polygon {
            for d in tabulation.dimensions.dropFirst() where try self.shape(try self.spec(d.layer).request) != .polygon {
                throw GeoKitError(.input, "'\(d.text)' holds \(try self.shape(try self.spec(d.layer).request).rawValue)s: the layers after the first cut it, and must be polygons", file: project.path)
            }
        }
        // A grouping layer not read yet is streamed into its overlay form (only that is kept).
        let groups = try tabulation.dimensions.dropFirst().map { d in
            let layer = try self.spec(d.layer)
            let prepared = shape == .polygon ? try groupingOverlay(layer.request, name: layer.name, batchSize: batchSize) : try overlay(d.layer)
            return try GroupingLayer.keyed(prepared, field: try d.field.map { try self.field(d.layer, $0) }, label: d.text)
        }
        if shape != .polygon {
            return try CrossTabulation.run(features: try features(inAnalysisCRS: spec.request), shape: shape,
                                           firstField: try first.field.map { try field(first.layer, $0) }, firstLabel: first.text,
                                           groups: groups, sourceCRS: try layer(spec.request).valid.crs, workers: workers)
        }
        return try crossTabulation(spec.request, name: first.layer, firstField: try first.field.map { try field(first.layer, $0) },
                                   firstLabel: first.text, groups: groups, gridSize: gridSize, batchSize: batchSize, shard: shard)
    }

    /// The first layer `request` (named `name` in reports) cut by `groups` (``CrossTabulation``):
    /// from the store when it has read it, else streamed from its source.
    public func crossTabulation(_ request: LayerRequest, name: String, firstField: String?, firstLabel: String, groups: [GroupingLayer],
                                gridSize: Double? = nil, batchSize: Int = 20_000, shard: TabulationShard? = nil) throws -> CrossTabulation {
        if Project.derivedName(request.source) != nil { _ = try layer(request) }   // made in memory, never streamed
        if let kept = try overlayIfRead(request, name: name) {
            return try CrossTabulation.run(batchesOf: kept, batchSize: batchSize, firstField: firstField, firstLabel: firstLabel,
                                           groups: groups, gridSize: gridSize, workers: workers, shard: shard)
        }
        noteStreamed(request)
        return try CrossTabulation.stream(request, name: name, firstField: firstField, firstLabel: firstLabel,
                                          analysisCRS: analysisCRS, groups: groups, gridSize: gridSize, batchSize: batchSize, workers: workers,
                                          shard: shard)
    }

    /// The features of `of` that overlap the `against` layers (default: the red line and the protected
    /// areas — their latest versions — those the project has), named and classed by the fields the project maps.
    public func conflicts(of: String = Role.projects.rawValue, against: [String] = [], gridSize: Double? = nil) throws -> ConflictList {
        let names = against.isEmpty ? Role.protecting.filter { project.layer($0) != nil }.map(\.rawValue) : against
        let protected = try names.map { r in
            ConflictList.Protected(role: r, layer: try overlay(r), nameField: try spec(r).field(.name), classField: try spec(r).field(.class))
        }
        let request = try spec(of).request
        let shape = try self.shape(request)
        if shape != .polygon {
            return try ConflictList.run(features: try features(inAnalysisCRS: request), name: try spec(of).name, sourceCRS: try layer(request).valid.crs,
                                        shape: shape, nameField: try spec(of).field(.name), against: protected, workers: workers)
        }
        return try ConflictList.run(try overlay(of), nameField: try spec(of).field(.name), against: protected, gridSize: gridSize)
    }

    /// The overlap matrix of every polygon layer of the project.
    public func overlapMatrix(gridSize: Double? = nil) throws -> OverlapMatrix {
        try OverlapMatrix.run(try polygonRoles().map { try overlay($0) }, gridSize: gridSize, workers: workers)
    }
}
