import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct RunCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every analysis a project asks for, into one folder: GeoJSON for web maps, tables, report.html, run.json.",
        discussion: """
        Areas and lengths of every layer, the overlap matrix, the cross-tabs the project lists under 'tabulate:', \
        projects in conflict with protected land, the claims file, the security pattern and, when the project names a \
        resistance surface, the corridors. The folder is written under a temporary name beside DIR and renamed into \
        place at the end: a failure or Ctrl-C leaves DIR as it was. An existing DIR is replaced only when it is empty or \
        EcoZone wrote it (its .ecozone manifest lists every file in it); DIR may not be the current folder or one above \
        it, nor hold any file the project names.

        With several project files (ecozone run A.yaml B.yaml … --out DIR) each runs into its own subfolder DIR/NAME \
        (NAME from the file's name, or its folder's when the file is project.yaml), a failure in one not stopping the \
        others; DIR/index.html links every report and DIR/summary.csv and summary.json compare them (areas, red line and \
        protected shares, claims passed/failed, pattern counts declared/found). Exit 1 when any project failed, with its \
        sentence.
        """
    )

    @Argument(help: "Project file (YAML); several run as a batch: DIR/NAME/ each, DIR/index.html and DIR/summary.csv/.json comparing them.")
    var projects: [String]
    @Option(help: "Output folder (replaced only when it is empty or EcoZone wrote it).") var out: String = "out"
    @Option(help: "Decimal places of GeoJSON coordinates (6 ≈ 0.1 m).") var precision: Int = 6
    @Option(help: "Simplify exported layers to this tolerance in metres, keeping shared edges shared.") var simplify: Double?
    @Flag(name: .customLong("no-corridors"), help: "Skip the corridor analysis.") var noCorridors = false
    @Option(name: .customLong("corridor-aggregate"), help: "Average N × N resistance cells first (a quicker, coarser corridor run).")
    var corridorAggregate: Int = 1
    @Flag(help: "Also write geojson-gcj02/: every layer in GCJ-02 for Amap and Tencent maps.") var gcj02 = false
    @Option(name: .customLong("tiles-above-mb"), help: "Also write a layer as vector tiles (tiles/ROLE.mbtiles) when its GeoJSON exceeds this many MB (10^6 bytes).")
    var tilesAboveMB: Double = 20
    @Option(name: .customLong("tiles-above-features"), help: "… or when it has more features than this.") var tilesAboveFeatures: Int = 100_000
    @Option(name: .customLong("tile-max-zoom"), help: "Deepest zoom of the vector tiles (web maps overzoom beyond it).") var tileMaxZoom: Int = 13
    @Option(help: "Language of report.html: zh (Chinese, the default) or en (English); overrides the project's 'lang:'.") var lang: String?
    @Flag(help: "No progress on stderr.") var quiet = false
    @Option(help: "Also load the result layers and tables into this PostGIS database (PG:dbname=… host=…), in one transaction.") var to: String?
    @Option(help: "With --to: the schema to write (replaced only when EcoZone wrote it).") var schema: String = "ecozone"
    @OptionGroup var projectOptions: ProjectOptions

    func validate() throws {
        guard !projects.isEmpty else { throw ValidationError("name at least one project file") }
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15") }
        guard corridorAggregate >= 1 else { throw ValidationError("--corridor-aggregate must be at least 1") }
        if let s = simplify, !(s.isFinite && s >= 0) { throw ValidationError("--simplify must be a finite distance in metres, 0 or more") }
        guard tilesAboveMB >= 0, tilesAboveMB <= 1e6, tilesAboveFeatures >= 0 else { throw ValidationError("tile thresholds must be 0 or more (MB at most 10^6)") }
        guard (0...22).contains(tileMaxZoom) else { throw ValidationError("--tile-max-zoom must be between 0 and 22") }
        if let to, PostGISConnection(to) == nil { throw ValidationError("--to takes a PostGIS connection, PG:dbname=… host=…") }
        if schema.isEmpty { throw ValidationError("--schema must not be empty") }
        if let lang, ReportLanguage(parsing: lang) == nil { throw ValidationError("--lang must be zh (Chinese) or en (English), got '\(lang)'") }
    }

    /// Layers come from the project file; the corridor grid is coarsened with --corridor-aggregate.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? {
        if hint == .coarsenResistance { return "aggregate the resistance (--corridor-aggregate N), clip it, or use fewer cores" }
        return Remedies.projectFile(hint)
    }

    func run() throws {
        let options = RunOptions(precision: precision, simplifyMetres: simplify, corridors: !noCorridors, corridorAggregate: corridorAggregate,
                                 gcj02: gcj02, tiles: VectorTileThresholds(bytes: Int(tilesAboveMB * 1e6), features: tilesAboveFeatures,
                                                                           maxZoom: tileMaxZoom),
                                 language: lang.flatMap(ReportLanguage.init(parsing:)))
        let progress = Progress(enabled: !quiet)
        if projects.count > 1 {
            if to != nil { throw ValidationError("--to loads one project's run into a database; give one project file, or run the batch without --to") }
            return try runBatch(options, progress: progress)
        }
        let started = Date()
        let loaded = try projectOptions.load(projects[0])
        if let to, let connection = PostGISConnection(to) { try PostGISRunSink.preflight(connection, schema: schema, project: loaded) }
        let results = try ProjectRun.execute(loaded, out: out, options: options) { progress.show($0) }
        progress.done()
        for w in results.warnings { Console.note("ecozone: warning: \(w)") }
        let seconds = Date().timeIntervalSince(started)
        print("\(results.projectName): \(results.steps.count) steps in \(NumberText.grouped(seconds, decimals: 1)) s")
        print("  layers: \(results.layers.count); cross-tabs: \(results.tabulations.count)"
              + (results.conflicts.map { "; conflicts: \($0.conflicts.count)" } ?? "")
              + (results.claims.map { "; claims: \($0.passed) pass, \($0.failed) fail, \($0.errors) error(s)" } ?? "")
              + (results.pattern.map { "; pattern: \($0.elements.count) elements, \($0.graph.edges.count) links" } ?? "")
              + (results.corridors.map { "; corridors: \($0.corridors)" } ?? ""))
        let folder = URL(fileURLWithPath: out).standardized.path
        print("  \(results.outputs.filter { $0.hasPrefix("geojson/") }.count) GeoJSON files, \(results.outputs.filter { $0.hasPrefix("tables/") }.count / 2) tables"
              + (results.tiles.isEmpty ? "" : ", vector tiles for \(results.tiles.map(\.role).joined(separator: ", "))"))
        print("report: \(folder)/report.html")
        if let to, let connection = PostGISConnection(to) {
            let r = try PostGISRunSink.write(runFolder: URL(fileURLWithPath: folder), to: connection, schema: schema, project: loaded, replace: true)
            print("database: schema \(r.schema) of \(r.connection): \(r.layers.count) layers, \(r.tables.count) tables (one transaction, SRID, GiST indexes, comments)")
        }
    }
}

