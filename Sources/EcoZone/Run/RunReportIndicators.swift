import Foundation

/// The report's section on the plan's indicator table (issue 19): key figures, what the statuses mean,
/// and the table itself (``IndicatorTableHTML``). Words from ``ReportText``.
extension RunReport {
    static func indicators(_ view: RunReportView, _ v: ValidationReport) -> ReportSection {
        let t = view.text
        let rows = v.indicators
        let count = { (s: IndicatorResult.Status) in rows.filter { $0.status == s }.count }
        let binding = rows.filter(\.isBinding).count
        let blocks: [ReportBlock] = [
            .keyFigures([(t[.indicatorsCount], String(rows.count), t(.indicatorsCountNote, binding, rows.count - binding)),
                         (t[.indicatorsBindingFailing], String(v.bindingFailed), t[.indicatorsBindingFailingNote]),
                         (t[.indicatorsExpectedFailing], String(v.expectedFailed), t[.indicatorsExpectedFailingNote]),
                         (t[.indicatorsWarnings], String(count(.warning)), t[.indicatorsWarningsNote])]),
            .paragraph(t[.indicatorsMethod]),
            .indicators(caption: t(.indicatorsCaption, URL(fileURLWithPath: v.claimsFile).lastPathComponent), rows: rows),
        ]
        return ReportSection(title: t[.sectionIndicators], blocks: blocks)
    }
}
