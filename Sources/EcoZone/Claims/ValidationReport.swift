import Foundation
import GeoKit

/// Every claim of a claims file checked against a project (`ecozone validate`).
public struct ValidationReport: Sendable, Codable {
    public var project: String
    public var projectName: String?
    public var claimsFile: String
    /// Default tolerance of measured claims, as written.
    public var tolerance: String
    public var claims: [ClaimResult]
    public var passed: Int
    public var failed: Int
    public var errors: Int
    public var unchecked: Int
    /// The indicator table (`indicators:`), checked.
    public var indicators: [IndicatorResult] = []

    /// Binding (约束性) indicators that fail or have an error: they make `validate` exit 1.
    public var bindingFailed: Int { indicators.filter { $0.isBinding && ($0.status == .fail || $0.status == .error) }.count }
    /// Expected (预期性) indicators that fail or have an error: reported, exit unaffected.
    public var expectedFailed: Int { indicators.filter { !$0.isBinding && ($0.status == .fail || $0.status == .error) }.count }

    /// True when no claim fails, none has an error, and no binding indicator fails.
    public var allPass: Bool { failed == 0 && errors == 0 && bindingFailed == 0 }

    enum CodingKeys: String, CodingKey {
        case project, tolerance, claims, passed, failed, errors, unchecked, indicators
        case projectName = "project_name"
        case claimsFile = "claims_file"
        case bindingFailed = "binding_failed"
        case expectedFailed = "expected_failed"
    }

    public init(project: String, projectName: String?, claimsFile: String, tolerance: String, claims: [ClaimResult], passed: Int,
                failed: Int, errors: Int, unchecked: Int, indicators: [IndicatorResult] = []) {
        self.project = project
        self.projectName = projectName
        self.claimsFile = claimsFile
        self.tolerance = tolerance
        self.claims = claims
        self.passed = passed
        self.failed = failed
        self.errors = errors
        self.unchecked = unchecked
        self.indicators = indicators
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(project: try c.decode(String.self, forKey: .project), projectName: try c.decodeIfPresent(String.self, forKey: .projectName),
                  claimsFile: try c.decode(String.self, forKey: .claimsFile), tolerance: try c.decode(String.self, forKey: .tolerance),
                  claims: try c.decode([ClaimResult].self, forKey: .claims), passed: try c.decode(Int.self, forKey: .passed),
                  failed: try c.decode(Int.self, forKey: .failed), errors: try c.decode(Int.self, forKey: .errors),
                  unchecked: try c.decode(Int.self, forKey: .unchecked),
                  indicators: try c.decodeIfPresent([IndicatorResult].self, forKey: .indicators) ?? [])
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(project, forKey: .project)
        try c.encodeIfPresent(projectName, forKey: .projectName)
        try c.encode(claimsFile, forKey: .claimsFile)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(claims, forKey: .claims)
        try c.encode(passed, forKey: .passed)
        try c.encode(failed, forKey: .failed)
        try c.encode(errors, forKey: .errors)
        try c.encode(unchecked, forKey: .unchecked)
        try c.encode(indicators, forKey: .indicators)
        try c.encode(bindingFailed, forKey: .bindingFailed)
        try c.encode(expectedFailed, forKey: .expectedFailed)
    }
}

extension ValidationReport {
    /// Checks every claim of `claims` against `project`, then every indicator (``IndicatorChecker``).
    ///
    /// Throws (`GeoKitError`, kind `.input`) only for bad input found before anything is measured: a
    /// claim naming a layer role the project lacks, a version that cannot be resolved, a tolerance in a
    /// unit of the wrong kind, a sum of figures of different kinds. Everything that goes wrong while
    /// measuring one claim (unreadable source, a filter matching nothing, a line measure on polygons …)
    /// becomes that claim's `error` and the others are still checked. Each (layer, filter) is read and
    /// measured once, by claims and indicators alike, from `store` (a run's: nothing read again) or a store of its own.
    public static func validate(project: Project, claims: ClaimsFile, store: LayerStore? = nil,
                                workers: Int = GeoKit.Parallel.workerCount) throws -> ValidationReport {
        let v = ClaimValidator(project: project, file: claims, workers: workers, store: try store ?? LayerStore(project, workers: workers))
        try v.prepare()
        var results: [ClaimResult] = []
        for c in claims.claims { results.append(v.result(c.id)) }
        let checker = IndicatorChecker(project: project, file: claims, claims: results, area: { v.area($0).map(\.squareMetres) })
        try checker.prepare()
        return ValidationReport(
            project: project.path, projectName: project.name, claimsFile: claims.path, tolerance: claims.tolerance.area.text,
            claims: results, passed: results.filter { $0.status == .pass }.count, failed: results.filter { $0.status == .fail }.count,
            errors: results.filter { $0.status == .error }.count, unchecked: results.filter { $0.status == .unchecked }.count,
            indicators: claims.indicators.map(checker.evaluate))
    }
}
