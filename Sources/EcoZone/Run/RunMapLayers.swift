import Foundation
import GeoKit

/// The layers of a run's interactive map, built from the GeoJSON the run wrote (`geojson/`: every
/// layer of the project and every result with its attributes) and from the security pattern (each
/// group with its footprints, and the graph's links): each feature measured — ellipsoidal area on
/// CGCS2000 for polygons, geodesic length for lines, on the geometry as written — and encoded by
/// ``InteractiveMapEncoder``.
struct RunMapLayers {
    /// Each layer's JSON, in drawing order.
    var layers: [String] = []
    /// Per project layer of at most ``featureTableLimit`` features: each feature as its popup shows it.
    var measures: [String: [MeasuredFeature]] = [:]
    /// The least-cost paths between cores, by the cores' names, for drawing pattern links along them.
    var corridorPaths: [CorridorPathLine] = []
    /// Layers drawn coarser than the data, or with features too small to draw.
    var notes: [String] = []

    /// Layers of at most this many features get a table of their features (when they have no grouping field).
    static let featureTableLimit = 60

    /// The run's result files other than layers, by file name: their name among the run's map layers.
    static let resultFiles = ["corridor_paths": "corridor_paths", "corridors": "corridor_polygons",
                              "pinch_points": "pinch_points", "barriers": "barrier_patches"]

    static func build(_ v: RunReportView, folder: String) throws -> RunMapLayers {
        let r = v.results, t = v.text
        var out = RunMapLayers()
        var pending: [(layer: InteractiveLayer, parts: [InteractiveMapEncoder.Parts])] = []
        let gcj02 = r.basemap?.gcj02 ?? false
        let context = GeometryContext()
        for file in r.outputs where file.hasPrefix("geojson/") && file.hasSuffix(".geojson") && !file.dropFirst(8).contains("/") {
            let stem = String(file.dropFirst(8).dropLast(8))
            let summary = r.layers.first { RunTables.slug($0.role) == stem }
            let name: String
            if let summary { name = summary.role }
            else if let result = resultFiles[stem] { name = result }
            else if stem.hasPrefix("conflicts_") { name = "conflicts" }
            else { continue }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file).path
            let loaded = try LoadedLayer.load(LayerRequest(source: path))
            let fields = loaded.fields.map(\.name)
            var features: [InteractiveFeature] = []
            var parts: [InteractiveMapEncoder.Parts] = []
            var measured: [MeasuredFeature] = []
            var polygonal = false, lineal = false
            let fromIndex = fields.firstIndex(of: "from_name"), toIndex = fields.firstIndex(of: "to_name")
            for f in loaded.features {
                guard let wkb = f.wkb else { continue }
                let g = try Geometry(wkb: wkb, context: context)
                var measure: String?
                let area = g.kind.isPolygonal || g.kind == .collection ? try g.geodesicArea() : 0
                if area > 0 {
                    measure = NumberText.fixed(area / 1e6, 4, minus: "-"); polygonal = true
                } else {
                    let length = try g.geodesicLength()
                    if length > 0 { measure = NumberText.fixed(length / 1000, 3, minus: "-"); lineal = true }
                }
                let values = f.values.map(Self.display)
                features.append(InteractiveFeature(wkb: wkb, values: values, measure: measure))
                parts.append(try InteractiveMapEncoder.parts(wkb, context: context, gcj02: gcj02))
                if summary != nil { measured.append(MeasuredFeature(number: features.count, fields: fields, values: values, measure: measure)) }
                if name == "corridor_paths", let a = fromIndex, let b = toIndex, let from = values[a], let to = values[b] {
                    out.corridorPaths.append(CorridorPathLine(from: from, to: to, wkb: wkb))
                }
            }
            if let summary, measured.count <= featureTableLimit { out.measures[summary.role] = measured }
            let against = stem.hasPrefix("conflicts_projects_") ? String(stem.dropFirst("conflicts_projects_".count)) : nil
            let title = against.map { slug in t(.layerConflictsWith, t.layerName(r.layers.first { RunTables.slug($0.role) == slug }?.role ?? slug)) }
                ?? t.layerName(name)
            let roles = summary?.fieldRoles ?? [:]
            let ordered = r.classOrders[name]
            let nameField = roles[Project.FieldRole.name.rawValue]
            let style = v.style(layer: name, features: r.map[name] ?? [])
            let categoryField = style.categorical ? (ordered?.field ?? nameField).flatMap { fields.firstIndex(of: $0) } : nil
            let labels = fields.map { field in
                Self.resultFieldLabels[field].map { t[$0] }
                    ?? roles.first { $0.value == field }.flatMap { Project.FieldRole(rawValue: $0.key) }.map { "\(t.fieldRole($0)) (\(field))" }
                    ?? field
            }
            let layer = InteractiveLayer(
                id: against.map { "conflicts-" + $0 } ?? name, title: title, style: style, visible: Self.visible(name, baseRole: summary?.baseRole),
                z: Self.z(name, baseRole: summary?.baseRole, latest: summary?.latest ?? true), fields: fields, fieldLabels: labels,
                labelField: nameField.flatMap { fields.firstIndex(of: $0) }, categoryField: categoryField,
                measure: polygonal ? .area : lineal ? .length : nil, features: features)
            pending.append((layer, parts))
        }
        if let p = r.pattern { pending += try patternLayers(p, text: t, corridorPaths: out.corridorPaths, gcj02: gcj02) }

