import EcoZone
import Foundation

/// How `validate` prints the indicator table: one row per indicator, then every check with its arithmetic.
extension ValidateCommand {
    static func indicatorStatus(_ s: IndicatorResult.Status) -> String {
        switch s {
        case .pass: return "pass"
        case .fail: return "FAIL"
        case .warning: return "warn"
        case .error: return "ERROR"
        case .unchecked: return "stated"
        }
    }

    static func checkStatus(_ s: IndicatorCheck.Status) -> String {
        switch s {
        case .pass: return "pass"
        case .fail: return "FAIL"
        case .warning: return "warn"
        case .error: return "ERROR"
        }
    }

    static func targets(_ r: IndicatorResult) -> String {
        r.targets.map { "\($0.value) (\($0.year))" }.joined(separator: ", ")
    }

    static func progressText(_ r: IndicatorResult) -> String {
        guard let p = r.progress else { return "" }
        if let s = p.share { return "\(NumberText.fixed(100 * s, 0)) % (\(p.year))" }
        return p.met ? "met (\(p.year))" : "not yet (\(p.year))"
    }

    /// The indicators' lines of the terminal report; empty when the file states none.
    static func renderIndicators(_ report: ValidationReport) -> [String] {
        let indicators = report.indicators
        guard !indicators.isEmpty else { return [] }
        var lines: [String] = ["", "indicators"]
        var table = Table(["id", "attribute", "status", "name", "unit", "baseline", "targets", "progress"],
                          alignments: [.left, .left, .left, .left, .left, .right, .left, .right])
        for r in indicators {
            table.add([r.id, r.attributeText, indicatorStatus(r.status), r.name, r.unit,
                       r.baseline.map { "\($0) (\(r.baselineYear.map(String.init) ?? ""))" } ?? "", targets(r), progressText(r)])
        }
        lines.append(table.text)
        let checked = indicators.filter { !$0.checks.isEmpty }
        if !checked.isEmpty {
            lines.append("")
            lines.append("indicator checks")
            let w = checked.map { Table.displayWidth($0.id) }.max() ?? 0
            let k = IndicatorCheck.Kind.allCases.map { $0.rawValue.count }.max() ?? 0
            for r in checked {
                for (n, c) in r.checks.enumerated() {
                    let id = n == 0 ? r.id : ""
                    let pad = String(repeating: " ", count: w - Table.displayWidth(id))
                    let kind = c.kind.rawValue.padding(toLength: k, withPad: " ", startingAt: 0)
                    let body = [c.arithmetic, c.message ?? ""].filter { !$0.isEmpty }.joined(separator: ": ")
                    lines.append("  \(id)\(pad)  \(kind)  \(checkStatus(c.status).padding(toLength: 5, withPad: " ", startingAt: 0)) \(body)")
                }
            }
        }
        let count = { (s: IndicatorResult.Status) in indicators.filter { $0.status == s }.count }
        lines.append("")
        lines.append("\(indicators.count) indicators: \(count(.pass)) pass, \(count(.fail)) fail, \(count(.warning)) warn, \(count(.error)) error(s), "
            + "\(count(.unchecked)) stated only; \(report.bindingFailed) binding (约束性) failing, \(report.expectedFailed) expected (预期性) failing (reported only)")
        return lines
    }

    static func markdownIndicators(_ report: ValidationReport) -> [String] {
        guard !report.indicators.isEmpty else { return [] }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines = ["", "### Indicators", "", "| id | indicator | attribute | status | baseline | targets | checks |", "|---|---|---|---|---|---|---|"]
        for r in report.indicators {
            let status = r.status == .fail || r.status == .error ? "**\(r.status.rawValue)**" : r.status.rawValue
            let checks = r.checks.map { c in
                let s = c.status == .pass ? c.status.rawValue : "**\(c.status.rawValue)**"
                return "\(c.kind.rawValue) \(s): \([c.arithmetic, c.message ?? ""].filter { !$0.isEmpty }.joined(separator: ": "))"
            }.joined(separator: "<br>")
            lines.append("| \(esc(r.id)) | \(esc(r.name)) (\(esc(r.unit))) | \(esc(r.attributeText)) | \(status) | \(esc(r.baseline.map { "\($0) (\(r.baselineYear.map(String.init) ?? ""))" } ?? "")) | \(esc(targets(r))) | \(esc(checks)) |")
        }
        lines.append("")
        lines.append("\(report.indicators.count) indicators: \(report.bindingFailed) binding failing, \(report.expectedFailed) expected failing (reported only).")
        return lines
    }

    /// The sentence `validate` exits 1 with, or nil when nothing fails.
    static func failureSentence(_ report: ValidationReport) -> String? {
        var parts: [String] = []
        if report.failed > 0 || report.errors > 0 { parts.append("\(report.failed) claim(s) failed and \(report.errors) had an error") }
        if report.bindingFailed > 0 { parts.append("\(report.bindingFailed) binding indicator(s) failed") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ") + " in \(report.claimsFile)"
    }
}
