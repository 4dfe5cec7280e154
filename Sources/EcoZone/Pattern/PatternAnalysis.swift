import GeoKit

/// One element in the report.
public struct ElementSummary: Sendable, Encodable {
    public var id: String
    public var role: PatternRole
    public var name: String
    public var shape: ElementShape
    public var features: Int
    /// m² (polygons).
    public var area: Double?
    /// m (lines).
    public var length: Double?
    /// m²: the polygon, or the buffered line.
    public var footprintArea: Double
    /// m each side a line was buffered by.
    public var bufferWidth: Double
    public var degree: Int
    public var component: Int
    /// Share (0…1) inside the red line / protected areas (barriers, when the project has those layers).
    public var shareInRedLine: Double?
    public var shareInProtectedAreas: Double?
    public var point: LonLat

    enum CodingKeys: String, CodingKey {
        case id, role, name, shape, features, degree, component, point
        case area = "area_km2", length = "length_km", footprintArea = "footprint_km2", bufferWidth = "buffer_m"
        case shareInRedLine = "share_in_red_line", shareInProtectedAreas = "share_in_protected_areas"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(role, forKey: .role); try c.encode(name, forKey: .name)
        try c.encode(shape, forKey: .shape); try c.encode(features, forKey: .features)
        try c.encode(area.map { $0 / 1e6 }, forKey: .area); try c.encode(length.map { $0 / 1e3 }, forKey: .length)
        try c.encode(footprintArea / 1e6, forKey: .footprintArea); try c.encode(bufferWidth, forKey: .bufferWidth)
        try c.encode(degree, forKey: .degree); try c.encode(component, forKey: .component)
        try c.encode(shareInRedLine, forKey: .shareInRedLine); try c.encode(shareInProtectedAreas, forKey: .shareInProtectedAreas)
        try c.encode([point.lon, point.lat], forKey: .point)
    }
}

/// The graph part of the report.
public struct GraphSummary: Sendable, Encodable {
    public var edges: [PatternEdge]
    public var components: [[String]]
    public var isolated: [String]
    public var barriersWithoutBelt: [String]
    public var barriersCutOff: [String]

    enum CodingKeys: String, CodingKey {
        case edges, components, isolated
        case barriersWithoutBelt = "barriers_without_belt", barriersCutOff = "barriers_cut_off"
    }
}

/// The settings a report was made with.
public struct PatternSettingsSummary: Sendable, Encodable {
    public var linkDistance: Double
    public var beltWidth: Double
    public var corridorWidth: Double
    public var rankingDistance: Double
    public var rankingProbability: Double
    public var zone: Int
    public var zoneCRS: String
    public var breaks: String?

    enum CodingKeys: String, CodingKey {
        case linkDistance = "link_distance_m", beltWidth = "belt_width_m", corridorWidth = "corridor_width_m"
        case rankingDistance = "ranking_distance_m", rankingProbability = "ranking_probability"
        case zone, zoneCRS = "zone_crs", breaks
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(linkDistance, forKey: .linkDistance); try c.encode(beltWidth, forKey: .beltWidth)
        try c.encode(corridorWidth, forKey: .corridorWidth); try c.encode(rankingDistance, forKey: .rankingDistance)
        try c.encode(rankingProbability, forKey: .rankingProbability); try c.encode(zone, forKey: .zone)
        try c.encode(zoneCRS, forKey: .zoneCRS); try c.encode(breaks, forKey: .breaks)
    }
}

/// Everything `ecozone pattern` reports. JSON (`--json`):
/// `{"project", "label", "method", "settings": {…}, "layers": […], "roles": [RoleInventory],
///   "elements": [ElementSummary], "graph": {"edges", "components", "isolated", "barriers_without_belt",
///   "barriers_cut_off"}, "gaps": [PatternGap] | null, "ranking": {"indices", "elements"}}`.
public struct PatternReport: Sendable, Encodable {
    public var project: String
    public var label: String?
    public var settings: PatternSettingsSummary
    public var layers: [PatternLayerInfo]
    public var roles: [RoleInventory]
    public var elements: [ElementSummary]
    public var graph: GraphSummary
    /// nil when the project names no break layer.
    public var gaps: [PatternGap]?
    public var ranking: PatternRanking
    /// The elements themselves (geometries), for GeoJSON output; not in the JSON.
    public var geometry: PatternElements

