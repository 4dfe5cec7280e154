import Foundation

/// The two link graphs derived once from a network and its parameters.
///
/// - PC: a dense row-major weight matrix (`d_ij`, or `+infinity` where the link is missing or pruned).
/// - IIC: adjacency lists (CSR) of the binary graph `d_ij < D`.
struct PreparedGraph: Sendable {
    let count: Int
    let attributes: [Double]
    /// PC edge weights; the network's own matrix when nothing is pruned.
    let pcWeights: [Double]
    /// CSR offsets of the IIC link graph (`count + 1` entries).
    let linkOffsets: [Int32]
    /// CSR targets of the IIC link graph (plus one unused sentinel).
    let linkTargets: [Int32]
    /// `k = −ln P / D`.
    let decayRate: Double
    /// Relative tie tolerance for PC.
    let tieTolerance: Double
    /// Number of unordered pairs with a finite distance whose PC link was pruned by `pijMin`.
    let prunedLinkCount: Int

    init(network: ConnectivityNetwork, parameters: ConnectivityParameters) {
        let n = network.count
        let d = network.distances
        count = n
        attributes = network.attributes
        decayRate = parameters.decayRate
        tieTolerance = parameters.tieTolerance

        if let pMin = parameters.minimumProbability {
            var weights = d
            var pruned = 0
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    let dij = d[i * n + j]
                    if dij.isFinite, exp(-decayRate * dij) < pMin {
                        weights[i * n + j] = .infinity
                        weights[j * n + i] = .infinity
                        pruned += 1
                    }
                }
            }
            pcWeights = weights
            prunedLinkCount = pruned
        } else {
            pcWeights = d
            prunedLinkCount = 0
        }

        let threshold = parameters.distanceThreshold
        var offsets = [Int32](repeating: 0, count: n + 1)
        var targets: [Int32] = []
        for i in 0..<n {
            for j in 0..<n where j != i && d[i * n + j] < threshold {
                targets.append(Int32(j))
            }
            offsets[i + 1] = Int32(targets.count)
        }
        targets.append(-1)  // sentinel, never read: keeps the buffer non-empty for pointer access
        linkOffsets = offsets
        linkTargets = targets
    }
}

/// Per-thread scratch memory for the per-source searches. One workspace serves many sources in turn;
/// it is never shared between threads. Buffers are raw to keep the O(n²) loops free of bounds and
/// uniqueness checks.
final class SourceWorkspace {
    let n: Int

    // Dijkstra (PC): δ from the source, a candidate key (∞ once settled), and the tie limit δ·(1+tol).
    let dist: UnsafeMutablePointer<Double>
    let key: UnsafeMutablePointer<Double>
    let limit: UnsafeMutablePointer<Double>
    /// Slow-path threshold of the relaxation loop: `max(limit, K-th best entry)` (`greatestFiniteMagnitude`
    /// while fewer than K entries are known).
    let threshold: UnsafeMutablePointer<Double>
    /// For every node `v`, the `entryCapacity` smallest values of `δ_su + w_uv` over settled `u ≠ v`,
    /// ascending (`entryValue[v * K + i]`, `entryNode[v * K + i]`, `entryCount[v]` of them). They let the
    /// targeted recomputation find the best entry into a dominated set without scanning all nodes.
    let entryValue: UnsafeMutablePointer<Double>
    let entryNode: UnsafeMutablePointer<Int32>
    let entryCount: UnsafeMutablePointer<Int32>
    static let entryCapacity = 8
    /// `w_sj = exp(−k δ_sj)` for the current PC source.
    let weight: UnsafeMutablePointer<Double>
    // Candidate predecessors on optimal paths, as linked lists in a pool (PC).
    let predHead: UnsafeMutablePointer<Int32>
    var predNode: [Int32] = []
    var predNext: [Int32] = []
    /// True when some optimal-path edge goes from a later-settled to an earlier-settled node (ties,
    /// zero-length links), so the predecessor graph may have cycles.
    var hasBackwardEdge = false
    /// Relative tie tolerance of the last ``dijkstra(source:weights:tolerance:)`` call.
    private(set) var tolerance = 0.0

