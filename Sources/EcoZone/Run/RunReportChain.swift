import Foundation

/// The report's sections for the 源地 → 阻力面 chain: the MSPA classes and the ranked candidate sources,
/// then the resistance factors with their weights (and the AHP consistency).
extension RunReport {
    /// At most this many candidates in the report's table (all of them in tables/source_candidates.csv).
    static let sourceRows = 30

    static func sourcesSection(_ v: RunReportView, _ s: SourceSelectionReport) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        if let m = map(v, title: t[.mapSourcesTitle], caption: t[.mapSourcesCaption],
                       [v.layer(Role.redLine), v.layer("sources", style: .barriers), v.layer(Role.boundary)]) { blocks.append(m) }
        let m = s.mspa
        blocks.append(.table(ReportTable(
            caption: t(.mspaCaption, m.foregroundClasses.map(String.init).joined(separator: ", ")),
            headers: [t[.colMSPAClass], t[.colClass], t[.colCells], t[.colAreaKm2], t[.colShare]],
            rows: m.classes.map { [$0.name, $0.nameZh, t.number(Double($0.cells), 0), t.number($0.area, 4), t.number($0.share * 100, 2) + " %"] },
            numericColumns: [2, 3, 4],
            note: t(.mspaNote, m.parameters.connectivity, m.parameters.edgeWidth, t.number(m.parameters.edgeWidthMetres, 1), t.number(m.foregroundArea, 4)))))
        let shown = s.candidates.prefix(sourceRows)
        let distances = s.nodeDistance == .edge ? (t.language == .zh ? "边缘间最短距离" : "edge to edge") : (t.language == .zh ? "质心间距离" : "between centroids")
        var note = t(.sourcesNote, t.number(s.distance, 0), t.number(s.probability, 2), distances, s.rule, s.kept.count)
        if s.candidates.count > shown.count { note += " " + t(.sourcesMore, s.candidates.count - shown.count) }
        blocks.append(.table(ReportTable(
            caption: t(.sourcesCaption, t.number(s.minimumHectares, 1)),
            headers: [t[.colRank], t[.fieldID], t[.colAreaHa], t[.colDPC], t[.colKept], t[.colReason]],
            rows: shown.map { [String($0.rank), String($0.id), t.number($0.hectares, 2), t.number($0.dPC, 4), $0.kept ? t[.yes] : t[.no], $0.reason] },
            numericColumns: [0, 1, 2, 3], note: note)))
        return ReportSection(title: t[.sectionSources], blocks: blocks)
    }

    static func resistanceSection(_ v: RunReportView, _ r: ResistanceSummary) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        var note = t(.resistanceNote, r.width, r.height, t.number(r.cellSize, 1), r.crs, r.minimum.map { t.number($0, 2) } ?? "—",
                     r.maximum.map { t.number($0, 2) } ?? "—", r.noDataCells)
        if let a = r.ahp {
            note += " " + t(.resistanceAHP, t.number(a.lambdaMax, 4), t.number(a.consistencyIndex, 4), t.number(a.randomIndex, 2),
                            t.number(a.consistencyRatio, 4), a.acceptable ? " < 0.10" : " ≥ 0.10 ⚠")
        }
        for m in r.multipliers { note += " " + t(.resistanceMultiplier, m.target, t.number(m.factor, 2), m.cells) }
        let table = r.table()
        blocks.append(.table(ReportTable(
            caption: t[.resistanceCaption],
            headers: [t[.colFactor], t[.colInput], t[.colScoring], t[.colWeight], t[.colCells], t[.colMeanScore]],
            rows: table.rows, numericColumns: [3, 4, 5], note: note)))
        return ReportSection(title: t[.sectionResistance], blocks: blocks)
    }
}
