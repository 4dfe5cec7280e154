import Foundation
import GeoKit

/// Reading `pattern:` — its elements in either form, its link rules and its settings.
///
/// ```yaml
/// pattern:
///   label: 两带四屏二十二廊多块
///   elements:                                   # keyed by the label's symbols
///     带: { kind: belt, source: rivers.shp, name: NAME, names: [长江, 大宁河] }
///     屏: { kind: barrier, sources: [mountains.shp], name: NAME, names: [大巴山, 巫山, 七曜山] }
///     廊: { sources: [tributaries.shp, ridges.gpkg], width: 30 }      # kind: corridor by default
///     块: { kind: patch, sources: [patches.gpkg] }
///   links: [[屏, 带], [廊, 屏]]                   # every 屏 links to a 带, every 廊 to a 屏
/// ```
extension ProjectReader {
    static let shortFormKeys = PatternRole.allCases.map(\.rawValue)
    static let settingKeys = ["link-distance", "belt-width", "corridor-width", "line-width", "ranking-distance", "ranking-probability",
                              "zone", "breaks"]
    static let patternKeys = ["label", "elements", "links"] + shortFormKeys + settingKeys + ["resistance", "landuse", "resistance-table"]
    static let elementKeys = ["kind", "declared", "names", "width"]
    /// The longest label read (characters): a plan's label is a few dozen at most, and reading one
    /// (`PatternLabel.tokens`) takes time quadratic in its length (a 10,000-character label: minutes).
    static let maximumLabelLength = 200

    mutating func pattern(_ node: YAMLNode) throws -> Project.Pattern {
        guard let all = node.pairs else { throw fail("'pattern' must be a mapping", node) }
        _ = pairs(node, "'pattern'", known: Self.patternKeys)
        let label = try text(node["label"], "pattern 'label'")
        if let label, label.count > Self.maximumLabelLength, let labelNode = node["label"] {
            throw fail("pattern 'label' has \(label.count) characters; a label such as 两带四屏二十二廊多块 has at most \(Self.maximumLabelLength)", labelNode)
        }
        let elementsNode = node["elements"].flatMap { $0.isNull ? nil : $0 }
        let short = all.filter { Self.shortFormKeys.contains($0.name) && !$0.value.isNull }
        if let elementsNode, !short.isEmpty {
            throw fail("the pattern names elements both under 'elements' and as \(short.map(\.name).joined(separator: ", ")); write one form", elementsNode)
        }
        var elements: [Project.Element] = []
        let form: Project.Pattern.Form = elementsNode == nil ? .short : .elements
        if let elementsNode {
            guard let entries = elementsNode.pairs else {
                throw fail("pattern 'elements' must be a mapping of symbol: element, e.g. 屏: { kind: barrier, source: mountains.shp }", elementsNode)
            }
            for (i, pair) in entries.enumerated() {
                let key = pair.name
                let context = "element '\(key)'"
                guard let first = key.first else { throw fail("an element needs a symbol as its key, e.g. 屏", pair.key) }
                var kind = key.count == 1 ? ElementKind(defaultFor: first) : nil
                if let k = pair.value.pairs != nil ? pair.value["kind"] : nil, let t = try text(k, "\(context): 'kind'") {
                    let lower = t.lowercased()
                    kind = ElementKind.known.first { $0.rawValue == lower || $0.plural == lower } ?? ElementKind(t)
                }
                guard let kind else {
                    throw fail("\(context): '\(key)' has no default kind; give one, e.g. kind: patch (known: \(ElementKind.known.map(\.rawValue).joined(separator: ", ")))", pair.key)
                }
                let symbol = key.count == 1 ? first : kind.defaultSymbol ?? first
                elements.append(try element(pair, role: PatternRole(rawValue: key, symbol: symbol, kind: kind, order: i),
                                            context: context, sourceRequired: false))
            }
        } else {
            for role in PatternRole.allCases {
                guard let pair = short.first(where: { $0.name == role.rawValue }) else { continue }
                elements.append(try element(pair, role: role, context: "layer '\(role.rawValue)'", sourceRequired: true))
            }
        }
        // Groups only the label declares (no entry in the project): inventoried, with no data.
        var roles = elements.map(\.role)
        let tokens: [LabelToken] = label.map { PatternLabel.tokens($0) } ?? []
        for token in tokens where !roles.contains(where: { $0.symbol == token.symbol }) {
            let i = roles.count
            roles.append(PatternRole(rawValue: String(token.symbol), symbol: token.symbol,
                                     kind: ElementKind(defaultFor: token.symbol) ?? ElementKind(String(token.symbol)), order: i))
        }
        var links: [Project.LinkRule] = []
        if let ln = node["links"], !ln.isNull {
            links = try linkRules(ln, roles: roles)
        } else if form == .short {
            links = [Project.LinkRule(fromText: PatternRole.barriers.rawValue, toText: PatternRole.belts.rawValue,
                                      from: [.barriers], to: [.belts], origin: .default, line: node.line)]
        }
        let (settings, breaks) = try patternSettings(node)
        func raster(_ key: String) throws -> String? {
            guard let n = node[key], !n.isNull else { return nil }
            return try resolved(n, "pattern '\(key)'")
        }
        let landUse = try raster("landuse"), resistance = try raster("resistance")
        return Project.Pattern(label: label, form: form, elements: elements, roles: roles, links: links, settings: settings,
                               breaks: breaks, resistance: resistance, landUse: landUse, resistanceTable: try resistanceTable(node),
                               line: node.line)
    }

