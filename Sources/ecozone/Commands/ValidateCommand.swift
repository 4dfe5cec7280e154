import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct ValidateCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Recompute every figure a plan states, against the geometry and against its other figures.",
        discussion: """
        Each claim passes, fails or has an error (its layer is missing, its filter matches nothing …); figures \
        without a layer are listed as unchecked. Sums, differences and ratios are written out. Indicators \
        (the plan's indicator table) are checked for direction, years, cumulative totals, feasibility, baseline \
        and progress. Exit 0 when every claim passes and no binding (约束性) indicator fails, 1 when a claim fails \
        or has an error or a binding indicator fails (expected ones are reported only), 2 for bad input.
        """
    )

    @Argument(help: "The project file (YAML): layers by role.")
    var project: String

    @Argument(help: "The claims file (YAML); default: the project's 'claims'.")
    var claims: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Print a Markdown table, for pasting into a review.")
    var markdown = false

    /// Layers come from the project file: their remedies are keys of their entries.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? { Remedies.projectFile(hint) }

    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let p = try projectOptions.load(project, checkFiles: false)
        guard let claimsPath = claims ?? p.claims else {
            throw GeoKitError(.input, "the project names no claims file; give one: ecozone validate PROJECT.yaml CLAIMS.yaml", file: project)
        }
        let file = try ClaimsFile.load(claimsPath)
        try p.checkInputsExist()
        let report = try ValidationReport.validate(project: p, claims: file)
        if json {
            try Console.printJSON(report)
        } else if markdown {
            print(Self.markdown(report))
        } else {
            print(Self.render(report))
        }
        if !report.allPass {
            throw CheckFailed(message: Self.failureSentence(report))
        }
    }

    static func unitSymbol(_ u: String?) -> String {
        guard let u, let unit = ClaimUnit(rawValue: u) else { return "" }
        return unit == .count ? "" : unit.symbol
    }

    static func cells(_ r: ClaimResult) -> (stated: String, computed: String, difference: String, relative: String, allowed: String) {
        let d = r.displayDecimals
        let pt = r.unit == "%" ? " pt" : ""
        return (r.statedText ?? "",
                r.computed.map { NumberText.fixed($0, d) } ?? "",
                r.difference.map { NumberText.signed($0, d) + pt } ?? "",
                r.relative.map { NumberText.signed($0 * 100, 2) + " %" } ?? "",
                r.allowed.map { "±" + NumberText.fixed($0, d + 1) + pt } ?? "")
    }

    static func statusText(_ s: ClaimResult.Status) -> String {
        switch s {
        case .pass: return "pass"
        case .fail: return "FAIL"
        case .error: return "ERROR"
        case .unchecked: return "stated"
        }
    }

    static func render(_ report: ValidationReport) -> String {
        var lines: [String] = []
        lines.append("\(report.projectName.map { $0 + " — " } ?? "")\(report.claimsFile)")
        lines.append("areas ellipsoidal on CGCS2000; tolerance \(report.tolerance) for measured figures, the written precision for arithmetic unless a claim sets its own")
        lines.append("")
        var table = Table(["id", "status", "stated", "computed", "difference", "relative", "allowed", "layer"],
                              alignments: [.left, .left, .right, .right, .right, .right, .right, .left])
        for r in report.claims {
            let c = cells(r)
            var layer = r.layer ?? (r.kind == "sum" || r.kind == "ratio" || r.kind == "difference" ? "(\(r.kind))" : "")
            if let w = r.whereClause { layer += " where \(w)" }
            if let s = r.selection { layer += " " + s }
            table.add([r.id, statusText(r.status), c.stated, c.computed, c.difference, c.relative, c.allowed, layer])
        }
        lines.append(table.text)
        let arithmetic = report.claims.filter { $0.arithmetic != nil }
        if !arithmetic.isEmpty {
            lines.append("")
            lines.append("arithmetic")
            let w = arithmetic.map { Table.displayWidth($0.id) }.max() ?? 0
            for r in arithmetic {
                lines.append("  \(r.id)\(String(repeating: " ", count: w - Table.displayWidth(r.id)))  \(statusText(r.status).padding(toLength: 4, withPad: " ", startingAt: 0))  \(r.arithmetic!)")
            }
        }
        let errors = report.claims.filter { $0.status == .error }
        if !errors.isEmpty {
            lines.append("")
            lines.append("errors")
            for r in errors { lines.append("  \(r.id): \(r.message ?? "")") }
        }
        lines.append("")
        lines.append("\(report.claims.count) claims: \(report.passed) pass, \(report.failed) fail, \(report.errors) error(s), \(report.unchecked) stated only")
        lines += renderIndicators(report)
        return lines.joined(separator: "\n")
    }

    static func markdown(_ report: ValidationReport) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var lines: [String] = []
        lines.append("### Figures checked: \(esc(report.projectName ?? report.project))")
        lines.append("")
        lines.append("Areas ellipsoidal on CGCS2000. Tolerance \(esc(report.tolerance)) for measured figures; arithmetic at the written precision unless a claim sets its own.")
        lines.append("")
        lines.append("| id | figure | status | stated | computed | difference | relative | check |")
        lines.append("|---|---|---|---:|---:|---:|---:|---|")
        for r in report.claims {
            let c = cells(r)
            let status: String
            switch r.status {
            case .pass: status = "pass"
            case .fail: status = "**fail**"
            case .error: status = "**error**"
            case .unchecked: status = "stated"
            }
            var check = r.arithmetic ?? r.message ?? ""
            if r.arithmetic == nil, let l = r.layer { check = "layer `\(l)`" + (r.whereClause.map { " where `\($0)`" } ?? "") + (r.selection.map { " \($0)" } ?? "") + (r.message.map { ": " + $0 } ?? "") }
            let unit = unitSymbol(r.unit)
            let computed = c.computed.isEmpty ? "" : c.computed + (unit.isEmpty || unit == "%" ? (unit == "%" ? " %" : "") : " " + unit)
            lines.append("| \(esc(r.id)) | \(esc(r.text ?? "")) | \(status) | \(esc(c.stated)) | \(computed) | \(c.difference) | \(c.relative) | \(esc(check)) |")
        }
        lines.append("")
        lines.append("\(report.claims.count) claims: \(report.passed) pass, \(report.failed) fail, \(report.errors) error(s), \(report.unchecked) stated only.")
        lines += markdownIndicators(report)
        return lines.joined(separator: "\n")
    }
}
