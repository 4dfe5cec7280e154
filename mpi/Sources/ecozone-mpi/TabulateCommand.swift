// `ecozone-mpi tabulate PROJECT --by …`: each rank tabulates its shard of the first layer (rank r is
// shard r+1 of N, TabulationShard), the parts are gathered on rank 0 (MPI_Gatherv of their JSON) and
// merged exactly; rank 0 prints what `ecozone tabulate PROJECT --by …` prints, byte for byte.

import ArgumentParser
import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

struct TabulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tabulate",
        abstract: "Cross-tabulation (`ecozone tabulate --by`) with the first layer's features spread over the ranks.",
        discussion: "Each rank reads the layers and cuts the features whose envelope centre lies in its grid tiles; rank 0 adds the parts up exactly and prints the unsplit table."
    )

    @Argument(help: "Project file (YAML).") var project: String
    @Option(name: .customLong("by"), help: "ROLE[:FIELD], repeated: the first is distributed over the others.") var by: [String] = []
    @Option(name: .customLong("grid-size"), help: "Snap overlays to this precision grid (analysis CRS units).") var gridSize: Double?
    @Option(name: .customLong("batch-size"), help: "Features of the first --by layer held in memory at once.") var batchSize: Int = 20_000
    @Option(name: .customLong("shard-tile"), help: "Tile size in analysis-CRS units that assigns features to ranks (default: 0.1° geographic, 10 km projected).") var shardTile: Double?
    @Flag(help: "Print JSON instead of tables.") var json = false
    @Flag(help: "Report each rank's peak memory on stderr (\"memory per rank: …\").") var memory = false

    func validate() throws {
        guard !by.isEmpty else { throw ValidationError("give at least one --by ROLE[:FIELD]") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let layers = try LayerStore(try Project.load(project))
        let tile = shardTile ?? TabulationShard.defaultTileSize(geographic: layers.analysisCRS.isGeographic)
        let shard = try TabulationShard(index: MPIEnvironment.rank, count: MPIEnvironment.size, tileSize: tile)
        let part = try layers.crossTabulationPart(by, gridSize: gridSize, batchSize: batchSize, shard: shard)
        let peaks = try MPIEnvironment.gather(withUnsafeBytes(of: MPIMemoryBudget.peakResidentBytes() ?? 0) { [UInt8]($0) })
        guard let gathered = try MPIEnvironment.gather([UInt8](try part.jsonData())) else { return }
        if memory, let peaks {
            let text = peaks.map { b in SystemMemory.describe(b.withUnsafeBytes { $0.loadUnaligned(as: Double.self) }) }.joined(separator: ", ")
            FileHandle.standardError.write(Data("memory per rank: peak \(text) (before the merge on rank 0)\n".utf8))
        }
        let parts = try gathered.enumerated().map { try CrossTabulationPart.decode(Data($0.element), name: "rank \($0.offset)") }
        let tab = try CrossTabulationPart.merge(parts, paths: parts.indices.map { "rank \($0)" })
        if json {
            print(try JSONOutput.string(tab))
        } else {
            print(CrossTabulationText.inputs(tab.inputs))
            print(CrossTabulationText.table(tab))
        }
    }
}
