// An Omniscape-style moving-window current map (issue 16; methods-2.md §5 "Omniscape.jl"): a
// wall-to-wall map of where current flows, without cores, one small circuit per target cell.

import Foundation
import GeoKit

/// Options of ``MovingWindowCurrent/run(resistance:options:maxConcurrency:progress:)``.
public struct MovingWindowOptions: Sendable {
    /// Window radius in cells: a target's circuit holds the cells whose centre is within this
    /// many cells of the target's centre (`dr² + dc² ≤ radius²`).
    public var radius: Int
    /// Omniscape's `block_size` (odd, ≥ 1): only the centre of each `block × block` block of the
    /// grid is a target, carrying the block's summed source strength.
    public var block: Int
    /// Conductance rule, neighbours and solver (as for the pairwise circuit).
    public var circuit: CircuitOptions

    public init(radius: Int, block: Int = 1, circuit: CircuitOptions = CircuitOptions()) {
        self.radius = radius
        self.block = block
        self.circuit = circuit
    }
}

/// The cumulative current of the moving window.
public struct MovingWindowResult: Sendable {
    /// Summed node current (A) per cell; NaN on impassable cells, 0 where no current passed.
    public let current: CorridorGrid<Double>
    /// Targets solved (blocks with a positive strength).
    public let targets: Int
}

/// Omniscape's moving window with sources from resistance (`source_from_resistance = true`,
/// no `r_cutoff`): every passable cell is a source of strength `1 / r`.
///
/// For each target (the centre cell of a `block × block` block, with the block's summed source
/// strength `S > 0`; a block whose centre is impassable has no target):
/// - the circuit is the target's window (``MovingWindowOptions/radius``), passable cells only,
///   restricted to the target's connected component, with the edges of ``ConductanceRule``;
/// - the target is grounded; the other source cells of the component inject `S · s_i / Σ s_j`,
///   the sum over the component's sources, the target included (its own share goes straight to
///   ground), so the target takes `S` in all;
/// - node currents are the larger of a node's inflow and outflow, an injection counting as inflow
///   and the target's `S` to ground as its outflow (branch currents below 1e-8 × the largest
///   dropped, as in the pairwise circuit);
/// - the maps are summed over all targets (in target order, whatever the number of workers).
///
/// Solves run one per worker, in batches of `workers`, so memory holds one window's solve per
/// worker plus the summed map.
public enum MovingWindowCurrent {
    public static func run(resistance: ResistanceGrid, options: MovingWindowOptions, maxConcurrency: Int? = nil,
                           progress: StepProgress? = nil) throws -> MovingWindowResult {
        guard options.radius >= 1 else { throw CorridorError.invalidArgument("the moving window's radius must be at least 1 cell, not \(options.radius)") }
        guard options.block >= 1 && options.block % 2 == 1 else {
            throw CorridorError.invalidArgument("the moving window's block must be an odd number of cells, not \(options.block)")
        }
        let w = resistance.width, h = resistance.height, b = options.block
        let r = resistance.values
        for i in 0..<r.count where r[i] == 0 { throw CorridorError.zeroResistance(cell: i) }
        func source(_ i: Int) -> Double { let v = r[i]; return v.isFinite && v > 0 ? 1 / v : 0 }
        // Targets: block centres (clipped to the grid) with a passable centre and positive strength.
        var found: [(cell: Int, strength: Double)] = []
        for r0 in stride(from: 0, to: h, by: b) {
            for c0 in stride(from: 0, to: w, by: b) {
                let rc = min(r0 + b / 2, h - 1), cc = min(c0 + b / 2, w - 1)
                guard source(rc * w + cc) > 0 else { continue }
                var s = 0.0
                for rr in r0..<min(r0 + b, h) { for c in c0..<min(c0 + b, w) { s += source(rr * w + c) } }
                if s > 0 { found.append((rc * w + cc, s)) }
            }
        }
        let targets = found
        var total = [Double](repeating: 0, count: w * h)
        for i in 0..<r.count where !(r[i].isFinite && r[i] > 0) { total[i] = .nan }
        let workers = max(1, maxConcurrency ?? GeoKit.Parallel.workerCount)
        let counter = StepCounter(total: targets.count, progress)
        var start = 0
        while start < targets.count {
            let end = min(targets.count, start + workers), base = start
            let batch = GeoKit.Parallel.map(end - base, workers: workers) { k -> Result<[(Int, Double)], Error> in
                defer { counter.advance() }
                let t = targets[base + k]
                do { return .success(try solve(resistance: resistance, target: t.cell, strength: t.strength, options: options)) }
                catch { return .failure(error) }
            }
            for result in batch {
                for (cell, c) in try result.get() { total[cell] += c }
            }
            start = end
        }
        return MovingWindowResult(current: resistance.withValues(total), targets: targets.count)
    }