        // Drawing order: by z, then as listed.
        for (layer, parts) in pending.enumerated().sorted(by: { ($0.element.layer.z, $0.offset) < ($1.element.layer.z, $1.offset) }).map(\.element) {
            let encoded = InteractiveMapEncoder.encode(layer, parts: parts, text: t)
            out.layers.append(encoded.json)
            if encoded.quantum > InteractiveMapEncoder.baseQuantum || encoded.vanished > 0 {
                out.notes.append(t(.mapSimplifiedNote, layer.title, t.number(encoded.quantum * 111_320, 0), encoded.vanished))
            }
        }
        return out
    }

    /// A field value as a popup shows it: reals to 6 significant digits.
    static func display(_ v: FieldValue) -> String? {
        switch v {
        case .null: return nil
        case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.6g", d)
        default: return v.description
        }
    }

    /// Labels of the fields the run's result files carry.
    static let resultFieldLabels: [String: ReportText.Key] = [
        "id": .fieldID, "area_km2": .fieldAreaKm2, "max_current": .fieldMaxCurrent, "max_score": .fieldMaxScore,
        "from_id": .fieldFromID, "to_id": .fieldToID, "from_name": .colFrom, "to_name": .colTo, "cost_dist": .colCostDistance,
        "cutoff": .fieldCutoff, "euclid_m": .fieldEuclideanM, "length_m": .fieldLengthM, "cost_len": .colCostPerLength,
        "eff_resist": .colEffectiveResistance,
    ]

    /// Which layers show when the page opens: the plan's frame and protected land, and the corridor results.
    static func visible(_ name: String, baseRole: Role?) -> Bool {
        switch baseRole {
        case .boundary?, .towns?, .protectedAreas?, .projects?: return true
        case .redLine?: return baseRole?.rawValue == name
        case nil: return ["pinch_points", "barrier_patches", "corridor_paths"].contains(name)
        default: return false
        }
    }

    /// 0 area fills, 1 protected land and projects, 2 lines, 3 points and small patches, 4 outlines.
    static func z(_ name: String, baseRole: Role?, latest: Bool) -> Int {
        switch baseRole {
        case .boundary?, .towns?: return 4
        case .redLine?: return latest ? 1 : 0
        case .protectedAreas?, .projects?: return 1
        case nil:
            switch name {
            case "corridor_paths": return 2
            case "pinch_points", "barrier_patches": return 3
            case "conflicts": return 1
            default: return 0
            }
        default: return 0
        }
    }

    /// Each group of the pattern (its footprints under it), and the graph's links.
    static func patternLayers(_ p: PatternReport, text t: ReportText, corridorPaths: [CorridorPathLine], gcj02: Bool)
        throws -> [(layer: InteractiveLayer, parts: [InteractiveMapEncoder.Parts])] {
        let context = GeometryContext()
        var out: [(layer: InteractiveLayer, parts: [InteractiveMapEncoder.Parts])] = []
        let summaries = Dictionary(p.elements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ranks = Dictionary(p.ranking.elements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = try RunReport.patternGroups(p)
        for (i, g) in groups.enumerated() {
            let members = p.geometry.elements.filter { $0.role == g.role }
            let style = RunReport.style(for: g.role, index: i)
            let title = t.patternRole(g.role)
            if !g.footprints.isEmpty {
                let buffered = members.filter { $0.bufferWidth > 0 && !$0.footprint.isEmpty }
                let features = zip(buffered, g.footprints).map { e, f in
                    InteractiveFeature(wkb: f.wkb, values: [e.name, t.number(e.bufferWidth, 0)], measure: NumberText.fixed(e.footprintArea.squareKilometres, 4, minus: "-"))
                }
                out.append((InteractiveLayer(id: "pattern-footprint-" + g.role.rawValue, title: t(.footprintOf, title), style: RunReport.footprintStyle(style),
                                             visible: false, z: 0, fields: ["name", "buffer"], fieldLabels: [t[.colName], t[.colBufferM]], labelField: 0,
                                             measure: .area, features: features),
                            try features.map { try InteractiveMapEncoder.parts($0.wkb, context: context, gcj02: gcj02) }))
            }
            let features = members.map { e -> InteractiveFeature in
                let s = summaries[e.id], k = ranks[e.id]
                let values: [String?] = [e.name, title, t.shape(e.shape.rawValue), s.map { String($0.degree) }, k.map { t.number($0.dPC, 2) },
                                         k.map { t.number($0.dIIC, 2) }, k.map { String($0.rankInRole) },
                                         e.bufferWidth > 0 ? t.number(e.footprintArea.squareKilometres, 4) : nil,
                                         s?.shareInRedLine.map { t.percent($0, 1) }, s?.shareInProtectedAreas.map { t.percent($0, 1) }]
                let measure = e.area.map { NumberText.fixed($0.squareKilometres, 4, minus: "-") } ?? e.length.map { NumberText.fixed($0 / 1000, 3, minus: "-") }
                return InteractiveFeature(wkb: e.geographic, values: values, measure: measure)
            }
            let polygonal = members.contains { $0.area != nil }
            out.append((InteractiveLayer(id: "pattern-" + g.role.rawValue, title: title, style: style, visible: false,
                                         z: members.contains { $0.shape == .polygon || $0.shape == .mixed } ? 1 : members.allSatisfy { $0.shape == .point } ? 3 : 2,
                                         fields: ["name", "group", "shape", "links", "dPC", "dIIC", "rank", "footprint", "red-line", "protected"],
                                         fieldLabels: [t[.colName], t[.colGroup], t[.colShape], t[.colLinks], "dPC (%)", "dIIC (%)", t[.colRank],
                                                       t[.colFootprintKm2], t[.colInRedLine], t[.colInProtected]],
                                         labelField: 0, measure: polygonal ? .area : .length, features: features),
                        try features.map { try InteractiveMapEncoder.parts($0.wkb, context: context, gcj02: gcj02) }))
        }
        let links = try PatternLinkDrawing.lines(p, corridorPaths: corridorPaths)
        if !links.isEmpty {
            let names = Dictionary(p.elements.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let features = try links.map { l in
                InteractiveFeature(wkb: try l.drawn(in: context), values: [names[l.edge.from] ?? l.edge.from, names[l.edge.to] ?? l.edge.to, t.nature(l.edge.nature.rawValue),
                                                        t.number(l.edge.distance, 0), t.linkDrawing(l.drawing.rawValue)], measure: nil)
            }
            out.append((InteractiveLayer(id: "pattern-links", title: t[.layerPatternLinks], style: .patternLinks, visible: false, z: 2,
                                         fields: ["from", "to", "nature", "distance", "drawn"],
                                         fieldLabels: [t[.colFrom], t[.colTo], t[.colNature], t[.colDistanceM], t[.colDrawn]], features: features),
                        try features.map { try InteractiveMapEncoder.parts($0.wkb, context: context, gcj02: gcj02) }))
        }
        return out
    }

    /// A table of a small layer's features (the red line's patches): its first fields and each
    /// feature's area as its popup on the interactive map shows it.
    static func featureTable(_ l: RunResults.LayerSummary, features: [MeasuredFeature], text t: ReportText) -> ReportTable {
        let fields = features.first?.fields ?? []
        let shown = fields.indices.filter { i in features.contains { i < $0.values.count && !($0.values[i] ?? "").isEmpty } }.prefix(3)
        let rows = features.map { f in
            [String(f.number)] + shown.map { i in i < f.values.count ? f.values[i] ?? "" : "" }
                + [f.measure.flatMap(Double.init).map { t.number($0, 4) } ?? ""]
        }
        return ReportTable(caption: t(.featureTableCaption, t.layerName(l.role)), headers: ["#"] + shown.map { fields[$0] } + [t[.colAreaKm2]],
                           rows: rows, numericColumns: [0, shown.count + 1], note: t[.featureTableNote])
    }
}
