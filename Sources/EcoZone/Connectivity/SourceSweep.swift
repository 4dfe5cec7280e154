import Dispatch
import Foundation
import GeoKit
import Synchronization

/// Raw per-node totals from one sweep over every source.
struct SweepTotals: Sendable {
    /// `Σ_{j≠s} a_j p*_sj` for each source `s`.
    var pcOthers: [Double]
    /// `Σ_{j≠s} a_j / (1 + nl_sj)` for each source `s`.
    var iicOthers: [Double]
    /// `Σ_{i≠k} Σ_{j≠k} a_i a_j (p*_ij − p*_ij^(−k))` for each node `k` (zero unless requested).
    var pcConnector: [Double]
    /// The same for IIC weights `1/(1 + nl_ij)`.
    var iicConnector: [Double]
    /// With a connector floor, `Σ_{j≠s} a_j min(floor, p*_sj)` for each source `s` (the error budget of
    /// the floor; zero without one).
    var pcFloorOthers: [Double]

    /// `num = Σ_s a_s (a_s + others_s)`, summed in source order.
    static func numerator(attributes a: [Double], others: [Double]) -> Double {
        var total = 0.0
        for s in a.indices { total += a[s] * (a[s] + others[s]) }
        return total
    }

    /// `Σ_s a_s Σ_{j≠s} a_j min(floor, p*_sj)`, summed in source order: the most the connector floor can
    /// change any node's connector sum (attribute²).
    static func floorBudget(attributes a: [Double], floorOthers: [Double]) -> Double {
        var total = 0.0
        for s in a.indices { total += a[s] * floorOthers[s] }
        return total
    }
}

extension PreparedGraph {
    /// Sources per work item. Fixed (independent of the core count) so that the connector sums, which
    /// are accumulated per block and then added block by block in block order, are bit-identical on any
    /// machine.
    static let sourcesPerBlock = 16

