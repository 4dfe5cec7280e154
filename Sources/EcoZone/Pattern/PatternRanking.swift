import GeoKit

/// One element's importance on the pattern graph.
public struct RankedElement: Sendable, Codable, Equatable {
    public var id: String
    public var role: PatternRole
    /// The attribute: footprint area in hectares (a polygon's area, a line's or point's buffered area).
    public var attributeHectares: Double
    public var dIIC: Double
    public var dPC: Double
    /// 1 for the most important (by dPC) element of its role.
    public var rankInRole: Int

    enum CodingKeys: String, CodingKey {
        case id, role, dIIC, dPC
        case attributeHectares = "area_ha", rankInRole = "rank_in_role"
    }
}

/// dIIC and dPC of every element on the pattern graph (the connectivity engine's `nodeImportance`):
/// nodes are elements with their footprint area (ha) as attribute; two elements have a direct link
/// only where the pattern graph links them, at their edge-to-edge footprint distance (m), so that
/// IIC sees exactly the pattern graph and PC discounts the longer links.
public struct PatternRanking: Sendable, Codable {
    public var report: ConnectivityReport
    /// Elements by role, most important first.
    public var elements: [RankedElement]

    enum CodingKeys: String, CodingKey { case report = "indices", elements }

    /// - Parameters:
    ///   - distance: dispersal distance D, m; it must exceed every link's footprint distance for IIC to
    ///     see every link (IIC links d < D).
    public static func rank(_ elements: [PatternElement], graph: PatternGraph, distance: Double, probability: Double) throws -> PatternRanking {
        let index = Dictionary(uniqueKeysWithValues: elements.enumerated().map { ($1.id, $0) })
        let n = elements.count
        var matrix = [Double](repeating: .infinity, count: n * n)
        for i in 0..<n { matrix[i * n + i] = 0 }
        for e in graph.edges {
            guard let a = index[e.from], let b = index[e.to] else { continue }
            matrix[a * n + b] = e.footprintDistance
            matrix[b * n + a] = e.footprintDistance
        }
        let report: ConnectivityReport
        do {
            let network = try ConnectivityNetwork(ids: elements.map(\.id), attributes: elements.map { $0.footprintArea / 1e4 }, distances: matrix)
            report = try network.nodeImportance(with: ConnectivityParameters(distanceThreshold: distance, probabilityAtThreshold: probability))
        } catch {
            throw GeoKitError(.input, "the pattern graph cannot be ranked: \(error.description)")
        }
        var ranked: [RankedElement] = []
        for role in Set(elements.map(\.role)).sorted() {
            let rows = report.perNode.enumerated().filter { elements[$0.offset].role == role }
                .sorted { $0.element.dPC != $1.element.dPC ? $0.element.dPC > $1.element.dPC : $0.offset < $1.offset }
            for (r, row) in rows.enumerated() {
                ranked.append(RankedElement(id: row.element.id, role: role, attributeHectares: row.element.attribute,
                                            dIIC: row.element.dIIC, dPC: row.element.dPC, rankInRole: r + 1))
            }
        }
        return PatternRanking(report: report, elements: ranked)
    }
}
