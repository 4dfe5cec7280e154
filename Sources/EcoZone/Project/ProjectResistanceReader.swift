import Foundation
import GeoKit

/// The `resistance:` block (``Project/Resistance``).
extension ProjectReader {
    static let resistanceKeys = ["grid", "factors", "weights", "ahp", "multipliers"]
    static let factorKeys = ["name", "raster", "derive", "distance-to", "classes", "breaks", "scores"]
    static let targetKeys = ["layer", "source", "where", "raster", "classes"]

    mutating func resistance(_ node: YAMLNode, layers: [Project.Layer]) throws -> Project.Resistance {
        guard node.pairs != nil else { throw fail("'resistance' must be a mapping with 'factors' and 'weights' or 'ahp'", node) }
        _ = pairs(node, "'resistance'", known: Self.resistanceKeys)
        let grid = try node["grid"].flatMap { $0.isNull ? nil : try resolved($0, "resistance 'grid'") }
        guard let list = node["factors"]?.items, !list.isEmpty else {
            throw fail("'resistance' needs 'factors': a list of factors, each with a name, an input and its scoring", node["factors"] ?? node)
        }
        guard list.count <= 32 else { throw fail("'resistance' has \(list.count) factors; at most 32", node["factors"]) }
        var factors: [Project.Resistance.Factor] = []
        for item in list {
            let f = try factor(item, layers: layers)
            guard !factors.contains(where: { $0.name == f.name }) else { throw fail("two resistance factors are named '\(f.name)'", item) }
            factors.append(f)
        }
        let weights: Project.Resistance.Weights
        switch (node["weights"].flatMap { $0.isNull ? nil : $0 }, node["ahp"].flatMap { $0.isNull ? nil : $0 }) {
        case (let w?, nil):
            guard let ps = w.pairs else { throw fail("resistance 'weights' must map each factor's name to its weight", w) }
            var out: [String: Double] = [:]
            for p in ps {
                guard factors.contains(where: { $0.name == p.name }) else {
                    throw fail("resistance 'weights' names '\(p.name)', which is no factor (factors: \(factors.map(\.name).joined(separator: ", ")))", p.key)
                }
                guard let v = DecimalText.value(p.value.text ?? ""), v.isFinite, v >= 0 else {
                    throw fail("resistance weight of '\(p.name)' must be a number ≥ 0, got '\(p.value.flowText)'", p.value)
                }
                out[p.name] = v
            }
            for f in factors where out[f.name] == nil { throw fail("resistance 'weights' gives no weight for factor '\(f.name)'", w) }
            let sum = out.values.reduce(0, +)
            guard abs(sum - 1) <= 1e-6 else {
                throw fail("resistance 'weights' must sum to 1; they sum to \(NumberText.plain(sum))", w)
            }
            weights = .direct(out)
        case (nil, let a?):
            guard let rows = a.items, rows.count == factors.count else {
                throw fail("resistance 'ahp' is a \(factors.count) × \(factors.count) matrix (rows in factor order)", a)
            }
            weights = .ahp(try rows.map { row in
                guard let cells = row.items, cells.count == factors.count else {
                    throw fail("each row of resistance 'ahp' has \(factors.count) judgements", row)
                }
                return try cells.map { c in
                    guard let v = Self.judgement(c.text ?? ""), v.isFinite, v > 0 else {
                        throw fail("an AHP judgement is a positive number or a fraction such as 1/3, got '\(c.flowText)'", c)
                    }
                    return v
                }
            })
        case (nil, nil):
            if factors.count == 1 { weights = .direct([factors[0].name: 1]) } else {
                throw fail("'resistance' needs 'weights' (summing to 1) or an 'ahp' matrix", node)
            }
        default:
            throw fail("'resistance' takes 'weights' or 'ahp', not both", node)
        }
        var multipliers: [Project.Resistance.Multiplier] = []
        if let ms = node["multipliers"], !ms.isNull {
            guard let items = ms.items else { throw fail("resistance 'multipliers' must be a list of { layer | source, factor }", ms) }
            for m in items {
                let known = Self.targetKeys + ["factor"]
                _ = pairs(m, "a resistance multiplier", known: known)
                guard let fnode = m["factor"], let v = DecimalText.value(fnode.text ?? ""), v.isFinite, v > 0, v <= 1e6 else {
                    throw fail("a resistance multiplier needs 'factor', a number above 0", m["factor"] ?? m)
                }
                let t = try target(m, layers: layers, what: "a resistance multiplier")
                multipliers.append(.init(target: t, factor: v, line: m.line))
            }
        }
        return Project.Resistance(grid: grid, factors: factors, weights: weights, multipliers: multipliers, line: node.line)
    }

    /// "3", "0.333", "1/3".
    static func judgement(_ text: String) -> Double? {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let a = DecimalText.value(parts[0]), let b = DecimalText.value(parts[1]), b != 0 { return a / b }
        return parts.count == 1 ? DecimalText.value(parts[0]) : nil
    }

