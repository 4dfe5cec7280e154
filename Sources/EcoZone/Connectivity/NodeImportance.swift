import Foundation

/// One node's importance for connectivity: the percentage drop of IIC and PC when the node is removed,
/// split exactly into intra, flux and connector fractions (Saura & Rubio 2010; methods.md §2).
///
/// For an index with weights `w_ij` (IIC: `1/(1+nl_ij)`, PC: `p*_ij`) and numerator `num`:
/// - `intra = 100 · a_k² / num`
/// - `flux = 100 · 2 a_k Σ_{i≠k} a_i w_ik / num`
/// - `connector = 100 · Σ_{i≠k} Σ_{j≠k} a_i a_j (w_ij − w_ij^(−k)) / num`, computed directly as a sum of
///   non-negative terms (never by subtraction), so it is ≥ 0 and exactly 0 for a node that is not on
///   every optimal path of any pair.
/// - `dI = intra + flux + connector = 100 (num − num_−k) / num`.
///
/// All values are percentages of the landscape's `num` (unitless); `A_L` cancels.
public struct NodeImportance: Sendable, Codable, Equatable {
    /// The node id.
    public var id: String
    /// The node attribute `a_k` (hectares in the CLI, hence the JSON key `area_ha`).
    public var attribute: Double
    /// dIIC, % (= intra + flux + connector).
    public var dIIC: Double
    public var dIICIntra: Double
    public var dIICFlux: Double
    public var dIICConnector: Double
    /// dPC, % (= intra + flux + connector).
    public var dPC: Double
    public var dPCIntra: Double
    public var dPCFlux: Double
    public var dPCConnector: Double

    enum CodingKeys: String, CodingKey {
        case id
        case attribute = "area_ha"
        case dIIC
        case dIICIntra = "dIIC_intra"
        case dIICFlux = "dIIC_flux"
        case dIICConnector = "dIIC_connector"
        case dPC
        case dPCIntra = "dPC_intra"
        case dPCFlux = "dPC_flux"
        case dPCConnector = "dPC_connector"
    }
}

/// Landscape indices plus per-node importance, with the parameters that produced them.
///
/// JSON: `{"nodes", "IIC", "PC", "EC_IIC", "EC_PC", "IIC_num", "PC_num", "parameters": {…},
/// "pruned": Bool, "pruned_links": Int, "dPC_error_bound": Double, "per_node": [NodeImportance]}`.
/// `pruned` is true when `pijMin` was applied (Makurhini's approximation; results then differ from
/// Conefor's). `dPC_error_bound` is 0 unless a connector floor was set.
public struct ConnectivityReport: Sendable, Codable, Equatable {
    /// IIC, PC, EC and the numerators.
    public var indices: ConnectivityIndices
    /// The dispersal model used.
    public var parameters: ConnectivityParameters
    /// Whether probability pruning (`pijMin`) was on.
    public var isPruned: Bool { parameters.minimumProbability != nil }
    /// How many unordered pairs lost their direct PC link to pruning.
    public var prunedLinkCount: Int
    /// The largest error, in percentage points, that the connector floor
    /// (``ConnectivityParameters/connectorFloor``) can have caused on any node's dPC and dPC connector:
    /// `100 · Σ_{i≠j} a_i a_j min(floor, p*_ij) / PCnum`. 0 when every dPC is exact (no floor, or a
    /// network of points without pruning, whose PC connectors are 0 anyway).
    public var dPCErrorBound: Double
    /// One entry per node, in input order.
    public var perNode: [NodeImportance]

    /// Creates a report from its parts.
    public init(indices: ConnectivityIndices, parameters: ConnectivityParameters, prunedLinkCount: Int,
                dPCErrorBound: Double = 0, perNode: [NodeImportance]) {
        self.indices = indices
        self.parameters = parameters
        self.prunedLinkCount = prunedLinkCount
        self.dPCErrorBound = dPCErrorBound
        self.perNode = perNode
    }

    enum CodingKeys: String, CodingKey {
        case parameters
        case pruned
        case prunedLinkCount = "pruned_links"
        case dPCErrorBound = "dPC_error_bound"
        case perNode = "per_node"
    }