    // BFS (IIC): hop counts, −1 when unreached.
    let hop: UnsafeMutablePointer<Int32>

    // Shared by both searches (used one after the other): settle order and its inverse.
    let order: UnsafeMutablePointer<Int32>
    let rank: UnsafeMutablePointer<Int32>
    var reachedCount = 0

    // Dominator tree in rank space.
    let idom: UnsafeMutablePointer<Int32>
    let subtreeSize: UnsafeMutablePointer<Int32>
    let preorderPosition: UnsafeMutablePointer<Int32>
    let preorder: UnsafeMutablePointer<Int32>
    let nextFree: UnsafeMutablePointer<Int32>

    // Targeted recomputation scratch.
    let subsetNodes: UnsafeMutablePointer<Int32>
    let subsetDist: UnsafeMutablePointer<Double>
    let subsetSaved: UnsafeMutablePointer<Double>
    let subsetHop: UnsafeMutablePointer<Int32>
    let subsetSavedHop: UnsafeMutablePointer<Int32>
    let subsetDone: UnsafeMutablePointer<Bool>
    let localIndex: UnsafeMutablePointer<Int32>
    /// `mark[v] == markStamp` flags membership of the set currently excluded (dominated set plus `k`).
    let mark: UnsafeMutablePointer<Int32>
    var markStamp: Int32 = 0
    let seedKeys: UnsafeMutablePointer<Int64>
    let queue: UnsafeMutablePointer<Int32>

