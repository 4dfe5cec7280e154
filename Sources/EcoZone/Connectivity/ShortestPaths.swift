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
    /// The PC links that can matter for any shortest path, with or without one node (``SparseLinks``).
    let pcLinks: SparseLinks
    /// A position for every node along a sweep (by distance from a far node; ties by index). The PC
    /// connector counts each unordered pair once, from the source with the smaller position, so a
    /// source skips the dominated subtrees that lie wholly behind it. Any order gives the same sums;
    /// a spatial one lets more subtrees be skipped.
    let sweepPosition: [Int32]

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

        pcLinks = SparseLinks(weights: pcWeights, count: n)
        sweepPosition = Self.sweepPositions(distances: d, count: n)

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

extension PreparedGraph {
    /// Positions by distance from the node farthest (finite distance) from node 0, ties by index.
    static func sweepPositions(distances d: [Double], count n: Int) -> [Int32] {
        guard n > 0 else { return [] }
        var far = 0
        for j in 0..<n where d[j].isFinite && d[j] > d[far] { far = j }
        let row = Array(d[(far * n)..<(far * n + n)])
        let order = (0..<n).sorted { a, b in
            let x = row[a], y = row[b]
            return x < y || (x == y && a < b)
        }
        var position = [Int32](repeating: 0, count: n)
        for (p, v) in order.enumerated() { position[v] = Int32(p) }
        return position
    }
}

/// Per-thread scratch memory for the per-source searches. One workspace serves many sources in turn;
/// it is never shared between threads. Buffers are raw to keep the O(n²) loops free of bounds and
/// uniqueness checks.
final class SourceWorkspace {
    let n: Int

    // PC search (SparseSearch.swift): δ from the source, and a settled flag (key < 0 once settled).
    let dist: UnsafeMutablePointer<Double>
    let key: UnsafeMutablePointer<Double>
    /// `w_sj = exp(−k δ_sj)` for the current PC source.
    let weight: UnsafeMutablePointer<Double>
    /// True when some optimal-path edge goes from a later-settled to an earlier-settled node (ties,
    /// zero-length links), so the predecessor graph may have cycles.
    var hasBackwardEdge = false
    /// Relative tie tolerance of the last PC search.
    var tolerance = 0.0
    /// Priority queue of the sparse PC searches.
    var heap = NodeHeap()

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
    /// The largest sweep position among each rank's dominator-tree descendants (−1 for none).
    let descendantMaxPosition: UnsafeMutablePointer<Int32>

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
        dist = make(0.0); key = make(0.0); weight = make(0.0)
        mark = make(0)
        hop = make(-1)
        order = make(0); rank = make(0)
        idom = make(0); subtreeSize = make(0); preorderPosition = make(0); preorder = make(0)
        nextFree = make(0); descendantMaxPosition = make(0)
        subsetNodes = make(0); subsetDist = make(0.0); subsetSaved = make(0.0)
        subsetHop = make(0); subsetSavedHop = make(0); subsetDone = make(false)
        localIndex = make(0); seedKeys = make(Int64(0)); queue = make(0)
    }

    deinit {
        for p in [dist, key, weight, subsetDist, subsetSaved] { p.deallocate() }
        mark.deallocate()
        for p in [hop, order, rank, idom, subtreeSize, preorderPosition, preorder, nextFree, descendantMaxPosition,
                  subsetNodes, subsetHop, subsetSavedHop, localIndex, queue] { p.deallocate() }
        subsetDone.deallocate()
        seedKeys.deallocate()
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