/// Progress on stderr: on a terminal one line redrawn with a bar, the step count and the elapsed
/// time; otherwise a plain line per step, so logs stay readable.
final class Progress: Sendable {
    private let enabled: Bool
    private let terminal: Bool
    private let start = Date()
    private let width = Locked(0)

    init(enabled: Bool) {
        self.enabled = enabled
        terminal = isatty(2) == 1
    }

    func show(_ event: RunEvent) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        switch event {
        case let .started(i, n, name):
            if terminal {
                let done = Int(Double(i - 1) / Double(n) * 24)
                let bar = String(repeating: "█", count: done) + String(repeating: "░", count: 24 - done)
                let line = "\r\(bar) \(i)/\(n)  \(name)  \(NumberText.grouped(elapsed, decimals: 0)) s"
                let pad = width.withLock { w -> String in
                    defer { w = line.count }
                    return String(repeating: " ", count: max(0, w - line.count))
                }
                FileHandle.standardError.write(Data((line + pad).utf8))
            } else {
                FileHandle.standardError.write(Data("[\(i)/\(n)] \(name)…\n".utf8))
            }
        case let .finished(i, n, name, seconds):
            if !terminal {
                FileHandle.standardError.write(Data("[\(i)/\(n)] \(name): \(NumberText.grouped(seconds, decimals: 1)) s\n".utf8))
            }
        }
    }

    func done() {
        guard enabled, terminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
