import Foundation
import GeoKit

/// Composes `report.html` from a run's results: key figures, themed maps drawn by `SVGMap`, and
/// every table, each with its method and CRS beside it. The page is self-contained (no network).
enum RunReport {
    static let areaNote = "ellipsoidal area on the CGCS2000 ellipsoid, km²"

    static func html(_ r: RunResults) -> String {
        HTMLReport.render(document(r))
    }

    static func document(_ r: RunResults) -> ReportDocument {
        var sections: [ReportSection] = []
        sections.append(overview(r))
        sections.append(layersSection(r))
        if let m = r.matrix { sections.append(protection(r, matrix: m)) }
        if !r.tabulations.isEmpty { sections.append(crossTabs(r)) }
        if let c = r.conflicts { sections.append(conflicts(r, c)) }
        if let v = r.claims { sections.append(claims(v)) }
        if let p = r.pattern { sections.append(pattern(r, p)) }
        if let c = r.corridors { sections.append(corridors(r, c)) }
        sections.append(method(r))
        let libs = LibraryVersions.all.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        return ReportDocument(title: r.projectName, subtitle: "EcoZone review of the plan's layers, figures and security pattern",
                              generated: "\(stamp) · EcoZone \(EcoZoneVersion.current) · \(libs)", sections: sections)
    }

    // MARK: maps

    /// The latest version of a role's layer, to map.
    static func layer(_ r: RunResults, _ role: Role, _ title: String, _ style: MapStyle) -> MapLayer? {
        layer(r, role.rawValue, title, style)
    }

    static func layer(_ r: RunResults, _ role: String, _ title: String, _ style: MapStyle) -> MapLayer? {
        guard let features = r.map[role], !features.isEmpty else { return nil }
        return MapLayer(title: title, style: style, features: features)
    }

    static func map(_ r: RunResults, title: String, caption: String, _ layers: [MapLayer?]) -> ReportBlock? {
        let present = layers.compactMap { $0 }
        guard !present.isEmpty, let svg = try? SVGMap.render(title: title, layers: present, extent: r.frame) else { return nil }
        return .map(svg: svg, caption: caption + " Projected for display in the CGCS2000 Gauss–Krüger zone of the map's centre.")
    }

    static func km2(_ x: Double?, _ d: Int = 2) -> String { x.map { format($0, d) } ?? "" }

    static func format(_ x: Double, _ decimals: Int) -> String { NumberText.grouped(x, decimals: decimals, minus: "−") }

    static func percent(_ x: Double, _ d: Int = 2) -> String { format(100 * x, d) + " %" }

    // MARK: sections

    static func overview(_ r: RunResults) -> ReportSection {
        func area(_ role: Role) -> Double? { r.layers.first { $0.role == role.rawValue }?.area }
        let district = area(.boundary)
        var cards: [(label: String, value: String, note: String)] = []
        if let d = district { cards.append(("District 幅员面积", km2(d) + " km²", areaNote)) }
        for (role, label) in [(Role.redLine, "Red line 生态保护红线"), (Role.protectedAreas, "Protected areas 自然保护地"),
                              (Role.soilErosion, "Soil erosion 水土流失"), (Role.rockyDesertification, "Rocky desertification 石漠化")] {
            if let a = area(role) {
                cards.append((label, km2(a) + " km²", district.map { "\(percent(a / $0)) of the district" } ?? areaNote))
            }
        }
        if let v = r.claims {
            cards.append(("Stated figures checked", "\(v.passed) pass · \(v.failed) fail", "\(v.errors) error(s), \(v.unchecked) stated only"))
        }
        if let p = r.pattern { cards.append(("Security pattern", "\(p.elements.count) elements", "\(p.graph.edges.count) links, \(p.graph.components.count) component(s)")) }
        if let c = r.conflicts { cards.append(("Projects on protected land", "\(c.inConflict) of \(c.checked)", "overlapping the red line or protected areas")) }
        var blocks: [ReportBlock] = [.keyFigures(cards)]
        if let m = map(r, title: "\(r.projectName) — overview", caption: "District, towns, restoration zones, red line, protected areas and key projects.",
                       [layer(r, Role.restorationZones, "Restoration zones 生态修复分区", .restorationZones),
                        layer(r, Role.redLine, "Red line 生态保护红线", .redLine),
                        layer(r, Role.protectedAreas, "Protected areas 自然保护地", .protectedAreas),
                        layer(r, Role.projects, "Key projects 重点工程", .projects),
                        layer(r, Role.towns, "Towns 镇街", .towns),
                        layer(r, Role.boundary, "District 行政区", .boundary)]) {
            blocks.append(m)
        }
        return ReportSection(title: "Overview 概况", blocks: blocks)
    }

