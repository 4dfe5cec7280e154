import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct TabulateCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "tabulate",
        abstract: "Overlap matrix, cross-tabulations by grade, zone and town, and conflicts with protected land.",
        discussion: """
        Layers come from the project file by role. --by ROLE:FIELD may name a field or a field role the project maps \
        (e.g. towns:name); --by ROLE alone splits by inside/outside that layer. Rows cover every non-empty combination; \
        the part outside a grouping layer is keyed "(outside)", so rows add up to the first layer's area. \
        With no mode given, prints the overlap matrix. Areas are ellipsoidal on CGCS2000, in km².
        """
    )

    @Argument(help: "Project file (YAML).") var project: String
    @Flag(help: "Overlap matrix of every pair of polygon layers.") var matrix = false
    @Option(name: .customLong("by"), help: "ROLE[:FIELD], repeated: the first is distributed over the others.") var by: [String] = []
    @Flag(help: "Features of --of (default: projects) overlapping the red line or protected areas.") var conflicts = false
    @Option(help: "Role checked for conflicts.") var of: String = Role.projects.rawValue
    @Option(help: "Roles conflicts are checked against (default: red-line, protected-areas).") var against: [String] = []
    @Option(name: .customLong("grid-size"), help: "Snap overlays to this precision grid (analysis CRS units).") var gridSize: Double?
    @Flag(help: "Print JSON instead of tables.") var json = false
    @Option(name: .customLong("batch-size"), help: "Features of the first --by layer held in memory at once.") var batchSize: Int = 20_000
    @Option(help: "Where --by, --matrix and --conflicts are computed: local (GEOS here) or postgis (as SQL in the database that holds every layer they use).")
    var engine: TabulationEngine = .local
    @Option(name: .customLong("tile-column"), help: "With --engine postgis: the column the tables are distributed by (Citus); joins require equal values.")
    var tileColumn: String?
    @Option(help: "With --by: tabulate only shard i of N (e.g. 3/8) of the first layer's features, by grid tile of their envelope centre, and print the part as JSON for `ecozone merge`.")
    var shard: String?
    @Option(name: .customLong("shard-tile"), help: "With --shard: the tile size in analysis-CRS units (default: 0.1° geographic, 10 km projected); the same for every shard.")
    var shardTile: Double?
    @OptionGroup var projectOptions: ProjectOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        if engine == .postgis, gridSize != nil { throw ValidationError("--grid-size applies to the local engine only") }
        if shard != nil, by.isEmpty || matrix || conflicts || engine != .local {
            throw ValidationError("--shard splits a local --by cross-tabulation: give --by, without --matrix, --conflicts or --engine postgis")
        }
        if shard == nil, shardTile != nil { throw ValidationError("--shard-tile applies with --shard") }
    }

    /// Layers come from the project file: their remedies are keys of their entries.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? { Remedies.projectFile(hint) }

    func run() throws {
        let layers = try LayerStore(try projectOptions.load(project))
        var documents: [(String, any Encodable)] = []
        let wantMatrix = matrix || (by.isEmpty && !conflicts)
        let pushedDown = PostGISCrossTabSQL.methodSummary + "\n"

        if let shardText = shard {
            let tile = shardTile ?? TabulationShard.defaultTileSize(geographic: layers.analysisCRS.isGeographic)
            let shard = try TabulationShard(parsing: shardText, tileSize: tile)
            let part = try layers.crossTabulationPart(by, gridSize: gridSize, batchSize: batchSize, shard: shard)
            FileHandle.standardOutput.write(try part.jsonData())
            print("")
            return
        }
        if !by.isEmpty {
            // The first layer is streamed in batches: it may be far larger than memory.
            let tab = layers.inClassOrder(engine == .postgis ? try layers.pushedDownCrossTabulation(by, tileColumn: tileColumn)
                                                             : try layers.crossTabulation(by, gridSize: gridSize, batchSize: batchSize))
            if !json, engine == .postgis {
                print(pushedDown)
            } else if !json { print(Self.render(tab.inputs)) }
            if !json { print(Self.render(tab)) }
            documents.append(("crosstab", tab))
        }
        if wantMatrix {
            let m = engine == .postgis ? try layers.pushedDownOverlapMatrix(tileColumn: tileColumn) : try layers.overlapMatrix(gridSize: gridSize)
            if !json { print(engine == .postgis ? pushedDown : Self.render(m.inputs)); print(render(m)) }
            documents.append(("matrix", m))
        }
        if conflicts {
            let list = engine == .postgis ? try layers.pushedDownConflicts(of: of, against: against, tileColumn: tileColumn)
                                          : try layers.conflicts(of: of, against: against, gridSize: gridSize)
            if !json { print(engine == .postgis ? pushedDown : Self.render(list.inputs)); print(render(list)) }
            documents.append(("conflicts", list))
        }
        if json {
            if documents.count == 1 { return try Console.printJSON(AnyEncodable(documents[0].1)) }
            try Console.printJSON(Dictionary(uniqueKeysWithValues: documents.map { ($0.0, AnyEncodable($0.1)) }))
        }
    }

    /// The cross-tabulation as `tabulate --by` prints it (``CrossTabulationText``, shared with `merge` and `ecozone-mpi`).
    static func render(_ t: CrossTabulation) -> String { CrossTabulationText.table(t) }

    /// Where each layer came from: its CRS, how it reached the analysis CRS, what was repaired.
    static func render(_ inputs: [LayerProvenance]) -> String { CrossTabulationText.inputs(inputs) }

    func render(_ m: OverlapMatrix) -> String {
        var lines = ["overlap matrix (ellipsoidal, CGCS2000, km²; a layer's self-overlap counted once)"]
        var sizes = Table(["layer", "area (km²)", "overlapping pairs", "sliver pairs", "self-overlap (km²)"],
                              alignments: [.left, .right, .right, .right, .right])
        let own = Dictionary(m.selfOverlap.map { ($0.layer, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, name) in m.layers.enumerated() {
            let s = own[name]
            sizes.add([name, NumberText.grouped(m.areas[i].squareKilometres, decimals: 4), s.map { String($0.overlappingPairs) } ?? "",
                       s.map { String($0.sliverPairs) } ?? "", s.map { NumberText.grouped($0.area.squareKilometres, decimals: 6) } ?? ""])
        }
        lines.append(sizes.text)
        lines.append("")
        var pairs = Table(["A", "B", "A ∩ B (km²)", "share of A", "share of B"], alignments: [.left, .left, .right, .right, .right])
        for i in m.layers.indices {
            for j in m.layers.indices where j > i && m.matrix[i][j].squareKilometres >= 0.5e-4 {
                pairs.add([m.layers[i], m.layers[j], NumberText.grouped(m.matrix[i][j].squareKilometres, decimals: 4),
                           NumberText.grouped(100 * m.shareOfRow[i][j], decimals: 2) + " %", NumberText.grouped(100 * m.shareOfRow[j][i], decimals: 2) + " %"])
            }
        }
        lines.append(pairs.rows.isEmpty ? "no two layers overlap" : pairs.text)
        lines.append(diagnosticsText(m.diagnostics))
        return lines.joined(separator: "\n") + "\n"
    }

    func render(_ c: ConflictList) -> String {
        let verb = c.shape == .polygon ? "overlap" : c.shape == .line ? "run through" : "lie in"
        var lines = ["conflicts: \(c.inConflict) of the \(c.checked) features of \(c.of) \(verb) protected land"]
        if c.conflicts.isEmpty { return lines[0] + "\n" }
        let measure = c.shape == .polygon ? ["overlap (km²)", "share"] : c.shape == .line ? ["inside (km)", "share of line"] : []
        var table = Table([c.of, "against", "name", "class"] + measure,
                          alignments: [.left, .left, .left, .left] + measure.map { _ in .right })
        for x in c.conflicts {
            let figures = c.shape == .point ? [] : [NumberText.grouped(c.shape == .line ? x.length ?? 0 : x.area.squareKilometres, decimals: 6),
                                                    NumberText.grouped(100 * x.shareOfFeature, decimals: 2) + " %"]
            table.add([x.feature, x.against, x.name ?? "", x.class ?? ""] + figures)
        }
        lines.append(table.text)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Where `tabulate --by` runs.
enum TabulationEngine: String, ExpressibleByArgument {
    case local, postgis
}

/// Type erasure so that documents of different types can share one JSON object.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
