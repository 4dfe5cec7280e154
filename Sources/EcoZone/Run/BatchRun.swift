import Foundation
import GeoKit

/// One project's line in a batch's summary: what `ecozone run` measured and checked, side by side
/// with the others. Areas are ellipsoidal on CGCS2000 in km², as `run`'s own area tables give them:
/// a layer's area is the sum of its features (overlapping protected areas count twice, as in
/// `tables/areas_protected-areas`); shares are of the boundary layer's area.
public struct BatchSummaryRow: Sendable, Codable, Equatable {
    public var folder: String
    public var project: String
    public var name: String?
    /// "ok" or "failed".
    public var status: String
    /// The one sentence the run failed with; nil when it ran.
    public var error: String?
    public var boundaryKm2: Double?
    public var redLineKm2: Double?
    /// Percent of the boundary's area.
    public var redLinePercent: Double?
    public var protectedKm2: Double?
    public var protectedPercent: Double?
    public var claimsPassed: Int?
    public var claimsFailed: Int?
    public var claimsErrors: Int?
    /// Sum of the counts the pattern declares (groups with 多 or no count left out).
    public var patternDeclared: Int?
    /// Sum of the elements found, over the same groups.
    public var patternFound: Int?
    /// Per group, "屏 4/3" (declared/found, 多 for an uncounted group).
    public var patternGroups: String?
    public var seconds: Double?

    enum CodingKeys: String, CodingKey {
        case folder, project, name, status, error, seconds
        case boundaryKm2 = "boundary_km2", redLineKm2 = "red_line_km2", redLinePercent = "red_line_percent"
        case protectedKm2 = "protected_km2", protectedPercent = "protected_percent"
        case claimsPassed = "claims_passed", claimsFailed = "claims_failed", claimsErrors = "claims_errors"
        case patternDeclared = "pattern_declared", patternFound = "pattern_found", patternGroups = "pattern_groups"
    }

    public init(folder: String, project: String, status: String) {
        self.folder = folder
        self.project = project
        self.status = status
    }

    /// The row of a finished run.
    public init(folder: String, results: RunResults, seconds: Double) {
        self.init(folder: folder, project: results.projectPath, status: "ok")
        name = results.projectName
        self.seconds = seconds
        func area(_ role: Role) -> Double? {
            results.layers.first { ($0.baseRole ?? Role($0.role)) == role && $0.latest }?.area?.squareKilometres
        }
        boundaryKm2 = area(.boundary)
        redLineKm2 = area(.redLine)
        protectedKm2 = area(.protectedAreas)
        if let whole = boundaryKm2, whole > 0 {
            redLinePercent = redLineKm2.map { $0 / whole * 100 }
            protectedPercent = protectedKm2.map { $0 / whole * 100 }
        }
        if let c = results.claims {
            claimsPassed = c.passed
            claimsFailed = c.failed
            claimsErrors = c.errors
        }
        if let p = results.pattern {
            let counted = p.roles.filter { $0.declared != nil }
            patternDeclared = counted.compactMap(\.declared).reduce(0, +)
            patternFound = counted.map(\.found).reduce(0, +)
            patternGroups = p.roles.map { "\($0.symbol) \($0.declared.map(String.init) ?? "多")/\($0.found)" }.joined(separator: "; ")
        }
    }
}

/// What `ecozone run A.yaml B.yaml … --out DIR` did.
public struct BatchResults: Sendable {
    public var rows: [BatchSummaryRow]
    /// Paths relative to DIR of every file the batch wrote.
    public var outputs: [String]
    public var failed: Int { rows.filter { $0.status != "ok" }.count }
}