    init(nodeCount n: Int) {
        self.n = n
        func make<T>(_ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(n, 1))
            p.initialize(repeating: value, count: max(n, 1))
            return p
        }
        dist = make(0.0); key = make(0.0); limit = make(0.0); weight = make(0.0); threshold = make(0.0)
        entryValue = .allocate(capacity: max(n, 1) * Self.entryCapacity)
        entryNode = .allocate(capacity: max(n, 1) * Self.entryCapacity)
        entryCount = make(0)
        mark = make(0)
        predHead = make(-1)
        hop = make(-1)
        order = make(0); rank = make(0)
        idom = make(0); subtreeSize = make(0); preorderPosition = make(0); preorder = make(0)
        nextFree = make(0)
        subsetNodes = make(0); subsetDist = make(0.0); subsetSaved = make(0.0)
        subsetHop = make(0); subsetSavedHop = make(0); subsetDone = make(false)
        localIndex = make(0); seedKeys = make(Int64(0)); queue = make(0)
        predNode.reserveCapacity(4 * n)
        predNext.reserveCapacity(4 * n)
    }

    deinit {
        for p in [dist, key, limit, weight, threshold, entryValue, subsetDist, subsetSaved] { p.deallocate() }
        entryNode.deallocate()
        entryCount.deallocate()
        mark.deallocate()
        for p in [predHead, hop, order, rank, idom, subtreeSize, preorderPosition, preorder, nextFree,
                  subsetNodes, subsetHop, subsetSavedHop, localIndex, queue] { p.deallocate() }
        subsetDone.deallocate()
        seedKeys.deallocate()
    }

    // MARK: - PC: dense Dijkstra with optimal-path predecessors

    /// Shortest-path lengths `δ_sv` from `source` on the dense weight matrix `w` (row-major, `+∞` for no
    /// link), in O(n²) with an array scan. Settled nodes are listed in `order`/`rank` (a topological order
    /// of the optimal-path graph up to ties). For every node it keeps, in `predHead`, a superset of the
    /// nodes `u` with `δ_su + w_uv ≤ δ_sv (1 + tol)`; ``isTightPC`` filters it.
    func dijkstra(source: Int, weights w: UnsafePointer<Double>, tolerance tol: Double) {
        let n = self.n
        let dist = self.dist, key = self.key, predHead = self.predHead, threshold = self.threshold
        for v in 0..<n {
            dist[v] = .infinity
            key[v] = .infinity
            limit[v] = .greatestFiniteMagnitude
            threshold[v] = .greatestFiniteMagnitude
            entryCount[v] = 0
            predHead[v] = -1
        }
        predNode.removeAll(keepingCapacity: true)
        predNext.removeAll(keepingCapacity: true)
        hasBackwardEdge = false
        tolerance = tol
        reachedCount = 0

        dist[source] = 0
        limit[source] = 0
        var u = source
        var du = 0.0
        while true {
            order[reachedCount] = Int32(u)
            rank[u] = Int32(reachedCount)
            reachedCount += 1
            key[u] = .infinity
            let row = w + u * n
            var best = Double.infinity
            var bestIndex = -1
            for v in 0..<n {
                let candidate = du + row[v]
                if candidate <= threshold[v], v != u {
                    recordEntry(from: u, to: v, value: candidate)
                    if candidate <= limit[v] {
                        relax(from: u, to: v, candidate: candidate, source: source, tolerance: tol)
                    }
                    let count = Int(entryCount[v])
                    let kth = count == Self.entryCapacity
                        ? entryValue[v * Self.entryCapacity + count - 1] : Double.greatestFiniteMagnitude
                    threshold[v] = max(kth, limit[v])
                }
                let kv = key[v]
                if kv < best {
                    best = kv
                    bestIndex = v
                }
            }
            if bestIndex < 0 { break }
            u = bestIndex
            du = best
        }
    }

    @inline(__always)
    private func relax(from u: Int, to v: Int, candidate: Double, source: Int, tolerance tol: Double) {
        let dv = dist[v]
        if dv < .infinity && key[v] == .infinity {
            // v is already settled: a tied edge against the settle order.
            if v != source {
                appendPredecessor(Int32(u), of: v)
                hasBackwardEdge = true
            }
            return
        }
        if candidate < dv {
            if dv > candidate + tol * candidate { predHead[v] = -1 }
            dist[v] = candidate
            key[v] = candidate
            limit[v] = candidate + tol * candidate
        }
        appendPredecessor(Int32(u), of: v)
    }

    /// Inserts `u` with entry value `δ_su + w_uv` into `v`'s K best entries if it belongs there.
    @inline(__always)
    private func recordEntry(from u: Int, to v: Int, value: Double) {
        let capacity = Self.entryCapacity
        let base = v * capacity
        var count = Int(entryCount[v])
        if count == capacity {
            if !(value < entryValue[base + capacity - 1]) { return }
            count -= 1
        }
        var i = count
        while i > 0 && entryValue[base + i - 1] > value {
            entryValue[base + i] = entryValue[base + i - 1]
            entryNode[base + i] = entryNode[base + i - 1]
            i -= 1
        }
        entryValue[base + i] = value
        entryNode[base + i] = Int32(u)
        entryCount[v] = Int32(count + 1)
    }

    @inline(__always)
    private func appendPredecessor(_ u: Int32, of v: Int) {
        predNode.append(u)
        predNext.append(predHead[v])
        predHead[v] = Int32(predNode.count - 1)
    }

    /// Whether `u → v` lies on an optimal path from the current PC source (the relaxation's own test,
    /// against the final `δ_sv`).
    @inline(__always)
    func isTightPC(_ u: Int, _ v: Int, weights w: UnsafePointer<Double>) -> Bool {
        let dv = dist[v]
        return dist[u] + w[u * n + v] <= dv + tolerance * dv
    }

    // MARK: - IIC: breadth-first search

    /// Hop counts `nl_sv` from `source` on the binary link graph (`hop[v] = −1` when unreachable), with
    /// the visit order in `order`/`rank`.
    func breadthFirstSearch(source: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>) {
        let hop = self.hop, order = self.order
        for v in 0..<n { hop[v] = -1 }
        hop[source] = 0
        order[0] = Int32(source)
        var head = 0
        var tail = 1
        while head < tail {
            let u = Int(order[head])
            rank[u] = Int32(head)
            head += 1
            let next = hop[u] + 1
            for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                let v = Int(targets[e])
                if hop[v] < 0 {
                    hop[v] = next
                    order[tail] = Int32(v)
                    tail += 1
                }
            }
        }
        reachedCount = tail
    }
}