    /// One group of elements: its layer (when it has sources), declared count, expected names and width.
    mutating func element(_ pair: YAMLPair, role: PatternRole, context: String, sourceRequired: Bool) throws -> Project.Element {
        let value = pair.value
        if value.isNull {
            if sourceRequired { throw fail("\(context) has no 'source'", value) }
            return Project.Element(role: role, layer: nil, line: pair.key.line)
        }
        let v = try version(value, context, extra: Self.elementKeys, sourceRequired: sourceRequired)
        var declared: Int?
        if let d = value["declared"], !d.isNull {
            guard let t = d.text, let n = DecimalText.integer(t), n >= 0, n <= Project.Limits.declared else {
                throw fail("\(context): 'declared' must be a count of elements from 0 to \(Project.Limits.declared), got '\(d.flowText)'", d)
            }
            declared = n
        }
        let names = try value["names"].map { try self.names($0, "\(context): 'names'") } ?? []
        let width = try value["width"].flatMap { $0.isNull ? nil : try metres($0, "\(context): 'width'") }
        let layer = v.sources.isEmpty ? nil : Project.Layer(role: Role(role.rawValue), sources: v.sources, line: pair.key.line,
                                                              analysisCRS: analysisCRS)
        return Project.Element(role: role, layer: layer, declared: declared, names: names, width: width, line: pair.key.line)
    }

    /// `links: [[屏, 带], [廊, 屏]]`: each operand a group's key or symbol, or a kind naming every group of that kind.
    func linkRules(_ node: YAMLNode, roles: [PatternRole]) throws -> [Project.LinkRule] {
        guard let items = node.items else {
            throw fail("pattern 'links' must be a list of pairs such as [[屏, 带], [廊, 屏]]", node)
        }
        return try items.map { item in
            guard let pair = item.items, pair.count == 2, let a = pair[0].text, let b = pair[1].text else {
                throw fail("each link rule is a pair [FROM, TO] meaning every FROM links to a TO, e.g. [屏, 带]; got '\(item.flowText)'", item)
            }
            func groups(_ t: String) throws -> [PatternRole] {
                var found = roles.filter { $0.rawValue == t }
                if found.isEmpty, t.count == 1 { found = roles.filter { String($0.symbol) == t } }
                if found.isEmpty { found = roles.filter { $0.kind.rawValue == t.lowercased() || $0.kind.plural == t.lowercased() } }
                guard !found.isEmpty else {
                    throw fail("link rule [\(a), \(b)]: '\(t)' names no element of the pattern (elements: \(roles.map(\.rawValue).joined(separator: ", ")))", item)
                }
                return found
            }
            return Project.LinkRule(fromText: a, toText: b, from: try groups(a), to: try groups(b), origin: .declared, line: item.line)
        }
    }

