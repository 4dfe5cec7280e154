import GeoKit

/// Why two elements are linked.
public enum LinkNature: String, Sendable, Codable {
    /// The elements as drawn share area (polygons) .
    case overlap
    /// The elements as drawn touch or cross (distance 0, no shared area).
    case touch
    /// The elements as drawn are apart, but within the link distance.
    case near
    /// The elements as drawn are farther apart than the link distance; the belt (or corridor) width of a
    /// line reaches across (the riverside rule).
    case riparian
}

/// A link of the pattern graph.
public struct PatternEdge: Sendable, Codable, Equatable {
    /// Element ids, `from` before `to` in element order.
    public var from: String
    public var to: String
    public var nature: LinkNature
    /// Edge-to-edge distance between the elements as drawn, m (Gauss–Krüger).
    public var distance: Double
    /// Edge-to-edge distance between their footprints (buffered belts), m: what the link distance is compared with.
    public var footprintDistance: Double

    enum CodingKeys: String, CodingKey {
        case from, to, nature
        case distance = "distance_m", footprintDistance = "footprint_distance_m"
    }
}

/// The pattern graph: elements are vertices; two are linked when their footprints touch or come
/// within the link distance (Gauss–Krüger metres).
public struct PatternGraph: Sendable {
    /// Element ids, in element order.
    public var ids: [String]
    public var roles: [PatternRole]
    public var edges: [PatternEdge]
    /// Connected components, largest first (ties: by first element), each in element order.
    public var components: [[String]]
    /// Elements with no link.
    public var isolated: [String]
    /// Each link rule of the pattern, checked.
    public var linkRules: [LinkRuleResult]
    /// Short form only (nil otherwise): barriers with no direct link to any belt — its default rule.
    public var barriersWithoutBelt: [String]?
    /// Short form only (nil otherwise): barriers whose component holds no belt, cut off from the river network.
    public var barriersCutOff: [String]?
    /// For each element, its component's index in `components`.
    public var componentOf: [String: Int]
    /// Number of links per element.
    public var degree: [String: Int]

