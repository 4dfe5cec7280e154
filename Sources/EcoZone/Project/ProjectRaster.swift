import Foundation
import GeoKit

extension Project {
    /// A raster layer of the plan (`layers: { landuse: { raster: landuse.tif, classes: {1: 林地, …} } }`):
    /// a GDAL raster in any CRS, read by ``ZonalAnalysis`` and ``TerrainAnalysis``, usable where a
    /// role is — a cross-tabulation dimension (`landuse:class`, `dem:slope`), a claim's layer.
    ///
    /// - **categorical**: each cell value is a class (land use, evaluation grades); names from
    ///   `classes:` (value → name), `class-table:` (CSV `value,name`), else the raster's own
    ///   category names or `CLASS_n` metadata.
    /// - **continuous**: values binned by `breaks:` (ascending) where a table needs classes.
    /// - **elevation**: a DEM in metres: elevation bands (`elevation-bands:`, e.g. 175, 1000) and
    ///   Horn slope classes in degrees (`slope-classes:`, default 15, 25).
    public struct RasterLayer: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
            case categorical, continuous, elevation
        }

        /// The role: the key under `layers:`.
        public var name: String
        /// The raster's path, resolved like every source (``Project/resolve(_:relativeTo:)``).
        public var path: String
        /// 1 = the first band.
        public var band: Int
        public var kind: Kind
        /// Class value → name (categorical), from `classes:` or `class-table:`; empty: the raster's own names.
        public var classes: [Int: String]
        /// The class table CSV (`class-table:`), resolved; an input of the project.
        public var classTable: String?
        /// Value breaks (continuous) or elevation band breaks in metres (elevation), ascending.
        public var breaks: [Double]
        /// Slope class breaks in degrees (elevation), ascending, in (0, 90).
        public var slopeBreaks: [Double]
        /// The line of the layer in the project file.
        public var line: Int

        public init(name: String, path: String, band: Int = 1, kind: Kind = .categorical, classes: [Int: String] = [:],
                    classTable: String? = nil, breaks: [Double] = [], slopeBreaks: [Double] = [15, 25], line: Int = 0) {
            self.name = name
            self.path = path
            self.band = band
            self.kind = kind
            self.classes = classes
            self.classTable = classTable
            self.breaks = breaks
            self.slopeBreaks = slopeBreaks
            self.line = line
        }

        /// The field names a cross-tabulation dimension or a claim may key this raster by: `class`
        /// (categorical), `value` (continuous, binned by `breaks`), `elevation` and `slope` (elevation).
        public var fields: [String] {
            switch kind {
            case .categorical: return ["class"]
            case .continuous: return ["value"]
            case .elevation: return ["elevation", "slope"]
            }
        }
    }

    /// The raster layer named `name`, if any.
    public func raster(named name: String) -> RasterLayer? { rasters.first { $0.name == name } }
}

/// Reading a raster layer under `layers:` — a mapping with a `raster:` key:
///
/// ```yaml
/// landuse: { raster: landuse.tif, classes: { 1: 林地, 2: 草地 } }   # categorical
/// dem: { raster: dem.tif, type: elevation, elevation-bands: [175, 1000], slope-classes: [15, 25] }
/// ndvi: { raster: ndvi.tif, type: continuous, breaks: [0.2, 0.5] }
/// ```
extension ProjectReader {
    static let rasterKeys = ["raster", "band", "type", "classes", "class-table", "breaks", "elevation-bands", "slope-classes", "label"]

    /// Whether `node` describes a raster layer (a mapping with `raster:`).
    static func isRaster(_ node: YAMLNode) -> Bool { node.pairs != nil && node["raster"] != nil }

    /// Classes a raster's class table may name (as many as a resistance table).
    static let maximumRasterClasses = Project.Limits.resistanceClasses

