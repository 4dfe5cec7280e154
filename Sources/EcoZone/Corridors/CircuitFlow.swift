// Circuit theory, Circuitscape pairwise mode on a raster (methods.md §5.1-5.3): the graph of a
// pair, its solve and node currents, and the cumulative current of many pairs. The linear algebra
// is in CircuitSystem (assembly), CircuitConjugateGradient (solver) and the preconditioners
// (CircuitPreconditioners, CircuitMultigrid).

import Foundation
import GeoKit

/// Circuitscape pairwise mode on a raster (methods.md §5).
///
/// Graph: one node per passable cell (finite resistance > 0, inside the optional mask);
/// edges to the 8 (or 4) neighbours with the conductance of ``ConductanceRule``. The cells of
/// core A are shorted into one node, likewise core B (focal regions: other cores stay
/// ordinary cells for this pair). Only A's connected component is kept.
///
/// System: A is grounded (its row and column removed), 1 A is injected at B, and the SPD
/// system `K v = e_B` is solved by preconditioned conjugate gradients on CSR arrays (memory
/// O(nodes + edges), no dense matrix). Preconditioner (``CircuitPreconditioner``): an
/// aggregation-multigrid V-cycle by default; IC(0) incomplete Cholesky and Jacobi are
/// available. One solve is single-threaded.
/// `R_AB = v_B`. Node currents as Circuitscape's `out.jl` defines them.
public enum CircuitFlow {
    /// Conjugate gradients converge within `unknowns` iterations in exact arithmetic; a solve that has not
    /// after 20 × that (plus 1,000 for tiny systems) is stalled by rounding on an ill-conditioned system and
    /// will not converge, so it stops there (``CorridorError/solverDidNotConverge(iterations:relativeResidual:)``)
    /// rather than at ``CircuitOptions/maxIterations``: a 20 × 20 grid with resistances of 1.4e-45 next to 30
    /// ran all 200,000 iterations (10 s in release, minutes in debug) to a residual of 8e9.
    static func iterationCap(unknowns: Int) -> Int { unknowns.multipliedReportingOverflow(by: 20).partialValue + 1_000 }

