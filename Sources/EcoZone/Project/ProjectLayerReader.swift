import Foundation
import GeoKit

/// Reading `layers:` — roles, their dated versions and their sources:
///
/// ```yaml
/// layers:
///   boundary: boundary.shp                                  # a path alone
///   towns: { source: towns.shp, name: NAME }                # one source and its options
///   protected-areas:                                        # several sources read as one layer
///     sources: [reserves.shp, { source: parks.gpkg, layer: parks, name: MC }]
///     name: NAME                                            # options here are every source's defaults
///   red-line:                                               # one role at several dates
///     - { source: redline.gpkg, layer: redline_2020, year: 2020 }
///     - { source: redline.gpkg, layer: redline_2023, year: 2023 }
///   red-line-2020: { … }                                    # the older form: ROLE-YEAR is ROLE at YEAR
/// ```
extension ProjectReader {
    /// Keys that say how to read a source; at the layer level they are defaults for every source.
    static let optionKeys = ["layer", "where", "encoding", "assume-crs", "crs", "axis-order", "datum"]
    static let fieldKeys = Project.FieldRole.allCases.map(\.rawValue)
    static let sourceKeys = ["source"] + optionKeys + fieldKeys
    static let versionKeys = ["source", "sources", "year"] + optionKeys + fieldKeys

    /// How to read a source, as written at one level (layer or source); nil: not written there.
    struct Options {
        var layer: String?
        var whereClause: String?
        var encoding: String?
        var assumedCRS: String?
        var axisOrder: AxisOrder?
        var gcj02: Bool?
        var fields: [Project.FieldRole: String] = [:]

        /// These options, with `defaults` where these say nothing.
        func over(_ defaults: Options) -> Options {
            Options(layer: layer ?? defaults.layer, whereClause: whereClause ?? defaults.whereClause, encoding: encoding ?? defaults.encoding,
                    assumedCRS: assumedCRS ?? defaults.assumedCRS, axisOrder: axisOrder ?? defaults.axisOrder, gcj02: gcj02 ?? defaults.gcj02,
                    fields: defaults.fields.merging(fields) { _, own in own })
        }

        func source(_ path: String, line: Int) -> Project.Source {
            Project.Source(path: path, layer: layer, whereClause: whereClause, encoding: encoding, assumedCRS: assumedCRS,
                           axisOrder: axisOrder, gcj02: gcj02 ?? false, fields: fields, line: line)
        }
    }