    /// Runs one shortest-path search per source for PC (on the reduced link graph; none in the metric
    /// case) and IIC (BFS), spread over ``Parallel/workerCount`` workers in fixed blocks of sources,
    /// and, when `connectors` is true, the dominator analysis and replacement searches that give every
    /// node's connector term directly. `progress` is called with (sources done, sources) after each block,
    /// from the worker that finished it.
    func sweep(connectors: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil) -> SweepTotals {
        let n = count
        let blockSize = Self.sourcesPerBlock
        let blockCount = (n + blockSize - 1) / blockSize
        let linkCount = connectors ? max(pcLinks?.targets.count ?? 0, linkTargets.count) : 0

        struct Reduction {
            var totals: SweepTotals
            /// Finished blocks waiting for their turn, so that blocks are added in block order.
            var pending: [Int: BlockSums] = [:]
            var next = 0
            var sourcesDone = 0
        }
        let zeros = [Double](repeating: 0, count: n)
        let state = Locked(Reduction(totals: SweepTotals(pcOthers: zeros, iicOthers: zeros, pcConnector: zeros,
                                                        iicConnector: zeros, pcFloorOthers: zeros)))
        let nextBlock = Atomic<Int>(0)
        let workers = max(1, min(Parallel.workerCount, blockCount))
        progress?(0, n)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let workspace = SourceWorkspace(nodeCount: n, linkCount: linkCount)
            var sums = BlockSums(count: n, connectors: connectors)
            while true {
                let block = nextBlock.add(1, ordering: .relaxed).oldValue
                if block >= blockCount { break }
                let sources = (block * blockSize)..<min(n, (block + 1) * blockSize)
                sums.reset(sources: sources)
                for s in sources { processSource(s, workspace: workspace, connectors: connectors, into: &sums) }
                let done = state.withLock { r -> Int in
                    r.pending[block] = sums
                    while let ready = r.pending.removeValue(forKey: r.next) {
                        ready.add(to: &r.totals)
                        r.next += 1
                    }
                    r.sourcesDone += sources.count
                    return r.sourcesDone
                }
                progress?(done, n)
            }
        }
        return state.withLock { $0.totals }
    }

    private func processSource(_ s: Int, workspace ws: SourceWorkspace, connectors: Bool, into sums: inout BlockSums) {
        attributes.withUnsafeBufferPointer { a in
            linkOffsets.withUnsafeBufferPointer { offsets in
                linkTargets.withUnsafeBufferPointer { targets in
                    if let pcLinks {
                        pcLinks.offsets.withUnsafeBufferPointer { pcOffsets in
                        pcLinks.targets.withUnsafeBufferPointer { pcTargets in
                        pcLinks.weights.withUnsafeBufferPointer { pcLinkWeights in
                        sweepPosition.withUnsafeBufferPointer { position in
                            processPC(s, workspace: ws, pcOffsets: pcOffsets.baseAddress!, pcTargets: pcTargets.baseAddress!,
                                      pcLinkWeights: pcLinkWeights.baseAddress!, position: position.baseAddress!,
                                      attributes: a.baseAddress!, connectors: connectors, into: &sums)
                        }
                        }
                        }
                        }
                    } else {
                        sums.pcOthers[s - sums.first] = metricPCOthers[s]
                    }
                    linkWeights.withUnsafeBufferPointer { linkWeights in
                    sweepPosition.withUnsafeBufferPointer { position in
                        processIIC(s, workspace: ws, offsets: offsets.baseAddress!, targets: targets.baseAddress!,
                                   linkWeights: linkWeights.baseAddress!, position: position.baseAddress!,
                                   attributes: a.baseAddress!, connectors: connectors, into: &sums)
                    }
                    }
                }
            }
        }
    }

    /// PC for one source: `p*_sj = exp(−k δ_sj)` on the reduced link graph (exact; see SparseLinks), and
    /// the connector losses of the nodes that dominate targets of `s`.
    private func processPC(
        _ s: Int, workspace ws: SourceWorkspace,
        pcOffsets: UnsafePointer<Int32>, pcTargets: UnsafePointer<Int32>, pcLinkWeights: UnsafePointer<Double>,
        position: UnsafePointer<Int32>, attributes a: UnsafePointer<Double>, connectors: Bool,
        into sums: inout BlockSums
    ) {
        let n = count
        ws.sparseDijkstra(source: s, offsets: pcOffsets, targets: pcTargets, weights: pcLinkWeights,
                          tolerance: tieTolerance)
        var others = 0.0
        for j in 0..<n {
            let p = exp(-decayRate * ws.dist[j])
            ws.weight[j] = p
            if j != s { others += a[j] * p }
        }
        sums.pcOthers[s - sums.first] = others
        if let floor = connectorFloor {
            var floorOthers = 0.0
            for j in 0..<n where j != s { floorOthers += a[j] * min(floor, ws.weight[j]) }
            sums.pcFloorOthers[s - sums.first] = floorOthers
        }
        guard connectors && a[s] > 0 else { return }  // every connector term of source s carries a_s
        if let cutoff = connectorCutoff {
            // The floor: keep the settle-order prefix with δ ≤ cutoff (p* ≥ floor). Shortest paths to those
            // nodes run through the prefix only, so the analysis below is that of the induced subgraph.
            var kept = ws.reachedCount
            while kept > 1 && ws.dist[Int(ws.order[kept - 1])] > cutoff { kept -= 1 }
            ws.reachedCount = kept
        }
        let reached = ws.reachedCount
        let dominates = ws.computeDominators(iterateUntilStable: ws.hasBackwardEdge) { r, visit in
            ws.visitSparsePredecessors(ofRank: r, offsets: pcOffsets, targets: pcTargets,
                                       weights: pcLinkWeights) { p in if p < reached { visit(p) } }
        }
        guard dominates else { return }
        // Each unordered pair {s, j} once, from the end with the smaller sweep position (the loss is
        // symmetric in s and j), hence the factor 2; subtrees wholly behind s are skipped.
        ws.computeDescendantMaxPositions(position)
        let above = position[s]
        ws.prepareReplacementSearch(offsets: pcOffsets, targets: pcTargets, weights: pcLinkWeights,
                                    attributes: a, sweepPosition: position, above: above)
        for r in 1..<ws.reachedCount where ws.subtreeSize[r] > 1 && ws.descendantMaxPosition[r] > above {
            let k = Int(ws.order[r])
            sums.pcConnector[k] += 2 * a[s] * ws.replacementLoss(
                position: Int(ws.preorderPosition[r]), size: Int(ws.subtreeSize[r]), decayRate: decayRate)
        }
        ws.finishReplacementSearch()
    }

    /// IIC for one source: `1 / (1 + nl_sj)` by BFS, and the connector losses by the same replacement
    /// search as PC, on hop counts (each unordered pair once, as for PC).
    private func processIIC(
        _ s: Int, workspace ws: SourceWorkspace, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
        linkWeights: UnsafePointer<Double>, position: UnsafePointer<Int32>,
        attributes a: UnsafePointer<Double>, connectors: Bool, into sums: inout BlockSums
    ) {
        let n = count
        ws.breadthFirstSearch(source: s, offsets: offsets, targets: targets)
        var others = 0.0
        for j in 0..<n where j != s {
            let h = ws.hop[j]
            if h >= 0 { others += a[j] / Double(1 + h) }
        }
        sums.iicOthers[s - sums.first] = others
        guard connectors && a[s] > 0 else { return }
        let dominates = ws.computeDominators(iterateUntilStable: false) { r, visit in
            let v = Int(ws.order[r])
            let parentHop = ws.hop[v] - 1
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let u = Int(targets[e])
                if ws.hop[u] == parentHop { visit(Int(ws.rank[u])) }
            }
        }
        guard dominates else { return }
        for v in 0..<n {
            let h = ws.hop[v]
            ws.dist[v] = h >= 0 ? Double(h) : .infinity
            ws.weight[v] = h >= 0 ? 1 / Double(1 + h) : 0
        }
        ws.tolerance = 0
        ws.computeDescendantMaxPositions(position)
        let above = position[s]
        ws.prepareReplacementSearch(offsets: offsets, targets: targets, weights: linkWeights,
                                    attributes: a, sweepPosition: position, above: above, hops: true)
        for r in 1..<ws.reachedCount where ws.subtreeSize[r] > 1 && ws.descendantMaxPosition[r] > above {
            let k = Int(ws.order[r])
            sums.iicConnector[k] += 2 * a[s] * ws.replacementLoss(
                position: Int(ws.preorderPosition[r]), size: Int(ws.subtreeSize[r]), decayRate: 0, hops: true)
        }
        ws.finishReplacementSearch()
    }
}