    static func layersSection(_ r: RunResults) -> ReportSection {
        let rows = r.layers.map { l in
            [l.role, String(l.features), l.geometry, l.crs, l.encoding, km2(l.area), l.length.map { format($0, 2) } ?? "", l.repairs == 0 ? "" : String(l.repairs)]
        }
        var blocks: [ReportBlock] = [.table(ReportTable(
            caption: "Layers as read", headers: ["role", "features", "geometry", "CRS", "text encoding", "area (km²)", "length (km)", "repaired"],
            rows: rows, numericColumns: [1, 5, 6, 7],
            note: "Areas: \(areaNote); lengths geodesic. Invalid polygons are repaired (GEOS make-valid) before measuring; the repaired column counts them."))]
        for l in r.layers where (l.groups?.count ?? 0) > 1 {
            blocks.append(.table(ReportTable(
                caption: "\(l.role) by \(l.groupedBy ?? "")", headers: [l.groupedBy ?? "", "features", "area (km²)", "share"],
                rows: (l.groups ?? []).map { g in
                    [g.key, String(g.features), km2(g.area, 4), l.area.map { a in percent(a > 0 ? g.area / a : 0) } ?? ""]
                },
                numericColumns: [1, 2, 3], footer: [["total", String(l.features), km2(l.area, 4), "100.00 %"]], note: areaNote)))
        }
        return ReportSection(title: "Layers 图层", blocks: blocks)
    }

    static func protection(_ r: RunResults, matrix m: OverlapMatrix) -> ReportSection {
        var blocks: [ReportBlock] = []
        // Earlier versions of the red line (e.g. 2020 before its adjustment) under the current one.
        let earlier = r.layers.filter { $0.baseRole == .redLine && !$0.latest }
            .map { layer(r, $0.role, "Red line \($0.year.map(String.init) ?? "earlier") version", .generic("#ffa8a8")) }
        let versions = earlier.isEmpty ? "" : " (current and earlier versions)"
        if let map = map(r, title: "Protected land 生态保护", caption: "Red line\(versions) and protected areas.",
                         earlier + [layer(r, Role.redLine, "Red line 生态保护红线", .redLine),
                          layer(r, Role.protectedAreas, "Protected areas 自然保护地", .protectedAreas),
                          layer(r, Role.boundary, "District 行政区", .boundary)]) { blocks.append(map) }
        // Shares only in the heat table (areas would dominate its shading); columns numbered to fit.
        let rows = m.layers.indices.map { i in ["[\(i + 1)] \(m.layers[i])"] + m.layers.indices.map { j in format(100 * m.shareOfRow[i][j], 1) } }
        blocks.append(.table(ReportTable(
            caption: "Overlap matrix: % of each row's layer covered by each column's layer",
            headers: ["layer"] + m.layers.indices.map { "[\($0 + 1)]" }, rows: rows, numericColumns: Set(1...m.layers.count),
            note: "Columns [1]–[\(m.layers.count)] are the rows' layers. Each layer is dissolved first. \(areaNote); analysis CRS \(r.analysisCRS).",
            heat: true)))
        blocks.append(.table(ReportTable(
            caption: "Dissolved area of each layer", headers: ["layer", "area (km²)", "share of the district"],
            rows: m.layers.indices.map { i in
                [m.layers[i], km2(m.areas[i]), r.layers.first { $0.role == Role.boundary.rawValue }?.area.map { percent(m.areas[i] / $0) } ?? ""]
            }, numericColumns: [1, 2], note: areaNote)))
        return ReportSection(title: "Protection and overlaps 保护与叠加", blocks: blocks)
    }

    /// Grades in their natural order (SL 190 for erosion, the rocky desertification grades), other
    /// keys after them in text order, "(outside)" last.
    static func ordered(_ keys: Set<String>) -> [String] {
        let grades = ["非石漠化", "潜在", "微度", "轻度", "中度", "强烈", "极强烈", "剧烈", "重度", "极重度"]
        func rank(_ k: String) -> (Int, String) {
            if k == CrossTabulation.outsideKey { return (2, k) }
            if let i = grades.firstIndex(of: k) { return (0, String(format: "%02d", i)) }
            return (1, k)
        }
        return keys.sorted { rank($0) < rank($1) }
    }