    /// The options written in a mapping (`context`: "layer 'towns'").
    func options(_ node: YAMLNode, _ context: String) throws -> Options {
        var o = Options()
        o.layer = try text(node["layer"], "\(context): 'layer'")
        o.whereClause = try text(node["where"], "\(context): 'where'")
        o.encoding = try text(node["encoding"], "\(context): 'encoding'")
        o.assumedCRS = try text(node["assume-crs"] ?? node["crs"], "\(context): 'crs'")
        if let n = node["axis-order"], let t = try text(n, "\(context): 'axis-order'") {
            guard let a = AxisOrder(rawValue: t.lowercased()) else {
                throw fail("\(context): 'axis-order' must be lon-lat or lat-lon, got '\(t)'", n)
            }
            o.axisOrder = a
        }
        if let n = node["datum"], let t = try text(n, "\(context): 'datum'") {
            switch t.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: " ", with: "") {
            case "gcj02": o.gcj02 = true
            case "wgs84", "cgcs2000": o.gcj02 = false
            default: throw fail("\(context): 'datum' must be gcj02 (lon/lat published in GCJ-02), wgs84 or cgcs2000, got '\(t)'", n)
            }
        }
        for role in Project.FieldRole.allCases {
            if let f = try text(node[role.rawValue], "\(context): '\(role.rawValue)'") { o.fields[role] = f }
        }
        return o
    }

    /// One layer at one date: `file.shp`, or a mapping with `source` or `sources`, options, fields and
    /// `year`, plus the `extra` keys the caller reads itself (a pattern element's). `sourceRequired`:
    /// whether a mapping without any source is an error (it is not for a pattern element the plan
    /// declares without data).
    mutating func version(_ node: YAMLNode, _ context: String, extra: [String] = [], sourceRequired: Bool = true)
        throws -> (year: Int?, sources: [Project.Source]) {
        if node.isScalar && !node.isNull {
            return (nil, [Options().source(try resolved(node, "\(context): 'source'"), line: node.line)])
        }
        guard node.pairs != nil else {
            throw fail("\(context) must be a mapping with a 'source' key", node)
        }
        _ = pairs(node, context, known: Self.versionKeys + extra)
        let defaults = try options(node, context)
        var year: Int?
        if let y = node["year"], !y.isNull {
            guard let t = y.text, let n = DecimalText.integer(t), Project.Limits.years.contains(n) else {
                throw fail("\(context): 'year' must be a year such as 2020, got '\(y.flowText)'", y)
            }
            year = n
        }
        var sources: [Project.Source] = []
        let one = node["source"].flatMap { $0.isNull ? nil : $0 }, many = node["sources"].flatMap { $0.isNull ? nil : $0 }
        if one != nil, many != nil {
            throw fail("\(context) has both 'source' and 'sources'; write one source as 'source: a.shp', several as 'sources: [a.shp, b.gpkg]'", many)
        }
        if let one {
            sources = [defaults.source(try resolved(one, "\(context): 'source'"), line: one.line)]
        } else if let many {
            let items = many.items ?? [many]
            guard !items.isEmpty else { throw fail("\(context): 'sources' lists no source", many) }
            guard items.count <= Project.Limits.sources else {
                throw fail("\(context): 'sources' lists \(items.count) sources; a layer reads at most \(Project.Limits.sources)", many)
            }
            for item in items {
                if item.pairs != nil {
                    let where_ = "a source of \(context)"
                    _ = pairs(item, where_, known: Self.sourceKeys)
                    guard let s = item["source"], !s.isNull else { throw fail("\(where_) has no 'source'", item) }
                    let o = try options(item, where_).over(defaults)
                    sources.append(o.source(try resolved(s, "\(where_): 'source'"), line: item.line))
                } else {
                    sources.append(defaults.source(try resolved(item, "\(context): a source in 'sources'"), line: item.line))
                }
            }
        } else if sourceRequired {
            throw fail("\(context) has no 'source'", node)
        }
        return (year, sources)
    }

    /// `label:` — how the report names a layer ("区县" for a municipality's districts read as `towns`);
    /// nil when the mapping has none. One line of text, at most 60 characters.
    mutating func label(_ node: YAMLNode, _ context: String) throws -> String? {
        guard let n = node["label"], !n.isNull else { return nil }
        guard let t = try text(n, "\(context): 'label'")?.trimmingCharacters(in: .whitespaces), !t.isEmpty,
              t.count <= 60, !t.contains(where: \.isNewline) else {
            throw fail("\(context): 'label' must be one line of text of at most 60 characters, such as 区县", n)
        }
        return t
    }

    /// Every (role, date) under `layers:`, in file order, with the names and defaults of dated versions settled.
    mutating func layers(_ node: YAMLNode) throws -> [Project.Layer] {
        guard let pairs = node.pairs else { throw fail("'layers' must be a mapping of role: layer", node) }
        let keys = Set(pairs.map(\.name))
        struct Entry { var role: Role; var year: Int?; var sources: [Project.Source]; var line: Int; var order: [String]?; var label: String? }
        var entries: [Entry] = []
        for pair in pairs {
            if Self.isRaster(pair.value) {
                rasters.append(try rasterLayer(pair.name, pair.value, line: pair.key.line))
                continue
            }
            let context = "layer '\(pair.name)'"
            var role = Role(pair.name), keyYear: Int?
            if let (base, year) = Project.splitYear(pair.name), base.isKnown || keys.contains(base.rawValue) {
                role = base
                keyYear = year
            }
            if let items = pair.value.items {
                guard keyYear == nil else {
                    throw fail("'\(pair.name)' lists versions: list them under '\(role.rawValue)', each with its 'year'", pair.value)
                }
                guard !items.isEmpty else { throw fail("\(context) lists no version", pair.value) }
                for item in items {
                    guard item.pairs != nil else {
                        throw fail("\(context): a list under a role lists the role's dated versions, each a mapping with 'source' and 'year'; write several sources of one layer as 'sources: [a.shp, b.gpkg]'", item)
                    }
                    let v = try version(item, context, extra: ["order", "label"])
                    entries.append(Entry(role: role, year: v.year, sources: v.sources, line: item.line, order: try classOrder(item, context),
                                         label: try label(item, context)))
                }
            } else {
                let v = try version(pair.value, context, extra: ["order", "label"])
                if let k = keyYear, let y = v.year, k != y {
                    throw fail("\(context) is dated \(k) by its name but \(y) by 'year'", pair.value["year"])
                }
                entries.append(Entry(role: role, year: keyYear ?? v.year, sources: v.sources, line: pair.key.line,
                                     order: try classOrder(pair.value, context), label: try label(pair.value, context)))
            }
        }
        // One version per date, at most one undated; the undated one, else the latest year, is the default.
        var latest: [Role: Int?] = [:]
        for role in Set(entries.map(\.role)) {
            let versions = entries.filter { $0.role == role }
            var seen: [Int?: Int] = [:]
            for v in versions {
                if let first = seen[v.year] {
                    let what = v.year.map { "two versions dated \($0)" } ?? "two versions without a 'year'"
                    throw GeoKitError(.input, "line \(v.line): role '\(role.rawValue)' has \(what) (lines \(first) and \(v.line)); give each version its own 'year'", file: path)
                }
                seen[v.year] = v.line
            }
            latest[role] = versions.contains { $0.year == nil } ? .some(nil) : .some(versions.compactMap(\.year).max())
        }
        return entries.map { e in
            let isLatest = latest[e.role]! == e.year
            var layer = Project.Layer(role: e.role, year: e.year, name: isLatest ? e.role.rawValue : "\(e.role.rawValue)-\(e.year!)",
                                      isLatest: isLatest, sources: e.sources, line: e.line, analysisCRS: analysisCRS)
            layer.order = e.order
            if let l = e.label { labels[layer.name] = l }
            return layer
        }.map { layer in
            if layer.order != nil, layer.field(.grade) == nil, layer.field(.class) == nil {
                warnings.append(ProjectWarning(file: path, line: layer.line, key: "order",
                                               message: "'order' of layer '\(layer.name)' is ignored: the layer maps no 'grade' or 'class' field to order"))
            }
            return layer
        }
    }
}
