import Dispatch
import Foundation

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

    /// `num = Σ_s a_s (a_s + others_s)`, summed in source order.
    static func numerator(attributes a: [Double], others: [Double]) -> Double {
        var total = 0.0
        for s in a.indices { total += a[s] * (a[s] + others[s]) }
        return total
    }
}

/// A buffer written by several threads at disjoint indices. The owner keeps it alive across the
/// parallel section and reads it only afterwards.
private struct DisjointWrites: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>
}

extension PreparedGraph {
    /// Sources per work item. Fixed (independent of the core count) so that the connector sums, which
    /// are accumulated per block and then added block by block, are bit-identical on any machine.
    static let sourcesPerBlock = 16

    /// Runs one shortest-path search per source for PC (dense Dijkstra) and IIC (BFS), in parallel over
    /// fixed blocks of sources, and, when `connectors` is true, the dominator analysis and targeted
    /// recomputations that give every node's connector term directly.
    func sweep(connectors: Bool) -> SweepTotals {
        let n = count
        let blockSize = Self.sourcesPerBlock
        let blockCount = (n + blockSize - 1) / blockSize
        let connectorStride = connectors ? n : 0

        let pcOthers = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let iicOthers = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let blockPC = UnsafeMutablePointer<Double>.allocate(capacity: max(1, blockCount * connectorStride))
        let blockIIC = UnsafeMutablePointer<Double>.allocate(capacity: max(1, blockCount * connectorStride))
        pcOthers.initialize(repeating: 0, count: n)
        iicOthers.initialize(repeating: 0, count: n)
        blockPC.initialize(repeating: 0, count: max(1, blockCount * connectorStride))
        blockIIC.initialize(repeating: 0, count: max(1, blockCount * connectorStride))
        defer {
            pcOthers.deallocate(); iicOthers.deallocate(); blockPC.deallocate(); blockIIC.deallocate()
        }
        let outPCOthers = DisjointWrites(base: pcOthers)
        let outIICOthers = DisjointWrites(base: iicOthers)
        let outBlockPC = DisjointWrites(base: blockPC)
        let outBlockIIC = DisjointWrites(base: blockIIC)

        DispatchQueue.concurrentPerform(iterations: blockCount) { block in
            let workspace = SourceWorkspace(nodeCount: n)
            let sources = (block * blockSize)..<min(n, (block + 1) * blockSize)
            pcLinks.offsets.withUnsafeBufferPointer { pcOffsets in
            pcLinks.targets.withUnsafeBufferPointer { pcTargets in
            pcLinks.weights.withUnsafeBufferPointer { pcLinkWeights in
            sweepPosition.withUnsafeBufferPointer { position in
                linkOffsets.withUnsafeBufferPointer { offsets in
                    linkTargets.withUnsafeBufferPointer { targets in
                        attributes.withUnsafeBufferPointer { a in
                            for s in sources {
                                processSource(
                                    s, workspace: workspace,
                                    pcOffsets: pcOffsets.baseAddress!, pcTargets: pcTargets.baseAddress!,
                                    pcLinkWeights: pcLinkWeights.baseAddress!, position: position.baseAddress!,
                                    offsets: offsets.baseAddress!,
                                    targets: targets.baseAddress!, attributes: a.baseAddress!,
                                    connectors: connectors,
                                    pcOthers: outPCOthers.base, iicOthers: outIICOthers.base,
                                    pcConnector: outBlockPC.base + block * connectorStride,
                                    iicConnector: outBlockIIC.base + block * connectorStride)
                            }
                        }
                    }
                }
            }
            }
            }
            }
        }

        var totals = SweepTotals(
            pcOthers: Array(UnsafeBufferPointer(start: pcOthers, count: n)),
            iicOthers: Array(UnsafeBufferPointer(start: iicOthers, count: n)),
            pcConnector: [Double](repeating: 0, count: n),
            iicConnector: [Double](repeating: 0, count: n))
        if connectors {
            for block in 0..<blockCount {
                let pc = blockPC + block * n
                let iic = blockIIC + block * n
                for k in 0..<n {
                    totals.pcConnector[k] += pc[k]
                    totals.iicConnector[k] += iic[k]
                }
            }
        }
        return totals
    }

    private func processSource(
        _ s: Int, workspace ws: SourceWorkspace,
        pcOffsets: UnsafePointer<Int32>, pcTargets: UnsafePointer<Int32>, pcLinkWeights: UnsafePointer<Double>,
        position: UnsafePointer<Int32>, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
        attributes a: UnsafePointer<Double>, connectors: Bool,
        pcOthers: UnsafeMutablePointer<Double>, iicOthers: UnsafeMutablePointer<Double>,
        pcConnector: UnsafeMutablePointer<Double>, iicConnector: UnsafeMutablePointer<Double>
    ) {
        let n = count
        let wantConnectors = connectors && a[s] > 0  // every connector term of source s carries a_s

        // PC: p*_sj = exp(−k δ_sj), on the reduced link graph (exact; see SparseLinks).
        ws.sparseDijkstra(source: s, offsets: pcOffsets, targets: pcTargets, weights: pcLinkWeights,
                          tolerance: tieTolerance)
        var others = 0.0
        for j in 0..<n {
            let p = exp(-decayRate * ws.dist[j])
            ws.weight[j] = p
            if j != s { others += a[j] * p }
        }
        pcOthers[s] = others
        if wantConnectors {
            let dominates = ws.computeDominators(iterateUntilStable: ws.hasBackwardEdge) { r, visit in
                ws.visitSparsePredecessors(ofRank: r, offsets: pcOffsets, targets: pcTargets,
                                           weights: pcLinkWeights, visit)
            }
            if dominates {
                // Each unordered pair {s, j} once, from the end with the smaller sweep position (the loss
                // is symmetric in s and j), hence the factor 2; subtrees wholly behind s are skipped.
                ws.computeDescendantMaxPositions(position)
                let above = position[s]
                for r in 1..<ws.reachedCount where ws.subtreeSize[r] > 1 && ws.descendantMaxPosition[r] > above {
                    let k = Int(ws.order[r])
                    pcConnector[k] += 2 * a[s] * ws.sparsePCLoss(removingRank: r, offsets: pcOffsets, targets: pcTargets,
                                                                 weights: pcLinkWeights, attributes: a,
                                                                 decayRate: decayRate, position: position, above: above)
                }
            }
        }

        // IIC: 1 / (1 + nl_sj).
        ws.breadthFirstSearch(source: s, offsets: offsets, targets: targets)
        others = 0.0
        for j in 0..<n where j != s {
            let h = ws.hop[j]
            if h >= 0 { others += a[j] / Double(1 + h) }
        }
        iicOthers[s] = others
        if wantConnectors {
            let dominates = ws.computeDominators(iterateUntilStable: false) { r, visit in
                let v = Int(ws.order[r])
                let parentHop = ws.hop[v] - 1
                for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                    let u = Int(targets[e])
                    if ws.hop[u] == parentHop { visit(Int(ws.rank[u])) }
                }
            }
            if dominates {
                for r in 1..<ws.reachedCount where ws.subtreeSize[r] > 1 {
                    let k = Int(ws.order[r])
                    iicConnector[k] += a[s] * ws.iicLoss(removingRank: r, offsets: offsets, targets: targets,
                                                         attributes: a)
                }
            }
        }
    }
}