    /// A cross-tab as a pivot of its first two dimensions (summed over any further ones), with row and
    /// column totals; the full breakdown is in the CSV.
    static func crossTabTable(_ t: CrossTabulation) -> ReportTable {
        guard t.dimensions.count >= 2 else {
            return ReportTable(caption: t.dimensions[0], headers: [t.dimensions[0], "area (km²)", "share"],
                               rows: t.rows.map { [$0.keys[0], km2($0.area, 4), percent(t.total > 0 ? $0.area / t.total : 0)] },
                               numericColumns: [1, 2], note: areaNote)
        }
        // The dimension with more keys runs down the rows, so the table stays narrow enough to read.
        let transpose = Set(t.rows.map { $0.keys[1] }).count > Set(t.rows.map { $0.keys[0] }).count
        let (rowDim, colDim) = transpose ? (1, 0) : (0, 1)
        var cells: [String: [String: Double]] = [:]
        for r in t.rows { cells[r.keys[rowDim], default: [:]][r.keys[colDim], default: 0] += r.area }
        let rowsKeys = ordered(Set(cells.keys))
        let columns = ordered(Set(t.rows.map { $0.keys[colDim] })).filter { c in cells.values.contains { ($0[c] ?? 0) >= 0.5e-6 } }
        let rows = rowsKeys.map { k in
            [k] + columns.map { c in (cells[k]?[c]).map { $0 >= 0.5e-6 ? km2($0, 3) : "" } ?? "" } + [km2(cells[k]!.values.reduce(0, +), 3)]
        }
        let footer = ["total"] + columns.map { c in km2(cells.values.reduce(0) { $0 + ($1[c] ?? 0) }, 3) } + [km2(t.total, 3)]
        let rest = t.dimensions.dropFirst(2)
        return ReportTable(
            caption: t.dimensions.joined(separator: " × "), headers: ["\(t.dimensions[rowDim]) \\ \(t.dimensions[colDim])"] + columns + ["total"],
            rows: rows, numericColumns: Set(1...(columns.count + 1)), footer: [footer],
            note: "km², \(areaNote)." + (rest.isEmpty ? "" : " Summed over \(rest.joined(separator: ", ")); the full breakdown is in tables/ (CSV).")
                + " \"(outside)\": outside the grouping layer.")
    }

    static func crossTabs(_ r: RunResults) -> ReportSection {
        var blocks: [ReportBlock] = []
        if let m = map(r, title: "Soil erosion and rocky desertification 水土流失与石漠化", caption: "Graded erosion and rocky desertification over the restoration zones.",
                       [layer(r, Role.restorationZones, "Restoration zones", .restorationZones),
                        layer(r, Role.soilErosion, "Soil erosion 水土流失", .soilErosion),
                        layer(r, Role.rockyDesertification, "Rocky desertification 石漠化", .rockyDesertification),
                        layer(r, Role.boundary, "District", .boundary)]) { blocks.append(m) }
        blocks += r.tabulations.map { .table(crossTabTable($0)) }
        return ReportSection(title: "Cross-tabulations 分区统计", blocks: blocks)
    }

    static func conflicts(_ r: RunResults, _ c: ConflictList) -> ReportSection {
        var blocks: [ReportBlock] = []
        if let m = map(r, title: "Projects on protected land 重点工程与保护冲突", caption: "Key projects; their overlaps with the red line and protected areas in dark red.",
                       [layer(r, Role.redLine, "Red line", .redLine), layer(r, Role.protectedAreas, "Protected areas", .protectedAreas),
                        layer(r, Role.projects, "Key projects", .projects), layer(r, "conflicts", "Overlap with protected land", .pinchPoints),
                        layer(r, Role.boundary, "District", .boundary)]) { blocks.append(m) }
        blocks.append(.table(ReportTable(
            caption: "\(c.inConflict) of the \(c.checked) \(c.of) overlap protected land", headers: [c.of, "against", "name", "class", "overlap (km²)", "share of the project"],
            rows: c.conflicts.map { [$0.feature, $0.against, $0.name ?? "", $0.class ?? "", km2($0.area, 6), percent($0.shareOfFeature)] },
            numericColumns: [4, 5], note: areaNote)))
        return ReportSection(title: "Conflicts 冲突", blocks: blocks)
    }

