import GeoKit

/// The layers of a project, read and prepared for overlay on first use and kept for the run.
/// Not `Sendable`: a cache for one command on one thread (the work inside fans out by itself).
public final class ProjectLayers {
    public let project: Project
    public let analysisCRS: CRS
    public let workers: Int
    private var prepared: [String: OverlayLayer] = [:]
    private var order: [String] = []
    private var knownPolygonRoles: [String]?

    public init(_ project: Project, workers: Int = GeoKit.Parallel.workerCount) throws {
        self.project = project
        self.workers = workers
        do { analysisCRS = try CRS(project.crs) } catch let e as GeoKitError { throw e.located(file: project.path) }
    }

    /// The layer a name means (``Project/layer(named:)``: "red-line", "red-line-2020", a user role), then
    /// a pattern element's layer by its key, symbol or kind ("barriers", "屏", "barrier").
    public func spec(_ name: String) throws -> Project.Layer {
        if let l = project.layer(named: name) ?? project.pattern?.element(name)?.layer { return l }
        let names = project.layerNames + (project.pattern?.elements.filter { $0.layer != nil }.map(\.role.rawValue) ?? [])
        throw GeoKitError(.input, "the project has no layer with role '\(name)' (roles: \(names.joined(separator: ", ")))", file: project.path)
    }

    /// The latest version of `role`'s layer.
    public func spec(_ role: Role) throws -> Project.Layer { try spec(role.rawValue) }

    /// A field of a layer: a field role the project maps ("name" → NAME), else the name itself.
    public func field(_ name: String, _ field: String) throws -> String {
        try Project.FieldRole(rawValue: field).flatMap { try spec(name).field($0) } ?? field
    }

    /// The layer named `name`, repaired and in the analysis CRS.
    public func overlay(_ name: String) throws -> OverlayLayer { try overlay(try spec(name)) }

    /// The latest version of `role`'s layer, repaired and in the analysis CRS.
    public func overlay(_ role: Role) throws -> OverlayLayer { try overlay(try spec(role)) }

    /// `layer`, repaired and in the analysis CRS (every source of it, as one layer).
    public func overlay(_ layer: Project.Layer) throws -> OverlayLayer {
        if let l = prepared[layer.name] { return l }
        let l = try OverlayLayer.prepare(try LoadedLayer.load(layer.request), name: layer.name, analysisCRS: analysisCRS, workers: workers)
        prepared[layer.name] = l
        order.append(layer.name)
        return l
    }

    /// What was read so far, in the order it was first used.
    public var provenance: [LayerProvenance] { order.compactMap { prepared[$0]?.provenance } }

    /// Names of the layers (every version) whose sources all hold polygons, in project order (line
    /// and point layers are skipped). Opens each source once per run (the answer is kept): `run` and
    /// the overlap matrix both ask.
    public func polygonRoles() throws -> [String] {
        if let known = knownPolygonRoles { return known }
        let names = try project.layers.filter { layer in
            try layer.sources.allSatisfy { s in
                let source = try VectorSource.open(s.path, encoding: s.encoding)
                let type = try source.layer(named: s.layer).geometryTypeName.lowercased()
                return !(type.contains("line") || type.contains("point"))
            }
        }.map(\.name)
        knownPolygonRoles = names
        return names
    }
}
