// `ecozone-mpi corridors`: `ecozone corridors` with its work spread over the ranks. Pairs mode: the
// cores' cost distances, the links' corridors and circuits and the barrier tasks go round-robin over
// the ranks and are folded on rank 0 in the single run's order (CorridorAnalysis.run(sharing:)); the
// rasters are written as one row-band tile per rank and a VRT. Moving-window mode: each rank takes a
// band of target rows, reads only its rows and the window's halo, and writes its band of current.vrt
// (MovingWindowBands). Rank 0 prints what `ecozone corridors` prints.

import ArgumentParser
import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

struct CorridorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridors",
        abstract: "Least-cost corridors, circuit current, pinch points and barriers (`ecozone corridors`) with the work spread over the ranks.",
        discussion: """
        The same inputs, options and figures as `ecozone corridors`. With --out, each whole-grid raster is \
        NAME.vrt over one row-band tile per rank (tiles/NAME-RANK.tif); cost_distance_<id>.tif is written by \
        the rank that ran the core; vectors, pairs.csv and summary.json by rank 0. Every rank must see the \
        output folder's parent and TMPDIR (on several nodes: a shared file system).
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
    @Option(name: .customLong("moving-window"), help: "Instead of corridors between cores: the Omniscape-style current map of `ecozone corridors --moving-window`, target rows in bands over the ranks.")
    var movingWindow: Int?
    @Option(help: "With --moving-window: only the centre of each N × N block is a target (odd N).") var block: Int = 1
    @Option(help: "Worker threads per rank (default: the machine's cores divided by the ranks on it, at most the cores mpirun bound the rank to; give a rank several with mpirun --map-by slot:PE=N or --bind-to none).") var threads: Int?
    @Flag(help: "Print JSON instead of tables.") var json = false
    @Flag(help: "No progress on stderr (otherwise rank 0 prints a timed line per step).") var quiet = false

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
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
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

    /// Threads for this rank: the machine's processors shared by the ranks on this node, and no more than
    /// the processors mpirun bound the rank to (by default one core each for up to 2 ranks: threads beyond
    /// it would only take turns). Collective (the node's ranks are counted).
    var workers: Int {
        let share = max(1, GeoKit.Parallel.workerCount / max(1, MPIEnvironment.nodeSize))
        return threads ?? min(share, MPIEnvironment.boundProcessors ?? share)
    }

    func run() throws {
        let sharing = MPIWorkSharing()
        let started = Date()
        let progress: (String) -> Void = { line in
            guard !quiet, sharing.rank == 0 else { return }
            let seconds = NumberText.grouped(Date().timeIntervalSince(started), decimals: 1)
            FileHandle.standardError.write(Data(("[" + String(repeating: " ", count: max(0, 6 - seconds.count)) + seconds + " s] " + line + "\n").utf8))
        }
        var rules = OutputGuard()
        let workers = self.workers   // once: counting the node's ranks is collective
        if let movingWindow {
            return try runMovingWindow(radius: movingWindow, workers: workers, sharing: sharing, rules: &rules, progress: progress)
        }
        let setupOptions = CorridorSetup.Options(coresRole: coresRole, idField: id, nameField: name, preferLandUse: fromLandUse, aggregate: aggregate)
        // Rank 0 reads the whole resistance; the others, when it is one raster read as it is, only its
        // frame, and later the windows their cores and links need.
        let setup: Result<SharedCorridorSetup, any Error>
        if let project {
            let p = try Project.load(project)
            try p.checkInputsExist()
            rules.read(p)
            if let out { _ = try rules.checkFolder(out) }
            let raster = ResistanceSurface.rasterSource(of: p, preferLandUse: fromLandUse)
            setup = Result { sharing.rank == 0 || raster == nil
                ? try CorridorSetup.load(p, options: setupOptions, progress: progress).shared
                : try CorridorSetup.loadFrame(p, raster: raster!, options: setupOptions) }
        } else {
            rules.read(cores!)
            rules.read(resistance!)
            if let out { _ = try rules.checkFolder(out) }
            let request = LayerRequest(source: cores!, layer: layer, assumedCRS: assumeCRS, encoding: encoding)
            setup = Result { sharing.rank == 0
                ? try CorridorSetup.load(resistance: resistance!, cores: request, options: setupOptions, progress: progress).shared
                : try CorridorSetup.loadFrame(resistance: resistance!, cores: request, options: setupOptions) }
        }
        // Rank 0's reading may fail where a frame's does not (a cell out of range): every rank stops, in rank 0's words.
        if case .failure(let error) = setup { try sharing.agree(error) } else { try sharing.agree(nil) }
        var options = CorridorOptions(selection: allPairs ? .allPairs : .costWeightedAdjacent, cutoff: cutoff,
                                      circuit: !noCircuit, pinchFraction: pinchFraction, barriers: !noBarriers,
                                      barrierRadii: try parsedRadii(), barrierFraction: barrierFraction, maxConcurrency: workers)
        // Ranks on one node share its memory: each plans within its share of the limit.
        options.memoryLimit = CorridorMemory.limit / Double(max(1, MPIEnvironment.nodeSize))
        progress("\(sharing.size) rank(s) of \(workers) thread(s)")
        let (analysis, costDistances) = try CorridorAnalysis.run(resistance: try setup.get().resistance, cores: try setup.get().cores,
                                                                 options: options, sharing: sharing, progress: progress)
        let summary = analysis.map { CorridorSummary($0, options: options) }
        if let out {
            try CorridorOutput.write(analysis, summary: summary, costDistances: costDistances, frame: try setup.get().resistance.frame, to: out,
                                     guard: rules, sharing: sharing, progress: progress)
            progress("wrote \(out)")
        }
        guard let summary else { return }
        if json { return print(try JSONOutput.string(summary)) }
        print(summary.text(out: out))
    }

    func runMovingWindow(radius: Int, workers: Int, sharing: MPIWorkSharing, rules: inout OutputGuard,
                         progress: (String) -> Void) throws {
        let source: MovingWindowBands.Source
        if let project {
            let p = try Project.load(project)
            try p.checkInputsExist()
            rules.read(p)
            if let out { _ = try rules.checkFolder(out) }
            // A project whose resistance is one raster read as it is: each rank reads only its rows of it.
            source = ResistanceSurface.rasterSource(of: p, preferLandUse: fromLandUse).map { .raster($0, aggregate: aggregate) }
                ?? .project(p, preferLandUse: fromLandUse, aggregate: aggregate)
        } else {
            rules.read(resistance!)
            if let out { _ = try rules.checkFolder(out) }
            source = .raster(resistance!, aggregate: aggregate)
        }
        progress("moving window of \(radius) cells, blocks of \(block), target rows in \(sharing.size) band(s) of \(workers) thread(s)")
        let run = try MovingWindowBands.run(source, options: MovingWindowOptions(radius: radius, block: block), sharing: sharing,
                                            workers: workers, progress: progress)
        if let out {
            try run.write(to: out, guard: rules, sharing: sharing)
            progress("wrote \(out)")
        }
        guard sharing.rank == 0 else { return }
        if json { return print(try JSONOutput.string(run.summary)) }
        print(run.summary.text(out: out))
    }
}