    static func claims(_ v: ValidationReport) -> ReportSection {
        func n(_ x: Double?) -> String { x.map { format($0, 2) } ?? "" }
        let rows = v.claims.map { c in
            [c.id, c.status.rawValue == "unchecked" ? "stated" : c.status.rawValue, c.statedText ?? n(c.stated), n(c.computed), c.unit ?? "", n(c.difference),
             c.relative.map { percent($0) } ?? "", c.layer ?? (c.arithmetic != nil ? "(arithmetic)" : "")]
        }
        var blocks: [ReportBlock] = [
            .keyFigures([("pass", String(v.passed), "figures that hold"), ("fail", String(v.failed), "figures that do not"),
                         ("error", String(v.errors), "could not be checked"), ("stated only", String(v.unchecked), "used by sums and ratios")]),
            .table(ReportTable(caption: "Stated figures against the geometry and each other (\(URL(fileURLWithPath: v.claimsFile).lastPathComponent))",
                               headers: ["claim", "status", "stated", "computed", "unit", "difference", "relative", "layer"],
                               rows: rows, numericColumns: [3, 5, 6], note: "Tolerance \(v.tolerance). \(areaNote).",
                               rowStatus: v.claims.map { $0.status.rawValue })),
        ]
        let arithmetic = v.claims.compactMap { c in c.arithmetic.map { "\(c.status.rawValue.uppercased().padding(toLength: 6, withPad: " ", startingAt: 0)) \(c.id): \($0)" } }
        if !arithmetic.isEmpty { blocks.append(.code(arithmetic.joined(separator: "\n"))) }
        for c in v.claims where c.status.rawValue != "pass" && c.status.rawValue != "unchecked" {
            if let text = c.text { blocks.append(.paragraph("\(c.id) — “\(text)”: \(c.message ?? c.arithmetic ?? "")")) }
        }
        return ReportSection(title: "Validation 数据核查", blocks: blocks)
    }

    static func pattern(_ r: RunResults, _ p: PatternReport) -> ReportSection {
        var blocks: [ReportBlock] = []
        let roles = p.roles.map { [$0.role.rawValue, $0.kind.rawValue, $0.labelText ?? "", $0.declared.map(String.init) ?? "",
                                   $0.named == 0 ? "" : String($0.named), String($0.found), "\($0.status)"] }
        blocks.append(.table(ReportTable(caption: "Declared, named and found (\(p.label ?? "pattern"))",
                                         headers: ["role", "kind", "label", "declared", "named", "found", "status"],
                                         rows: roles, numericColumns: [3, 4, 5])))
        let elements = Dictionary(uniqueKeysWithValues: p.elements.map { ($0.id, $0) })
        var features: [String: [MapFeature]] = [:]
        for e in p.geometry.elements {
            features[e.role.rawValue, default: []].append(MapFeature(wkb: e.geographic, label: e.name, category: nil))
        }
        var mapLayers: [MapLayer?] = [layer(r, Role.boundary, "District", .boundary)]
        // One map layer per group, styled by its kind.
        let others = ["#f08c00", "#ae3ec9", "#e64980", "#74b816"]
        for (i, role) in Set(p.geometry.elements.map(\.role)).sorted().enumerated() {
            guard let f = features[role.rawValue], !f.isEmpty else { continue }
            let style: MapStyle
            switch role.kind {
            case .barrier: style = .barriers
            case .belt: style = .belts
            case .corridor: style = .corridors
            case .node: style = .nodes
            default: style = .generic(others[i % others.count])
            }
            let title = role.kind.rawValue.prefix(1).uppercased() + role.kind.plural.dropFirst() + " \(role.symbol)"
            mapLayers.append(MapLayer(title: title, style: style, features: f))
        }
        mapLayers.append(layer(r, "pattern_links", "Links between elements", .patternLinks))
        if let m = map(r, title: "Security pattern \(p.label ?? "") 生态安全格局", caption: "Elements by role and the links of the pattern graph (touching, or through a belt's riparian buffer).", mapLayers) {
            blocks.append(m)
        }
        let g = p.graph
        blocks.append(.paragraph("\(p.elements.count) elements, \(g.edges.count) links, \(g.components.count) component(s). "
            + (g.isolated.isEmpty ? "No element is isolated. " : "Isolated: \(g.isolated.joined(separator: ", ")). ")
            + g.linkRules.map { rule in
                let what = rule.origin == .default ? "Rule \(rule.rule) (the short form's default)" : "Rule \(rule.rule)"
                return (rule.met ? "\(what): met. " : "\(what) not met by \(rule.notLinked.joined(separator: ", ")). ")
                    + (rule.cutOff.isEmpty ? "" : "Cut off from every \(rule.to.joined(separator: "/")): \(rule.cutOff.joined(separator: ", ")). ")
            }.joined()
            + (g.linkRules.isEmpty ? "The pattern declares no link rule." : "")))
        let ranked = p.ranking.elements.sorted { a, b in a.role != b.role ? a.role < b.role : a.rankInRole < b.rankInRole }
        blocks.append(.table(ReportTable(
            caption: "Importance of each element on the pattern graph",
            headers: ["element", "role", "area (ha)", "dPC (%)", "dIIC (%)", "rank", "in red line", "in protected areas"],
            rows: ranked.map { e in
                let s = elements[e.id]
                return [elements[e.id]?.name ?? e.id, e.role.rawValue, format(e.attributeHectares, 1), format(e.dPC, 2), format(e.dIIC, 2), String(e.rankInRole),
                        s?.shareInRedLine.map { percent($0, 1) } ?? "", s?.shareInProtectedAreas.map { percent($0, 1) } ?? ""]
            }, numericColumns: [2, 3, 4, 5, 6, 7],
            note: "dPC/dIIC: % loss of PC/IIC when the element is removed (Saura & Rubio 2010), on the pattern graph; attribute = footprint area.")))
        return ReportSection(title: "Security pattern 生态安全格局", blocks: blocks)
    }

