// The per-link steps of CorridorWindows with their links shared among the ranks of a job
// (WorkSharing, issue 20): each rank runs the links k with k mod size = its rank, and rank 0 folds
// every link's window into the whole grid in link order, as the single-process steps fold them, so
// the mosaic, the owners, the summed current and the barrier scores are theirs bit for bit.
//
// Rounds: in round t every rank runs its next `workers` links at once (its local links t·workers ..<
// (t+1)·workers, global k = rank + size · local), and the round's pieces are gathered on rank 0, which
// folds them sorted by k. Round t covers exactly the links size·t·workers ..< size·(t+1)·workers, so
// every link is folded after all lower ones. Memory on rank 0: one round's pieces and the whole
// grids; on the other ranks: their `workers` windows.

import Foundation
import GeoKit

extension CorridorWindows {
    /// Runs `work(k)` for the `count` pieces round-robin over the ranks, `workers` at a time per rank,
    /// and on rank 0 hands each piece's bytes to `fold` in the order of k. A piece's failure, passed
    /// through `explain` (the pipeline's own wording), is agreed by every rank (``WorkSharing/gatherAgreed(_:)``).
    static func sharedRounds(count: Int, workers: Int, sharing: WorkSharing, progress: StepProgress?,
                             explain: @escaping (any Error) -> any Error,
                             work: @escaping @Sendable (Int) throws -> [UInt8],
                             fold: (Int, inout ByteReader) throws -> Void) throws {
        let size = sharing.size, rank = sharing.rank
        let perRank = (count + size - 1) / size
        let rounds = (perRank + workers - 1) / workers
        let counter = StepCounter(total: (0..<count).filter { $0 % size == rank }.count, progress)
        for t in 0..<rounds {
            let ks = (t * workers..<min((t + 1) * workers, perRank)).map { rank + size * $0 }.filter { $0 < count }
            let results = GeoKit.Parallel.map(ks.count, workers: workers) { j -> Result<[UInt8], any Error> in
                defer { counter.advance() }
                return Result { try work(ks[j]) }
            }
            let packed = Result { () throws -> [UInt8] in
                var w = ByteWriter()
                for (j, k) in ks.enumerated() { w.put(k); w.put(try results[j].get()) }
                return w.bytes
            }.mapError(explain)
            guard let parts = try sharing.gatherAgreed(packed) else { continue }
            var pieces: [(k: Int, bytes: [UInt8])] = []
            for part in parts {
                var r = ByteReader(part)
                while !r.atEnd { pieces.append((try r.int(), try r.bytes())) }
            }
            for piece in pieces.sorted(by: { $0.k < $1.k }) {
                var r = ByteReader(piece.bytes)
                try fold(piece.k, &r)
            }
        }
    }

    /// ``mosaic(_:store:cutoff:progress:)`` with the links shared: the mosaic and owners on rank 0
    /// (empty elsewhere), each link's corridor window on every rank.
    static func mosaic(_ links: [CorridorLink], store: SpilledCostDistances, cutoff: Double, sharing: WorkSharing, workers: Int,
                       explain: @escaping (any Error) -> any Error,
                       progress: StepProgress?) throws -> (mosaic: [Double], owner: [Int32], windows: [CellWindow?]) {
        let w = store.width
        let root = sharing.rank == 0
        var mosaic = root ? [Double](repeating: .nan, count: w * store.height) : []
        var owner = root ? [Int32](repeating: 0, count: mosaic.count) : []
        var windows = [CellWindow?](repeating: nil, count: links.count)
        try sharedRounds(count: links.count, workers: workers, sharing: sharing, progress: progress, explain: explain, work: { k in
            var out = ByteWriter()
            guard let window = corridorWindow(links[k], store: store, cutoff: cutoff) else { out.put(nil as CellWindow?); return out.bytes }
            let nlcc = try normalized(links[k], store: store, window: window, cutoff: cutoff)
            // Only the corridor's bounding window travels: every cell outside it is NaN.
            let bounds = window.boundingWindow { !nlcc[$0].isNaN }
            out.put(bounds)
            if let bounds {
                var values: [Double] = []
                values.reserveCapacity(bounds.count)
                for j in 0..<bounds.count {
                    let r = bounds.row - window.row + j / bounds.width, c = bounds.column - window.column + j % bounds.width
                    values.append(nlcc[r * window.width + c])
                }
                out.put(values)
            }
            return out.bytes
        }, fold: { k, r in
            guard let bounds = try r.window() else { return }
            windows[k] = bounds
            let nlcc = try r.doubles()
            for j in 0..<nlcc.count {
                let v = nlcc[j]
                guard !v.isNaN else { continue }
                let i = bounds.gridIndex(j, gridWidth: w)
                if mosaic[i].isNaN || v < mosaic[i] { mosaic[i] = v; owner[i] = Int32(k + 1) }
            }
        })
        // Every rank needs every window (the circuit's memory check, and its own links' circuits).
        var packed = ByteWriter()
        for window in windows { packed.put(window) }
        var r = ByteReader(try sharing.broadcast(packed.bytes))
        windows = try links.indices.map { _ in try r.window() }
        return (mosaic, owner, windows)
    }