    mutating func factor(_ node: YAMLNode, layers: [Project.Layer]) throws -> Project.Resistance.Factor {
        guard node.pairs != nil else { throw fail("a resistance factor must be a mapping with 'name', an input and its scoring", node) }
        _ = pairs(node, "a resistance factor", known: Self.factorKeys)
        guard let name = try text(node["name"], "a resistance factor's 'name'"), !name.isEmpty else {
            throw fail("a resistance factor needs a 'name'", node)
        }
        let input: Project.Resistance.Input
        switch (node["raster"], node["distance-to"]) {
        case (let r?, nil):
            var slope = false
            if let d = try text(node["derive"], "'derive'") {
                guard d == "slope" else { throw fail("resistance factor '\(name)': 'derive' is 'slope' (Horn, degrees), not '\(d)'", node["derive"]) }
                slope = true
            }
            input = .raster(path: try resolved(r, "resistance factor '\(name)' 'raster'"), slope: slope)
        case (nil, let d?):
            guard d.pairs != nil else { throw fail("resistance factor '\(name)': 'distance-to' is { layer: ROLE } or { source: FILE } or { raster: FILE, classes: [...] }", d) }
            _ = pairs(d, "resistance factor '\(name)' 'distance-to'", known: Self.targetKeys)
            input = .distance(try target(d, layers: layers, what: "resistance factor '\(name)' 'distance-to'"))
        default:
            throw fail("resistance factor '\(name)' takes one input: 'raster' or 'distance-to'", node)
        }
        let scoring: Project.Resistance.Scoring
        switch (node["classes"], node["breaks"]) {
        case (let c?, nil):
            if case .distance = input { throw fail("resistance factor '\(name)' measures distances: score them with 'breaks' and 'scores'", c) }
            guard let ps = c.pairs, !ps.isEmpty else { throw fail("resistance factor '\(name)': 'classes' maps each class to its score, e.g. { 1: 1, 2: 10 }", c) }
            var table: [Int: Double] = [:]
            for p in ps {
                guard let k = DecimalText.integer(p.name), Int32(exactly: k) != nil else {
                    throw fail("resistance factor '\(name)': '\(p.name)' is not a class (an integer value of the raster)", p.key)
                }
                table[k] = try score(p.value, name)
            }
            scoring = .classes(table)
        case (nil, let b?):
            guard let bs = b.items, !bs.isEmpty else { throw fail("resistance factor '\(name)': 'breaks' is a list of ascending values", b) }
            let breaks = try bs.map { x -> Double in
                guard let v = DecimalText.value(x.text ?? ""), v.isFinite else { throw fail("resistance factor '\(name)': break '\(x.flowText)' is not a number", x) }
                return v
            }
            guard zip(breaks, breaks.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw fail("resistance factor '\(name)': 'breaks' must ascend strictly", b)
            }
            guard let ss = node["scores"]?.items, ss.count == breaks.count + 1 else {
                throw fail("resistance factor '\(name)': \(breaks.count) breaks need \(breaks.count + 1) 'scores' (below the first break, between, from the last)", node["scores"] ?? b)
            }
            scoring = .breaks(breaks, scores: try ss.map { try score($0, name) })
        default:
            throw fail("resistance factor '\(name)' is scored by 'classes' (a table) or by 'breaks' with 'scores'", node)
        }
        return Project.Resistance.Factor(name: name, input: input, scoring: scoring, line: node.line)
    }

    func score(_ node: YAMLNode, _ name: String) throws -> Double {
        guard let v = DecimalText.value(node.text ?? ""), v.isFinite, v >= 0, v <= Project.Limits.resistance else {
            throw fail("resistance factor '\(name)': a score is a number from 0 to 1e12, got '\(node.flowText)'", node)
        }
        return v
    }

    /// `{ layer: ROLE }`, `{ source: FILE, where: … }` or `{ raster: FILE, classes: [..] }`.
    func target(_ node: YAMLNode, layers: [Project.Layer], what: String) throws -> Project.Resistance.Target {
        if let l = try text(node["layer"], "\(what) 'layer'") {
            guard Project(path: path, layers: layers).layer(named: l) != nil else {
                throw fail("\(what) names layer '\(l)', which the project does not have", node["layer"])
            }
            return .layer(l)
        }
        if let s = node["source"], !s.isNull {
            return .source(LayerRequest(source: try resolved(s, "\(what) 'source'"), layer: nil, whereClause: try text(node["where"], "'where'")))
        }
        if let r = node["raster"], !r.isNull {
            guard let cs = node["classes"]?.items, !cs.isEmpty else { throw fail("\(what): a raster target lists its 'classes', e.g. [5]", node) }
            let classes = try cs.map { c -> Int in
                guard let v = DecimalText.integer(c.text ?? "") else { throw fail("\(what): '\(c.flowText)' is not a class", c) }
                return v
            }
            return .rasterClasses(path: try resolved(r, "\(what) 'raster'"), classes: classes)
        }
        throw fail("\(what) names a 'layer' (a role of the project), a 'source' (a vector file) or a 'raster' with 'classes'", node)
    }
}
