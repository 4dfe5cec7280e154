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
    /// The cores come from `store` (a run's, so the pattern's barriers are not read again), or a store of its own.
    public static func load(_ project: Project, store: LayerStore? = nil, options: Options = Options(),
                            progress: (String) -> Void = { _ in }) throws -> CorridorSetup {
        progress("reading the resistance")
        let surface = try ResistanceSurface.fromProject(project, preferLandUse: options.preferLandUse)
        progress("reading the cores (\(options.coresRole))")
        let cores = try projectCores(project, store: store, options: options, to: surface.crs)
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

    /// This setup as a rank of a shared run holds it: the whole surface.
    public var shared: SharedCorridorSetup { SharedCorridorSetup(resistance: .whole(surface), cores: cores) }

    /// ``load(_:store:options:progress:)`` for a rank of a shared run other than 0 whose project's
    /// resistance is the raster `raster` read as it is (``ResistanceSurface/rasterSource(of:preferLandUse:)``):
    /// the raster's frame only (no cell is read) and the cores in its CRS.
    public static func loadFrame(_ project: Project, raster: String, options: Options = Options()) throws -> SharedCorridorSetup {
        let frame = try ResistanceFrame.read(raster, aggregate: options.aggregate)
        return SharedCorridorSetup(resistance: .windows(frame), cores: try projectCores(project, store: nil, options: options, to: frame.crs))
    }

    /// The polygons of `options.coresRole` (a layer or a pattern element) from `store` (or a store of
    /// the project's own), with the role's id and name fields unless the options name others, in `crs`.
    private static func projectCores(_ project: Project, store: LayerStore?, options: Options, to crs: CRS) throws -> CorePolygons {
        let store = try store ?? LayerStore(project)
        let spec = try store.spec(options.coresRole)
        return try CorePolygons.load(try store.layer(spec), idField: options.idField ?? spec.field(.id),
                                     nameField: options.nameField ?? spec.field(.name), to: crs)
    }

    /// ``load(resistance:cores:options:progress:)`` for a rank of a shared run other than 0: the
    /// raster's frame only (no cell is read) and the cores in its CRS.
    public static func loadFrame(resistance: String, cores request: LayerRequest, options: Options = Options()) throws -> SharedCorridorSetup {
        let frame = try ResistanceFrame.read(resistance, aggregate: options.aggregate)
        let cores = try CorePolygons.load(request, idField: options.idField, nameField: options.nameField, to: frame.crs)
        return SharedCorridorSetup(resistance: .windows(frame), cores: cores)
    }
}

/// What one rank of a shared corridor run holds: the resistance (whole, or its frame) and the cores.
public struct SharedCorridorSetup: Sendable {
    public var resistance: SharedResistance
    public var cores: CorePolygons
}
