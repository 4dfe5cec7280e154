import Foundation
import GeoKit

/// A plan's project file (YAML, ../shared/DESIGN.md): its layers by role, its analysis CRS, its
/// security pattern and its claims file. Paths inside are relative to the project file's folder
/// (``resolve(_:relativeTo:)``).
public struct Project: Sendable {
    /// One layer of the plan: where it is, and which fields carry its name, grade or class.
    public struct LayerSpec: Sendable, Hashable {
        /// The role, e.g. "red-line", "soil-erosion", "towns" (or a pattern role: "barriers" …).
        public var role: String
        /// The source path, resolved against the project file's folder.
        public var source: String
        public var layer: String?
        /// Field roles → field names: "name", "grade", "class", "code" …
        public var fields: [String: String]
        public var whereClause: String?
        public var assumedCRS: String?
        public var encoding: String?
        /// How many elements the plan declares (pattern layers: "八屏" → 8).
        public var declared: Int?
        /// Every other key, as text, for analyses that define their own settings.
        public var settings: [String: String]
        /// Keys whose value is a YAML sequence, item by item as text (e.g. a pattern role's `names`).
        public var lists: [String: [String]] = [:]

        /// "gcj02" when the source's lon/lat are GCJ-02 (Amap, Tencent): shifted back on reading.
        public var datum: String?
        /// The line of the role in the project file (0 when not read from a file).
        public var line: Int = 0

        public var request: LayerRequest {
            LayerRequest(source: source, layer: layer, whereClause: whereClause, assumedCRS: assumedCRS, encoding: encoding,
                         gcj02: datum?.lowercased().replacingOccurrences(of: "-", with: "") == "gcj02")
        }

        /// The field that plays `role` ("name", "grade" …), if the project names one.
        public func field(_ role: String) -> String? { fields[role] }
    }

    /// The security-pattern section (生态安全格局).
    public struct Pattern: Sendable {
        public var label: String?
        /// barriers (屏), belts (带), corridors (廊), nodes (点), in that order where present.
        public var elements: [LayerSpec]
        /// Resistance raster, resolved.
        public var resistance: String?
        /// Every other key of the section as text (link distance, belt width …).
        public var settings: [String: String]
        /// Nested tables of the section (e.g. a land-use class → resistance table), as text maps.
        public var tables: [String: [String: String]]
        /// The land-use raster (`landuse`), resolved.
        public var landUse: String? = nil
        /// The line of each setting's value ("link-distance"), and of each table entry's ("breaks.width").
        public var lines: [String: Int] = [:]
    }

    /// The project file's path.
    public var path: String
    public var name: String?
    /// The CRS overlays are computed in; areas are ellipsoidal whatever it is.
    public var crs: String
    /// Layers in the order the file lists them.
    public var layers: [LayerSpec]
    public var pattern: Pattern?
    /// Claims file, resolved.
    public var claims: String?
    /// Every other top-level key as text.
    public var settings: [String: String]
    /// The cross-tabulations `run` makes (`tabulate:` — a list of lists of "ROLE[:FIELD]", the first
    /// distributed over the others, as `tabulate --by`).
    public var tabulations: [[String]] = []

    /// The layer playing `role`, or nil.
    public func layer(_ role: String) -> LayerSpec? { layers.first { $0.role == role } }

    /// The layer playing `role`, or an error naming the project file and the roles it has.
    public func requireLayer(_ role: String) throws -> LayerSpec {
        if let l = layer(role) { return l }
        throw GeoKitError(.input, "the project has no layer with role '\(role)' (roles: \(layers.map(\.role).joined(separator: ", ")))", file: path)
    }

    /// Field keys that name a field of the layer rather than a setting.
    static let fieldKeys: Set<String> = ["name", "grade", "class", "code", "type", "level", "version", "id", "zone", "town"]
    static let reservedKeys: Set<String> = ["source", "layer", "where", "crs", "assume-crs", "encoding", "declared", "datum"]
    static let patternRoles = ["barriers", "belts", "corridors", "nodes"]

