/// The rules `pattern --check` holds a security pattern to, evaluated on its report: every role has
/// as many elements as the plan declares, every name the project lists is in the data, and no
/// barrier is cut off from the belts. Each finding is one clause of the failure message; the CLI
/// only prints them and chooses the exit code.
public struct PatternChecks: Sendable, Equatable {
    /// Which rule a finding breaks.
    public enum Rule: String, Sendable, Codable {
        /// Declared and found counts differ (`RoleInventory.Status` `.missing` or `.extra`).
        case declaredCount = "declared-count"
        /// A name listed under a role (`names:`) is absent from the data.
        case listedNames = "listed-names"
        /// A barrier shares no graph component with any belt.
        case barrierCutOff = "barrier-cut-off"
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
        let cutOff = report.graph.barriersCutOff
        if !cutOff.isEmpty {
            findings.append(Finding(rule: .barrierCutOff, text: "barriers cut off from the belts: \(cutOff.map(PatternReport.elementName).joined(separator: ", "))"))
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