    static func corridors(_ r: RunResults, _ c: CorridorSummary) -> ReportSection {
        var blocks: [ReportBlock] = []
        if let m = map(r, title: "Corridors, pinch points and barriers 廊道、夹点与障碍点", caption: "Least-cost corridors between the ranges, their centre lines, pinch points (highest current) and barriers (highest restoration gain), over the red line.",
                       [layer(r, Role.redLine, "Red line", .redLine), cores(r),
                        layer(r, "corridor_polygons", "Corridors (cut-off)", .generic("#ffd8a8")),
                        layer(r, "corridor_paths", "Least-cost paths", .corridorPaths), layer(r, "pinch_points", "Pinch points 夹点", .pinchPoints),
                        layer(r, "barrier_patches", "Barriers 障碍点", .barrierPatches), layer(r, Role.boundary, "District", .boundary)]) { blocks.append(m) }
        blocks.append(.table(ReportTable(
            caption: "Core pairs (Linkage Mapper)", headers: ["from", "to", "Euclidean (km)", "cost distance", "path (km)", "cost/length", "eff. resistance"],
            rows: c.pairs.map { [$0.fromName, $0.toName, format($0.euclidean / 1000, 3), format($0.costDistance, 1), format($0.pathLength / 1000, 3),
                                 format($0.costToLength, 3), $0.effectiveResistance.map { format($0, 1) } ?? ""] },
            numericColumns: [2, 3, 4, 5, 6],
            note: "Resistance \(c.width) × \(c.height) cells of \(format(c.cellSize, 1)) m (\(c.crs)); cost = resistance × metres; corridor cut-off \(format(c.cutoff, 1)).")))
        blocks += r.corridorTabulations.map { .table(crossTabTable($0)) }
        return ReportSection(title: "Corridors 廊道", blocks: blocks)
    }

    /// The cores of the corridor analysis: the pattern's barriers (ranges).
    static func cores(_ r: RunResults) -> MapLayer? {
        guard let p = r.pattern else { return nil }
        let features = p.geometry.elements.filter { $0.role.kind == .barrier }.map { MapFeature(wkb: $0.geographic, label: $0.name) }
        return features.isEmpty ? nil : MapLayer(title: "Cores: ranges 屏", style: .barriers, features: features)
    }

    static func method(_ r: RunResults) -> ReportSection {
        ReportSection(title: "Method and reproducibility 方法", blocks: [
            .paragraph("""
            Areas are ellipsoidal on the CGCS2000 ellipsoid (a = 6 378 137 m, 1/f = 298.257222101), the national rule: \
            Karney's geodesic polygon area for layers; overlay pieces are cut by GEOS in the analysis CRS (\(r.analysisCRS)) \
            after densifying edges along geodesics to 100 m, so pieces add up to their features. Layers in other CRSs are \
            transformed with PROJ (reported per layer in the tables). run.json lists every input with its SHA-256 checksum.
            """),
            .table(ReportTable(caption: "Steps", headers: ["step", "seconds"], rows: r.steps.map { [$0.name, format($0.seconds, 2)] },
                               numericColumns: [1])),
        ])
    }
}
