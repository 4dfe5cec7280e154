import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Ecological sources (生态源地) from a land cover: MSPA core patches of a minimum area, ranked by dPC, kept by a rule.",
        discussion: """
        The project's 'sources:' block, or the options. MSPA (GuidosToolbox conventions) of the foreground classes; its \
        core patches of at least --min-area ha (ellipsoidal) are the candidates; their dPC (PC model, p = P at D metres, \
        distances edge to edge or between centroids in the land cover's projected CRS; areas in ha) ranks them; the \
        keep rule (--top N, --min-dpc %, --keep-area ha: every condition given must hold) picks the sources. Every \
        candidate is listed, kept or with the reason it was not. --out DIR writes sources.gpkg (the cores for \
        corridors: --cores DIR/sources.gpkg --id id), candidates.gpkg/.csv, mspa.tif and summary.json, atomically.
        """
    )

    @Argument(help: "Project file (YAML) with a 'sources:' block; or give --landcover, --foreground and --distance.") var project: String?
    @Option(help: "Land-cover raster (projected CRS).") var landcover: String?
    @Option(help: "Foreground (habitat) classes, comma-separated, e.g. 1 or 1,2.") var foreground: String?
    @Option(help: "MSPA foreground connectivity: 8 (default) or 4.") var connectivity: Int = 8
    @Option(name: .customLong("edge-width"), help: "MSPA edge width in cells (default 1).") var edgeWidth: Int = 1
    @Option(name: .customLong("min-area"), help: "Candidates: core patches of at least this many ha (default 1).") var minArea: Double = 1
    @Option(help: "Dispersal distance D of dPC, metres.") var distance: Double?
    @Option(help: "Dispersal probability at D (default 0.5).") var probability: Double = 0.5
    @Option(name: .customLong("node-distance"), help: "edge (default) or centroid.") var nodeDistance: SourceSelectionOptions.NodeDistance = .edge
    @Option(help: "Keep the first N candidates by dPC (among those meeting the other conditions).") var top: Int?
    @Option(name: .customLong("min-dpc"), help: "Keep candidates with dPC ≥ this percentage.") var minDPC: Double?
    @Option(name: .customLong("keep-area"), help: "Keep candidates of at least this many ha.") var keepArea: Double?
    @Option(help: "Output folder (written atomically; replaced only when it is empty or EcoZone wrote it).") var out: String?
    @Flag(help: "Print JSON instead of tables.") var json = false
    @OptionGroup var projectOptions: ProjectOptions

    func validate() throws {
        if project == nil && (landcover == nil || foreground == nil || distance == nil) {
            throw ValidationError("give a project file with a 'sources:' block, or --landcover, --foreground and --distance")
        }
        if project != nil && (landcover != nil || foreground != nil) {
            throw ValidationError("give either a project file or --landcover/--foreground, not both")
        }
        if project == nil { _ = try options() }
    }

    func options() throws -> SourceSelectionOptions {
        let o = SourceSelectionOptions(mspa: MSPAOptions(parameters: MSPAParameters(connectivity: connectivity, edgeWidth: edgeWidth),
                                                         foreground: try MSPACommand.classes(foreground ?? "")),
                                       minimumHectares: minArea, distance: distance ?? 0, probability: probability, nodeDistance: nodeDistance,
                                       top: top, minimumDPC: minDPC, keepHectares: keepArea)
        do { try o.check() } catch let e as GeoKitError { throw ValidationError(e.message) }
        return o
    }

    func run() throws {
        var rules = OutputGuard()
        let path: String, o: SourceSelectionOptions
        if let project {
            let p = try projectOptions.load(project)
            guard let s = p.sources else {
                throw GeoKitError(.input, "the project has no 'sources' block (landcover, foreground, distance, keep)", file: project)
            }
            rules.read(p)
            path = s.landcover
            o = s.options
        } else {
            path = landcover!
            o = try options()
            rules.read(path)
        }
        if let out { _ = try rules.checkFolder(out) }
        let (report, patches, segmentation) = try SourceSelection.run(landcover: path, options: o)
        if let out {
            try SourceSelectionOutput.write(report, patches: patches, segmentation: segmentation,
                                            landcover: try RasterIO.info(path, band: o.mspa.band), to: out, guard: rules)
        }
        if json { return try Console.printJSON(report) }
        let m = report.mspa
        var lines = [
            "land cover \(path), \(m.crs); foreground class\(m.foregroundClasses.count == 1 ? "" : "es") \(m.foregroundClasses.map(String.init).joined(separator: ", "))",
            "MSPA: connectivity \(m.parameters.connectivity), edge width \(m.parameters.edgeWidth) cell(s) (\(NumberText.grouped(m.parameters.edgeWidthMetres, decimals: 1)) m); core \(NumberText.grouped(m.area(of: .core) * 100, decimals: 2)) ha of \(NumberText.grouped(m.foregroundArea * 100, decimals: 2)) ha foreground",
            "candidates: \(report.candidates.count) core patch(es) ≥ \(NumberText.plain(report.minimumHectares)) ha (\(report.smallPatches) smaller, \(NumberText.grouped(report.smallHectares, decimals: 2)) ha, left out)",
            "dPC: D = \(NumberText.plain(report.distance)) m, P = \(NumberText.plain(report.probability)), distances \(report.nodeDistance.rawValue) to \(report.nodeDistance.rawValue), areas in ha (ellipsoidal)",
            "keep: \(report.rule) → \(report.kept.count) source(s), \(NumberText.grouped(report.kept.reduce(0) { $0 + $1.hectares }, decimals: 2)) ha",
            "",
        ]
        let table = SourceSelectionOutput.table(report)
        lines.append(table.text)
        if let out { lines.append("written to \(out)") }
        print(lines.joined(separator: "\n"))
    }
}

extension SourceSelectionOptions.NodeDistance: ExpressibleByArgument {}
