import EcoZone
import Foundation
import GeoKit

extension RunCommand {
    /// `ecozone run A.yaml B.yaml … --out DIR`: `BatchRun` does the work; this prints a line per
    /// project and, for each that failed, its one sentence on stderr, then exits 1 if any failed.
    func runBatch(_ options: RunOptions, progress: Progress) throws {
        let results = try BatchRun.execute(projects, out: out, options: options,
                                           load: { try projectOptions.load($0) },
                                           describe: { error in
                                               (error as? GeoKitError).map { Remedies.sentence($0, for: self) } ?? BatchRun.sentence(error)
                                           },
                                           started: { i, n, name in
                                               if !quiet { Console.note("ecozone: project \(i)/\(n): \(name)") }
                                           },
                                           progress: { progress.show($0) })
        progress.done()
        let folder = URL(fileURLWithPath: out).standardized.path
        for row in results.rows {
            if row.status == "ok" {
                print("\(row.folder): \(row.name ?? row.project)"
                      + (row.claimsPassed.map { "; claims: \($0) pass, \(row.claimsFailed ?? 0) fail, \(row.claimsErrors ?? 0) error(s)" } ?? "")
                      + (row.patternDeclared.map { "; pattern declared \($0), found \(row.patternFound ?? 0)" } ?? ""))
            } else {
                print("\(row.folder): FAILED")
            }
        }
        print("index: \(folder)/index.html; summary: \(folder)/summary.csv")
        let failures = results.rows.filter { $0.status != "ok" }
        guard failures.isEmpty else {
            for row in failures { Console.error("\(row.project): \(row.error ?? "failed")") }
            throw CheckFailed(message: "\(failures.count) of \(results.rows.count) projects failed")
        }
    }
}
