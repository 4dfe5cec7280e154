/// The rules `pattern --check` holds a security pattern to, evaluated on its report: every role has
/// as many elements as the plan declares, every name the project lists is in the data, and no
/// element of a link rule is cut off from every element it must link to (the short form's default
/// rule: no barrier cut off from the belts). Each finding is one clause of the failure message; the CLI
/// only prints them and chooses the exit code.
public struct PatternChecks: Sendable, Equatable {
    /// Which rule a finding breaks.
    public enum Rule: String, Sendable, Codable {
        /// Declared and found counts differ (`RoleInventory.Status` `.missing` or `.extra`).
        case declaredCount = "declared-count"
        /// A name listed under a role (`names:`) is absent from the data.
        case listedNames = "listed-names"
        /// A barrier shares no graph component with any belt (the short form's default link rule).
        case barrierCutOff = "barrier-cut-off"
        /// An element of a declared link rule (`links:`) shares no graph component with any target.
        case linkRuleCutOff = "link-rule-cut-off"
    }

    /// One broken rule, in words: "九屏: 9 declared, 8 found".
    public struct Finding: Sendable, Equatable, Codable, CustomStringConvertible {
        public var rule: Rule
        public var text: String
        public var description: String { text }
    }

    /// Every finding, in the order: counts and names role by role, then the graph.
    public let findings: [Finding]

    /// Evaluates every rule on `report`.
    public init(_ report: PatternReport) {
        var findings: [Finding] = []
        for r in report.roles {
            if r.status == .missing || r.status == .extra {
                findings.append(Finding(rule: .declaredCount, text: "\(r.labelText ?? r.role.rawValue): \(r.declared ?? 0) declared, \(r.found) found"))
            }
            if !r.missingNames.isEmpty {
                findings.append(Finding(rule: .listedNames, text: "\(r.role.rawValue) absent from the data: \(r.missingNames.joined(separator: ", "))"))
            }
        }
        for rule in report.graph.linkRules where !rule.cutOff.isEmpty {
            let names = rule.cutOff.map(PatternReport.elementName).joined(separator: ", ")
            if report.form == .short, rule.origin == .default {
                findings.append(Finding(rule: .barrierCutOff, text: "barriers cut off from the belts: \(names)"))
            } else {
                findings.append(Finding(rule: .linkRuleCutOff, text: "cut off (rule \(rule.rule)): \(names)"))
            }
        }
        self.findings = findings
    }

    /// True when no rule is broken.
    public var passed: Bool { findings.isEmpty }

    /// "pattern check failed: A; B", or nil when every rule holds.
    public var failureMessage: String? {
        passed ? nil : "pattern check failed: " + findings.map(\.text).joined(separator: "; ")
    }
}

extension PatternReport {
    /// An element's name from its id ("barriers:铜锣山" → "铜锣山").
    public static func elementName(_ id: String) -> String { id.split(separator: ":", maxSplits: 1).last.map(String.init) ?? id }
}