    /// Distances, widths, ranking, zone and the break layer.
    mutating func patternSettings(_ node: YAMLNode) throws -> (PatternSettings, Project.Layer?) {
        var s = PatternSettings()
        func value(_ key: String) -> YAMLNode? { node[key].flatMap { $0.isNull ? nil : $0 } }
        func metres(_ key: String) throws -> Double? { try value(key).map { try self.metres($0, "pattern setting '\(key)'") } }
        if let v = try metres("link-distance") { s.linkDistance = v }
        if let v = try metres("belt-width") { s.beltWidth = v }
        if let v = try metres("corridor-width") { s.corridorWidth = v }
        if let v = try metres("line-width") { s.lineWidth = v }
        if let n = value("ranking-distance") {
            let v = try self.metres(n, "pattern setting 'ranking-distance'")
            guard v > 0 else { throw fail("pattern setting 'ranking-distance' must be > 0 m", n) }
            s.rankingDistance = v
        }
        if let n = value("ranking-probability") {
            guard let t = n.text, let p = DecimalText.value(t), p > 0, p < 1 else {
                throw fail("pattern setting 'ranking-probability' must be strictly between 0 and 1, got '\(n.flowText)'", n)
            }
            s.rankingProbability = p
        }
        if let n = value("zone") {
            guard let t = n.text, let z = DecimalText.integer(t).flatMap({ GaussKrugerZone(zone: $0) }) else {
                throw fail("pattern setting 'zone' must be a 3° Gauss–Krüger zone 25–45, got '\(n.flowText)'", n)
            }
            s.zone = z
        }
        var breaks: Project.Layer?
        if let b = value("breaks") {
            guard b.pairs != nil else { throw fail("pattern setting 'breaks' must be a mapping with a 'source' key", b) }
            let source = b["source"].flatMap { $0.isNull ? nil : $0 }, sources = b["sources"].flatMap { $0.isNull ? nil : $0 }
            if source == nil && sources == nil { throw fail("pattern setting 'breaks' has no 'source' naming a file", b) }
            if let source, !Project.namesSource(source.text ?? "") {
                throw fail("pattern setting 'breaks' has no 'source' naming a file", source)
            }
            let v = try version(b, "pattern setting 'breaks'", extra: ["width"])
            let layer = Project.Layer(role: Role("breaks"), sources: v.sources, line: b.line, analysisCRS: analysisCRS)
            var spec = BreakLayerSpec(request: layer.request, nameField: layer.field(.name))
            if let w = b["width"], !w.isNull { spec.lineWidth = try self.metres(w, "pattern setting 'breaks.width'") }
            s.breaks = spec
            breaks = layer
        }
        return (s, breaks)
    }

    /// `resistance-table: {1: 1, 2: 10, …}`: land-use class (an Int32 value of the raster) → resistance (0 < r ≤ 1e12).
    func resistanceTable(_ node: YAMLNode) throws -> [Int: Double]? {
        guard let tableNode = node["resistance-table"], !tableNode.isNull else { return nil }
        guard let table = tableNode.pairs else {
            throw fail("resistance-table must be a mapping of land-use class: resistance, e.g. { 1: 1, 2: 10 }", tableNode)
        }
        guard table.count <= Project.Limits.resistanceClasses else {
            throw fail("resistance-table: \(table.count) land-use classes; at most \(Project.Limits.resistanceClasses)", tableNode)
        }
        var out: [Int: Double] = [:]
        for entry in table {
            guard let cls = DecimalText.integer(entry.name), Int32(exactly: cls) != nil else {
                throw fail("resistance-table: '\(entry.name)' is not a land-use class (an integer value of the land-use raster)", entry.key)
            }
            guard let r = DecimalText.value(entry.value.text ?? ""), r.isFinite, r > 0, r <= Project.Limits.resistance else {
                throw fail("resistance-table: class \(cls) must map to a resistance above 0 and at most 1e12, got '\(entry.value.flowText)'", entry.value)
            }
            out[cls] = r
        }
        return out
    }
}
