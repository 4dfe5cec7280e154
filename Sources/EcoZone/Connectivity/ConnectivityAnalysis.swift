import Foundation
import GeoKit

extension ConnectivityReport {
    /// Node indices by decreasing dPC, ties in input order: the one ranking every output uses (the
    /// table, `rank_dPC` in the GeoJSON and CSV).
    public var rankingByDPC: [Int] {
        perNode.indices.sorted { perNode[$0].dPC > perNode[$1].dPC || (perNode[$0].dPC == perNode[$1].dPC && $0 < $1) }
    }

    /// Each node's rank by dPC (1 = most important), in input order.
    public var dPCRanks: [Int] {
        var rank = [Int](repeating: 0, count: perNode.count)
        for (position, index) in rankingByDPC.enumerated() { rank[index] = position + 1 }
        return rank
    }
}

/// `ecozone connectivity` in one call: the habitat nodes of one polygon layer, the landscape area,
/// and the indices with every node's importance, with where the numbers came from.
///
/// JSON (the command's `--json`): the report's keys (nodes, IIC, PC, EC_IIC, EC_PC, per_node, …)
/// plus `source`, `layer`, `layer_crs`, `node_distance`, `distance_crs`, `area_method`,
/// `point_on_surface_ids`, `repaired_fids` and `outputs`.
public struct ConnectivityAnalysis: Sendable, Encodable {
    /// Where the landscape area A_L comes from.
    public enum Landscape: Sendable {
        /// Stated, in ha.
        case hectares(Double)
        /// The area of a polygon layer, measured as the nodes are (`HabitatNodes.landscapeArea`).
        case layer(LayerRequest)
    }

    public var report: ConnectivityReport
    public var layer: LoadedLayer
    public var nodes: HabitatNodes
    /// Files written (`ConnectivityOutput.write`), set by the caller that writes them.
    public var outputs: [String] = []

    /// Reads the layer, builds its nodes by `rule` (ids from `idField`, else feature ids), and
    /// computes IIC, PC, EC and dIIC / dPC at `distance` metres with probability `probability`
    /// (`connectorFloor`: the opt-in approximation of ``ConnectivityParameters/connectorFloor``).
    ///
    /// `progress` hears the long steps: "edge distances" (edge rule), "links" and "paths from every
    /// node" (``ConnectivityNetwork/nodeImportance(with:progress:)``).
    ///
    /// - Throws: `GeoKitError`; the index computation's own errors (`ConnectivityError`) are turned
    ///   into one naming the layer.
    public static func run(_ request: LayerRequest, idField: String? = nil, rule: NodeDistanceRule = .centroid,
                           distance: Double, probability: Double = 0.5, landscape: Landscape? = nil,
                           minimumProbability: Double? = nil, connectorFloor: Double? = nil,
                           progress: ProgressHandler? = nil) throws -> ConnectivityAnalysis {
        let layer = try LoadedLayer.load(request)
        let nodes = try HabitatNodes.load(layer, idField: idField, rule: rule, progress: progress)
        let landscapeHectares: Double?
        switch landscape {
        case .hectares(let ha): landscapeHectares = ha
        case .layer(let r): landscapeHectares = try HabitatNodes.landscapeArea(of: try LoadedLayer.load(r))
        case nil: landscapeHectares = nil
        }
        let parameters = ConnectivityParameters(distanceThreshold: distance, probabilityAtThreshold: probability,
                                                landscapeAttribute: landscapeHectares, minimumProbability: minimumProbability,
                                                connectorFloor: connectorFloor)
        do {
            let report = try nodes.network().nodeImportance(with: parameters, progress: progress)
            return ConnectivityAnalysis(report: report, layer: layer, nodes: nodes)
        } catch {
            throw GeoKitError(.input, error.description, file: layer.request.source, layer: layer.layerName)
        }
    }

    /// How node areas were measured: "ellipsoidal (geodesic on CGCS2000)" or "planar in EPSG:…".
    public var areaMethod: String {
        nodes.areasAreEllipsoidal ? "ellipsoidal (geodesic on CGCS2000)" : "planar in \(nodes.distanceCRS)"
    }

    enum Keys: String, CodingKey {
        case source, layer, crs = "layer_crs", nodeDistance = "node_distance", distanceCRS = "distance_crs"
        case areaMethod = "area_method", pointOnSurface = "point_on_surface_ids", repaired = "repaired_fids"
        case outputs
    }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(layer.request.source, forKey: .source)
        try c.encode(layer.layerName, forKey: .layer)
        try c.encode(layer.crs.description, forKey: .crs)
        try c.encode(nodes.rule, forKey: .nodeDistance)
        try c.encode(nodes.distanceCRS, forKey: .distanceCRS)
        try c.encode(areaMethod, forKey: .areaMethod)
        try c.encode(nodes.pointOnSurfaceNodes.map { nodes.ids[$0] }, forKey: .pointOnSurface)
        try c.encode(nodes.repairs.map(\.fid), forKey: .repaired)
        try c.encode(outputs, forKey: .outputs)
    }
}