    /// Builds the graph from the elements' footprints and checks `rules` on it; `shortForm` adds the
    /// short form's barrier → belt lists (``barriersWithoutBelt``, ``barriersCutOff``).
    public static func build(_ elements: [PatternElement], linkDistance: Double, rules: [Project.LinkRule] = [],
                             shortForm: Bool = true) throws -> PatternGraph {
        let context = GeometryContext()
        let footprints = try elements.map { try Geometry(wkb: $0.footprint, context: context) }
        let drawn = try elements.map { try Geometry(wkb: $0.projected, context: context) }
        let envelopes = footprints.map(\.envelope)
        let tolerance = 1e-6  // metres: shared vertices can come out of PROJ a few nanometres apart
        var edges: [PatternEdge] = []
        let n = elements.count
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                guard let a = envelopes[i], let b = envelopes[j] else { continue }
                let grown = Envelope(minX: a.minX - linkDistance, minY: a.minY - linkDistance,
                                     maxX: a.maxX + linkDistance, maxY: a.maxY + linkDistance)
                guard grown.intersects(b) else { continue }
                let fd = try footprints[i].distance(to: footprints[j])
                guard fd <= linkDistance + tolerance else { continue }
                let d = try drawn[i].distance(to: drawn[j])
                let nature: LinkNature
                if d <= tolerance {
                    if drawn[i].kind.isPolygonal, drawn[j].kind.isPolygonal,
                       try drawn[i].intersection(drawn[j]).planarArea() > 1 {  // m²: more than a sliver of reprojected shared edges
                        nature = .overlap
                    } else {
                        nature = .touch
                    }
                } else if d <= linkDistance + tolerance {
                    nature = .near
                } else {
                    nature = .riparian
                }
                edges.append(PatternEdge(from: elements[i].id, to: elements[j].id, nature: nature,
                                         distance: max(0, d), footprintDistance: max(0, fd)))
            }
        }
        return assemble(ids: elements.map(\.id), roles: elements.map(\.role), edges: edges, rules: rules, shortForm: shortForm)
    }

    /// Components, isolation and link rules from a list of links.
    public static func assemble(ids: [String], roles: [PatternRole], edges: [PatternEdge], rules: [Project.LinkRule] = [],
                                shortForm: Bool = true) -> PatternGraph {
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var parent = Array(ids.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var degree = Dictionary(uniqueKeysWithValues: ids.map { ($0, 0) })
        var neighbours = [Set<Int>](repeating: [], count: ids.count)
        for e in edges {
            guard let a = index[e.from], let b = index[e.to] else { continue }
            degree[e.from, default: 0] += 1
            degree[e.to, default: 0] += 1
            neighbours[a].insert(b); neighbours[b].insert(a)
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var byRoot: [Int: [Int]] = [:]
        for i in ids.indices { byRoot[find(i), default: []].append(i) }
        let groups = byRoot.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
        var componentOf: [String: Int] = [:]
        for (c, members) in groups.enumerated() { for m in members { componentOf[ids[m]] = c } }
        /// Elements of `from` not linked to any of `to`, and those whose component holds none of `to`.
        func check(from: [PatternRole], to: [PatternRole]) -> (unlinked: [String], cutOff: [String]) {
            let members = ids.indices.filter { from.contains(roles[$0]) }
            let unlinked = members.filter { i in !neighbours[i].contains { to.contains(roles[$0]) } }
            let cutOff = members.filter { i in !groups[componentOf[ids[i]]!].contains { $0 != i && to.contains(roles[$0]) } }
            return (unlinked.map { ids[$0] }, cutOff.map { ids[$0] })
        }
        let results = rules.map { rule -> LinkRuleResult in
            let (unlinked, cutOff) = check(from: rule.from, to: rule.to)
            return LinkRuleResult(rule: rule.text, from: rule.from.map(\.rawValue), to: rule.to.map(\.rawValue), origin: rule.origin,
                                  notLinked: unlinked, cutOff: cutOff)
        }
        let legacy = shortForm ? check(from: [.barriers], to: [.belts]) : nil
        return PatternGraph(ids: ids, roles: roles, edges: edges, components: groups.map { $0.map { ids[$0] } },
                            isolated: ids.filter { degree[$0] == 0 }, linkRules: results,
                            barriersWithoutBelt: legacy?.unlinked, barriersCutOff: legacy?.cutOff,
                            componentOf: componentOf, degree: degree)
    }
}

/// A link rule checked on the pattern graph: every element of `from` must be linked directly to an
/// element of `to` (``Project/LinkRule``).
public struct LinkRuleResult: Sendable, Codable, Equatable {
    /// "屏 → 带".
    public var rule: String
    /// The groups (keys) on each side.
    public var from: [String]
    public var to: [String]
    /// `declared` under `links:`, or the short form's `default` (barriers → belts).
    public var origin: Project.LinkRule.Origin
    /// Elements of `from` linked directly to no element of `to`: the rule is not met for them.
    public var notLinked: [String]
    /// Elements of `from` whose whole component holds no element of `to`.
    public var cutOff: [String]

    /// Whether every element of `from` is linked to an element of `to`.
    public var met: Bool { notLinked.isEmpty }

    enum CodingKeys: String, CodingKey {
        case rule, from, to, origin, met
        case notLinked = "not_linked", cutOff = "cut_off"
    }

    public init(rule: String, from: [String], to: [String], origin: Project.LinkRule.Origin, notLinked: [String], cutOff: [String]) {
        self.rule = rule; self.from = from; self.to = to; self.origin = origin; self.notLinked = notLinked; self.cutOff = cutOff
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rule = try c.decode(String.self, forKey: .rule)
        from = try c.decode([String].self, forKey: .from)
        to = try c.decode([String].self, forKey: .to)
        origin = try c.decode(Project.LinkRule.Origin.self, forKey: .origin)
        notLinked = try c.decode([String].self, forKey: .notLinked)
        cutOff = try c.decode([String].self, forKey: .cutOff)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule); try c.encode(from, forKey: .from); try c.encode(to, forKey: .to)
        try c.encode(origin, forKey: .origin); try c.encode(met, forKey: .met)
        try c.encode(notLinked, forKey: .notLinked); try c.encode(cutOff, forKey: .cutOff)
    }
}
