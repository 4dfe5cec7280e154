import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct CorridorsCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "corridors",
        abstract: "Least-cost corridors, circuit current, pinch points and barriers between cores (Linkage Mapper, Circuitscape).",
        discussion: """
        Cores are the project's pattern barriers (or --cores-role ROLE), or --cores SOURCE; resistance is the pattern's \
        resistance raster, its land use through the resistance-table (--from-landuse), or --resistance RASTER. \
        A cell belongs to a core when its centre lies inside the polygon; NoData is impassable. Cost distance follows \
        ArcGIS CostDistance (8 neighbours, mean resistance × step length); cost units are resistance × metres. \
        Pairs are linked as Linkage Mapper links them (adjacent cost-allocation zones, paths through a third core dropped). \
        With --out DIR every raster (GeoTIFF) and vector (GeoPackage: corridor_paths, corridors, pinch_points, barriers) \
        is written there atomically; list the GeoPackages as layers of a project to tabulate them.
        """
    )

    @Argument(help: "Project file (YAML); or give --cores and --resistance.") var project: String?
    @Option(help: "Core polygons (any vector source).") var cores: String?
    @Option(help: "Layer of --cores.") var layer: String?
    @Option(help: "Resistance raster (GeoTIFF or any GDAL raster; NoData is impassable).") var resistance: String?
    @Option(help: "Integer core id field (default: 1, 2, … in feature order).") var id: String?
    @Option(help: "Core name field (project mode: the layer's name field).") var name: String?
    @Option(name: .customLong("assume-crs"), help: "CRS for a core source that declares none.") var assumeCRS: String?
    @Option(help: "Text encoding of the core source's attributes, overriding .cpg and language id, e.g. CP936.") var encoding: String?
    @Option(name: .customLong("assume-axis-order"),
            help: "lat-lon: the core source holds (latitude, longitude), swap on reading; lon-lat: take it as it is, without the swapped-axes check.")
    var assumeAxisOrder: AxisOrder?
    @Option(name: .customLong("cores-role"), help: "Project role used as cores (default: barriers of the pattern).") var coresRole: String = PatternRole.barriers.rawValue
    @Flag(name: .customLong("from-landuse"), help: "Build the resistance from the pattern's landuse raster and resistance-table.") var fromLandUse = false
    @Option(help: "Output folder (written atomically; replaced only when it is empty or EcoZone wrote it).") var out: String?
    @Option(help: "Corridor width cut-off in cost units (default: 10 % of the median least-cost distance).") var cutoff: Double?
    @Flag(name: .customLong("all-pairs"), help: "Link every pair of cores, not only adjacent ones.") var allPairs = false
    @Option(name: .customLong("pinch-fraction"), help: "Share of corridor cells flagged as pinch points, by current.") var pinchFraction: Double = 0.1
    @Option(name: .customLong("barrier-radii"), help: "Barrier Mapper radii in metres, comma-separated (default: 2, 4, 6 cells).") var barrierRadii: String?
    @Option(name: .customLong("barrier-fraction"), help: "Share of positively scored cells flagged as barriers.") var barrierFraction: Double = 0.05
    @Flag(name: .customLong("no-circuit"), help: "Skip the circuit (current, pinch points).") var noCircuit = false
    @Flag(name: .customLong("no-barriers"), help: "Skip Barrier Mapper.") var noBarriers = false
    @Option(help: "Average blocks of N × N resistance cells first (a quicker, coarser run).") var aggregate: Int = 1
    @Option(name: .customLong("moving-window"), help: "Instead of corridors between cores: an Omniscape-style wall-to-wall current map, one circuit per target cell within this radius (cells); sources 1/resistance. Writes current.tif.")
    var movingWindow: Int?
    @Option(help: "With --moving-window: only the centre of each N × N block is a target (odd N; Omniscape's block_size).") var block: Int = 1
    @Flag(help: "Print JSON instead of tables.") var json = false
    @Flag(help: "No progress on stderr (otherwise a timed line per step, and for steps longer than 2 s a bar with the time left on a terminal, a line every 10 s elsewhere).") var quiet = false
    @OptionGroup var projectOptions: ProjectOptions

    func validate() throws {
        if let movingWindow {
            guard movingWindow >= 1, block >= 1, block % 2 == 1 else {
                throw ValidationError("--moving-window takes a radius of 1 cell or more, and --block an odd number of cells")
            }
            guard (project == nil) != (resistance == nil), cores == nil else {
                throw ValidationError("--moving-window takes a project file or --resistance (no cores)")
            }
        } else if project == nil && (cores == nil || resistance == nil) {
            throw ValidationError("give a project file, or both --cores and --resistance")
        }
        if project != nil && (cores != nil || resistance != nil) {
            throw ValidationError("give either a project file or --cores/--resistance, not both")
        }
        guard aggregate >= 1 else { throw ValidationError("--aggregate must be ≥ 1") }
        guard pinchFraction > 0 && pinchFraction <= 1, barrierFraction > 0 && barrierFraction <= 1 else {
            throw ValidationError("--pinch-fraction and --barrier-fraction must be in (0, 1]")
        }
        if let cutoff, !(cutoff.isFinite && cutoff >= 0) {
            throw ValidationError("--cutoff must be a finite number of cost units, 0 or more")
        }
        _ = try parsedRadii()
    }

    /// --barrier-radii as metres (``BarrierWork/radii(from:)``; the raster's diagonal bounds each one
    /// once the raster is read).
    func parsedRadii() throws -> [Double]? {
        guard let barrierRadii else { return nil }
        switch BarrierWork.radii(from: barrierRadii) {
        case .success(let radii): return radii
        case .failure(.notPositive):
            throw ValidationError("--barrier-radii must be positive numbers of metres separated by commas, got '\(barrierRadii)'")
        case .failure(.tooMany(let n)):
            throw ValidationError("--barrier-radii takes at most \(BarrierWork.maximumRadii) radii, got \(n)")
        }
    }

    /// With a project, the cores come from it; --cores has the common source flags.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? {
        project != nil ? Remedies.projectFile(hint) : nil
    }

    func run() throws {
        let started = Date()
        let bar = ProgressBar(label: "corridors", enabled: !quiet)
        defer { bar.finish() }
        func progress(_ line: String) {
            guard !quiet else { return }
            bar.finish()
            let seconds = NumberText.grouped(Date().timeIntervalSince(started), decimals: 1)
            Console.note("[" + String(repeating: " ", count: max(0, 6 - seconds.count)) + seconds + " s] " + line)
        }
        var rules = OutputGuard()
        if let movingWindow { return try runMovingWindow(radius: movingWindow, rules: &rules, bar: bar, progress: progress) }
        let setupOptions = CorridorSetup.Options(coresRole: coresRole, idField: id, nameField: name, preferLandUse: fromLandUse, aggregate: aggregate)
        let setup: CorridorSetup
        if let project {
            let p = try projectOptions.load(project)
            rules.read(p)
            if let out { _ = try rules.checkFolder(out) }
            setup = try CorridorSetup.load(p, options: setupOptions, progress: progress)
        } else {
            rules.read(cores!)
            rules.read(resistance!)
            if let out { _ = try rules.checkFolder(out) }
            setup = try CorridorSetup.load(resistance: resistance!, cores: LayerRequest(source: cores!, layer: layer, assumedCRS: assumeCRS, encoding: encoding, axisOrder: assumeAxisOrder),
                                           options: setupOptions, progress: progress)
        }
        let radii = try parsedRadii()
        let options = CorridorOptions(selection: allPairs ? .allPairs : .costWeightedAdjacent, cutoff: cutoff,
                                      circuit: !noCircuit, pinchFraction: pinchFraction, barriers: !noBarriers,
                                      barrierRadii: radii, barrierFraction: barrierFraction)
        let analysis = try CorridorAnalysis.run(surface: setup.surface, cores: setup.cores, options: options, progress: progress,
                                                stepProgress: bar.handler)
        let summary = CorridorSummary(analysis, options: options)
        if let out {
            try CorridorOutput.write(analysis, summary: summary, to: out, guard: rules, progress: progress)
            progress("wrote \(out)")
        }
        bar.finish()
        if json { return try Console.printJSON(summary) }
        print(summary.text(out: out))
    }

    func runMovingWindow(radius: Int, rules: inout OutputGuard, bar: ProgressBar, progress: (String) -> Void) throws {
        let surface: ResistanceSurface
        progress("reading the resistance")
        if let project {
            let p = try projectOptions.load(project)
            rules.read(p)
            if let out { _ = try rules.checkFolder(out) }
            surface = try ResistanceSurface.fromProject(p, preferLandUse: fromLandUse).aggregated(by: aggregate)
        } else {
            rules.read(resistance!)
            if let out { _ = try rules.checkFolder(out) }
            surface = try ResistanceSurface.read(resistance!).aggregated(by: aggregate)
        }
        progress("moving window of \(radius) cells over \(surface.grid.width) × \(surface.grid.height) cells, blocks of \(block)")
        let (result, summary) = try MovingWindowCurrent.run(surface: surface, options: MovingWindowOptions(radius: radius, block: block),
                                                            stepProgress: bar.handler)
        if let out {
            try MovingWindowCurrent.write(result, summary: summary, surface: surface, to: out, guard: rules)
            progress("wrote \(out)")
        }
        bar.finish()
        if json { return try Console.printJSON(summary) }
        print(summary.text(out: out))
    }
}
