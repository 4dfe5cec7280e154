import Foundation

/// The report's section on the plan's indicator table (issue 19): key figures, what the statuses mean,
/// and the table itself (``IndicatorTableHTML``).
extension RunReport {
    static func indicators(_ v: ValidationReport) -> ReportSection {
        let rows = v.indicators
        let count = { (s: IndicatorResult.Status) in rows.filter { $0.status == s }.count }
        let binding = rows.filter(\.isBinding).count
        let blocks: [ReportBlock] = [
            .keyFigures([("indicators", String(rows.count), "\(binding) binding 约束性, \(rows.count - binding) expected 预期性"),
                         ("binding failing", String(v.bindingFailed), "make validate exit 1"),
                         ("expected failing", String(v.expectedFailed), "reported only"),
                         ("warnings", String(count(.warning)), "against the indicator's sense, a reversing trend …")]),
            .paragraph("Each indicator's baseline and targets are checked against the rules the plan states (不减少 …: fail), the "
                       + "indicator's own sense (a red line, forest or protected area that shrinks, erosion that grows: warning), "
                       + "the order of its years, its cumulative totals ([…] never fall), the land it must fit in, and the layer "
                       + "that measures it (baseline: the version dated the baseline year; progress: a later one). The bar shows the "
                       + "share of the way from the baseline to the target measured so far; the tick, the share of the time gone."),
            .indicators(caption: "Indicator table 规划指标 (\(URL(fileURLWithPath: v.claimsFile).lastPathComponent))", rows: rows),
        ]
        return ReportSection(title: "Indicators 规划指标", blocks: blocks)
    }
}