    /// ``current(_:windows:store:cutoff:cells:options:workers:progress:)`` with the links
    /// shared: the summed current and `R_AB` per link on rank 0 (empty elsewhere).
    static func current(_ links: [CorridorLink], windows: [CellWindow?], store: SpilledCostDistances, cutoff: Double,
                        cells: CorridorCells, options: CircuitOptions, workers: Int,
                        sharing: WorkSharing, explain: @escaping (any Error) -> any Error,
                        progress: StepProgress?) throws -> (current: [Double], resistances: [Double]) {
        let w = cells.width
        let root = sharing.rank == 0
        var combined = root ? [Double](repeating: .nan, count: cells.width * cells.height) : []
        var resistances = [Double](repeating: .nan, count: root ? links.count : 0)
        try sharedRounds(count: links.count, workers: workers, sharing: sharing, progress: progress, explain: explain, work: { k in
            let link = links[k]
            guard let window = windows[k] else { throw CorridorError.emptyCore(link.pair.a) }
            let nlcc = try normalized(link, store: store, window: window, cutoff: cutoff)
            let mask = CorridorGrid(width: window.width, height: window.height, cellSize: cells.cellSize, values: nlcc.map { !$0.isNaN })
            let solution: CircuitSolution
            do {
                solution = try CircuitFlow.solve(resistance: try cells.resistance(in: window), cores: cells.labels(in: window),
                                                 between: link.pair.a, and: link.pair.b, mask: mask, options: options)
            } catch CorridorError.zeroResistance(let cell) {
                throw CorridorError.zeroResistance(cell: window.gridIndex(cell, gridWidth: w))   // the grid's index, not the window's
            }
            var out = ByteWriter()
            out.put(solution.effectiveResistance)
            out.put(solution.current.values)
            return out.bytes
        }, fold: { k, r in
            resistances[k] = try r.double()
            let values = try r.doubles()
            guard let window = windows[k], values.count == window.count else {
                throw GeoKitError(.input, "internal error: link \(k + 1)'s current does not fit its window")
            }
            for j in 0..<values.count {
                let v = values[j]
                if v.isNaN { continue }
                let i = window.gridIndex(j, gridWidth: w)
                combined[i] = combined[i].isNaN ? v : combined[i] + v
            }
        })
        return (combined, resistances)
    }

    /// ``barrierScores(_:radii:store:workers:progress:)`` with the (radius, link) tasks shared: the
    /// combined scores on rank 0 (empty elsewhere).
    static func barrierScores(_ links: [CorridorLink], radii: [Double], store: SpilledCostDistances, workers: Int,
                              sharing: WorkSharing, explain: @escaping (any Error) -> any Error,
                              progress: StepProgress?) throws -> [Double] {
        let w = store.width
        var combined = sharing.rank == 0 ? [Double](repeating: .nan, count: w * store.height) : []
        let tasks = radii.flatMap { radius in links.map { (link: $0, radius: radius) } }
        try sharedRounds(count: tasks.count, workers: workers, sharing: sharing, progress: progress, explain: explain, work: { k in
            var out = ByteWriter()
            let task = tasks[k]
            guard let windows = barrierWindows(task.link, radius: task.radius, store: store) else { out.put(nil as CellWindow?); return out.bytes }
            let score = try BarrierMapper.improvementScore(
                try store.surface(core: task.link.pair.a, window: windows.read), try store.surface(core: task.link.pair.b, window: windows.read),
                leastCostDistance: task.link.leastCost!.distance, radius: task.radius)
            out.put(windows.read)
            out.put(score.values)
            return out.bytes
        }, fold: { _, r in
            guard let window = try r.window() else { return }
            let values = try r.doubles()
            for j in 0..<values.count {
                let v = values[j]
                guard !v.isNaN && v >= 0 else { continue }
                let i = window.gridIndex(j, gridWidth: w)
                if combined[i].isNaN || v > combined[i] { combined[i] = v }
            }
        })
        return combined
    }
}