/// Several projects run into one folder: DIR/NAME/ per project (each exactly what `ecozone run`
/// writes), DIR/index.html linking every report, and DIR/summary.csv + summary.json comparing them.
///
/// DIR is one ``OutputFolder``: checked against every input of every project first (`OutputGuard`),
/// written beside DIR and renamed into place at the end, replacing only EcoZone's own earlier output.
/// A project that fails (bad file, missing layer, anything ``ProjectRun`` throws) is recorded with
/// its one sentence and the others go on; only a failure of DIR itself stops the batch.
public enum BatchRun {
    /// - Parameters:
    ///   - load: reads a project file (the CLI's strictness and warnings); its error fails that project only.
    ///   - describe: the one sentence an error is reported with.
    ///   - started: called before each project with its position, the count and its folder name.
    public static func execute(_ paths: [String], out: String, options: RunOptions = RunOptions(),
                               load: (String) throws -> Project,
                               describe: (any Error) -> String = BatchRun.sentence,
                               started: (Int, Int, String) -> Void = { _, _, _ in },
                               progress: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws -> BatchResults {
        var loaded: [Result<Project, any Error>] = []
        var rules = OutputGuard()
        for path in paths {
            rules.read(path)
            do {
                let project = try load(path)
                rules.read(project)
                loaded.append(.success(project))
            } catch {
                loaded.append(.failure(error))
            }
        }
        let folder = try OutputFolder(out, guard: rules, command: "batch")
        let names = folderNames(paths, projects: loaded.map { try? $0.get() })
        var rows: [BatchSummaryRow] = []
        for (i, path) in paths.enumerated() {
            started(i + 1, paths.count, names[i])
            let clock = Date()
            do {
                let project = try loaded[i].get()
                let sub = folder.partial.appendingPathComponent(names[i]).path
                let results = try ProjectRun.execute(project, out: sub, options: options, progress: progress)
                rows.append(BatchSummaryRow(folder: names[i], results: results, seconds: Date().timeIntervalSince(clock)))
            } catch {
                var row = BatchSummaryRow(folder: names[i], project: path, status: "failed")
                row.error = describe(folder.relocated(error))
                row.seconds = Date().timeIntervalSince(clock)
                rows.append(row)
            }
        }
        let table = summaryTable(rows)
        try folder.write(table.csvData, to: "summary.csv")
        try folder.write(try JSONOutput.data(rows), to: "summary.json")
        try folder.write(Data(BatchIndexPage.render(rows, table: table, language: options.language ?? .zh).utf8), to: "index.html")
        let outputs = FolderManifest.files(in: folder.partial) + [FolderManifest.fileName]
        try folder.commit()
        return BatchResults(rows: rows, outputs: outputs.sorted())
    }

    /// The default sentence: a `GeoKitError`'s own, else the error's description.
    public static func sentence(_ error: any Error) -> String {
        if let e = error as? GeoKitError { return e.sentence(remedy: nil) }
        return String(describing: error)
    }

    /// One folder name per project: the file's name without extension, or — when that is the generic
    /// `project` or another project has it — its folder's name (fixtures/banan/project.yaml → banan),
    /// then the project's own name; still equal names get -2, -3. Characters other than letters,
    /// digits, '-', '_' and '.' become '_'; a name never starts with '.'.
    public static func folderNames(_ paths: [String], projects: [Project?]) -> [String] {
        func clean(_ s: String) -> String {
            var t = String(s.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
            while t.hasPrefix(".") { t.removeFirst() }
            return t.isEmpty ? "project" : t
        }
        let urls = paths.map { URL(fileURLWithPath: $0).standardized }
        let stems = urls.map { clean($0.deletingPathExtension().lastPathComponent) }
        var names: [String] = []
        for (i, url) in urls.enumerated() {
            var name = stems[i]
            if name.lowercased() == "project" || stems.filter({ $0 == name }).count > 1 {
                let parent = clean(url.deletingLastPathComponent().lastPathComponent)
                if !parent.isEmpty, parent != "_" { name = parent }
                else if let n = i < projects.count ? projects[i]?.name : nil { name = clean(n) }
            }
            names.append(name)
        }
        var seen: [String: Int] = [:]
        return names.map { name in
            let key = name.lowercased()
            seen[key, default: 0] += 1
            return seen[key]! == 1 ? name : "\(name)-\(seen[key]!)"
        }
    }

    /// The comparison table: one row per project, in the order given.
    public static func summaryTable(_ rows: [BatchSummaryRow]) -> Table {
        func n(_ v: Double?, _ d: Int) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "" }
        func i(_ v: Int?) -> String { v.map(String.init) ?? "" }
        let headers = ["folder", "project", "status", "boundary_km2", "red_line_km2", "red_line_percent", "protected_km2",
                       "protected_percent", "claims_passed", "claims_failed", "claims_errors", "pattern_declared", "pattern_found",
                       "pattern_groups", "seconds", "error"]
        return Table(headers: headers, numeric: Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]), rows: rows.map { r in
            [r.folder, r.name ?? r.project, r.status, n(r.boundaryKm2, 3), n(r.redLineKm2, 3), n(r.redLinePercent, 2), n(r.protectedKm2, 3),
             n(r.protectedPercent, 2), i(r.claimsPassed), i(r.claimsFailed), i(r.claimsErrors), i(r.patternDeclared), i(r.patternFound),
             r.patternGroups ?? "", n(r.seconds, 1), r.error ?? ""]
        })
    }
}
