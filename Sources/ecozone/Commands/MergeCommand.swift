import ArgumentParser
import EcoZone
import Foundation
import GeoKit

/// `ecozone merge PARTS…`: the parts of a split `tabulate --by … --shard i/N` run added up into the table
/// the unsplit run prints, byte for byte (issue 20).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Add up the parts of a split `tabulate --by … --shard i/N` run into the unsplit table.",
        discussion: """
        Give every shard's part (the JSON `tabulate --shard` prints) once, in any order. Areas are summed \
        exactly and rounded once, as in the unsplit run, so the output is the same byte for byte.
        """
    )

    @Argument(help: "Part files, one per shard.") var parts: [String]
    @Flag(help: "Print JSON instead of tables.") var json = false

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("give the part files to merge") }
    }

    func run() throws {
        let tab = try CrossTabulationPart.merge(try parts.map { try CrossTabulationPart.read($0) }, paths: parts)
        if json { return try Console.printJSON(tab) }
        print(TabulateCommand.render(tab.inputs))
        print(TabulateCommand.render(tab))
    }
}
