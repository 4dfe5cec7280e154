import Foundation
import GeoKit

/// A plan's project file (YAML, README "The project file"), read once into typed values: its layers
/// by role (each role at one or several dates, each date from one or several sources), its analysis
/// CRS, its security pattern, its cross-tabulations and its claims file. Paths inside are resolved
/// against the project file's folder (``resolve(_:relativeTo:)``).
///
/// The layers are what a layer store is keyed by: each ``Layer`` is one (role, date), and each of
/// its ``Source``s one file read — so a store can key features by (role, source) and hand every
/// analysis the layer it names.
public struct Project: Sendable {
    /// The project file's path, as given.
    public var path: String
    /// The plan's name (`name:`).
    public var name: String?
    /// The CRS overlays are computed in (`crs:`, default EPSG:4490); areas are ellipsoidal whatever it is.
    public var crs: String
    /// `strict: true`: every warning is an error.
    public var strict: Bool
    /// Every layer — every (role, date) — in the order the file lists them.
    public var layers: [Layer]
    public var pattern: Pattern?
    /// Claims file (`claims:`), resolved.
    public var claims: String?
    /// The cross-tabulations `run` makes (`tabulate:`).
    public var tabulations: [Tabulation]
    /// Keys EcoZone did not know and ignored, with their lines.
    public var warnings: [ProjectWarning]
    /// The report's language (`lang: zh|en`); nil: Chinese unless `run --lang` says otherwise.
    public var language: ReportLanguage?
    /// Base map tiles for the report's interactive map (`basemap:`); nil: none, the report stays offline.
    public var basemap: Basemap?
    /// Raster layers (`layers: { landuse: { raster: landuse.tif, … } }`), in file order (``RasterLayer``).
    public var rasters: [RasterLayer] = []
    /// Layers made from others (`derived:`, ``DerivedLayer``); each is also in ``layers``, read from "derived:NAME".
    public var derived: [DerivedLayer] = []
    /// How the report names layers whose mapping has a `label:` ("towns" → 区县), by layer name.
    public var labels: [String: String] = [:]
    /// The multi-factor resistance surface (`resistance:`).
    public var resistance: Resistance?
    /// How ecological sources are picked from a land cover (`sources:`).
    public var sources: Sources?
    /// Lines of single-file keys ("claims", "resistance", "landuse"), for messages.
    var keyLines: [String: Int] = [:]

    public init(path: String, name: String? = nil, crs: String = "EPSG:4490", strict: Bool = false, layers: [Layer] = [],
                pattern: Pattern? = nil, claims: String? = nil, tabulations: [Tabulation] = [], warnings: [ProjectWarning] = []) {
        self.path = path
        self.name = name
        self.crs = crs
        self.strict = strict
        self.layers = layers
        self.pattern = pattern
        self.claims = claims
        self.tabulations = tabulations
        self.warnings = warnings
    }

    // MARK: finding layers

    /// The roles the project has, in file order (each once, whatever its dates).
    public var roles: [Role] {
        var seen = Set<Role>()
        return layers.map(\.role).filter { seen.insert($0).inserted }
    }

    /// The layer of `role`: at `year` when given, else the version analyses use by default (the
    /// undated one, else the latest year). Nil when the project has none.
    public func layer(_ role: Role, year: Int? = nil) -> Layer? {
        if let year { return layers.first { $0.role == role && $0.year == year } }
        return layers.first { $0.role == role && $0.isLatest }
    }

    /// Every version of `role`, oldest first (an undated one last).
    public func versions(of role: Role) -> [Layer] {
        layers.filter { $0.role == role }.sorted { ($0.year ?? Int.max) < ($1.year ?? Int.max) }
    }

    /// The layer a name in a command, a claims file or `tabulate:` means: a layer's ``Layer/name``
    /// ("red-line" is the latest red line, "red-line-2020" the one of 2020), then "ROLE-YEAR" for any
    /// dated version ("red-line-2023" while it is the latest), then a role's latest version.
    public func layer(named name: String) -> Layer? {
        if let l = layers.first(where: { $0.name == name }) { return l }
        if let (role, year) = Self.splitYear(name), let l = layer(role, year: year) { return l }
        return layer(Role(name))
    }

    /// The layer a name means: ``layer(named:)``.
    public func layer(_ name: String) -> Layer? { layer(named: name) }

    /// The layer named `name` (``layer(named:)``), or an error naming the project file and its layers.
    public func requireLayer(_ name: String) throws -> Layer {
        if let l = layer(named: name) { return l }
        throw GeoKitError(.input, "the project has no layer with role '\(name)' (roles: \(layerNames.joined(separator: ", ")))", file: path)
    }

    /// The names of every layer, in file order ("red-line", "red-line-2020" …).
    public var layerNames: [String] { layers.map(\.name) }

    /// "red-line-2020" → (red-line, 2020): a name ending in a four-digit year.
    static func splitYear(_ name: String) -> (Role, Int)? {
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let base = name[..<dash], digits = name[name.index(after: dash)...]
        guard !base.isEmpty, digits.count == 4, digits.allSatisfy(\.isASCII), let year = Int(digits), Limits.years.contains(year) else { return nil }
        return (Role(String(base)), year)
    }

    // MARK: limits

    /// Bounds on what numbers and lists in a project file make EcoZone do (beyond ``YAMLDocument``'s):
    /// a declared count of pattern elements, the cross-tabulations `run` makes and their dimensions, the
    /// resistance-table (at most 65,536 classes, each an Int32 value of a land-use raster; resistances
    /// finite, > 0 and at most 10¹², so that a path's accumulated cost stays finite), the sources of
    /// one layer and the years a version may carry.
    public enum Limits {
        public static let declared = 100_000
        public static let tabulations = 64
        public static let tabulationDimensions = 8
        public static let resistance = 1e12
        public static let resistanceClasses = 65_536
        public static let sources = 1_000
        public static let years = 1000...9999
    }

    // MARK: loading

    /// Reads and checks a project file (through ``YAMLDocument``: bounded size, depth and aliases, no
    /// duplicate key). A value of the wrong type or out of range is a `GeoKitError` of kind `.input`
    /// naming the file and the value's line ("line 14: …"); an unknown key is a ``ProjectWarning``
    /// (``warnings``), or, with `strict` (or `strict: true` in the file), an error.
    ///
    /// Files are not opened here: ``checkInputsExist()`` says which named file is missing, with its line.
    public static func load(_ path: String, strict: Bool = false) throws -> Project {
        let doc = try YAMLDocument.load(path, kind: "project file")
        var reader = ProjectReader(doc: doc)
        let project = try reader.project()
        if strict || project.strict, let first = project.warnings.first {
            let more = project.warnings.count - 1
            let lines = project.warnings.dropFirst().map { String($0.line) }.joined(separator: ", ")
            let rest = more == 0 ? "" : " (and \(more) more: line\(more == 1 ? "" : "s") \(lines))"
            throw GeoKitError(.input, "line \(first.line): \(first.message)\(rest); strict mode makes unknown keys errors", file: path)
        }
        return project
    }
}