    enum CodingKeys: String, CodingKey { case project, label, method, settings, layers, roles, elements, graph, gaps, ranking }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(project, forKey: .project); try c.encode(label, forKey: .label)
        try c.encode("areas ellipsoidal on CGCS2000, lengths geodesic; buffers and distances in the Gauss–Krüger zone", forKey: .method)
        try c.encode(settings, forKey: .settings); try c.encode(layers, forKey: .layers); try c.encode(roles, forKey: .roles)
        try c.encode(elements, forKey: .elements); try c.encode(graph, forKey: .graph); try c.encode(gaps, forKey: .gaps)
        try c.encode(ranking, forKey: .ranking)
    }
}

/// `ecozone pattern`: elements, declared vs found, the pattern graph, barrier cover, gaps and ranking.
public enum PatternAnalysis {
    /// - Parameters:
    ///   - linkDistance, beltWidth: override the project's settings (m).
    public static func run(_ project: Project, linkDistance: Double? = nil, beltWidth: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> PatternReport {
        guard let pattern = project.pattern else {
            throw GeoKitError(.input, "the project file has no 'pattern' section", file: project.path)
        }
        guard !pattern.elements.isEmpty else {
            throw GeoKitError(.input, "the 'pattern' section names no barriers, belts, corridors or nodes", file: project.path)
        }
        var settings = try PatternSettings.from(pattern, projectPath: project.path)
        if let d = linkDistance {
            guard d.isFinite, d >= 0 else { throw GeoKitError(.input, "the link distance must be ≥ 0 m") }
            settings.linkDistance = d
        }
        if let w = beltWidth {
            guard w.isFinite, w >= 0 else { throw GeoKitError(.input, "the belt width must be ≥ 0 m") }
            settings.beltWidth = w
        }
        let set = try PatternElements.load(pattern, settings: settings)
        let graph = try PatternGraph.build(set.elements, linkDistance: settings.linkDistance)
        let inventory = RoleInventory.compare(label: pattern.label, specs: pattern.elements, elements: set.elements)

        let barriers = set.elements(.barriers)
        var redLine: PatternCoverage?, protected: PatternCoverage?
        if project.layer("red-line") != nil || project.layer("protected-areas") != nil {
            let layers = try ProjectLayers(project, workers: workers)
            if project.layer("red-line") != nil {
                redLine = try PatternCoverage.measure(barriers, against: try layers.overlay("red-line"), role: "red-line", workers: workers)
            }
            if project.layer("protected-areas") != nil {
                protected = try PatternCoverage.measure(barriers, against: try layers.overlay("protected-areas"), role: "protected-areas", workers: workers)
            }
        }
        let gaps = try settings.breaks.map { try PatternGaps.find(set.elements, breaks: $0, zone: set.zone) }
        let ranking = try PatternRanking.rank(set.elements, graph: graph, distance: settings.effectiveRankingDistance,
                                              probability: settings.rankingProbability)

        let summaries = set.elements.map { e in
            ElementSummary(id: e.id, role: e.role, name: e.name, shape: e.shape, features: e.fids.count, area: e.area, length: e.length,
                           footprintArea: e.footprintArea, bufferWidth: e.bufferWidth, degree: graph.degree[e.id] ?? 0,
                           component: graph.componentOf[e.id] ?? 0,
                           shareInRedLine: e.role == .barriers ? redLine?.share(e.id) : nil,
                           shareInProtectedAreas: e.role == .barriers ? protected?.share(e.id) : nil, point: e.point)
        }
        return PatternReport(project: project.path, label: pattern.label,
                             settings: PatternSettingsSummary(linkDistance: settings.linkDistance, beltWidth: settings.beltWidth,
                                                              corridorWidth: settings.corridorWidth,
                                                              rankingDistance: settings.effectiveRankingDistance,
                                                              rankingProbability: settings.rankingProbability, zone: set.zone.zone,
                                                              zoneCRS: "EPSG:\(set.zone.epsg)", breaks: settings.breaks?.request.source),
                             layers: set.layers, roles: inventory, elements: summaries,
                             graph: GraphSummary(edges: graph.edges, components: graph.components, isolated: graph.isolated,
                                                 barriersWithoutBelt: graph.barriersWithoutBelt, barriersCutOff: graph.barriersCutOff),
                             gaps: gaps, ranking: ranking, geometry: set)
    }
}
