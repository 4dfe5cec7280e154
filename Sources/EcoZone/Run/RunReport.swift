import Foundation
import GeoKit

/// Composes `report.html` from a run's results: key figures, an interactive map of every layer
/// (``InteractiveMap``), themed static maps drawn by `SVGMap` (for printing), and every table, each
/// with its method and CRS beside it. Every word comes from ``ReportText`` in the report's language
/// (Chinese by default); graded layers list their classes in their order (``ClassOrder``).
enum RunReport {
    /// The report of `r`. `folder`: the run's folder as being written, whose `geojson/` the
    /// interactive map is built from (nil: no interactive map, e.g. in tests of the static parts).
    static func html(_ r: RunResults, language: ReportLanguage = .zh, folder: String? = nil,
                     leaflet: LeafletAssets? = LeafletAssets.system()) throws -> String {
        HTMLReport.render(try document(r, language: language, folder: folder, leaflet: leaflet))
    }

    static func document(_ r: RunResults, language: ReportLanguage = .zh, folder: String? = nil,
                         leaflet: LeafletAssets? = nil) throws -> ReportDocument {
        let t = ReportText(language, labels: r.labels)
        let view = RunReportView(results: r, text: t)
        let interactive = try folder.map { try RunMapLayers.build(view, folder: $0) }
        var sections: [ReportSection] = []
        sections.append(overview(view, interactive: interactive, leaflet: leaflet))
        sections.append(layersSection(view, measured: interactive?.measures ?? [:]))
        if !r.rasters.isEmpty { sections.append(rasters(view)) }
        if let m = r.matrix { sections.append(protection(view, matrix: m)) }
        if !r.tabulations.isEmpty { sections.append(crossTabs(view)) }
        if let c = r.conflicts { sections.append(conflicts(view, c)) }
        if let v = r.claims { sections.append(claims(view, v)) }
        if let v = r.claims, !v.indicators.isEmpty { sections.append(indicators(view, v)) }
        if let p = r.pattern { sections.append(try pattern(view, p, corridorPaths: interactive?.corridorPaths ?? [])) }
        if let s = r.sources { sections.append(sourcesSection(view, s)) }
        if let s = r.resistance { sections.append(resistanceSection(view, s)) }
        if let c = r.corridors { sections.append(corridors(view, c)) }
        sections.append(method(view))
        let libs = LibraryVersions.all.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: " · ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        return ReportDocument(title: r.projectName, subtitle: t[.subtitle],
                              generated: "\(stamp) · EcoZone \(EcoZoneVersion.current) · \(libs)", sections: sections, language: language)
    }

    // MARK: maps

    static func map(_ v: RunReportView, title: String, caption: String, _ layers: [MapLayer?]) -> ReportBlock? {
        let present = layers.compactMap { $0 }
        guard !present.isEmpty,
              let svg = try? SVGMap.render(title: title, layers: present, extent: v.results.frame, language: v.text.language) else { return nil }
        return .map(svg: svg, caption: caption + v.text[.mapProjectionNote])
    }

    // MARK: sections

    static func overview(_ v: RunReportView, interactive: RunMapLayers?, leaflet: LeafletAssets?) -> ReportSection {
        let r = v.results, t = v.text
        let district = v.area(.boundary)
        var cards: [(label: String, value: String, note: String)] = []
        if let d = district { cards.append((t[.cardDistrict], t.km2(d), t[.areaNoteShort])) }
        for role in [Role.redLine, .protectedAreas, .soilErosion, .rockyDesertification] {
            if let a = v.area(role) {
                cards.append((t.layerName(role.rawValue), t.km2(a), district.map { t(.shareOfDistrict, t.percent(a / $0)) } ?? t[.areaNoteShort]))
            }
        }
        if let c = r.claims {
            cards.append((t[.cardClaims], t(.cardClaimsValue, c.passed, c.failed), t(.cardClaimsNote, c.errors, c.unchecked)))
        }
        if let p = r.pattern {
            cards.append((t[.cardPattern], t(.cardPatternValue, p.elements.count), t(.cardPatternNote, p.graph.edges.count, p.graph.components.count)))
        }
        if let c = r.conflicts { cards.append((t[.cardConflicts], t(.cardConflictsValue, c.inConflict, c.checked), t[.cardConflictsNote])) }
        var blocks: [ReportBlock] = [.keyFigures(cards)]
        if let interactive {
            if let leaflet {
                blocks.append(.interactiveMap(html: InteractiveMap.html(interactive.layers, frame: r.frame, basemap: r.basemap, text: t, assets: leaflet),
                                              caption: t[.interactiveCaption] + (interactive.notes.isEmpty ? "" : " " + interactive.notes.joined(separator: " "))))
            } else {
                blocks.append(.paragraph(t[.interactiveUnavailable]))
            }
        }
        // The caption names the layers drawn, as the report names them (a project's `label:` included).
        let drawn = [Role.boundary, .towns, .restorationZones, .redLine, .protectedAreas, .projects].filter { v.layer($0) != nil }
        if let m = map(v, title: t(.mapOverviewTitle, r.projectName),
                       caption: t(.mapOverviewCaption, drawn.map { t.layerName($0.rawValue) }.joined(separator: t.listSeparator)),
                       [v.layer(Role.restorationZones), v.layer(Role.redLine), v.layer(Role.protectedAreas), v.layer(Role.projects),
                        v.layer(Role.towns), v.layer(Role.boundary)]) {
            blocks.append(m)
        }
        return ReportSection(title: t[.sectionOverview], blocks: blocks)
    }

    static func layersSection(_ v: RunReportView, measured: [String: [MeasuredFeature]]) -> ReportSection {
        let r = v.results, t = v.text
        let rows = r.layers.map { l in
            [t.layerName(l.role), l.role, String(l.features), t.geometry(l.geometry), l.crs, t.encoding(l.encoding), l.area.map { t.number($0, 2) } ?? "",
             l.length.map { t.number($0, 2) } ?? "", l.repairs == 0 ? "" : String(l.repairs)]
        }
        var blocks: [ReportBlock] = [.table(ReportTable(
            caption: t[.layersCaption],
            headers: [t[.colLayer], t[.colKey], t[.colFeatures], t[.colGeometry], t[.colCRS], t[.colEncoding], t[.colAreaKm2], t[.colLengthKm], t[.colRepaired]],
            rows: rows, numericColumns: [2, 6, 7, 8], note: t[.layersNote]))]
        for l in r.layers where (l.groups?.count ?? 0) > 1 {
            let order = v.order(layer: l.role, field: l.groupedBy)
            let groups = (l.groups ?? []).sorted { a, b in order.map { $0.precedes(a.key, b.key) } ?? (a.key < b.key) }
            let field = t.field(l.groupedBy ?? "", roles: l.fieldRoles)
            blocks.append(.table(ReportTable(
                caption: t(.layerByCaption, t.layerName(l.role), field),
                headers: [field, t[.colFeatures], t[.colAreaKm2], t[.colShare]],
                rows: groups.map { g in [g.key, String(g.features), t.number(g.area, 4), l.area.map { a in t.percent(Area(g.area, .squareKilometres).fraction(of: a) ?? 0) } ?? ""] },
                numericColumns: [1, 2, 3], footer: [[t[.total], String(l.features), t.number(l.area ?? .zero, 4), t.percent(1)]],
                note: t[.areaNote] + (order.map { " " + t.orderNote($0) } ?? ""))))
        }
        // Layers of a few polygons and no grouping field (the red line's patches): one row per feature,
        // with the area its popup on the interactive map shows.
        for l in r.layers where (l.groups?.count ?? 0) <= 1 && l.area != nil {
            guard let features = measured[l.role], (2...RunMapLayers.featureTableLimit).contains(features.count) else { continue }
            blocks.append(.table(RunMapLayers.featureTable(l, features: features, text: t)))
        }
        if !r.warnings.isEmpty {
            blocks.append(.paragraph(t[.warningsIntro] + "\n" + r.warnings.joined(separator: "\n")))
        }
        return ReportSection(title: t[.sectionLayers], blocks: blocks)
    }

    static func protection(_ v: RunReportView, matrix m: OverlapMatrix) -> ReportSection {
        let r = v.results, t = v.text
        var blocks: [ReportBlock] = []
        // Earlier versions of the red line (e.g. 2020 before its adjustment) under the current one.
        let earlier = r.layers.filter { $0.baseRole == .redLine && !$0.latest }.map { v.layer($0.role, style: .generic("#ffa8a8")) }
        if let map = map(v, title: t[.mapProtectionTitle], caption: earlier.isEmpty ? t[.mapProtectionCaption] : t[.mapProtectionCaptionVersions],
                         earlier + [v.layer(Role.redLine), v.layer(Role.protectedAreas), v.layer(Role.boundary)]) { blocks.append(map) }
        // Shares only in the heat table (areas would dominate its shading); columns numbered to fit.
        let rows = m.layers.indices.map { i in ["[\(i + 1)] \(t.layerName(m.layers[i]))"] + m.layers.indices.map { j in t.number(100 * m.shareOfRow[i][j], 1) } }
        blocks.append(.table(ReportTable(
            caption: t[.matrixCaption], headers: [t[.colLayer]] + m.layers.indices.map { "[\($0 + 1)]" }, rows: rows,
            numericColumns: Set(1...m.layers.count), note: t(.matrixNote, m.layers.count, r.analysisCRS), heat: true)))
        // The district's area by the matrix's own method, so that each share is one method over the same method.
        let district = m.layers.firstIndex(of: Role.boundary.rawValue).map { m.areas[$0] }
        blocks.append(.table(ReportTable(
            caption: t[.matrixAreasCaption], headers: [t[.colLayer], t[.colAreaKm2], t[.colShareOfDistrict]],
            rows: m.layers.indices.map { i in
                [t.layerName(m.layers[i]), t.number(m.areas[i], 2), district.flatMap { m.areas[i].fraction(of: $0) }.map { t.percent($0) } ?? ""]
            },
            numericColumns: [1, 2], note: t[.overlayAreaNote] + " " + t[.districtSameMethod])))
        return ReportSection(title: t[.sectionProtection], blocks: blocks)
    }

    /// A cross-tab as a pivot of its first two dimensions (summed over any further ones), with row and
    /// column totals, each dimension's keys in its class order where it has one; the full breakdown is in the CSV.
    static func crossTabTable(_ tab: CrossTabulation, _ v: RunReportView) -> ReportTable {
        let t = v.text
        let orders = tab.dimensions.map { d in v.order(dimension: d) ?? tab.keyOrders[d].map { ClassOrder(classes: $0) } }
        func sorted(_ keys: Set<String>, _ d: Int) -> [String] {
            keys.sorted { a, b in orders[d].map { $0.precedes(a, b) } ?? ClassOrder(classes: []).precedes(a, b) }
        }
        let names = tab.dimensions.map(t.dimension)
        // A dimension without a field is keyed by its layer's name ("red-line"): shown by the layer's display name.
        let whole = tab.dimensions.map { Project.Tabulation.Dimension(parsing: $0)?.field == nil }
        func shown(_ k: String, _ d: Int) -> String { whole[d] && k != CrossTabulation.outsideKey ? t.layerName(k) : t.key(k) }
        // Lines are tabulated by geodesic length (km), points by count.
        let decimals = tab.measure == .count ? 0 : 3
        let valueHeader = tab.measure == .area ? t[.colAreaKm2] : tab.measure == .length ? t[.colLengthKm] : t[.colCount]
        let measureNote = tab.measure == .area ? "" : " " + (tab.measure == .length ? t[.crossTabLengthNote] : t[.crossTabCountNote])
        guard tab.dimensions.count >= 2 else {
            let rows = tab.rows.sorted { a, b in orders[0].map { $0.precedes(a.keys[0], b.keys[0]) } ?? (a.keys[0] < b.keys[0]) }
            return ReportTable(caption: names[0], headers: [names[0], valueHeader, t[.colShare]],
                               rows: rows.map { [shown($0.keys[0], 0), t.number(tab.value($0), tab.measure == .count ? 0 : 4), t.percent(tab.share($0))] },
                               numericColumns: [1, 2], note: tab.measure == .area ? t[.overlayAreaNote] : String(measureNote.dropFirst()))
        }
        // The dimension with more keys runs down the rows, so the table stays narrow enough to read.
        let transpose = Set(tab.rows.map { $0.keys[1] }).count > Set(tab.rows.map { $0.keys[0] }).count
        let (rowDim, colDim) = transpose ? (1, 0) : (0, 1)
        var cells: [String: [String: Double]] = [:]
        for row in tab.rows { cells[row.keys[rowDim], default: [:]][row.keys[colDim], default: 0] += tab.value(row) }
        let rowsKeys = sorted(Set(cells.keys), rowDim)
        let columns = sorted(Set(tab.rows.map { $0.keys[colDim] }), colDim).filter { c in cells.values.contains { ($0[c] ?? 0) >= 0.5e-6 } }
        let rows = rowsKeys.map { k in
            [shown(k, rowDim)] + columns.map { c in (cells[k]?[c]).map { $0 >= 0.5e-6 ? t.number($0, decimals) : "" } ?? "" }
                + [t.number(cells[k]!.values.reduce(0, +), decimals)]
        }
        let footer = [t[.total]] + columns.map { c in t.number(cells.values.reduce(0) { $0 + ($1[c] ?? 0) }, decimals) } + [t.number(tab.totalValue, decimals)]
        let rest = tab.dimensions.dropFirst(2).map(t.dimension)
        let ordered = orders.compactMap { $0 }.first
        return ReportTable(
            caption: names.joined(separator: " × "), headers: ["\(names[rowDim]) \\ \(names[colDim])"] + columns.map { shown($0, colDim) } + [t[.total]],
            rows: rows, numericColumns: Set(1...(columns.count + 1)), footer: [footer],
            note: (tab.measure == .area ? t[.crossTabNote] : String(measureNote.dropFirst()))
                + (rest.isEmpty ? "" : " " + t(.crossTabSummedOver, rest.joined(separator: t.listSeparator)))
                + " " + t[.outsideNote] + (ordered.map { " " + t.orderNote($0) } ?? ""))
    }

    static func crossTabs(_ v: RunReportView) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        if let m = map(v, title: t[.mapErosionTitle], caption: t[.mapErosionCaption],
                       [v.layer(Role.restorationZones), v.layer(Role.soilErosion), v.layer(Role.rockyDesertification), v.layer(Role.boundary)]) {
            blocks.append(m)
        }
        blocks += v.results.tabulations.map { .table(crossTabTable($0, v)) }
        return ReportSection(title: t[.sectionCrossTabs], blocks: blocks)
    }

    static func conflicts(_ v: RunReportView, _ c: ConflictList) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        if let m = map(v, title: t[.mapConflictsTitle], caption: t[.mapConflictsCaption],
                       [v.layer(Role.redLine), v.layer(Role.protectedAreas), v.layer(Role.projects),
                        v.layer("conflicts", style: .pinchPoints), v.layer(Role.boundary)]) { blocks.append(m) }
        blocks.append(.table(ReportTable(
            caption: t(.conflictsCaption, c.inConflict, c.checked, t.layerName(c.of)),
            headers: [t.layerName(c.of), t[.colAgainst], t[.colName], t[.colClass]]
                + (c.shape == .polygon ? [t[.colOverlapKm2], t[.colShareOfProject]] : c.shape == .line ? [t[.colInsideKm], t[.colShareOfLine]] : []),
            rows: c.conflicts.map { x in
                [x.feature, t.layerName(x.against), x.name ?? "", x.class ?? ""]
                    + (c.shape == .polygon ? [t.number(x.area, 6), t.percent(x.shareOfFeature)]
                       : c.shape == .line ? [t.number(x.length ?? 0, 3), t.percent(x.shareOfFeature)] : [])
            },
            numericColumns: c.shape == .point ? [] : [4, 5],
            note: c.shape == .polygon ? t[.overlayAreaNote] : c.shape == .line ? t[.crossTabLengthNote] : t[.crossTabCountNote])))
        return ReportSection(title: t[.sectionConflicts], blocks: blocks)
    }

    static func claims(_ v: RunReportView, _ c: ValidationReport) -> ReportSection {
        let t = v.text
        let rows = c.claims.map { claim in
            func n(_ x: Double?) -> String { x.map { t.number($0, claim.displayDecimals) } ?? "" }
            return [claim.id, t.claimStatus(claim.status.rawValue), claim.statedText ?? n(claim.stated), n(claim.computed), claim.unit.map(t.unit) ?? "",
             n(claim.difference), claim.relative.map { t.percent($0) } ?? "",
             claim.layer.map(t.layerName) ?? (claim.arithmetic != nil ? t[.arithmetic] : "")]
        }
        var blocks: [ReportBlock] = [
            .keyFigures([(t.claimStatus("pass"), String(c.passed), t[.claimsPassNote]), (t.claimStatus("fail"), String(c.failed), t[.claimsFailNote]),
                         (t.claimStatus("error"), String(c.errors), t[.claimsErrorNote]), (t.claimStatus("unchecked"), String(c.unchecked), t[.claimsStatedNote])]),
            .table(ReportTable(caption: t(.claimsCaption, URL(fileURLWithPath: c.claimsFile).lastPathComponent),
                               headers: [t[.colClaim], t[.colStatus], t[.colStated], t[.colComputed], t[.colUnit], t[.colDifference], t[.colRelative], t[.colLayer]],
                               rows: rows, numericColumns: [3, 5, 6], note: t(.claimsNote, c.tolerance),
                               rowStatus: c.claims.map { $0.status.rawValue })),
        ]
        let arithmetic = c.claims.compactMap { claim in
            claim.arithmetic.map { "\(t.claimStatus(claim.status.rawValue))  \(claim.id): \($0)" }
        }
        if !arithmetic.isEmpty { blocks.append(.code(arithmetic.joined(separator: "\n"))) }
        for claim in c.claims where claim.status.rawValue != "pass" && claim.status.rawValue != "unchecked" {
            if let text = claim.text { blocks.append(.paragraph("\(claim.id) — “\(text)”\(t.colon)\(claim.message ?? claim.arithmetic ?? "")")) }
        }
        return ReportSection(title: t[.sectionClaims], blocks: blocks)
    }

    static func corridors(_ v: RunReportView, _ c: CorridorSummary) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        if let m = map(v, title: t[.mapCorridorsTitle], caption: t[.mapCorridorsCaption],
                       [v.layer(Role.redLine), cores(v), v.layer("corridor_polygons", style: .generic("#ffd8a8")),
                        v.layer("corridor_paths", style: .corridorPaths), v.layer("pinch_points", style: .pinchPoints),
                        v.layer("barrier_patches", style: .barrierPatches), v.layer(Role.boundary)]) { blocks.append(m) }
        blocks.append(.table(ReportTable(
            caption: t[.corridorPairsCaption],
            headers: [t[.colFrom], t[.colTo], t[.colEuclideanKm], t[.colCostDistance], t[.colPathKm], t[.colCostPerLength], t[.colEffectiveResistance]],
            rows: c.pairs.map { [$0.fromName, $0.toName, t.number($0.euclidean / 1000, 3), t.number($0.costDistance, 1), t.number($0.pathLength / 1000, 3),
                                 t.number($0.costToLength, 3), $0.effectiveResistance.map { t.number($0, 1) } ?? ""] },
            numericColumns: [2, 3, 4, 5, 6],
            note: t(.corridorPairsNote, c.width, c.height, t.number(c.cellSize, 1), c.crs, t.number(c.cutoff, 1)))))
        blocks += v.results.corridorTabulations.map { .table(crossTabTable($0, v)) }
        return ReportSection(title: t[.sectionCorridors], blocks: blocks)
    }

    /// The cores of the corridor analysis: the sources the run picked, else the pattern's barriers (ranges).
    static func cores(_ v: RunReportView) -> MapLayer? {
        if v.results.sources != nil { return v.layer("sources", style: .barriers) }
        guard let p = v.results.pattern else { return nil }
        let features = p.geometry.elements.filter { $0.role.kind == .barrier }.map { MapFeature(wkb: $0.geographic, label: $0.name) }
        return features.isEmpty ? nil : MapLayer(title: v.text[.layerCores], style: .barriers, features: features)
    }

    static func method(_ v: RunReportView) -> ReportSection {
        let t = v.text
        return ReportSection(title: t[.sectionMethod], blocks: [
            .paragraph(t(.methodText, v.results.analysisCRS)),
            .table(ReportTable(caption: t[.stepsCaption], headers: [t[.colStep], t[.colSeconds]],
                               rows: v.results.steps.map { [t.stepName($0.name), t.number($0.seconds, 2)] }, numericColumns: [1])),
        ])
    }
}
