// The per-link steps of the corridor pipeline (normalised corridors, circuit, Barrier Mapper) run
// on each link's window of the grid, from cost-distance surfaces kept on disk (issue 16). Every
// value is the one the whole-grid steps give (LeastCostCorridor, CircuitFlow.cumulativeCurrent,
// BarrierMapper.barrierCenters): the windows only leave out cells that cannot contribute.

import Foundation
import GeoKit

/// Windowed corridor steps over ``SpilledCostDistances``.
///
/// Windows (``DistanceProfile/window(atMost:)`` gives the bounding window of `{x : CWD(x) ≤ t}`):
/// - **corridor** of link A–B with least-cost distance `L` and cut-off `k`: `NLCC(x) ≤ k` needs
///   `CWD_A(x) ≤ L + k` and `CWD_B(x) ≤ L + k` (both are ≥ 0), so the corridor lies in the
///   intersection of the two windows at `L + k`. The circuit then runs on the bounding window of
///   the corridor's cells: cells outside it are not nodes of the pair's graph, and the graph,
///   its node numbering (row-major) and its edges are those of the whole grid.
/// - **barrier** scores at radius `R` (ring reach `q = ⌊R / c⌋` cells): a score
///   `(L − mA − mB − 2R) / 2R` is ≥ 0 only if `mA ≤ L` and `mB ≤ L` (floating-point subtraction
///   keeps the sign), so its centre is within `q` cells (Chebyshev) of both windows at `L`.
///   Centres are taken in the intersection of those windows grown by `q`, and the surfaces are
///   read over that grown by `q` again, which holds every ring cell of every such centre. Only
///   scores ≥ 0 are kept (the maximum combination), so centres outside are never missed.
enum CorridorWindows {
    /// The window that holds link `link`'s corridor at `cutoff`, or nil when it is empty.
    static func corridorWindow(_ link: CorridorLink, store: SpilledCostDistances, cutoff: Double) -> CellWindow? {
        let t = link.leastCost!.distance + cutoff
        guard let a = store.profiles[link.pair.a]?.window(atMost: t), let b = store.profiles[link.pair.b]?.window(atMost: t) else { return nil }
        return a.intersection(b)
    }

    /// `NLCC = CWD_A + CWD_B − L` over `window` where it is finite and ≤ `cutoff`, NaN elsewhere
    /// (``LeastCostCorridor/normalized(_:_:leastCostDistance:cutoff:)`` cell for cell).
    static func normalized(_ link: CorridorLink, store: SpilledCostDistances, window: CellWindow, cutoff: Double) throws -> [Double] {
        let a = try store.read(core: link.pair.a, window: window)
        let b = try store.read(core: link.pair.b, window: window)
        let lcd = link.leastCost!.distance
        var out = [Double](repeating: .nan, count: window.count)
        for i in 0..<out.count {
            let s = a[i] + b[i]
            guard s.isFinite else { continue }
            let v = s - lcd
            if v <= cutoff { out[i] = v }
        }
        return out
    }

    /// The corridor mosaic (cell-wise minimum over `links`, in order: the first link wins a tie),
    /// the 1-based link owning each cell (0: none), and the bounding window of each link's
    /// corridor cells (nil when it has none).
    static func mosaic(_ links: [CorridorLink], store: SpilledCostDistances, cutoff: Double,
                       progress: StepProgress?) throws -> (mosaic: [Double], owner: [Int32], windows: [CellWindow?]) {
        let w = store.width
        var mosaic = [Double](repeating: .nan, count: w * store.height)
        var owner = [Int32](repeating: 0, count: mosaic.count)
        var windows: [CellWindow?] = []
        let counter = StepCounter(total: links.count, progress)
        for (k, link) in links.enumerated() {
            defer { counter.advance() }
            guard let window = corridorWindow(link, store: store, cutoff: cutoff) else { windows.append(nil); continue }
            let nlcc = try normalized(link, store: store, window: window, cutoff: cutoff)
            for j in 0..<nlcc.count {
                let v = nlcc[j]
                guard !v.isNaN else { continue }
                let i = window.gridIndex(j, gridWidth: w)
                if mosaic[i].isNaN || v < mosaic[i] { mosaic[i] = v; owner[i] = Int32(k + 1) }
            }
            windows.append(window.boundingWindow { !nlcc[$0].isNaN })
        }
        return (mosaic, owner, windows)
    }

