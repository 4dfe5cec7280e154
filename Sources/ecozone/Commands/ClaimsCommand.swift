import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct ClaimsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claims",
        abstract: "Work with claims files: the figures a plan states.",
        subcommands: [ClaimsDraftCommand.self]
    )
}

struct ClaimsDraftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Find every stated area, length, count and percentage in a plan's plain text and draft a claims file.",
        discussion: "Percentages are paired with the area beside them as ratio checks; a table's 合计 row becomes a sum. Layers are left for the reviewer to name."
    )

    @Argument(help: "The plan's plain text (UTF-8).")
    var report: String

    @Option(help: "Write the claims file here instead of printing it. An existing file is replaced only with --overwrite.")
    var out: String?

    @Flag(help: "Replace an existing --out file (never the plan's text).")
    var overwrite = false

    @Flag(help: "Print the figures found as JSON.")
    var json = false

    struct Output: Encodable {
        var claims: [DraftClaim]
    }

    func run() throws {
        let rules = OutputGuard(overwrite: overwrite, reading: [report])
        if let out { try rules.checkFile(out) }
        let claims = try ClaimDrafter.draft(contentsOf: report)
        let yaml = ClaimDrafter.yaml(claims, source: URL(fileURLWithPath: report).lastPathComponent)
        if let out {
            try rules.checkFile(out)
            try writeAtomically(Data(yaml.utf8), to: out)
        }
        if json {
            try Console.printJSON(Output(claims: claims))
        } else if out == nil {
            print(yaml, terminator: "")
        } else {
            Console.note("\(claims.count) figure(s) drafted into \(out!)")
        }
    }
}