    /// One target's window: node currents of its cells as (grid cell, amperes).
    static func solve(resistance: ResistanceGrid, target: Int, strength: Double, options: MovingWindowOptions) throws -> [(Int, Double)] {
        let w = resistance.width, h = resistance.height, q = options.radius
        let r = resistance.values
        let tr = target / w, tc = target % w
        let window = CellWindow(column: tc, row: tr, width: 1, height: 1).expanded(by: q, gridWidth: w, gridHeight: h)
        let ww = window.width
        // Window-local cells inside the disc and passable.
        func local(_ i: Int) -> (row: Int, column: Int) { (window.row + i / ww, window.column + i % ww) }
        var inDisc = [Bool](repeating: false, count: window.count)
        for k in 0..<window.count {
            let (rr, cc) = local(k)
            let dr = rr - tr, dc = cc - tc
            let v = r[rr * w + cc]
            inDisc[k] = dr * dr + dc * dc <= q * q && v.isFinite && v > 0
        }
        let offsets: [(dr: Int, dc: Int, diagonal: Bool)] = options.circuit.eightNeighbors
            ? [(0, 1, false), (1, 0, false), (1, 1, true), (1, -1, true)]
            : [(0, 1, false), (1, 0, false)]
        // The target's component (breadth-first), numbered in row-major order with the target as node 0.
        let t = (tr - window.row) * ww + (tc - window.column)
        var seen = [Bool](repeating: false, count: window.count)
        var queue = [t]
        seen[t] = true
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            let ur = u / ww, uc = u % ww
            for dr in -1...1 {
                for dc in -1...1 where !(dr == 0 && dc == 0) {
                    if !options.circuit.eightNeighbors && dr != 0 && dc != 0 { continue }
                    let vr = ur + dr, vc = uc + dc
                    guard vr >= 0 && vr < window.height && vc >= 0 && vc < ww else { continue }
                    let v = vr * ww + vc
                    if inDisc[v] && !seen[v] { seen[v] = true; queue.append(v) }
                }
            }
        }
        var node = [Int32](repeating: -1, count: window.count)
        node[t] = 0
        var count: Int32 = 1
        for k in 0..<window.count where seen[k] && k != t { node[k] = count; count += 1 }
        guard count > 1 else { return [(target, strength)] }
        let sqrt2 = 2.0.squareRoot()
        func conductance(_ r1: Double, _ r2: Double, _ diagonal: Bool) -> Double {
            switch options.circuit.rule {
            case .averageResistance: return 1.0 / ((diagonal ? sqrt2 : 1.0) * (r1 + r2) * 0.5)
            case .averageConductance: return (1.0 / r1 + 1.0 / r2) * 0.5 / (diagonal ? sqrt2 : 1.0)
            }
        }
        var eu: [Int32] = [], ev: [Int32] = [], eg: [Double] = []
        for k in 0..<window.count where node[k] >= 0 {
            let kr = k / ww, kc = k % ww
            for o in offsets {
                let vr = kr + o.dr, vc = kc + o.dc
                guard vr < window.height && vc >= 0 && vc < ww else { continue }
                let v = vr * ww + vc
                guard node[v] >= 0 else { continue }
                let (gr, gc) = local(k), (hr, hc) = local(v)
                eu.append(node[k]); ev.append(node[v]); eg.append(conductance(r[gr * w + gc], r[hr * w + hc], o.diagonal))
            }
        }
        // Injections: S · s_i / Σ s_j over the component's sources (the target's share to ground).
        var sourceSum = 0.0
        var injection = [Double](repeating: 0, count: Int(count))
        for k in 0..<window.count where node[k] >= 0 {
            let (gr, gc) = local(k)
            let s = 1 / r[gr * w + gc]
            sourceSum += s
            injection[Int(node[k])] = s
        }
        for n in injection.indices { injection[n] *= strength / sourceSum }
        let m = Int(count) - 1
        let system = SparseSymmetricSystem(unknowns: m, edgeFrom: eu, edgeTo: ev, conductance: eg)
        let (x, _, _) = try system.solvePCG(rhs: Array(injection[1...]), preconditioner: options.circuit.preconditioner,
                                           tolerance: options.circuit.tolerance,
                                           maxIterations: min(options.circuit.maxIterations, CircuitFlow.iterationCap(unknowns: m)))
        var volt = [Double](repeating: 0, count: Int(count))
        for k in 0..<m { volt[k + 1] = x[k] }
        var maxBranch = 0.0
        for e in 0..<eg.count { maxBranch = max(maxBranch, eg[e] * abs(volt[Int(eu[e])] - volt[Int(ev[e])])) }
        let floor = 1e-8 * maxBranch
        var inflow = injection, outflow = [Double](repeating: 0, count: Int(count))
        inflow[0] = 0
        outflow[0] = strength
        for e in 0..<eg.count {
            let u = Int(eu[e]), v = Int(ev[e])
            let dv = volt[u] - volt[v]
            let c = eg[e] * abs(dv)
            if c < floor { continue }
            if dv > 0 { outflow[u] += c; inflow[v] += c } else { outflow[v] += c; inflow[u] += c }
        }
        var out: [(Int, Double)] = []
        out.reserveCapacity(Int(count))
        for k in 0..<window.count where node[k] >= 0 {
            let n = Int(node[k])
            let (gr, gc) = local(k)
            out.append((gr * w + gc, n == 0 ? strength : max(inflow[n], outflow[n])))
        }
        return out
    }
}
