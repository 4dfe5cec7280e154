import Foundation
import GeoKit

extension Project {
    /// A layer the project makes from another (`derived:`): today a buffer, metres on the ground
    /// (``LayerBuffer``), e.g. the riverside belt "平缓处河岸1000米左右":
    ///
    /// ```yaml
    /// derived:
    ///   yangtze-belt: { buffer: rivers, where: "NAME = '长江'", distance: 1000, dissolve: true }
    /// ```
    ///
    /// It is a layer like any other, named by its key (`tabulate --by yangtze-belt`, `--against
    /// yangtze-belt`, a claim's `layer:`), and a pattern element or break layer takes it as
    /// `source: derived:yangtze-belt`. A layer store builds it once, when first asked.
    public struct DerivedLayer: Sendable, Hashable {
        public var name: String
        /// The layer buffered: a layer's name, a pattern element's key, or an earlier derived layer.
        public var base: String
        /// OGR SQL filter on the base layer's features.
        public var whereClause: String?
        /// Metres on the ground each side.
        public var distance: Double
        public var dissolve: Bool
        public var line: Int

        public init(name: String, base: String, whereClause: String? = nil, distance: Double, dissolve: Bool = false, line: Int = 0) {
            self.name = name; self.base = base; self.whereClause = whereClause; self.distance = distance; self.dissolve = dissolve
            self.line = line
        }
    }

    /// The source string a derived layer is read by: "derived:NAME".
    public static let derivedScheme = "derived:"

    /// The derived layer a source string names ("derived:NAME" → NAME), else nil.
    public static func derivedName(_ source: String) -> String? {
        source.hasPrefix(derivedScheme) ? String(source.dropFirst(derivedScheme.count)) : nil
    }

    /// The derived layer named `name`, if any.
    public func derivedLayer(named name: String) -> DerivedLayer? { derived.first { $0.name == name } }
}

extension ProjectReader {
    static let derivedKeys = ["buffer", "where", "distance", "dissolve", "label"]

    /// `derived:` — each entry a layer made from another; checked against the layers read so far
    /// (`known`: every layer's and pattern element's name) and each other, in file order.
    mutating func derivedLayers(_ node: YAMLNode, known: Set<String>) throws -> [Project.DerivedLayer] {
        guard let pairs = node.pairs else { throw fail("'derived' must be a mapping of name: { buffer: LAYER, distance: METRES }", node) }
        var names = known
        var out: [Project.DerivedLayer] = []
        for pair in pairs {
            let context = "derived layer '\(pair.name)'"
            guard pair.value.pairs != nil else { throw fail("\(context) must be a mapping such as { buffer: rivers, distance: 1000 }", pair.value) }
            _ = self.pairs(pair.value, context, known: Self.derivedKeys)
            guard !known.contains(pair.name) else { throw fail("\(context) has the name of a layer of the project; give it its own", pair.key) }
            guard let baseNode = pair.value["buffer"], let base = try text(baseNode, "\(context): 'buffer'") else {
                throw fail("\(context) has no 'buffer' (the layer it buffers)", pair.value)
            }
            guard names.contains(base) else {
                throw fail("\(context) buffers '\(base)', which is no layer of the project (layers: \(names.sorted().joined(separator: ", ")))", baseNode)
            }
            guard let d = pair.value["distance"], !d.isNull else { throw fail("\(context) has no 'distance' (metres on the ground)", pair.value) }
            let distance = try metres(d, "\(context): 'distance'")
            guard distance > 0 else { throw fail("\(context): 'distance' must be more than 0 m", d) }
            let dissolve = try pair.value["dissolve"].flatMap { try boolean($0, "\(context): 'dissolve'") } ?? false
            out.append(Project.DerivedLayer(name: pair.name, base: base, whereClause: try text(pair.value["where"], "\(context): 'where'"),
                                            distance: distance, dissolve: dissolve, line: pair.key.line))
            if let l = try label(pair.value, context) { labels[pair.name] = l }
            names.insert(pair.name)
        }
        return out
    }
}