    /// Solves one pair. `mask` (same cell count) restricts the graph to cells where it is
    /// true (e.g. a corridor `NLCC ≤ cutoff`); core cells outside the mask do not take part.
    public static func solve(
        resistance: ResistanceGrid, cores: CoreLabelGrid, between a: Int32, and b: Int32,
        mask: CorridorGrid<Bool>? = nil, options: CircuitOptions = CircuitOptions()
    ) throws -> CircuitSolution {
        guard resistance.hasSameShape(as: cores) else { throw CorridorError.shapeMismatch }
        if let mask, mask.width != resistance.width || mask.height != resistance.height {
            throw CorridorError.shapeMismatch
        }
        let w = resistance.width, h = resistance.height, n = w * h
        let r = resistance.values
        let labels = cores.values

        // Node numbering: 0 = A, 1 = B, 2... = other cells in A's component (row-major).
        var isCell = [Bool](repeating: false, count: n)
        var hasA = false, hasB = false
        for i in 0..<n {
            let v = r[i]
            guard v.isFinite && v >= 0, mask?.values[i] ?? true else { continue }
            if v == 0 { throw CorridorError.zeroResistance(cell: i) }
            isCell[i] = true
            if labels[i] == a { hasA = true } else if labels[i] == b { hasB = true }
        }
        guard hasA else { throw CorridorError.emptyCore(a) }
        guard hasB else { throw CorridorError.emptyCore(b) }
        if a == b { throw CorridorError.invalidArgument("a pair needs two different cores") }

        // Neighbour offsets: right, down, down-right, down-left (each undirected edge once).
        let offsets: [(dr: Int, dc: Int, diagonal: Bool)] = options.eightNeighbors
            ? [(0, 1, false), (1, 0, false), (1, 1, true), (1, -1, true)]
            : [(0, 1, false), (1, 0, false)]
        let sqrt2 = 2.0.squareRoot()
        @inline(__always) func conductance(_ r1: Double, _ r2: Double, _ diagonal: Bool) -> Double {
            switch options.rule {
            case .averageResistance: return 1.0 / ((diagonal ? sqrt2 : 1.0) * (r1 + r2) * 0.5)
            case .averageConductance: return (1.0 / r1 + 1.0 / r2) * 0.5 / (diagonal ? sqrt2 : 1.0)
            }
        }
        @inline(__always) func neighbors(_ i: Int, _ body: (Int) -> Void) {
            let row = i / w, col = i - row * w
            for dr in -1...1 {
                for dc in -1...1 where !(dr == 0 && dc == 0) {
                    if !options.eightNeighbors && dr != 0 && dc != 0 { continue }
                    let rr = row + dr, cc = col + dc
                    if rr >= 0 && rr < h && cc >= 0 && cc < w { body(rr * w + cc) }
                }
            }
        }

        // Connected component of A (breadth-first over cells; A's cells are one node).
        var inComponent = [Bool](repeating: false, count: n)
        var queue: [Int32] = []
        for i in 0..<n where isCell[i] && labels[i] == a { inComponent[i] = true; queue.append(Int32(i)) }
        var head = 0
        var reachedB = false
        while head < queue.count {
            let u = Int(queue[head]); head += 1
            if labels[u] == b && !reachedB {
                reachedB = true
                for j in 0..<n where isCell[j] && labels[j] == b && !inComponent[j] {
                    inComponent[j] = true; queue.append(Int32(j))
                }
            }
            neighbors(u) { v in
                if isCell[v] && !inComponent[v] { inComponent[v] = true; queue.append(Int32(v)) }
            }
        }
        queue = []
        guard reachedB else {
            let nan = CorridorGrid<Double>(width: w, height: h, cellSize: resistance.cellSize, repeating: .nan)
            return CircuitSolution(effectiveResistance: .infinity, current: nan, voltage: nan,
                                   iterations: 0, relativeResidual: 0)
        }
        var node = [Int32](repeating: -1, count: n)
        var nodeCount: Int32 = 2
        for i in 0..<n where inComponent[i] {
            if labels[i] == a { node[i] = 0 } else if labels[i] == b { node[i] = 1 }
            else { node[i] = nodeCount; nodeCount += 1 }
        }
        inComponent = []

        // Edge list (each undirected edge once; edges inside a merged node dropped).
        var eu: [Int32] = [], ev: [Int32] = [], eg: [Double] = []
        eu.reserveCapacity(Int(nodeCount) * offsets.count)
        ev.reserveCapacity(Int(nodeCount) * offsets.count)
        eg.reserveCapacity(Int(nodeCount) * offsets.count)
        for row in 0..<h {
            for col in 0..<w {
                let i = row * w + col
                let ni = node[i]
                if ni < 0 { continue }
                for o in offsets {
                    let rr = row + o.dr, cc = col + o.dc
                    guard rr < h && cc >= 0 && cc < w else { continue }
                    let j = rr * w + cc
                    let nj = node[j]
                    if nj < 0 || nj == ni { continue }
                    eu.append(ni); ev.append(nj); eg.append(conductance(r[i], r[j], o.diagonal))
                }
            }
        }

        // Grounded system over unknowns k = node − 1 (node 0 = A is the ground).
        let m = Int(nodeCount) - 1
        let system = SparseSymmetricSystem(unknowns: m, edgeFrom: eu, edgeTo: ev, conductance: eg)
        var rhs = [Double](repeating: 0, count: m)
        rhs[0] = 1   // 1 A into B (node 1 → unknown 0)
        let (x, iterations, residual) = try system.solvePCG(rhs: rhs, preconditioner: options.preconditioner,
                                                            tolerance: options.tolerance,
                                                            maxIterations: min(options.maxIterations, iterationCap(unknowns: m)))
        var volt = [Double](repeating: 0, count: Int(nodeCount))
        for k in 0..<m { volt[k + 1] = x[k] }

        // Branch and node currents (methods.md §5.2).
        var maxBranch = 0.0
        for e in 0..<eg.count {
            maxBranch = max(maxBranch, eg[e] * abs(volt[Int(eu[e])] - volt[Int(ev[e])]))
        }
        let floor = 1e-8 * maxBranch
        var inflow = [Double](repeating: 0, count: Int(nodeCount))
        var outflow = [Double](repeating: 0, count: Int(nodeCount))
        for e in 0..<eg.count {
            let u = Int(eu[e]), v = Int(ev[e])
            let dv = volt[u] - volt[v]
            let c = eg[e] * abs(dv)
            if c < floor { continue }
            if dv > 0 { outflow[u] += c; inflow[v] += c } else { outflow[v] += c; inflow[u] += c }
        }
        var current = [Double](repeating: .nan, count: n)
        var voltage = [Double](repeating: .nan, count: n)
        for i in 0..<n where node[i] >= 0 {
            let k = Int(node[i])
            current[i] = max(inflow[k], outflow[k])
            voltage[i] = volt[k]
        }
        return CircuitSolution(
            effectiveResistance: volt[1],
            current: CorridorGrid(width: w, height: h, cellSize: resistance.cellSize, values: current),
            voltage: CorridorGrid(width: w, height: h, cellSize: resistance.cellSize, values: voltage),
            iterations: iterations, relativeResidual: residual)
    }