    /// The circuit of every link in its corridor (1 A between its two cores, ``CircuitFlow/solve(resistance:cores:between:and:mask:options:)``
    /// on the corridor's window), summed cell-wise in link order; `R_AB` per link (per-cell ohms).
    /// Solves run `workers` at a time; memory holds one window's solve per worker.
    static func current(_ links: [CorridorLink], windows: [CellWindow?], store: SpilledCostDistances, cutoff: Double,
                        cells: CorridorCells, options: CircuitOptions, workers: Int,
                        progress: StepProgress?) throws -> (current: [Double], resistances: [Double]) {
        let w = cells.width
        var combined = [Double](repeating: .nan, count: cells.width * cells.height)
        var resistances: [Double] = []
        let counter = StepCounter(total: links.count, progress)
        var start = 0
        while start < links.count {
            let end = min(links.count, start + workers), base = start
            let batch = GeoKit.Parallel.map(end - base, workers: workers) { k -> Result<(CellWindow, CircuitSolution), Error> in
                let link = links[base + k]
                defer { counter.advance() }
                do {
                    guard let window = windows[base + k] else { throw CorridorError.emptyCore(link.pair.a) }
                    let nlcc = try normalized(link, store: store, window: window, cutoff: cutoff)
                    let mask = CorridorGrid(width: window.width, height: window.height, cellSize: cells.cellSize,
                                            values: nlcc.map { !$0.isNaN })
                    do {
                        let solution = try CircuitFlow.solve(resistance: try cells.resistance(in: window), cores: cells.labels(in: window),
                                                             between: link.pair.a, and: link.pair.b, mask: mask, options: options)
                        return .success((window, solution))
                    } catch CorridorError.zeroResistance(let cell) {
                        throw CorridorError.zeroResistance(cell: window.gridIndex(cell, gridWidth: w))   // the grid's index, not the window's
                    }
                } catch {
                    return .failure(error)
                }
            }
            for result in batch {
                let (window, solution) = try result.get()
                resistances.append(solution.effectiveResistance)
                let values = solution.current.values
                for j in 0..<values.count {
                    let v = values[j]
                    if v.isNaN { continue }
                    let i = window.gridIndex(j, gridWidth: w)
                    combined[i] = combined[i].isNaN ? v : combined[i] + v
                }
            }
            start = end
        }
        return (combined, resistances)
    }

    /// Where link `link`'s barrier scores at `radius` can be ≥ 0 (centres) and the window to read
    /// for them; nil when nowhere.
    static func barrierWindows(_ link: CorridorLink, radius: Double, store: SpilledCostDistances) -> (centres: CellWindow, read: CellWindow)? {
        let lcd = link.leastCost!.distance
        let reach = Int((radius / store.cellSize).rounded(.down))
        guard let a = store.profiles[link.pair.a]?.window(atMost: lcd), let b = store.profiles[link.pair.b]?.window(atMost: lcd),
              let centres = a.expanded(by: reach, gridWidth: store.width, gridHeight: store.height)
                .intersection(b.expanded(by: reach, gridWidth: store.width, gridHeight: store.height))
        else { return nil }
        return (centres, centres.expanded(by: reach, gridWidth: store.width, gridHeight: store.height))
    }

    /// Ring-cell visits of the barrier step: Σ over links and radii of the read window's cells ×
    /// the ring's cells (``BarrierWork`` bounds it).
    static func barrierVisits(_ links: [CorridorLink], radii: [Double], store: SpilledCostDistances,
                              ring: BarrierRing = BarrierOptions().ring) -> Double {
        var visits = 0.0
        for radius in radii {
            let ringCells = Double(BarrierMapper.ringOffsets(radius: radius, cellSize: store.cellSize, ring: ring).count)
            for link in links {
                if let windows = barrierWindows(link, radius: radius, store: store) { visits += Double(windows.read.count) * ringCells }
            }
        }
        return visits
    }

    /// Barrier Mapper's combined score (default ``BarrierOptions``): for every cell, the largest
    /// score ≥ 0 over links and radii, NaN where none; what
    /// ``BarrierMapper/barrierCenters(network:radii:combination:options:maxConcurrency:progress:)``
    /// returns as `combined`. Scores run `workers` (link, radius) pairs at a time.
    static func barrierScores(_ links: [CorridorLink], radii: [Double], store: SpilledCostDistances, workers: Int,
                              progress: StepProgress?) throws -> [Double] {
        let w = store.width
        var combined = [Double](repeating: .nan, count: w * store.height)
        let tasks = radii.flatMap { radius in links.map { (link: $0, radius: radius) } }
        let counter = StepCounter(total: tasks.count, progress)
        var start = 0
        while start < tasks.count {
            let end = min(tasks.count, start + workers), base = start
            let batch = GeoKit.Parallel.map(end - base, workers: workers) { k -> Result<(CellWindow, [Double])?, Error> in
                let task = tasks[base + k]
                defer { counter.advance() }
                do {
                    guard let windows = barrierWindows(task.link, radius: task.radius, store: store) else { return .success(nil) }
                    let score = try BarrierMapper.improvementScore(
                        try store.surface(core: task.link.pair.a, window: windows.read), try store.surface(core: task.link.pair.b, window: windows.read),
                        leastCostDistance: task.link.leastCost!.distance, radius: task.radius)
                    return .success((windows.read, score.values))
                } catch {
                    return .failure(error)
                }
            }
            for result in batch {
                guard let (window, values) = try result.get() else { continue }
                for j in 0..<values.count {
                    let v = values[j]
                    guard !v.isNaN && v >= 0 else { continue }
                    let i = window.gridIndex(j, gridWidth: w)
                    if combined[i].isNaN || v > combined[i] { combined[i] = v }
                }
            }
            start = end
        }
        return combined
    }
}

extension CorridorWindows {
    /// The read window of every (radius, link) barrier task that has one.
    static func barrierReadWindows(_ links: [CorridorLink], radii: [Double], store: SpilledCostDistances) -> [CellWindow] {
        radii.flatMap { radius in links.compactMap { barrierWindows($0, radius: radius, store: store)?.read } }
    }
}