    public init(from decoder: any Decoder) throws {
        indices = try ConnectivityIndices(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try container.decode(ConnectivityParameters.self, forKey: .parameters)
        prunedLinkCount = try container.decode(Int.self, forKey: .prunedLinkCount)
        dPCErrorBound = try container.decodeIfPresent(Double.self, forKey: .dPCErrorBound) ?? 0
        perNode = try container.decode([NodeImportance].self, forKey: .perNode)
    }

    /// Encodes the indices at the top level (flat, as the JSON), then the other fields.
    public func encode(to encoder: any Encoder) throws {
        try indices.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(parameters, forKey: .parameters)
        try container.encode(isPruned, forKey: .pruned)
        try container.encode(prunedLinkCount, forKey: .prunedLinkCount)
        try container.encode(dPCErrorBound, forKey: .dPCErrorBound)
        try container.encode(perNode, forKey: .perNode)
    }
}

extension ConnectivityNetwork {
    /// IIC, PC, EC and, for every node, dIIC and dPC with their intra, flux and connector fractions.
    ///
    /// Exact (no removal loop): one search per source gives the numerators, intra and flux; per source,
    /// the dominator tree of the optimal-path graph shows which nodes lie on every optimal path to which
    /// targets, and only those (source, node) combinations are recomputed, restricted to the dominated
    /// targets (methods.md §3.2). PC searches run on the link graph without the direct links that two
    /// distinct shorter two-leg paths make redundant (`SparseLinks`), which keeps every distance with and
    /// without any one node exact. PC ties use the relative ``ConnectivityParameters/tieTolerance``; IIC
    /// ties use exact hop counts. Work is spread over cores in fixed blocks and reduced in a fixed order,
    /// so results do not depend on the number of cores.
    ///
    /// A network of points without pruning takes the metric shortcut (``ConnectivityNetwork``): no PC
    /// searches, every dPC connector 0.
    ///
    /// With a ``ConnectivityParameters/connectorFloor`` (an approximation, off by default) the PC connector
    /// searches of each source keep only the nodes with `p* ≥ floor`; the report states the largest
    /// resulting error on any dPC (``ConnectivityReport/dPCErrorBound``).
    ///
    /// `progress` hears two steps: "links" (the PC link reduction, rows of the distance matrix; not for
    /// points) and "paths from every node" (sources done).
    ///
    /// - Throws: ``ConnectivityError`` for invalid parameters, or when `A_L ≤ Σ a_i`.
    public func nodeImportance(with parameters: ConnectivityParameters,
                               progress: ProgressHandler? = nil) throws(ConnectivityError) -> ConnectivityReport {
        try parameters.validate(for: self)
        let graph = PreparedGraph(network: self, parameters: parameters, progress: progress.step("links"))
        let totals = graph.sweep(connectors: true, progress: progress.step("paths from every node"))
        let iicNum = SweepTotals.numerator(attributes: attributes, others: totals.iicOthers)
        let pcNum = SweepTotals.numerator(attributes: attributes, others: totals.pcOthers)

        var perNode: [NodeImportance] = []
        perNode.reserveCapacity(count)
        for k in 0..<count {
            let a = attributes[k]
            let iicIntra = 100 * a * a / iicNum
            let iicFlux = 100 * 2 * a * totals.iicOthers[k] / iicNum
            let iicConnector = 100 * totals.iicConnector[k] / iicNum
            let pcIntra = 100 * a * a / pcNum
            let pcFlux = 100 * 2 * a * totals.pcOthers[k] / pcNum
            let pcConnector = 100 * totals.pcConnector[k] / pcNum
            perNode.append(NodeImportance(
                id: ids[k], attribute: a,
                dIIC: iicIntra + iicFlux + iicConnector,
                dIICIntra: iicIntra, dIICFlux: iicFlux, dIICConnector: iicConnector,
                dPC: pcIntra + pcFlux + pcConnector,
                dPCIntra: pcIntra, dPCFlux: pcFlux, dPCConnector: pcConnector))
        }
        return ConnectivityReport(
            indices: ConnectivityIndices(nodes: count, iicNumerator: iicNum, pcNumerator: pcNum,
                                         landscapeAttribute: parameters.landscapeAttribute),
            parameters: parameters,
            prunedLinkCount: graph.prunedLinkCount,
            dPCErrorBound: 100 * SweepTotals.floorBudget(attributes: attributes, floorOthers: totals.pcFloorOthers) / pcNum,
            perNode: perNode)
    }
}
