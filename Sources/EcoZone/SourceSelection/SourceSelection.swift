import Foundation
import GeoKit

/// How ecological sources (生态源地) are chosen from a land cover: MSPA cores of at least a minimum
/// area are the candidates, ranked by dPC, and kept by a rule.
public struct SourceSelectionOptions: Sendable {
    public enum NodeDistance: String, Sendable, Codable, CaseIterable {
        /// Edge to edge (GEOS `distance` between the patches, metres of the raster's CRS).
        case edge
        /// Between the patches' centroids.
        case centroid
    }

    public var mspa: MSPAOptions
    /// Candidates: core patches of at least this area (ha, ellipsoidal).
    public var minimumHectares: Double
    /// The dispersal distance D (m) and the probability P at D of the PC model.
    public var distance: Double
    public var probability: Double
    public var nodeDistance: NodeDistance
    /// The keep rule: every condition given must hold. `top`: the first N by dPC among the candidates
    /// meeting the others; `minimumDPC`: dPC ≥ x %; `keepHectares`: area ≥ y ha.
    public var top: Int?
    public var minimumDPC: Double?
    public var keepHectares: Double?

    public init(mspa: MSPAOptions, minimumHectares: Double = 1, distance: Double, probability: Double = 0.5,
                nodeDistance: NodeDistance = .edge, top: Int? = nil, minimumDPC: Double? = nil, keepHectares: Double? = nil) {
        self.mspa = mspa
        self.minimumHectares = minimumHectares
        self.distance = distance
        self.probability = probability
        self.nodeDistance = nodeDistance
        self.top = top
        self.minimumDPC = minimumDPC
        self.keepHectares = keepHectares
    }

    public func check() throws {
        try mspa.check()
        guard minimumHectares.isFinite, minimumHectares >= 0 else { throw GeoKitError(.input, "the minimum core area is a number of hectares ≥ 0, not \(minimumHectares)") }
        guard distance.isFinite, distance > 0 else { throw GeoKitError(.input, "the dispersal distance is a number of metres > 0, not \(distance)") }
        guard probability > 0, probability < 1 else { throw GeoKitError(.input, "the dispersal probability at the distance lies between 0 and 1, not \(probability)") }
        if let top { guard top >= 1 else { throw GeoKitError(.input, "top N keeps at least 1 source, not \(top)") } }
        if let m = minimumDPC { guard m.isFinite, m >= 0 else { throw GeoKitError(.input, "the minimum dPC is a percentage ≥ 0, not \(m)") } }
        if let k = keepHectares { guard k.isFinite, k >= 0 else { throw GeoKitError(.input, "the minimum source area is a number of hectares ≥ 0, not \(k)") } }
    }

    /// The rule in words: "top 10; dPC ≥ 1 %; area ≥ 100 ha", or "every candidate".
    public var ruleText: String {
        var parts: [String] = []
        if let top { parts.append("top \(top) by dPC") }
        if let m = minimumDPC { parts.append("dPC ≥ \(NumberText.plain(m)) %") }
        if let k = keepHectares { parts.append("area ≥ \(NumberText.plain(k)) ha") }
        return parts.isEmpty ? "every candidate" : parts.joined(separator: "; ")
    }
}

/// One candidate source and what the rule made of it.
public struct SourceCandidate: Sendable, Encodable {
    /// The core patch's id (its label in the MSPA cores, 1, 2, … in raster order).
    public var id: Int
    public var cells: Int
    public var hectares: Double
    public var dPC: Double
    public var dPCIntra: Double
    public var dPCFlux: Double
    public var dPCConnector: Double
    /// 1 = highest dPC.
    public var rank: Int
    public var kept: Bool
    /// "kept", or why not.
    public var reason: String

    enum CodingKeys: String, CodingKey {
        case id, cells, rank, kept, reason, dPC
        case hectares = "area_ha", dPCIntra = "dPC_intra", dPCFlux = "dPC_flux", dPCConnector = "dPC_connector"
    }
}

/// What ``SourceSelection/run(landcover:options:)`` found.
public struct SourceSelectionReport: Sendable, Encodable {
    public var landcover: String
    public var mspa: MSPAReport
    public var minimumHectares: Double
    public var distance: Double
    public var probability: Double
    public var nodeDistance: SourceSelectionOptions.NodeDistance
    public var rule: String
    /// Core patches below the minimum area: how many, and their area.
    public var smallPatches: Int
    public var smallHectares: Double
    public var pc: Double?
    public var equivalentConnectivity: Double?
    public var candidates: [SourceCandidate]

    enum CodingKeys: String, CodingKey {
        case landcover, mspa, distance, probability, rule, candidates, pc = "PC_num"
        case minimumHectares = "min_area_ha", nodeDistance = "node_distance", smallPatches = "small_patches"
        case smallHectares = "small_area_ha", equivalentConnectivity = "EC_PC_ha"
    }