/// What one block of sources adds: its sources' own sums and its share of every node's connector.
struct BlockSums: Sendable {
    /// The block's first source.
    private(set) var first = 0
    /// `others` of the block's sources, by `source − first`.
    var pcOthers: [Double]
    var iicOthers: [Double]
    /// Connector sums by node (empty without connectors).
    var pcConnector: [Double]
    var iicConnector: [Double]
    var pcFloorOthers: [Double]
    private var sourceCount = 0

    init(count n: Int, connectors: Bool) {
        pcOthers = [Double](repeating: 0, count: PreparedGraph.sourcesPerBlock)
        iicOthers = pcOthers
        pcFloorOthers = pcOthers
        pcConnector = [Double](repeating: 0, count: connectors ? n : 0)
        iicConnector = pcConnector
    }

    mutating func reset(sources: Range<Int>) {
        first = sources.lowerBound
        sourceCount = sources.count
        for i in pcOthers.indices {
            pcOthers[i] = 0
            iicOthers[i] = 0
            pcFloorOthers[i] = 0
        }
        for k in pcConnector.indices {
            pcConnector[k] = 0
            iicConnector[k] = 0
        }
    }

    /// Adds this block into the running totals (called in block order).
    func add(to totals: inout SweepTotals) {
        for i in 0..<sourceCount {
            totals.pcOthers[first + i] = pcOthers[i]
            totals.iicOthers[first + i] = iicOthers[i]
            totals.pcFloorOthers[first + i] = pcFloorOthers[i]
        }
        for k in pcConnector.indices {
            totals.pcConnector[k] += pcConnector[k]
            totals.iicConnector[k] += iicConnector[k]
        }
    }
}
