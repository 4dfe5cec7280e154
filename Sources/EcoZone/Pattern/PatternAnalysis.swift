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
    /// Every link rule, checked ("link rule not met" lists each rule's `not_linked` elements).
    public var linkRules: [LinkRuleResult]
    /// Short form only: barriers linked to no belt (its default rule); absent from the JSON otherwise.
    public var barriersWithoutBelt: [String]?
    /// Short form only: barriers whose component holds no belt.
    public var barriersCutOff: [String]?

    enum CodingKeys: String, CodingKey {
        case edges, components, isolated
        case linkRules = "link_rules", barriersWithoutBelt = "barriers_without_belt", barriersCutOff = "barriers_cut_off"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(edges, forKey: .edges); try c.encode(components, forKey: .components); try c.encode(isolated, forKey: .isolated)
        try c.encode(linkRules, forKey: .linkRules)
        try c.encodeIfPresent(barriersWithoutBelt, forKey: .barriersWithoutBelt)
        try c.encodeIfPresent(barriersCutOff, forKey: .barriersCutOff)
    }
}

/// The settings a report was made with.
public struct PatternSettingsSummary: Sendable, Encodable {
    /// How one group's line and point features were buffered, and why that width (groups of polygons only are not listed).
    public struct Width: Sendable, Encodable {
        public var role: PatternRole
        public var kind: ElementKind
        /// Metres each side.
        public var width: Double
        /// "element" (its own `width:`), or the setting it came from: "belt-width", "corridor-width", "line-width".
        public var from: String

        enum CodingKeys: String, CodingKey { case role, kind, width = "width_m", from }
    }

    public var linkDistance: Double
    public var beltWidth: Double
    public var corridorWidth: Double
    public var lineWidth: Double
    public var widths: [Width]
    public var rankingDistance: Double
    public var rankingProbability: Double
    public var zone: Int
    public var zoneCRS: String
    public var breaks: String?

    enum CodingKeys: String, CodingKey {
        case linkDistance = "link_distance_m", beltWidth = "belt_width_m", corridorWidth = "corridor_width_m", lineWidth = "line_width_m"
        case widths, rankingDistance = "ranking_distance_m", rankingProbability = "ranking_probability"
        case zone, zoneCRS = "zone_crs", breaks
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(linkDistance, forKey: .linkDistance); try c.encode(beltWidth, forKey: .beltWidth)
        try c.encode(corridorWidth, forKey: .corridorWidth); try c.encode(lineWidth, forKey: .lineWidth); try c.encode(widths, forKey: .widths)
        try c.encode(rankingDistance, forKey: .rankingDistance)
        try c.encode(rankingProbability, forKey: .rankingProbability); try c.encode(zone, forKey: .zone)
        try c.encode(zoneCRS, forKey: .zoneCRS); try c.encode(breaks, forKey: .breaks)
    }
}

/// Everything `ecozone pattern` reports. JSON (`--json`):
/// `{"project", "label", "form", "method", "settings": {…}, "layers": […], "roles": [RoleInventory],
///   "elements": [ElementSummary], "graph": {"edges", "components", "isolated", "link_rules",
///   "barriers_without_belt", "barriers_cut_off" (short form only)}, "gaps": [PatternGap] | null,
///   "ranking": {"indices", "elements"}}`.
public struct PatternReport: Sendable, Encodable {
    public var project: String
    public var label: String?
    public var form: Project.Pattern.Form
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

    enum CodingKeys: String, CodingKey { case project, label, form, method, settings, layers, roles, elements, graph, gaps, ranking }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(project, forKey: .project); try c.encode(label, forKey: .label); try c.encode(form, forKey: .form)
        try c.encode("areas ellipsoidal on CGCS2000, lengths geodesic; buffers and distances in the Gauss–Krüger zone", forKey: .method)
        try c.encode(settings, forKey: .settings); try c.encode(layers, forKey: .layers); try c.encode(roles, forKey: .roles)
        try c.encode(elements, forKey: .elements); try c.encode(graph, forKey: .graph); try c.encode(gaps, forKey: .gaps)
        try c.encode(ranking, forKey: .ranking)
    }
}

