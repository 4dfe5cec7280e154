import Foundation

/// Landscape-level connectivity: IIC, PC and their equivalent connectivity (methods.md §1).
///
/// - `IICnum = Σ_i Σ_j a_i a_j / (1 + nl_ij)` and `PCnum = Σ_i Σ_j a_i a_j p*_ij` over ordered pairs,
///   the diagonal included; unconnected pairs add exactly 0. Unit: attribute².
/// - `EC = sqrt(num)`, in attribute units (hectares in the CLI: the equivalent connected area).
/// - `IIC = IICnum / A_L²` and `PC = PCnum / A_L²` (dimensionless, in [0, 1]) only when the landscape
///   attribute `A_L` was given; otherwise they are `nil` (JSON `null`), as Makurhini reports only the
///   numerator and EC without `LA`.
public struct ConnectivityIndices: Sendable, Codable, Equatable {
    /// The number of nodes.
    public var nodes: Int
    /// `IICnum`, in attribute².
    public var iicNumerator: Double
    /// `PCnum`, in attribute².
    public var pcNumerator: Double
    /// `IICnum / A_L²`, or `nil` without `A_L`.
    public var iic: Double?
    /// `PCnum / A_L²`, or `nil` without `A_L`.
    public var pc: Double?
    /// `EC(IIC) = sqrt(IICnum)`, in attribute units.
    public var equivalentConnectivityIIC: Double
    /// `EC(PC) = sqrt(PCnum)`, in attribute units.
    public var equivalentConnectivityPC: Double

    /// Creates indices from the two numerators and the optional landscape attribute `A_L`.
    public init(nodes: Int, iicNumerator: Double, pcNumerator: Double, landscapeAttribute: Double?) {
        self.nodes = nodes
        self.iicNumerator = iicNumerator
        self.pcNumerator = pcNumerator
        if let landscape = landscapeAttribute {
            iic = iicNumerator / (landscape * landscape)
            pc = pcNumerator / (landscape * landscape)
        } else {
            iic = nil
            pc = nil
        }
        equivalentConnectivityIIC = iicNumerator.squareRoot()
        equivalentConnectivityPC = pcNumerator.squareRoot()
    }

    enum CodingKeys: String, CodingKey {
        case nodes
        case iic = "IIC"
        case pc = "PC"
        case equivalentConnectivityIIC = "EC_IIC"
        case equivalentConnectivityPC = "EC_PC"
        case iicNumerator = "IIC_num"
        case pcNumerator = "PC_num"
    }

    /// Encodes every key, writing `null` for a missing IIC or PC so the JSON shape is stable.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(nodes, forKey: .nodes)
        try container.encode(iic, forKey: .iic)
        try container.encode(pc, forKey: .pc)
        try container.encode(equivalentConnectivityIIC, forKey: .equivalentConnectivityIIC)
        try container.encode(equivalentConnectivityPC, forKey: .equivalentConnectivityPC)
        try container.encode(iicNumerator, forKey: .iicNumerator)
        try container.encode(pcNumerator, forKey: .pcNumerator)
    }
}

extension ConnectivityNetwork {
    /// IIC, PC and EC for this network: one BFS and one O(n²) Dijkstra per node, spread over cores.
    ///
    /// Cost O(n³) for PC (complete graph) plus O(n(n + m)) for IIC; memory O(n²) only for the input
    /// matrix (and its pruned copy when `pijMin` is set).
    ///
    /// - Throws: ``ConnectivityError`` for invalid parameters, or when `A_L ≤ Σ a_i`.
    public func indices(with parameters: ConnectivityParameters) throws(ConnectivityError) -> ConnectivityIndices {
        try parameters.validate(for: self)
        let graph = PreparedGraph(network: self, parameters: parameters)
        let totals = graph.sweep(connectors: false)
        return ConnectivityIndices(
            nodes: count,
            iicNumerator: SweepTotals.numerator(attributes: attributes, others: totals.iicOthers),
            pcNumerator: SweepTotals.numerator(attributes: attributes, others: totals.pcOthers),
            landscapeAttribute: parameters.landscapeAttribute)
    }
}
