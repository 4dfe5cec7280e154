import Foundation
import GeoKit

/// Reads a project file's YAML tree into a typed ``Project``: each value checked for its type and
/// range where it is read (an error names the line), each mapping's keys checked against the keys it
/// may hold (an unknown one is a ``ProjectWarning`` with its line).
struct ProjectReader {
    let doc: YAMLDocument
    var warnings: [ProjectWarning] = []
    /// The analysis CRS, once read: where the sources of one layer meet when their CRSs differ.
    var analysisCRS = "EPSG:4490"
    /// Raster layers found under `layers:` (a mapping with `raster:`), in file order.
    var rasters: [Project.RasterLayer] = []
    /// Display labels found so far (`label:` of a layer, raster or derived layer), by layer name.
    var labels: [String: String] = [:]

    init(doc: YAMLDocument) { self.doc = doc }

    var path: String { doc.path }

    static let topKeys = ["name", "crs", "claims", "strict", "layers", "pattern", "tabulate", "lang", "basemap", "derived", "resistance", "sources"]

    mutating func project() throws -> Project {
        guard let top = doc.root, let pairs = top.pairs else {
            throw fail("the project file must be a YAML mapping with a 'layers' key", doc.root)
        }
        // Keys starting with "x-" hold anchors shared by the layers (`x-gbk: &gbk {encoding: CP936}`): no warning.
        for pair in pairs where !Self.topKeys.contains(pair.name) && !pair.name.hasPrefix("x-") {
            warn(pair, in: nil, known: Self.topKeys)
        }
        let crsNode = top["crs"]
        let crs = try text(crsNode, "'crs'") ?? "EPSG:4490"
        do { _ = try CRS(crs) } catch let e as GeoKitError { throw fail("the analysis crs '\(crs)' is not usable: \(e.message)", crsNode) }
        analysisCRS = crs

        let language = try top["lang"].flatMap { try self.language($0) }
        let basemap = try top["basemap"].flatMap { $0.isNull ? nil : try self.basemap($0) }
        guard let layersNode = top["layers"] else { throw fail("the project file has no 'layers'", nil) }
        var layers = try self.layers(layersNode)
        let pattern = try top["pattern"].flatMap { $0.isNull ? nil : try self.pattern($0) }
        // Layers made from others: each a layer like any other, read from "derived:NAME" by the store.
        let known = Set(layers.map(\.name) + rasters.map(\.name) + (pattern?.elements.filter { $0.layer != nil }.map(\.role.rawValue) ?? []))
        let derived = try top["derived"].flatMap { $0.isNull ? nil : try self.derivedLayers($0, known: known) } ?? []
        for d in derived {
            layers.append(Project.Layer(role: Role(d.name), sources: [Project.Source(path: Project.derivedScheme + d.name, line: d.line)],
                                        line: d.line, analysisCRS: analysisCRS))
        }
        // A pattern source may name a derived layer ("derived:NAME"): it must exist.
        let sources = (pattern?.elements.compactMap(\.layer).flatMap(\.sources) ?? []) + (pattern?.breaks?.sources ?? [])
        for s in sources {
            if let name = Project.derivedName(s.path), !derived.contains(where: { $0.name == name }) {
                throw GeoKitError(.input, "line \(s.line): '\(s.path)' names no derived layer (derived: \(derived.map(\.name).joined(separator: ", ")))", file: path)
            }
        }
        let claims = try top["claims"].flatMap { $0.isNull ? nil : try resolved($0, "'claims'") }
        let tabulations = try top["tabulate"].flatMap { $0.isNull ? nil : try self.tabulations($0, layers: layers) } ?? []
        let strict = try top["strict"].flatMap { try boolean($0, "'strict'") } ?? false
        var project = Project(path: path, name: try text(top["name"], "'name'"), crs: crs, strict: strict, layers: layers, pattern: pattern,
                              claims: claims, tabulations: tabulations, warnings: warnings)
        project.language = language
        project.basemap = basemap
        project.rasters = rasters
        project.derived = derived
        project.labels = labels
        project.resistance = try top["resistance"].flatMap { $0.isNull ? nil : try self.resistance($0, layers: layers) }
        project.sources = try top["sources"].flatMap { $0.isNull ? nil : try self.sources($0) }
        project.warnings = warnings
        project.keyLines["claims"] = top["claims"]?.line
        project.keyLines["resistance"] = top["pattern"]?["resistance"]?.line
        project.keyLines["landuse"] = top["pattern"]?["landuse"]?.line
        return project
    }

    // MARK: messages

    func fail(_ message: String, _ node: YAMLNode?) -> GeoKitError { doc.error(message, at: node) }

    /// Records an unknown key of a mapping (`context`: where it is, e.g. "pattern", "layer 'towns'").
    mutating func warn(_ pair: YAMLPair, in context: String?, known: [String]) {
        let place = context.map { " in \($0)" } ?? " at the top level"
        var suggestion = Self.closest(pair.name, in: known).map { "; did you mean '\($0)'?" } ?? ""
        // A group of elements written beside barriers/belts (锦屏's `zones:`): say where groups go.
        let key = pair.name.lowercased()
        if context == "'pattern'", let kind = ElementKind.known.first(where: { $0.plural == key || $0.rawValue == key })
            ?? (pair.name.count == 1 ? ElementKind(defaultFor: pair.name.first!) : nil) {
            let symbol = kind.defaultSymbol.map(String.init) ?? pair.name
            suggestion = "; a group of \(kind.plural) goes under 'elements', e.g. elements: { \(symbol): { kind: \(kind.rawValue), source: … } }"
        }
        warnings.append(ProjectWarning(file: path, line: pair.key.line, key: pair.name,
                                       message: "unknown key '\(pair.name)'\(place) is ignored (keys there: \(known.joined(separator: ", ")))\(suggestion)"))
    }

