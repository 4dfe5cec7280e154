// `ecozone-mpi circuit`: effective resistances of core pairs, each solved on the whole grid split over all
// ranks (PETSc DMDA + CG + BoomerAMG/GAMG); the circuit of one pair too large for one machine.

import ArgumentParser
import EcoZone
import EcoZoneMPI
import Foundation
import GeoKit

struct CircuitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuit",
        abstract: "Pairwise effective resistance (Circuitscape pairwise mode) with each pair's circuit split over the ranks.",
        discussion: """
        Inputs: a project (its resistance and cores, as `ecozone corridors PROJECT`), or --resistance with
        --cores (a vector layer; every rank reads the whole grid) or --core-raster (an Int32 raster of core
        ids, 0 = none, on the resistance's grid; each rank reads only its own window of both rasters).
        The memory each rank needs is estimated first; a run that cannot fit is refused with the figure.
        """
    )

    @Argument(help: "Project file (YAML); or give --resistance and --cores or --core-raster.") var project: String?
    @Option(help: "Resistance raster (GeoTIFF or any GDAL raster; NoData is impassable).") var resistance: String?
    @Option(help: "Core polygons (any vector source).") var cores: String?
    @Option(help: "Layer of --cores.") var layer: String?
    @Option(help: "Integer core id field of --cores (default: 1, 2, … in feature order).") var id: String?
    @Option(name: .customLong("core-raster"), help: "Core ids as a raster on the resistance's grid (0 or NoData = no core).") var coreRaster: String?
    @Option(name: .customLong("cores-role"), help: "Project role used as cores (default: barriers of the pattern).") var coresRole: String = PatternRole.barriers.rawValue
    @Option(help: "Average blocks of N × N resistance cells first (project or --cores).") var aggregate: Int = 1
    @Option(help: "Pairs to solve, e.g. 1-2,1-3 (default: every pair of cores).") var pairs: String?
    @Option(help: "Preconditioner: boomeramg (hypre) or gamg (PETSc's own).") var preconditioner: String = DistributedPreconditioner.boomerAMG.rawValue
    @Option(help: "Relative residual at which conjugate gradients stop.") var tolerance: Double = 1e-8
    @Flag(name: .customLong("four-neighbors"), help: "Connect the 4 orthogonal neighbours only (default 8).") var fourNeighbors = false
    @Flag(name: .customLong("average-conductance"), help: "Edge conductance (g1+g2)/2, Circuitscape's default (default: 1/((r1+r2)/2), Linkage Mapper's).") var averageConductance = false
    @Option(name: .customLong("memory-limit"), help: "Bytes the ranks of one node may use (default: 3/4 of its memory); K, M, G suffixes.") var memoryLimit: String?
    @Flag(name: .customLong("pairs-over-ranks"), help: "Spread the pairs over the ranks instead, each rank solving whole pairs on the whole grid with EcoZone's own solver (many pairs that each fit one rank).") var pairsOverRanks = false
    @Flag(name: .customLong("set-up-each-pair"), help: "Set the multigrid preconditioner up afresh for every pair even when every core is one cell (focal points share one set-up by default).") var setUpEachPair = false
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Also report each rank's peak memory next to the estimate (stderr, or in the JSON).") var memory = false

    func run() throws {
        guard let preconditioner = DistributedPreconditioner(rawValue: preconditioner) else {
            throw ValidationError("--preconditioner is boomeramg or gamg, not \(self.preconditioner)")
        }
        let options = DistributedCircuitOptions(rule: averageConductance ? .averageConductance : .averageResistance,
                                                eightNeighbors: !fourNeighbors, tolerance: tolerance,
                                                preconditioner: preconditioner)
        let limit = try memoryLimit.map(Self.parseBytes) ?? CorridorMemory.limit
        let requested = try pairs.map(Self.parsePairs)
        let inputs = try CircuitInputs.open(project: project, resistance: resistance, cores: cores, layer: layer, id: id,
                                            coreRaster: coreRaster, coresRole: coresRole, aggregate: aggregate)
        let budget = MPIMemoryBudget(width: inputs.width, height: inputs.height, ranks: MPIEnvironment.size,
                                     ranksPerNode: MPIEnvironment.nodeSize, pairs: requested?.count ?? 0,
                                     fullGridOnEveryRank: inputs.holdsFullGrid, wholePairsPerRank: pairsOverRanks)
        try budget.check(limit: limit)
        if pairsOverRanks {
            return try solvePairsOverRanks(inputs, requested: requested, options: options, budget: budget)
        }

        let circuit = try DistributedCircuit(width: inputs.width, height: inputs.height, options: options)
        let window = try inputs.window(circuit.inputWindow)
        let pairList = try requested ?? Self.allPairs(of: try inputs.coreIDs(owned: circuit.ownedWindow, input: circuit.inputWindow, labels: window.labels))
        // Focal points (every core of the pairs one cell): one circuit and one preconditioner set-up for all pairs.
        let ends = Array(Set(pairList.flatMap { [$0.0, $0.1] })).sorted()
        let shared = try inputs.located {
            try !setUpEachPair && !pairList.isEmpty && circuit.prepareFocalPoints(resistance: window.resistance, labels: window.labels, cores: ends)
        }
        var results: [PairResult] = []
        for (a, b) in pairList {
            let r = try inputs.located {
                shared
                    ? try circuit.solveFocalPoints(resistance: window.resistance, labels: window.labels, between: a, and: b, maps: false)
                    : try circuit.solve(resistance: window.resistance, labels: window.labels, between: a, and: b, maps: false)
            }
            let connected = r.effectiveResistance.isFinite
            results.append(PairResult(from: a, to: b, effectiveResistance: connected ? r.effectiveResistance : nil,
                                      costWeightedResistance: connected ? r.effectiveResistance * inputs.cellSize : nil,
                                      iterations: r.iterations, relativeResidual: r.relativeResidual, componentCells: r.componentCells))
        }
        let setUps = shared ? 1 : results.filter { $0.effectiveResistance != nil }.count
        try report(results, inputs: inputs, preconditioner: preconditioner.rawValue, budget: budget,
                   setUps: setUps, setUpSeconds: circuit.focalPointSetUpSeconds)
    }

    /// Each rank solves pairs k with k mod N = its rank, whole, with CircuitFlow (aggregation multigrid);
    /// rank 0 gathers the rows (MPI) and prints them in the pairs' order.
    func solvePairsOverRanks(_ inputs: CircuitInputs, requested: [(Int32, Int32)]?, options: DistributedCircuitOptions,
                             budget: MPIMemoryBudget) throws {
        let all = CellRectangle(column: 0, row: 0, width: inputs.width, height: inputs.height)
        let (r, l) = try inputs.window(all)
        let resistance = ResistanceGrid(width: inputs.width, height: inputs.height, cellSize: inputs.cellSize, values: r)
        let labels = CoreLabelGrid(width: inputs.width, height: inputs.height, cellSize: inputs.cellSize, values: l)
        let pairList = requested ?? Self.allPairs(of: labels.coreIDs)
        let single = CircuitOptions(rule: options.rule, eightNeighbors: options.eightNeighbors, tolerance: options.tolerance)
        var mine: [PairResult] = []
        for (k, (a, b)) in pairList.enumerated() where k % MPIEnvironment.size == MPIEnvironment.rank {
            let s = try inputs.located { try CircuitFlow.solve(resistance: resistance, cores: labels, between: a, and: b, options: single) }
            let connected = s.effectiveResistance.isFinite
            mine.append(PairResult(from: a, to: b, effectiveResistance: connected ? s.effectiveResistance : nil,
                                   costWeightedResistance: connected ? s.costWeightedResistance : nil, iterations: s.iterations,
                                   relativeResidual: s.relativeResidual, componentCells: s.voltage.values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) }))
        }
        let parts = try MPIEnvironment.gather([UInt8](try JSONEncoder().encode(mine)))
        var results: [PairResult] = []
        if let parts {
            let byPair = Dictionary(try parts.flatMap { try JSONDecoder().decode([PairResult].self, from: Data($0)) }.map { ("\($0.from)-\($0.to)", $0) },
                                    uniquingKeysWith: { a, _ in a })
            results = pairList.compactMap { byPair["\($0.0)-\($0.1)"] }
        }
        try report(results, inputs: inputs, preconditioner: "aggregation multigrid (CircuitFlow), pairs over ranks", budget: budget,
                   setUps: results.filter { $0.effectiveResistance != nil }.count, setUpSeconds: nil)
    }

    /// Gathers each rank's peak memory; rank 0 prints the pairs (and the memory with --memory). `setUps`
    /// counts the preconditioner set-ups; `setUpSeconds` is the focal points' one set-up's time.
    func report(_ results: [PairResult], inputs: CircuitInputs, preconditioner: String, budget: MPIMemoryBudget,
                setUps: Int, setUpSeconds: Double?) throws {
        let peak = MPIMemoryBudget.peakResidentBytes() ?? 0
        let peaks = try MPIEnvironment.gather(withUnsafeBytes(of: peak) { [UInt8]($0) })
        guard MPIEnvironment.rank == 0, let peaks else { return }
        let perRank = peaks.map { bytes in bytes.withUnsafeBytes { $0.loadUnaligned(as: Double.self) } }
        let report = CircuitReport(ranks: MPIEnvironment.size, width: inputs.width, height: inputs.height,
                                   preconditioner: preconditioner, preconditionerSetUps: setUps,
                                   focalPoints: setUpSeconds != nil, focalPointSetUpSeconds: setUpSeconds, pairs: results,
                                   estimatedBytesPerRank: budget.bytesPerRank, peakBytesPerRank: memory ? perRank : nil)
        if json {
            print(try JSONOutput.string(report))
        } else {
            print(report.table.text)
            if let setUpSeconds, results.count > 1 {
                FileHandle.standardError.write(Data("every core is one cell (focal points): one preconditioner set-up (\(NumberText.significant(setUpSeconds, digits: 3)) s) served all \(results.count) pairs\n".utf8))
            }
            if memory {
                let measured = perRank.map { SystemMemory.describe($0) }.joined(separator: ", ")
                FileHandle.standardError.write(Data("memory per rank: estimated \(SystemMemory.describe(budget.bytesPerRank)), measured peak \(measured)\n".utf8))
            }
        }
    }

    static func parsePairs(_ text: String) throws -> [(Int32, Int32)] {
        try text.split(separator: ",").map { item in
            let ends = item.split(separator: "-").map { Int32($0.trimmingCharacters(in: .whitespaces)) }
            guard ends.count == 2, let a = ends[0], let b = ends[1], a > 0, b > 0, a != b else {
                throw ValidationError("--pairs takes core ids as A-B, comma-separated (e.g. 1-2,1-3), not \(item)")
            }
            return (a, b)
        }
    }

    static func allPairs(of ids: [Int32]) -> [(Int32, Int32)] {
        var out: [(Int32, Int32)] = []
        for i in ids.indices { for j in ids.indices where j > i { out.append((ids[i], ids[j])) } }
        return out
    }

    static func parseBytes(_ text: String) throws -> Double {
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var t = text.uppercased()
        if t.hasSuffix("IB") { t.removeLast(2) } else if t.hasSuffix("B") { t.removeLast() }
        var scale = 1.0
        if let last = t.last, let u = units[last] { scale = u; t.removeLast() }
        guard let v = Double(t), v > 0 else { throw ValidationError("--memory-limit takes bytes, e.g. 8G or 512M, not \(text)") }
        return v * scale
    }
}

