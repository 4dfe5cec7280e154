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

    /// True when no claim fails and none has an error.
    public var allPass: Bool { failed == 0 && errors == 0 }

    enum CodingKeys: String, CodingKey {
        case project, tolerance, claims, passed, failed, errors, unchecked
        case projectName = "project_name"
        case claimsFile = "claims_file"
    }
}

extension ValidationReport {
    /// Checks every claim of `claims` against `project`.
    ///
    /// Throws (`GeoKitError`, kind `.input`) only for bad input found before anything is measured: a
    /// claim naming a layer role the project lacks, a version that cannot be resolved, a tolerance in a
    /// unit of the wrong kind, a sum of figures of different kinds. Everything that goes wrong while
    /// measuring one claim (unreadable source, a filter matching nothing, a line measure on polygons …)
    /// becomes that claim's `error` and the others are still checked. Each (layer, filter) is read and
    /// measured once.
    public static func validate(project: Project, claims: ClaimsFile, workers: Int = GeoKit.Parallel.workerCount) throws -> ValidationReport {
        let v = ClaimValidator(project: project, file: claims, workers: workers)
        try v.prepare()
        var results: [ClaimResult] = []
        for c in claims.claims { results.append(v.result(c.id)) }
        return ValidationReport(
            project: project.path, projectName: project.name, claimsFile: claims.path, tolerance: claims.tolerance.area.text,
            claims: results, passed: results.filter { $0.status == .pass }.count, failed: results.filter { $0.status == .fail }.count,
            errors: results.filter { $0.status == .error }.count, unchecked: results.filter { $0.status == .unchecked }.count)
    }
}
