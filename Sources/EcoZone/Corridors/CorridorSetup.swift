// The inputs of a corridor run taken from a project file, or from a core layer and a raster.

import Foundation
import GeoKit

/// The resistance surface and the core polygons of one corridor run, on one grid.
public struct CorridorSetup: Sendable {
    /// What to take, beyond the defaults.
    public struct Options: Sendable {
        /// Role whose polygons are the cores (default: the pattern's barrier-kind group, whatever its symbol).
        public var coresRole: String
        /// Integer core id field, overriding the role's `id` field (default: 1, 2, … in feature order).
        public var idField: String?
        /// Core name field, overriding the role's `name` field.
        public var nameField: String?
        /// Build the resistance from the pattern's land use and resistance-table even when it names a raster.
        public var preferLandUse: Bool
        /// Average blocks of N × N resistance cells first (1: none).
        public var aggregate: Int

        public init(coresRole: String = PatternRole.barriers.rawValue, idField: String? = nil, nameField: String? = nil, preferLandUse: Bool = false,
                    aggregate: Int = 1) {
            self.coresRole = coresRole
            self.idField = idField
            self.nameField = nameField
            self.preferLandUse = preferLandUse
            self.aggregate = aggregate
        }
    }

    public var surface: ResistanceSurface
    public var cores: CorePolygons

    init(surface: ResistanceSurface, cores: CorePolygons, aggregate: Int) throws {
        guard aggregate >= 1 else {
            throw GeoKitError(.input, "resistance cells are aggregated in blocks of N × N with N ≥ 1, not \(aggregate)", file: surface.path)
        }
        self.surface = surface.aggregated(by: aggregate)
        self.cores = cores
    }

    /// The project's resistance (`ResistanceSurface.fromProject`) and the polygons of
    /// `options.coresRole` (a layer or a pattern element), transformed to the raster's CRS.
    /// `progress` hears "reading the resistance" and "reading the cores (ROLE)".
    public static func load(_ project: Project, options: Options = Options(), progress: (String) -> Void = { _ in }) throws -> CorridorSetup {
        progress("reading the resistance")
        let surface = try ResistanceSurface.fromProject(project, preferLandUse: options.preferLandUse)
        let spec = try ProjectLayers(project).spec(options.coresRole)
        progress("reading the cores (\(options.coresRole))")
        let cores = try CorePolygons.load(spec.request, idField: options.idField ?? spec.field(.id),
                                          nameField: options.nameField ?? spec.field(.name), to: surface.crs)
        return try CorridorSetup(surface: surface, cores: cores, aggregate: options.aggregate)
    }

    /// A resistance raster and a core layer given directly (`options.coresRole` and
    /// `options.preferLandUse` do not apply).
    public static func load(resistance: String, cores request: LayerRequest, options: Options = Options(),
                            progress: (String) -> Void = { _ in }) throws -> CorridorSetup {
        progress("reading the resistance")
        let surface = try ResistanceSurface.read(resistance)
        progress("reading the cores")
        let cores = try CorePolygons.load(request, idField: options.idField, nameField: options.nameField, to: surface.crs)
        return try CorridorSetup(surface: surface, cores: cores, aggregate: options.aggregate)
    }
}