/// `ecozone pattern`: elements, declared vs named vs found, the pattern graph and its link rules,
/// barrier cover, gaps and ranking — for whatever groups and kinds the pattern declares.
public enum PatternAnalysis {
    /// - Parameters:
    ///   - linkDistance, beltWidth: override the project's settings (m); the belt width applies to
    ///     belt groups that set no `width` of their own.
    public static func run(_ project: Project, linkDistance: Double? = nil, beltWidth: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> PatternReport {
        guard let pattern = project.pattern else {
            throw GeoKitError(.input, "the project file has no 'pattern' section", file: project.path)
        }
        guard pattern.elements.contains(where: { $0.layer != nil }) else {
            throw GeoKitError(.input, "the 'pattern' section names no barriers, belts, corridors or nodes, and no element with sources", file: project.path)
        }
        var settings = pattern.settings
        if let d = linkDistance {
            guard d.isFinite, d >= 0 else { throw GeoKitError(.input, "the link distance must be ≥ 0 m") }
            settings.linkDistance = d
        }
        if let w = beltWidth {
            guard w.isFinite, w >= 0 else { throw GeoKitError(.input, "the belt width must be ≥ 0 m") }
            settings.beltWidth = w
        }
        let set = try PatternElements.load(pattern, settings: settings)
        let graph = try PatternGraph.build(set.elements, linkDistance: settings.linkDistance, rules: pattern.links,
                                           shortForm: pattern.form == .short)
        let inventory = RoleInventory.compare(pattern, elements: set.elements)

        // Barriers (whatever their symbol) against the latest red line and protected areas.
        let barriers = set.elements.filter { $0.role.kind == .barrier }
        var redLine: PatternCoverage?, protected: PatternCoverage?
        if project.layer(.redLine) != nil || project.layer(.protectedAreas) != nil {
            let layers = try ProjectLayers(project, workers: workers)
            if project.layer(.redLine) != nil {
                redLine = try PatternCoverage.measure(barriers, against: try layers.overlay(Role.redLine), role: Role.redLine.rawValue, workers: workers)
            }
            if project.layer(.protectedAreas) != nil {
                protected = try PatternCoverage.measure(barriers, against: try layers.overlay(Role.protectedAreas),
                                                        role: Role.protectedAreas.rawValue, workers: workers)
            }
        }
        let gaps = try settings.breaks.map { try PatternGaps.find(set.elements, breaks: $0, zone: set.zone) }
        let ranking = try PatternRanking.rank(set.elements, graph: graph, distance: settings.effectiveRankingDistance,
                                              probability: settings.rankingProbability)

        let summaries = set.elements.map { e in
            ElementSummary(id: e.id, role: e.role, name: e.name, shape: e.shape, features: e.fids.count, area: e.area, length: e.length,
                           footprintArea: e.footprintArea, bufferWidth: e.bufferWidth, degree: graph.degree[e.id] ?? 0,
                           component: graph.componentOf[e.id] ?? 0,
                           shareInRedLine: e.role.kind == .barrier ? redLine?.share(e.id) : nil,
                           shareInProtectedAreas: e.role.kind == .barrier ? protected?.share(e.id) : nil, point: e.point)
        }
        // The widths that made footprints: groups with line or point features.
        let buffered = Set(set.elements.filter { $0.shape != .polygon }.map(\.role))
        let widths = pattern.elements.filter { buffered.contains($0.role) }.map { e in
            PatternSettingsSummary.Width(role: e.role, kind: e.role.kind, width: e.width ?? settings.width(for: e.role.kind),
                                         from: e.width != nil ? "element" : e.role.kind == .belt ? "belt-width"
                                             : e.role.kind == .corridor ? "corridor-width" : "line-width")
        }
        return PatternReport(project: project.path, label: pattern.label, form: pattern.form,
                             settings: PatternSettingsSummary(linkDistance: settings.linkDistance, beltWidth: settings.beltWidth,
                                                              corridorWidth: settings.corridorWidth, lineWidth: settings.lineWidth,
                                                              widths: widths, rankingDistance: settings.effectiveRankingDistance,
                                                              rankingProbability: settings.rankingProbability, zone: set.zone.zone,
                                                              zoneCRS: "EPSG:\(set.zone.epsg)", breaks: settings.breaks?.request.source),
                             layers: set.layers, roles: inventory, elements: summaries,
                             graph: GraphSummary(edges: graph.edges, components: graph.components, isolated: graph.isolated,
                                                 linkRules: graph.linkRules, barriersWithoutBelt: graph.barriersWithoutBelt,
                                                 barriersCutOff: graph.barriersCutOff),
                             gaps: gaps, ranking: ranking, geometry: set)
    }
}