    mutating func rasterLayer(_ name: String, _ node: YAMLNode, line: Int) throws -> Project.RasterLayer {
        let context = "layer '\(name)'"
        _ = pairs(node, context, known: Self.rasterKeys)
        guard let rasterNode = node["raster"], !rasterNode.isNull else { throw fail("\(context): 'raster' names no file", node) }
        var layer = Project.RasterLayer(name: name, path: try resolved(rasterNode, "\(context): 'raster'"), line: line)
        if let l = try label(node, context) { labels[name] = l }
        if let b = node["band"], !b.isNull {
            guard let t = b.text, let n = DecimalText.integer(t), n >= 1, n <= 65_535 else {
                throw fail("\(context): 'band' must be a band number from 1, got '\(b.flowText)'", b)
            }
            layer.band = n
        }
        if let n = node["classes"], !n.isNull { layer.classes = try rasterClasses(n, context) }
        if let n = node["class-table"], !n.isNull {
            let path = try resolved(n, "\(context): 'class-table'")
            if !layer.classes.isEmpty { throw fail("\(context) has both 'classes' and 'class-table'; give the class names once", n) }
            layer.classTable = path
            if FileManager.default.fileExists(atPath: path) {
                do { layer.classes = try RasterClassNames.read(csv: path) } catch let e as GeoKitError {
                    throw fail("\(context): 'class-table': \(e.message)", n)
                }
            }
        }
        var kind: Project.RasterLayer.Kind = layer.classes.isEmpty && node["breaks"] != nil ? .continuous : .categorical
        if node["elevation-bands"] != nil || node["slope-classes"] != nil { kind = .elevation }
        if let n = node["type"], let t = try text(n, "\(context): 'type'") {
            guard let k = Project.RasterLayer.Kind(rawValue: t.lowercased()) else {
                throw fail("\(context): 'type' must be categorical, continuous or elevation, got '\(t)'", n)
            }
            kind = k
        }
        layer.kind = kind
        if kind != .categorical, !layer.classes.isEmpty {
            throw fail("\(context): class names ('classes', 'class-table') are for a categorical raster, not a \(kind.rawValue) one", node["classes"] ?? node["class-table"])
        }
        if let n = node["breaks"], !n.isNull {
            guard kind == .continuous else { throw fail("\(context): 'breaks' bins a continuous raster; a \(kind.rawValue) raster takes \(kind == .elevation ? "'elevation-bands'" : "'classes'")", n) }
            layer.breaks = try ascending(n, "\(context): 'breaks'")
        }
        if let n = node["elevation-bands"], !n.isNull {
            guard kind == .elevation else { throw fail("\(context): 'elevation-bands' is for a raster of type elevation", n) }
            layer.breaks = try ascending(n, "\(context): 'elevation-bands'")
        }
        if let n = node["slope-classes"], !n.isNull {
            guard kind == .elevation else { throw fail("\(context): 'slope-classes' is for a raster of type elevation", n) }
            let b = try ascending(n, "\(context): 'slope-classes'")
            guard b.allSatisfy({ $0 > 0 && $0 < 90 }) else { throw fail("\(context): 'slope-classes' must be degrees between 0 and 90", n) }
            layer.slopeBreaks = b
        }
        return layer
    }

    /// `{1: 林地, 2: 草地}` or `[[1, 林地], …]`: integer values to names, each value once.
    func rasterClasses(_ node: YAMLNode, _ context: String) throws -> [Int: String] {
        let what = "\(context): 'classes'"
        var out: [Int: String] = [:]
        guard let pairs = node.pairs else { throw fail("\(what) must map class values to names, e.g. classes: { 1: 林地, 2: 草地 }", node) }
        guard pairs.count <= Self.maximumRasterClasses else { throw fail("\(what) names \(pairs.count) classes; at most \(Self.maximumRasterClasses)", node) }
        for p in pairs {
            guard let v = DecimalText.integer(p.name), v >= Int(Int32.min), v <= Int(Int32.max) else {
                throw fail("\(what): '\(p.name)' is not an integer class value", p.key)
            }
            guard let name = try text(p.value, "\(what): class \(v)"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("\(what): class \(v) has no name", p.value)
            }
            out[v] = name.trimmingCharacters(in: .whitespaces)
        }
        guard !out.isEmpty else { throw fail("\(what) names no class", node) }
        return out
    }

    /// A list of finite numbers, strictly ascending (at most 64).
    func ascending(_ node: YAMLNode, _ what: String) throws -> [Double] {
        let texts: [String]
        if let items = node.items { texts = try items.map { try text($0, what) ?? "" } }
        else { texts = (try text(node, what) ?? "").split(separator: ",").map { String($0) } }
        let values = texts.map { DecimalText.value(Substring($0.trimmingCharacters(in: .whitespaces))) }
        guard !values.isEmpty, values.count <= 64, values.allSatisfy({ $0?.isFinite == true }) else {
            throw fail("\(what) must list up to 64 numbers, e.g. [175, 1000], got '\(node.flowText)'", node)
        }
        let v = values.compactMap { $0 }
        guard zip(v, v.dropFirst()).allSatisfy({ $0 < $1 }) else { throw fail("\(what) must be in ascending order, got '\(node.flowText)'", node) }
        return v
    }
}