    /// Bounds on what numbers and lists in a project file make EcoZone do (beyond ``YAMLDocument``'s):
    /// a declared count of pattern elements, the cross-tabulations `run` makes and their dimensions, and
    /// the resistance-table (at most 65,536 classes, each an Int32 value of a land-use raster;
    /// resistances finite, > 0 and at most 10¹², so that a path's accumulated cost stays finite).
    public enum Limits {
        public static let declared = 100_000
        public static let tabulations = 64
        public static let tabulationDimensions = 8
        public static let resistance = 1e12
        public static let resistanceClasses = 65_536
    }

    /// Reads and checks a project file (through ``YAMLDocument``: bounded size, depth and aliases, no
    /// duplicate key). Every problem is a `GeoKitError` of kind `.input` naming the file and, where it
    /// concerns one value, its line ("line 14: …").
    public static func load(_ path: String) throws -> Project {
        let doc = try YAMLDocument.load(path, kind: "project file")
        func fail(_ message: String, _ node: YAMLNode? = nil) -> GeoKitError { doc.error(message, at: node) }
        guard let top = doc.root, let topPairs = top.pairs else {
            throw fail("the project file must be a YAML mapping with a 'layers' key", doc.root)
        }
        /// A value that must be one scalar: its text, nil when absent or null.
        func single(_ node: YAMLNode?, _ what: String) throws -> String? {
            guard let node, !node.isNull else { return nil }
            guard let t = node.text else { throw fail("\(what) must be a single value, not a list or a mapping", node) }
            return t
        }
        func resolved(_ node: YAMLNode, _ what: String) throws -> String {
            let raw = try single(node, what) ?? ""
            guard Self.namesSource(raw) else {
                throw fail("\(what) names no file: write a path (relative to the project file, or absolute) or a GDAL connection string such as PG:dbname=plan", node)
            }
            return resolve(raw, relativeTo: path)
        }

        func spec(_ role: String, _ entry: YAMLPair) throws -> LayerSpec {
            let value = entry.value
            // `role: file.shp` is short for `role: { source: file.shp }`.
            let pairs: [YAMLPair] = value.pairs ?? []
            func node(_ key: String) -> YAMLNode? { pairs.first { $0.name == key }?.value }
            guard value.pairs != nil || value.text != nil else {
                throw fail("layer '\(role)' must be a mapping with a 'source' key", value)
            }
            guard let sourceNode = value.text != nil ? value : node("source"), !sourceNode.isNull else {
                throw fail("layer '\(role)' has no 'source'", value)
            }
            let source = try resolved(sourceNode, "layer '\(role)': 'source'")
            var fields: [String: String] = [:], settings: [String: String] = [:], lists: [String: [String]] = [:]
            for p in pairs where !reservedKeys.contains(p.name) && !p.value.isNull {
                if let items = p.value.items { lists[p.name] = items.map(\.flowText) }
                if fieldKeys.contains(p.name) { fields[p.name] = p.value.flowText } else { settings[p.name] = p.value.flowText }
            }
            var declared: Int?
            if let d = node("declared"), !d.isNull {
                guard let n = DecimalText.integer(try single(d, "layer '\(role)': 'declared'") ?? ""), n >= 0, n <= Limits.declared else {
                    throw fail("layer '\(role)': 'declared' must be a count of elements from 0 to \(Limits.declared), got '\(d.flowText)'", d)
                }
                declared = n
            }
            return LayerSpec(role: role, source: source, layer: try single(node("layer"), "layer '\(role)': 'layer'"), fields: fields,
                             whereClause: try single(node("where"), "layer '\(role)': 'where'"),
                             assumedCRS: try single(node("assume-crs") ?? node("crs"), "layer '\(role)': 'crs'"),
                             encoding: try single(node("encoding"), "layer '\(role)': 'encoding'"), declared: declared, settings: settings,
                             lists: lists, datum: try single(node("datum"), "layer '\(role)': 'datum'"), line: entry.key.line)
        }

        guard let layersNode = top["layers"] else { throw fail("the project file has no 'layers'") }
        guard let layerPairs = layersNode.pairs else { throw fail("'layers' must be a mapping of role: layer", layersNode) }
        let layers = try layerPairs.map { try spec($0.name, $0) }

        var pattern: Pattern?
        if let p = top["pattern"], !p.isNull {
            guard let pairs = p.pairs else { throw fail("'pattern' must be a mapping", p) }
            var elements: [LayerSpec] = []
            var settings: [String: String] = [:], tables: [String: [String: String]] = [:], lines: [String: Int] = [:]
            for role in patternRoles {
                if let entry = pairs.first(where: { $0.name == role }) { elements.append(try spec(role, entry)) }
            }
            for pair in pairs where !(patternRoles + ["label", "resistance"]).contains(pair.name) && !pair.value.isNull {
                lines[pair.name] = pair.value.line
                if let table = pair.value.pairs {
                    var t: [String: String] = [:]
                    for entry in table where !entry.value.isNull {
                        t[entry.name] = entry.value.flowText
                        lines[pair.name + "." + entry.name] = entry.value.line
                    }
                    tables[pair.name] = t
                } else {
                    settings[pair.name] = pair.value.flowText
                }
            }
            if let tableNode = p["resistance-table"], let table = tableNode.pairs {
                guard table.count <= Limits.resistanceClasses else {
                    throw fail("resistance-table: \(table.count) land-use classes; at most \(Limits.resistanceClasses)", tableNode)
                }
                for entry in table {
                    guard let cls = DecimalText.integer(entry.name), Int32(exactly: cls) != nil else {
                        throw fail("resistance-table: '\(entry.name)' is not a land-use class (an integer value of the land-use raster)", entry.key)
                    }
                    guard let r = DecimalText.value(entry.value.text ?? ""), r.isFinite, r > 0, r <= Limits.resistance else {
                        throw fail("resistance-table: class \(cls) must map to a resistance above 0 and at most 1e12, got '\(entry.value.flowText)'", entry.value)
                    }
                }
            }
            func raster(_ key: String) throws -> String? {
                guard let node = p[key], !node.isNull else { return nil }
                return try resolved(node, "pattern '\(key)'")
            }
            let landUse = try raster("landuse"), resistance = try raster("resistance")
            pattern = Pattern(label: try single(p["label"], "pattern 'label'"), elements: elements, resistance: resistance,
                              settings: settings, tables: tables, landUse: landUse, lines: lines)
        }
        var settings: [String: String] = [:]
        for pair in topPairs where !["name", "crs", "layers", "pattern", "claims", "tabulate"].contains(pair.name) {
            settings[pair.name] = pair.value.flowText
        }
        var tabulations: [[String]] = []
        if let t = top["tabulate"], !t.isNull {
            guard let list = t.items else { throw fail("'tabulate' must be a list of lists of ROLE[:FIELD]", t) }
            guard list.count <= Limits.tabulations else {
                throw fail("'tabulate' lists \(list.count) cross-tabulations; a project makes at most \(Limits.tabulations)", t)
            }
            for item in list {
                // Either [soil-erosion:grade, towns:name] or "soil-erosion:grade × towns:name".
                let dims = item.items?.map(\.flowText)
                    ?? item.flowText.components(separatedBy: CharacterSet(charactersIn: "×x*")).map { $0.trimmingCharacters(in: .whitespaces) }
                guard !dims.isEmpty, dims.allSatisfy({ !$0.isEmpty }) else { throw fail("'tabulate' has an empty entry", item) }
                guard dims.count <= Limits.tabulationDimensions else {
                    throw fail("a cross-tabulation has \(dims.count) dimensions; at most \(Limits.tabulationDimensions)", item)
                }
                for d in dims {
                    let role = String(d.split(separator: ":").first ?? "")
                    guard layers.contains(where: { $0.role == role }) else {
                        throw fail("'tabulate' names role '\(role)', which the project does not have (roles: \(layers.map(\.role).joined(separator: ", ")))", item)
                    }
                }
                tabulations.append(dims)
            }
        }
        let crsNode = top["crs"]
        let crs = try single(crsNode, "'crs'") ?? "EPSG:4490"
        do { _ = try CRS(crs) } catch let e as GeoKitError { throw fail("the analysis crs '\(crs)' is not usable: \(e.message)", crsNode) }
        let claims = try top["claims"].flatMap { $0.isNull ? nil : try resolved($0, "'claims'") }
        let project = Project(path: path, name: try single(top["name"], "'name'"), crs: crs, layers: layers, pattern: pattern,
                              claims: claims, settings: settings, tabulations: tabulations)
        // Pattern settings (distances, widths, probability, zone, breaks) are numbers: checked now, with their lines.
        if let pattern { _ = try PatternSettings.from(pattern, projectPath: path) }
        return project
    }
}