    /// The pairs of a mapping, with a warning for each key not in `known`.
    mutating func pairs(_ node: YAMLNode, _ context: String, known: [String]) -> [YAMLPair] {
        let pairs = node.pairs ?? []
        for p in pairs where !known.contains(p.name) { warn(p, in: context, known: known) }
        return pairs
    }

    /// A known key within one or two edits of `key` (a typo), if any.
    static func closest(_ key: String, in known: [String]) -> String? {
        let k = Array(key.lowercased())
        let scored = known.map { ($0, editDistance(k, Array($0))) }.filter { $0.1 > 0 && $0.1 <= 2 && $0.1 * 2 <= k.count }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in 1...b.count {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    // MARK: values

    /// A value that must be one scalar: its text, nil when absent or null.
    func text(_ node: YAMLNode?, _ what: String) throws -> String? {
        guard let node, !node.isNull else { return nil }
        guard let t = node.text else { throw fail("\(what) must be a single value, not a list or a mapping", node) }
        return t
    }

    /// A path, resolved against the project file's folder.
    func resolved(_ node: YAMLNode, _ what: String) throws -> String {
        let raw = try text(node, what) ?? ""
        guard Project.namesSource(raw) else {
            throw fail("\(what) names no file: write a path (relative to the project file, or absolute) or a GDAL connection string such as PG:dbname=plan", node)
        }
        return Project.resolve(raw, relativeTo: path)
    }

    func boolean(_ node: YAMLNode, _ what: String) throws -> Bool? {
        guard let t = try text(node, what) else { return nil }
        switch t.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("\(what) must be true or false, got '\(t)'", node)
        }
    }

    /// A distance or width in metres (`m` or `km` may follow the number), finite, 0…1000 km.
    func metres(_ node: YAMLNode, _ what: String) throws -> Double {
        let raw = node.flowText
        let t = raw.trimmingCharacters(in: .whitespaces)
        var value: Double?
        if node.isScalar {
            if t.hasSuffix("km") { value = DecimalText.value(t.dropLast(2)).map { $0 * 1000 } }
            else if t.hasSuffix("m") { value = DecimalText.value(t.dropLast()) }
            else { value = DecimalText.value(t) }
        }
        guard let v = value else { throw fail("\(what) must be a distance in metres, got '\(raw)'", node) }
        guard v.isFinite, v >= 0, v <= PatternSettings.maximumMetres else {
            throw fail("\(what) must be a distance from 0 to 1,000,000 m (1000 km), got '\(raw)'", node)
        }
        return v
    }

    /// A list of names: `[长江, 花溪河]`, or one text separated by 、，, or ;.
    func names(_ node: YAMLNode, _ what: String) throws -> [String] {
        let items: [String]
        if let list = node.items {
            items = try list.map { try text($0, what) ?? "" }
        } else if let t = try text(node, what) {
            items = t.components(separatedBy: CharacterSet(charactersIn: "、，,;；"))
        } else {
            items = []
        }
        return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: tabulate

    mutating func tabulations(_ node: YAMLNode, layers: [Project.Layer]) throws -> [Project.Tabulation] {
        guard let list = node.items else { throw fail("'tabulate' must be a list of lists of ROLE[:FIELD]", node) }
        guard list.count <= Project.Limits.tabulations else {
            throw fail("'tabulate' lists \(list.count) cross-tabulations; a project makes at most \(Project.Limits.tabulations)", node)
        }
        var lookup = Project(path: path, layers: layers)
        lookup.rasters = rasters
        return try list.map { item in
            // Either [soil-erosion:grade, towns:name] or "soil-erosion:grade × towns:name".
            let texts = try item.items?.map { try text($0, "a 'tabulate' dimension") ?? "" }
                ?? item.flowText.components(separatedBy: CharacterSet(charactersIn: "×x*")).map { $0.trimmingCharacters(in: .whitespaces) }
            let dims = texts.map(Project.Tabulation.Dimension.init(parsing:))
            guard !dims.isEmpty, dims.allSatisfy({ $0 != nil }) else { throw fail("'tabulate' has an empty entry", item) }
            guard dims.count <= Project.Limits.tabulationDimensions else {
                throw fail("a cross-tabulation has \(dims.count) dimensions; at most \(Project.Limits.tabulationDimensions)", item)
            }
            for d in dims.compactMap({ $0 }) where lookup.layer(named: d.layer) == nil && lookup.raster(named: d.layer) == nil {
                throw fail("'tabulate' names role '\(d.layer)', which the project does not have (roles: \((lookup.layerNames + rasters.map(\.name)).joined(separator: ", ")))", item)
            }
            for d in dims.compactMap({ $0 }) {
                guard let r = lookup.raster(named: d.layer), let f = d.field, !r.fields.contains(f) else { continue }
                throw fail("'tabulate' keys raster '\(r.name)' by '\(f)'; a \(r.kind.rawValue) raster is keyed by \(r.fields.map { "'\($0)'" }.joined(separator: " or "))", item)
            }
            if dims.compactMap({ $0 }).filter({ lookup.raster(named: $0.layer) != nil }).count > 1 {
                throw fail("a cross-tabulation takes at most one raster dimension", item)
            }
            return Project.Tabulation(dimensions: dims.compactMap { $0 }, line: item.line)
        }
    }
}
