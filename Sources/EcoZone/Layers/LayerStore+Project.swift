import GeoKit

/// The name the layer store had while it only prepared overlays (`ProjectLayers(project)`).
public typealias ProjectLayers = LayerStore

/// A project's layers by name: what `tabulate`, `validate`, `pattern`, `corridors` and `run` ask the store for.
extension LayerStore {
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

    /// `layer` (every source of it, as one layer), read and repaired once.
    public func layer(_ layer: Project.Layer) throws -> StoredLayer { try self.layer(layer.request) }

    /// The layer named `name`, repaired and in the analysis CRS.
    public func overlay(_ name: String) throws -> OverlayLayer { try overlay(try spec(name)) }

    /// The latest version of `role`'s layer, repaired and in the analysis CRS.
    public func overlay(_ role: Role) throws -> OverlayLayer { try overlay(try spec(role)) }

    /// `layer`, repaired and in the analysis CRS (every source of it, as one layer), named by its name.
    public func overlay(_ layer: Project.Layer) throws -> OverlayLayer { try overlay(layer.request, name: layer.name) }

    /// Names of the layers (every version) whose sources all hold polygons, in project order (line
    /// and point layers are skipped), from each source's header (opened once by the store).
    public func polygonRoles() throws -> [String] {
        if let known = knownPolygonRoles { return known }
        let names = try project.layers.filter { layer in
            try layer.sources.allSatisfy { s in
                let type = try geometryType(s.request).lowercased()
                return !(type.contains("line") || type.contains("point"))
            }
        }.map(\.name)
        knownPolygonRoles = names
        return names
    }
}