    /// How per-pair current maps are combined.
    public enum Combination: Sendable, Equatable {
        /// Cell-wise sum (Circuitscape's cumulative map, Pinchpoint "all pairs").
        case sum
        /// Cell-wise maximum (Pinchpoint Mapper's adjacent-pair map).
        case maximum
    }

    /// Per-pair resistances and the combined current map of ``cumulativeCurrent(resistance:cores:pairs:masks:combination:options:maxConcurrency:)``.
    public struct CumulativeCurrent: Sendable {
        /// `R_AB` per pair (per-cell ohms, `+infinity` when disconnected), in input order.
        public let resistances: [Double]
        /// Combined node current; cells that are a node in no pair are NaN.
        public let current: CorridorGrid<Double>
    }

    /// Solves every pair (one independent solve per worker) and combines the current maps
    /// in the fixed order of `pairs`, so the result does not depend on the number of threads.
    /// `masks`, if given, holds one mask per pair (e.g. that link's corridor).
    public static func cumulativeCurrent(
        resistance: ResistanceGrid, cores: CoreLabelGrid, pairs: [CorePair],
        masks: [CorridorGrid<Bool>]? = nil, combination: Combination = .sum,
        options: CircuitOptions = CircuitOptions(), maxConcurrency: Int? = nil,
        progress: StepProgress? = nil
    ) throws -> CumulativeCurrent {
        if let masks, masks.count != pairs.count {
            throw CorridorError.invalidArgument("need one mask per pair")
        }
        var combined = [Double](repeating: .nan, count: resistance.count)
        var resistances: [Double] = []
        let workers = max(1, maxConcurrency ?? GeoKit.Parallel.workerCount)
        // Batches of `workers` solves bound the memory to `workers` current maps at once.
        let counter = StepCounter(total: pairs.count, progress)
        var start = 0
        while start < pairs.count {
            let end = min(pairs.count, start + workers)
            let base = start
            let batch = GeoKit.Parallel.map(end - base, workers: workers) { k -> Result<CircuitSolution, CorridorError> in
                let pair = pairs[base + k]
                defer { counter.advance() }
                do {
                    return .success(try solve(resistance: resistance, cores: cores, between: pair.a, and: pair.b,
                                              mask: masks?[base + k], options: options))
                } catch let error as CorridorError {
                    return .failure(error)
                } catch {
                    return .failure(.invalidArgument("\(error)"))
                }
            }
            for result in batch {
                let solution = try result.get()
                resistances.append(solution.effectiveResistance)
                let values = solution.current.values
                for i in 0..<combined.count {
                    let v = values[i]
                    if v.isNaN { continue }
                    let old = combined[i]
                    if old.isNaN { combined[i] = v }
                    else { combined[i] = combination == .sum ? old + v : max(old, v) }
                }
            }
            start = end
        }
        return CumulativeCurrent(resistances: resistances, current: resistance.withValues(combined))
    }
}
