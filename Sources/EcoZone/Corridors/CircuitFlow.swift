// Circuit theory, Circuitscape pairwise mode on a raster (methods.md §5.1-5.3).

import Foundation
import GeoKit

/// How two neighbouring cells' resistances become an edge conductance (methods.md §5.1).
/// Cell size is not used: resistances are per cell, so an orthogonal step between two cells
/// of resistance `r` adds `r` ohms.
public enum ConductanceRule: Sendable, Equatable {
    /// `1 / ((r1 + r2)/2)` orthogonally, `1 / (√2 (r1 + r2)/2)` diagonally. Linkage Mapper's
    /// setting (`connect_using_avg_resistances = True`), consistent with cost distance: a
    /// single path has resistance `CWD / c`. The default here.
    case averageResistance
    /// `(g1 + g2)/2` orthogonally, `(g1 + g2)/(2√2)` diagonally, `g = 1/r`. Circuitscape's
    /// own default.
    case averageConductance
}

/// Preconditioner for the conjugate-gradient solve (methods.md §5.3 recommends Jacobi or
/// incomplete Cholesky; Circuitscape itself uses algebraic multigrid).
public enum CircuitPreconditioner: Sendable, Equatable {
    /// Diagonal scaling: cheapest per iteration, most iterations.
    case jacobi
    /// Zero fill-in incomplete Cholesky, IC(0), in row-major cell order: about three times
    /// the work per iteration of Jacobi, about a quarter of the iterations.
    case incompleteCholesky
    /// One symmetric V-cycle of plain aggregation multigrid (greedy aggregates, Galerkin
    /// coarse graphs, one forward/backward Gauss-Seidel sweep, dense coarsest solve). Nearly
    /// size-independent iteration counts; the default. (1000 × 1000 cells, rtol 1e-6: 88
    /// iterations, against 1612 for IC(0) and 5924 for Jacobi.)
    case aggregationMultigrid
}

/// Options of a circuit solve.
public struct CircuitOptions: Sendable {
    public var rule: ConductanceRule
    /// 8 neighbours (default, LM) or 4 (`connect_four_neighbors_only`).
    public var eightNeighbors: Bool
    /// Stop when ‖r‖₂ / ‖b‖₂ ≤ tolerance (methods.md: 1e-8 for tests, 1e-6 for production).
    public var tolerance: Double
    /// Iteration cap; exceeding it throws ``CorridorError/solverDidNotConverge(iterations:relativeResidual:)``.
    public var maxIterations: Int
    /// Preconditioner of the conjugate-gradient solve.
    public var preconditioner: CircuitPreconditioner