    public var kept: [SourceCandidate] { candidates.filter(\.kept) }
}

/// Ecological sources from a land cover, the first link of the 源地 → 阻力面 → 廊道 chain:
///
/// 1. MSPA of the foreground classes (``MSPAAnalysis``);
/// 2. its core patches (``CorePatches``) of at least `minimumHectares` (ellipsoidal) are the candidates;
/// 3. their dPC (Saura & Rubio 2010) by the connectivity engine (``ConnectivityNetwork``,
///    `nodeImportance`): attributes their areas in ha, distances edge to edge (or between centroids)
///    in metres of the raster's projected CRS, p_ij = exp(−k·d_ij) with P at D;
/// 4. the keep rule (top N, dPC ≥ x %, area ≥ y ha; each given condition must hold), every candidate
///    kept or told why not.
public enum SourceSelection {
    public static func run(landcover path: String, options: SourceSelectionOptions) throws
        -> (report: SourceSelectionReport, patches: CorePatches, segmentation: MSPASegmentation) {
        try options.check()
        let info = try RasterIO.info(path, band: options.mspa.band)
        guard let crs = info.crs, crs.isProjected else {
            throw GeoKitError(.input, "sources need a land cover in a projected CRS (distances in metres); warp it first (gdalwarp -t_srs EPSG:…)", file: path)
        }
        let (mspa, segmentation) = try MSPAAnalysis.run(landcover: path, options: options.mspa)
        let patches = try CorePatches.find(in: segmentation, info: info, crs: crs, minimumHectares: options.minimumHectares)
        var candidates: [SourceCandidate] = []
        var pc: Double?, ec: Double?
        if !patches.patches.isEmpty {
            let context = GeometryContext()
            let geometries = try patches.patches.map { try Geometry(wkb: $0.wkb, context: context) }
            var points: [(Double, Double)] = []
            if options.nodeDistance == .centroid {
                points = try geometries.map { g in
                    guard let e = try WKBCoordinates.summary(of: try g.centroid().wkb).envelope else {
                        throw GeoKitError(.geometry, "a core patch has no centroid", file: path)
                    }
                    return (e.minX, e.minY)
                }
            }
            var failure: Error?
            let network: ConnectivityNetwork
            do {
                network = try ConnectivityNetwork(ids: patches.patches.map { String($0.id) }, attributes: patches.patches.map(\.hectares)) { i, j in
                    if options.nodeDistance == .centroid {
                        let dx = points[i].0 - points[j].0, dy = points[i].1 - points[j].1
                        return (dx * dx + dy * dy).squareRoot()
                    }
                    do { return try geometries[i].distance(to: geometries[j]) } catch { failure = error; return 0 }
                }
            } catch { throw GeoKitError(.input, "the core patches make no connectivity network: \(error)", file: path) }
            if let failure { throw failure }
            let parameters = ConnectivityParameters(distanceThreshold: options.distance, probabilityAtThreshold: options.probability)
            let report: ConnectivityReport
            do { report = try network.nodeImportance(with: parameters) } catch {
                throw GeoKitError(.input, "dPC of the core patches: \(error)", file: path)
            }
            pc = report.indices.pcNumerator
            ec = report.indices.equivalentConnectivityPC
            let ranking = report.rankingByDPC
            var eligible = 0
            for (position, k) in ranking.enumerated() {
                let p = patches.patches[k], node = report.perNode[k]
                var reason = "kept"
                if let y = options.keepHectares, p.hectares < y {
                    reason = "area \(NumberText.fixed(p.hectares, 2)) ha < \(NumberText.plain(y)) ha"
                } else if let x = options.minimumDPC, node.dPC < x {
                    reason = "dPC \(NumberText.fixed(node.dPC, 4)) % < \(NumberText.plain(x)) %"
                } else {
                    eligible += 1
                    if let n = options.top, eligible > n { reason = "beyond the top \(n) by dPC" }
                }
                candidates.append(SourceCandidate(id: p.id, cells: p.cells, hectares: p.hectares, dPC: node.dPC, dPCIntra: node.dPCIntra,
                                                  dPCFlux: node.dPCFlux, dPCConnector: node.dPCConnector, rank: position + 1,
                                                  kept: reason == "kept", reason: reason))
            }
        }
        let report = SourceSelectionReport(landcover: path, mspa: mspa, minimumHectares: options.minimumHectares, distance: options.distance,
                                           probability: options.probability, nodeDistance: options.nodeDistance, rule: options.ruleText,
                                           smallPatches: patches.smallPatches, smallHectares: patches.smallHectares, pc: pc,
                                           equivalentConnectivity: ec, candidates: candidates)
        return (report, patches, segmentation)
    }
}
