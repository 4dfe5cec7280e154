import Foundation
import GeoKit

/// The `sources:` block (``Project/Sources``).
extension ProjectReader {
    static let sourcesKeys = ["landcover", "foreground", "connectivity", "edge-width", "transition", "intext", "band",
                              "min-area", "distance", "probability", "node-distance", "keep"]
    static let keepKeys = ["top", "min-dpc", "min-area"]

    mutating func sources(_ node: YAMLNode) throws -> Project.Sources {
        guard node.pairs != nil else { throw fail("'sources' must be a mapping with 'landcover', 'foreground' and 'distance'", node) }
        _ = pairs(node, "'sources'", known: Self.sourcesKeys)
        guard let lc = node["landcover"], !lc.isNull else { throw fail("'sources' needs 'landcover', the land-cover raster", node) }
        let landcover = try resolved(lc, "sources 'landcover'")
        guard let fgNode = node["foreground"], !fgNode.isNull else { throw fail("'sources' needs 'foreground', the habitat classes, e.g. [1]", node) }
        let fgItems = fgNode.items ?? [fgNode]
        let foreground = try fgItems.map { item -> Int in
            guard let v = DecimalText.integer(item.text ?? "") else { throw fail("sources 'foreground' lists integer classes; '\(item.flowText)' is not one", item) }
            return v
        }
        func number(_ key: String, _ what: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let n = node[key], !n.isNull else { return nil }
            guard let v = DecimalText.value(n.text ?? ""), v.isFinite, range.contains(v) else {
                throw fail("sources '\(key)' must be \(what), got '\(n.flowText)'", n)
            }
            return v
        }
        func integer(_ n: YAMLNode?, _ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let n, !n.isNull else { return nil }
            guard let v = DecimalText.integer(n.text ?? ""), range.contains(v) else {
                throw fail("sources '\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(n.flowText)'", n)
            }
            return v
        }
        let connectivity = try integer(node["connectivity"], "connectivity", 4...8) ?? 8
        guard connectivity == 4 || connectivity == 8 else { throw fail("sources 'connectivity' is 8 or 4, not \(connectivity)", node["connectivity"]) }
        let edgeWidth = try integer(node["edge-width"], "edge-width", 1...MSPAParameters.maximumEdgeWidth) ?? 1
        let transition = try node["transition"].flatMap { try boolean($0, "sources 'transition'") } ?? true
        let intext = try node["intext"].flatMap { try boolean($0, "sources 'intext'") } ?? true
        let band = try integer(node["band"], "band", 1...65_535) ?? 1
        guard let distance = try number("distance", "the dispersal distance in metres, above 0", 1e-9...1e7) else {
            throw fail("'sources' needs 'distance', the dispersal distance in metres of dPC", node)
        }
        let probability = try number("probability", "a probability between 0 and 1", 1e-12...(1 - 1e-12)) ?? 0.5
        let minimum = try number("min-area", "a number of hectares ≥ 0", 0...1e12) ?? 1
        var rule = SourceSelectionOptions.NodeDistance.edge
        if let t = try text(node["node-distance"], "sources 'node-distance'") {
            guard let r = SourceSelectionOptions.NodeDistance(rawValue: t) else {
                throw fail("sources 'node-distance' is edge or centroid, not '\(t)'", node["node-distance"])
            }
            rule = r
        }
        var top: Int?, minDPC: Double?, keepArea: Double?
        if let keep = node["keep"], !keep.isNull {
            guard keep.pairs != nil else { throw fail("sources 'keep' is a mapping: { top: N, min-dpc: %, min-area: ha }", keep) }
            _ = pairs(keep, "sources 'keep'", known: Self.keepKeys)
            top = try integer(keep["top"], "keep top", 1...1_000_000)
            if let n = keep["min-dpc"], !n.isNull {
                guard let v = DecimalText.value(n.text ?? ""), v.isFinite, v >= 0 else { throw fail("sources keep 'min-dpc' is a percentage ≥ 0", n) }
                minDPC = v
            }
            if let n = keep["min-area"], !n.isNull {
                guard let v = DecimalText.value(n.text ?? ""), v.isFinite, v >= 0 else { throw fail("sources keep 'min-area' is a number of hectares ≥ 0", n) }
                keepArea = v
            }
        }
        let mspa = MSPAOptions(parameters: MSPAParameters(connectivity: connectivity, edgeWidth: edgeWidth, transition: transition, intext: intext),
                               foreground: foreground, band: band)
        return Project.Sources(landcover: landcover,
                               options: SourceSelectionOptions(mspa: mspa, minimumHectares: minimum, distance: distance, probability: probability,
                                                               nodeDistance: rule, top: top, minimumDPC: minDPC, keepHectares: keepArea),
                               line: node.line)
    }
}
