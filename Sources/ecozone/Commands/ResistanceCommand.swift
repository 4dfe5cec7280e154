import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct ResistanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resistance",
        abstract: "The multi-factor resistance surface of a project's 'resistance:' block (阻力面): factors scored, weighted (directly or by AHP) and summed.",
        discussion: """
        R = (Σ weight · score) × Π multipliers on one projected grid. A factor is a raster's classes through a table, a \
        raster's values (or a DEM's Horn slope in degrees, derive: slope) through ascending breaks, or the distance in \
        metres to a layer, a vector source or a raster's classes (exact Euclidean distance transform) through breaks. \
        Weights are given (summing to 1) or the principal eigenvector of an AHP matrix, whose consistency ratio is \
        reported (a warning when CR ≥ 0.1, Saaty's limit). NoData in the grid or any factor is impassable. --out DIR \
        writes resistance.tif (usable by corridors --resistance), factors.csv and summary.json, atomically; corridors \
        on the same project uses the surface directly.
        """
    )

    @Argument(help: "Project file (YAML) with a 'resistance:' block.") var project: String
    @Option(help: "Output folder (written atomically; replaced only when it is empty or EcoZone wrote it).") var out: String?
    @Flag(help: "Print JSON instead of tables.") var json = false
    @OptionGroup var projectOptions: ProjectOptions

    func run() throws {
        let p = try projectOptions.load(project)
        var rules = OutputGuard()
        rules.read(p)
        if let out { _ = try rules.checkFolder(out) }
        let result = try MultiFactorResistance.build(p)
        for w in result.warnings { Console.note("ecozone: warning: \(w)") }
        if let out { try ResistanceOutput.write(result, to: out, guard: rules) }
        let summary = ResistanceSummary(result)
        if json { return try Console.printJSON(summary) }
        var lines = ["grid \(summary.grid), \(summary.crs), \(summary.width) × \(summary.height) cells of \(NumberText.plain(summary.cellSize)) m",
                     "\(summary.formula); weights \(summary.weightsFrom == "ahp" ? "from the AHP matrix (principal eigenvector)" : "given")"]
        if let a = summary.ahp {
            lines.append("AHP: λmax \(NumberText.fixed(a.lambdaMax, 4)), CI \(NumberText.fixed(a.consistencyIndex, 4)), RI \(NumberText.plain(a.randomIndex)) (\(a.randomIndexTable)), CR \(NumberText.fixed(a.consistencyRatio, 4)) \(a.acceptable ? "< 0.10, consistent" : "≥ 0.10, inconsistent")")
        }
        lines += ["", summary.table().text]
        for m in summary.multipliers {
            lines.append("multiplier × \(NumberText.plain(m.factor)) inside \(m.target): \(NumberText.grouped(Double(m.cells), decimals: 0)) cells")
        }
        if let lo = summary.minimum, let hi = summary.maximum, let mean = summary.mean {
            lines.append("resistance \(NumberText.significant(lo)) … \(NumberText.significant(hi)), mean \(NumberText.significant(mean)) over \(NumberText.grouped(Double(summary.cells), decimals: 0)) cells; \(NumberText.grouped(Double(summary.noDataCells), decimals: 0)) NoData (impassable)")
        }
        if let out { lines.append("written to \(out)") }
        print(lines.joined(separator: "\n"))
    }
}