    public init(rule: ConductanceRule = .averageResistance, eightNeighbors: Bool = true,
                tolerance: Double = 1e-8, maxIterations: Int = 200_000,
                preconditioner: CircuitPreconditioner = .aggregationMultigrid) {
        self.rule = rule
        self.preconditioner = preconditioner
        self.eightNeighbors = eightNeighbors
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// The outcome of one pairwise solve between cores A and B.
public struct CircuitSolution: Sendable {
    /// Effective resistance `R_AB` in Circuitscape's per-cell ohms; `+infinity` when B is not
    /// connected to A (Circuitscape writes −1), 0 when both are the same node.
    public let effectiveResistance: Double
    /// Node current per cell in amperes for 1 A between A and B: for every node the larger
    /// of its total inflow and outflow (branch currents below 1e−8 × the largest are
    /// dropped). A core cell shows its merged node's current, 1 A. NaN for cells that are not
    /// nodes of A's connected component.
    public let current: CorridorGrid<Double>
    /// Voltage per cell, A grounded at 0 and B at `effectiveResistance`; NaN off the graph.
    public let voltage: CorridorGrid<Double>
    /// Conjugate-gradient iterations used.
    public let iterations: Int
    /// Final relative residual ‖b − Kv‖ / ‖b‖.
    public let relativeResidual: Double

    /// `c · R_AB`: LM's `Eff_Resist`, comparable with the least-cost distance (cost units).
    public var costWeightedResistance: Double { effectiveResistance * current.cellSize }
}

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
                                                            maxIterations: options.maxIterations)
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
        options: CircuitOptions = CircuitOptions(), maxConcurrency: Int? = nil
    ) throws -> CumulativeCurrent {
        if let masks, masks.count != pairs.count {
            throw CorridorError.invalidArgument("need one mask per pair")
        }
        var combined = [Double](repeating: .nan, count: resistance.count)
        var resistances: [Double] = []
        let workers = max(1, maxConcurrency ?? GeoKit.Parallel.workerCount)
        // Batches of `workers` solves bound the memory to `workers` current maps at once.
        var start = 0
        while start < pairs.count {
            let end = min(pairs.count, start + workers)
            let base = start
            let batch = GeoKit.Parallel.map(end - base, workers: workers) { k -> Result<CircuitSolution, CorridorError> in
                let pair = pairs[base + k]
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

/// A symmetric positive-definite sparse matrix in CSR form, assembled from a graph
/// Laplacian with node 0 grounded: unknown `k` is node `k + 1`.
struct SparseSymmetricSystem {
    let size: Int
    var rowStart: [Int]
    var column: [Int32]
    var value: [Double]
    var diagonal: [Double]

    init(unknowns m: Int, edgeFrom eu: [Int32], edgeTo ev: [Int32], conductance eg: [Double]) {
        size = m
        diagonal = [Double](repeating: 0, count: m)
        var counts = [Int](repeating: 0, count: m + 1)
        for e in 0..<eg.count {
            let u = Int(eu[e]) - 1, v = Int(ev[e]) - 1
            if u >= 0 { diagonal[u] += eg[e] }
            if v >= 0 { diagonal[v] += eg[e] }
            if u >= 0 && v >= 0 { counts[u + 1] += 1; counts[v + 1] += 1 }
        }
        for k in 0..<m { counts[k + 1] += counts[k] }
        var fill = counts
        var col = [Int32](repeating: 0, count: counts[m])
        var val = [Double](repeating: 0, count: counts[m])
        for e in 0..<eg.count {
            let u = Int(eu[e]) - 1, v = Int(ev[e]) - 1
            guard u >= 0 && v >= 0 else { continue }
            col[fill[u]] = Int32(v); val[fill[u]] = -eg[e]; fill[u] += 1
            col[fill[v]] = Int32(u); val[fill[v]] = -eg[e]; fill[v] += 1
        }
        // Merge duplicate columns (parallel edges into a merged core node add up).
        var outStart = [Int](repeating: 0, count: m + 1)
        var write = 0
        for k in 0..<m {
            let lo = counts[k], hi = counts[k + 1]
            outStart[k] = write
            if hi - lo > 1 && hi - lo <= 16 {
                // Short row (an ordinary cell): in-place insertion sort, then merge.
                for a in (lo + 1)..<hi {
                    let c = col[a], v = val[a]
                    var b = a - 1
                    while b >= lo && col[b] > c { col[b + 1] = col[b]; val[b + 1] = val[b]; b -= 1 }
                    col[b + 1] = c; val[b + 1] = v
                }
                var last: Int32 = -1
                for p in lo..<hi {
                    if col[p] == last { val[write - 1] += val[p] } else {
                        col[write] = col[p]; val[write] = val[p]; write += 1; last = col[p]
                    }
                }
            } else if hi - lo > 1 {
                // Long row (a merged core node).
                var entries = (lo..<hi).map { (col[$0], val[$0]) }
                entries.sort { $0.0 < $1.0 }
                var last: Int32 = -1
                for (c, v) in entries {
                    if c == last { val[write - 1] += v } else { col[write] = c; val[write] = v; write += 1; last = c }
                }
            } else if hi - lo == 1 {
                col[write] = col[lo]; val[write] = val[lo]; write += 1
            }
        }
        outStart[m] = write
        col.removeLast(col.count - write)
        val.removeLast(val.count - write)
        rowStart = outStart
        column = col
        value = val
    }

    /// y = K x
    func multiply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        rowStart.withUnsafeBufferPointer { rs in
            column.withUnsafeBufferPointer { cl in
                value.withUnsafeBufferPointer { vl in
                    diagonal.withUnsafeBufferPointer { dg in
                        for k in 0..<size {
                            var s = dg[k] * x[k]
                            for p in rs[k]..<rs[k + 1] { s += vl[p] * x[Int(cl[p])] }
                            y[k] = s
                        }
                    }
                }
            }
        }
    }

    /// Preconditioned conjugate gradients from x = 0.
    func solvePCG(rhs b: [Double], preconditioner: CircuitPreconditioner, tolerance: Double,
                  maxIterations: Int) throws -> (x: [Double], iterations: Int, relativeResidual: Double)
    {
        let m = size
        var x = [Double](repeating: 0, count: m)
        var r = b
        var z = [Double](repeating: 0, count: m)
        var p = [Double](repeating: 0, count: m)
        var q = [Double](repeating: 0, count: m)
        let bNorm = (b.reduce(0) { $0 + $1 * $1 }).squareRoot()
        if bNorm == 0 { return (x, 0, 0) }
        let apply: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
        switch preconditioner {
        case .jacobi:
            let invDiag = diagonal.map { 1.0 / $0 }
            apply = { r, z in
                invDiag.withUnsafeBufferPointer { d in for k in 0..<m { z[k] = d[k] * r[k] } }
            }
        case .incompleteCholesky:
            let factor = IncompleteCholesky(self)
            apply = { r, z in factor.solve(r, into: z) }
        case .aggregationMultigrid:
            let multigrid = AggregationMultigrid(self)
            apply = { r, z in multigrid.apply(r, into: z) }
        }
        var iterations = 0
        var residual = 1.0
        try x.withUnsafeMutableBufferPointer { x in
            try r.withUnsafeMutableBufferPointer { r in
                try z.withUnsafeMutableBufferPointer { z in
                    try p.withUnsafeMutableBufferPointer { p in
                        try q.withUnsafeMutableBufferPointer { q in
                            apply(UnsafeBufferPointer(r), z)
                            var rz = 0.0
                            for k in 0..<m { p[k] = z[k]; rz += r[k] * z[k] }
                            while true {
                                multiply(UnsafeBufferPointer(p), into: q)
                                var pq = 0.0
                                for k in 0..<m { pq += p[k] * q[k] }
                                let alpha = rz / pq
                                var rr = 0.0
                                for k in 0..<m {
                                    x[k] += alpha * p[k]
                                    r[k] -= alpha * q[k]
                                    rr += r[k] * r[k]
                                }
                                iterations += 1
                                residual = rr.squareRoot() / bNorm
                                if residual <= tolerance { break }
                                if iterations >= maxIterations {
                                    throw CorridorError.solverDidNotConverge(iterations: iterations,
                                                                              relativeResidual: residual)
                                }
                                apply(UnsafeBufferPointer(r), z)
                                var rzNew = 0.0
                                for k in 0..<m { rzNew += r[k] * z[k] }
                                let beta = rzNew / rz
                                rz = rzNew
                                for k in 0..<m { p[k] = z[k] + beta * p[k] }
                            }
                        }
                    }
                }
            }
        }
        return (x, iterations, residual)
    }
}

/// Zero fill-in incomplete Cholesky factor `L Lᵀ ≈ K` of a ``SparseSymmetricSystem``, in
/// natural (row-major cell) order. Stable for the grounded Laplacian, an M-matrix. Stores the
/// strictly lower part in CSR plus the diagonal.
struct IncompleteCholesky {
    let size: Int
    var rowStart: [Int]
    var column: [Int32]
    var value: [Double]
    var diagonal: [Double]

    init(_ k: SparseSymmetricSystem) {
        size = k.size
        var rs = [Int](repeating: 0, count: size + 1)
        var col: [Int32] = []
        var val: [Double] = []
        col.reserveCapacity(k.column.count / 2 + 1)
        val.reserveCapacity(k.column.count / 2 + 1)
        for i in 0..<size {
            for p in k.rowStart[i]..<k.rowStart[i + 1] where Int(k.column[p]) < i {
                col.append(k.column[p]); val.append(k.value[p])
            }
            rs[i + 1] = col.count
        }
        var diag = k.diagonal
        // Row-by-row IC(0): L[i,j] = (A[i,j] − Σ_{t<j} L[i,t] L[j,t]) / L[j,j] on A's pattern.
        for i in 0..<size {
            let lo = rs[i], hi = rs[i + 1]
            for p in lo..<hi {
                let j = Int(col[p])
                var s = val[p]
                // Sparse dot of row i (entries before p) and row j, both sorted by column.
                var a = lo, b = rs[j]
                let bEnd = rs[j + 1]
                while a < p && b < bEnd {
                    let ca = col[a], cb = col[b]
                    if ca == cb { s -= val[a] * val[b]; a += 1; b += 1 }
                    else if ca < cb { a += 1 } else { b += 1 }
                }
                val[p] = s / diag[j]
            }
            var d = diag[i]
            for p in lo..<hi { d -= val[p] * val[p] }
            diag[i] = d > 0 ? d.squareRoot() : k.diagonal[i].squareRoot()   // guard against breakdown
        }
        rowStart = rs
        column = col
        value = val
        diagonal = diag
    }

    /// z = (L Lᵀ)⁻¹ r
    func solve(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        rowStart.withUnsafeBufferPointer { rs in
            column.withUnsafeBufferPointer { cl in
                value.withUnsafeBufferPointer { vl in
                    diagonal.withUnsafeBufferPointer { dg in
                        // Forward: L y = r (y stored in z).
                        for i in 0..<size {
                            var s = r[i]
                            for p in rs[i]..<rs[i + 1] { s -= vl[p] * z[Int(cl[p])] }
                            z[i] = s / dg[i]
                        }
                        // Backward: Lᵀ z = y, column-oriented over L's rows.
                        var i = size - 1
                        while i >= 0 {
                            let zi = z[i] / dg[i]
                            z[i] = zi
                            for p in rs[i]..<rs[i + 1] { z[Int(cl[p])] -= vl[p] * zi }
                            i -= 1
                        }
                    }
                }
            }
        }
    }
}
