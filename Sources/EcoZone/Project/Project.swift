import Foundation
import GeoKit
import Yams

/// A plan's project file (YAML, ../shared/DESIGN.md): its layers by role, its analysis CRS, its
/// security pattern and its claims file. Paths inside are relative to the project file.
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

    /// Reads and checks a project file.
    public static func load(_ path: String) throws -> Project {
        func fail(_ message: String) -> GeoKitError { GeoKitError(.input, message, file: path) }
        guard FileManager.default.fileExists(atPath: path) else { throw fail("no such file or directory") }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw fail("the project file is not readable UTF-8 text")
        }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw fail("the project file is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let top = root as? [String: Any] else { throw fail("the project file must be a YAML mapping with a 'layers' key") }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ p: String) -> String {
            p.hasPrefix("/") || p.contains(":") && !p.hasPrefix(".") && p.split(separator: ":").first!.count > 1
                ? p : base.appendingPathComponent(p).standardized.path
        }
        func spec(_ role: String, _ value: Any) throws -> LayerSpec {
            let map: [String: Any]
            if let s = value as? String { map = ["source": s] } else if let m = value as? [String: Any] { map = m } else {
                throw fail("layer '\(role)' must be a mapping with a 'source' key")
            }
            guard let source = map["source"].map(scalarText) , !source.isEmpty else { throw fail("layer '\(role)' has no 'source'") }
            var fields: [String: String] = [:], settings: [String: String] = [:], lists: [String: [String]] = [:]
            for (k, v) in map where !reservedKeys.contains(k) {
                if let items = v as? [Any] { lists[k] = items.map(scalarText) }
                if fieldKeys.contains(k) { fields[k] = scalarText(v) } else { settings[k] = scalarText(v) }
            }
            var declared: Int?
            if let d = map["declared"] {
                guard let n = Int(scalarText(d)), n >= 0 else { throw fail("layer '\(role)': 'declared' must be a count") }
                declared = n
            }
            return LayerSpec(role: role, source: resolve(source), layer: map["layer"].map(scalarText), fields: fields,
                             whereClause: map["where"].map(scalarText), assumedCRS: (map["assume-crs"] ?? map["crs"]).map(scalarText),
                             encoding: map["encoding"].map(scalarText), declared: declared, settings: settings, lists: lists,
                             datum: map["datum"].map(scalarText))
        }

        guard let layerMap = top["layers"] else { throw fail("the project file has no 'layers'") }
        var layers: [LayerSpec] = []
        for (role, value) in try orderedPairs(layerMap, in: text, key: "layers", fail: fail) {
            layers.append(try spec(role, value))
        }

        var pattern: Pattern?
        if let p = top["pattern"] {
            guard let pmap = p as? [String: Any] else { throw fail("'pattern' must be a mapping") }
            var elements: [LayerSpec] = []
            var settings: [String: String] = [:], tables: [String: [String: String]] = [:]
            for role in ["barriers", "belts", "corridors", "nodes"] {
                if let v = pmap[role] { elements.append(try spec(role, v)) }
            }
            for (k, v) in pmap where !["barriers", "belts", "corridors", "nodes", "label", "resistance"].contains(k) {
                if let m = v as? [AnyHashable: Any] {
                    tables[k] = Dictionary(uniqueKeysWithValues: m.map { ("\($0.key)", scalarText($0.value)) })
                } else {
                    settings[k] = scalarText(v)
                }
            }
            pattern = Pattern(label: pmap["label"].map(scalarText), elements: elements,
                              resistance: pmap["resistance"].map { resolve(scalarText($0)) }, settings: settings, tables: tables)
        }
        var settings: [String: String] = [:]
        for (k, v) in top where !["name", "crs", "layers", "pattern", "claims", "tabulate"].contains(k) { settings[k] = scalarText(v) }
        var tabulations: [[String]] = []
        if let t = top["tabulate"] {
            guard let list = t as? [Any] else { throw fail("'tabulate' must be a list of lists of ROLE[:FIELD]") }
            for item in list {
                // Either [soil-erosion:grade, towns:name] or "soil-erosion:grade × towns:name".
                let dims = (item as? [Any])?.map(scalarText)
                    ?? scalarText(item).components(separatedBy: CharacterSet(charactersIn: "×x*")).map { $0.trimmingCharacters(in: .whitespaces) }
                guard !dims.isEmpty, dims.allSatisfy({ !$0.isEmpty }) else { throw fail("'tabulate' has an empty entry") }
                for d in dims {
                    let role = String(d.split(separator: ":").first ?? "")
                    guard layers.contains(where: { $0.role == role }) else {
                        throw fail("'tabulate' names role '\(role)', which the project does not have (roles: \(layers.map(\.role).joined(separator: ", ")))")
                    }
                }
                tabulations.append(dims)
            }
        }
        let crs = top["crs"].map(scalarText) ?? "EPSG:4490"
        do { _ = try CRS(crs) } catch let e as GeoKitError { throw fail("the analysis crs '\(crs)' is not usable: \(e.message)") }
        return Project(path: path, name: top["name"].map(scalarText), crs: crs, layers: layers, pattern: pattern,
                       claims: top["claims"].map { resolve(scalarText($0)) }, settings: settings, tabulations: tabulations)
    }

    /// A YAML mapping's pairs in the order the file writes them (Yams gives an unordered dictionary).
    private static func orderedPairs(_ value: Any, in text: String, key: String, fail: (String) -> GeoKitError) throws -> [(String, Any)] {
        guard let map = value as? [String: Any] else { throw fail("'\(key)' must be a mapping of role: layer") }
        let node = try? Yams.compose(yaml: text)
        if let section = node?.mapping?[Node(key)]?.mapping {
            let order = section.keys.compactMap(\.string)
            return order.compactMap { k in map[k].map { (k, $0) } }
        }
        return map.sorted { $0.key < $1.key }
    }
}

/// YAML scalars as text ("8", "0.5", "EPSG:4490").
func scalarText(_ v: Any) -> String {
    switch v {
    case let s as String: return s
    case let i as Int: return String(i)
    case let d as Double: return String(d)
    case let b as Bool: return String(b)
    default: return String(describing: v)
    }
}
