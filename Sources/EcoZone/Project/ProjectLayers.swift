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

    /// The spec of a role among the layers, then among the pattern's elements.
    public func spec(_ role: String) throws -> Project.LayerSpec {
        if let l = project.layer(role) ?? project.pattern?.elements.first(where: { $0.role == role }) { return l }
        let roles = project.layers.map(\.role) + (project.pattern?.elements.map(\.role) ?? [])
        throw GeoKitError(.input, "the project has no layer with role '\(role)' (roles: \(roles.joined(separator: ", ")))", file: project.path)
    }

    /// A field of a role's layer: a field role the project maps ("name" → NAME), else the name itself.
    public func field(_ role: String, _ field: String) throws -> String {
        try spec(role).field(field) ?? field
    }

    /// The layer of `role`, repaired and in the analysis CRS.
    public func overlay(_ role: String) throws -> OverlayLayer {
        if let l = prepared[role] { return l }
        let s = try spec(role)
        let l = try OverlayLayer.prepare(try LoadedLayer.load(s.request), name: role, analysisCRS: analysisCRS, workers: workers)
        prepared[role] = l
        order.append(role)
        return l
    }

    /// What was read so far, in the order it was first used.
    public var provenance: [LayerProvenance] { order.compactMap { prepared[$0]?.provenance } }

    /// Roles whose layers hold polygons, in project order (line and point layers are skipped).
    /// Opens each source once per run (the answer is kept): `run` and the overlap matrix both ask.
    public func polygonRoles() throws -> [String] {
        if let known = knownPolygonRoles { return known }
        let roles = try project.layers.map(\.role).filter { role in
            let s = try spec(role)
            let source = try VectorSource.open(s.source, encoding: s.encoding)
            let type = try source.layer(named: s.layer).geometryTypeName.lowercased()
            return !(type.contains("line") || type.contains("point"))
        }
        knownPolygonRoles = roles
        return roles
    }
}
