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
        discussion: "Percentages are paired with the area beside them and the whole their sentence names, as ratio checks (a share whose whole is not named is left unpaired, with a comment); a table's 合计 row becomes a sum; an indicator table (target years, a 属性 column) becomes the indicators section, with the rules the text states (不减少 …). Layers are left for the reviewer to name."
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
        var indicators: [DraftIndicator]
    }

    func run() throws {
        let rules = OutputGuard(overwrite: overwrite, reading: [report])
        if let out { try rules.checkFile(out) }
        let document = try ClaimDrafter.document(contentsOf: report)
        let claims = document.claims
        let yaml = ClaimDrafter.yaml(document, source: URL(fileURLWithPath: report).lastPathComponent)
        if let out {
            try rules.checkFile(out)
            try writeAtomically(Data(yaml.utf8), to: out)
        }
        if json {
            try Console.printJSON(Output(claims: claims, indicators: document.indicators))
        } else if out == nil {
            print(yaml, terminator: "")
        } else {
            Console.note("\(claims.count) figure(s)" + (document.indicators.isEmpty ? "" : " and \(document.indicators.count) indicator(s)") + " drafted into \(out!)")
        }
    }
}