/// One pair's row.
struct PairResult: Codable {
    var from: Int32
    var to: Int32
    /// nil when B is not connected to A.
    var effectiveResistance: Double?
    var costWeightedResistance: Double?
    var iterations: Int
    var relativeResidual: Double
    var componentCells: Int
}

struct CircuitReport: Encodable {
    var ranks: Int
    var width: Int
    var height: Int
    var preconditioner: String
    /// Multigrid set-ups made: 1 for focal points, else one per connected pair.
    var preconditionerSetUps: Int
    /// Every core of the pairs was one cell, and the pairs shared one circuit and one set-up.
    var focalPoints: Bool
    /// Wall time of the focal points' one set-up (KSPSetUp), seconds.
    var focalPointSetUpSeconds: Double?
    var pairs: [PairResult]
    var estimatedBytesPerRank: Double
    var peakBytesPerRank: [Double]?

    var table: Table {
        Table(headers: ["from", "to", "effective resistance", "cost-weighted", "iterations", "relative residual"],
              numeric: [0, 1, 2, 3, 4, 5],
              rows: pairs.map { p in
                  [String(p.from), String(p.to),
                   p.effectiveResistance.map { NumberText.significant($0, digits: 10) } ?? "not connected",
                   p.costWeightedResistance.map { NumberText.significant($0, digits: 10) } ?? "not connected",
                   String(p.iterations), NumberText.scientific(p.relativeResidual, digits: 2)]
              })
    }
}
