import Foundation
import GeoKit

/// The two link graphs derived once from a network and its parameters.
///
/// - PC: the links that can matter for any shortest path, with or without one node (``SparseLinks``),
///   or, for a network of points without pruning, nothing: Euclidean distances are a metric, so
///   `δ_ij = d_ij`, every `p*_ij = p_ij` and every PC connector is 0, and the per-source PC sums are
///   taken directly in O(n²).
/// - IIC: adjacency lists (CSR) of the binary graph `d_ij < D`.
struct PreparedGraph: Sendable {
    let count: Int
    let attributes: [Double]
    /// CSR offsets of the IIC link graph (`count + 1` entries).
    let linkOffsets: [Int32]
    /// CSR targets of the IIC link graph (plus one unused sentinel).
    let linkTargets: [Int32]
    /// 1 for every IIC link (the replacement search's link weights), same length as ``linkTargets``.
    let linkWeights: [Double]
    /// `k = −ln P / D`.
    let decayRate: Double
    /// Relative tie tolerance for PC.
    let tieTolerance: Double
    /// The connector floor (``ConnectivityParameters/connectorFloor``) and the distance `−ln(floor) / k`
    /// beyond which a node's `p*` is below it; `nil` when exact, or when the metric case needs no search.
    let connectorFloor: Double?
    let connectorCutoff: Double?
    /// Number of unordered pairs with a finite distance whose PC link was pruned by `pijMin`.
    let prunedLinkCount: Int
    /// The PC links that can matter for any shortest path, with or without one node; `nil` for the
    /// metric case (points, no pruning).
    let pcLinks: SparseLinks?
    /// For the metric case, `Σ_{j≠s} a_j p_sj` for every source `s` (empty otherwise).
    let metricPCOthers: [Double]
    /// A position for every node along a sweep (by distance from a far node; ties by index). The PC
    /// connector counts each unordered pair once, from the source with the smaller position, so a
    /// source skips the dominated subtrees that lie wholly behind it. Any order gives the same sums;
    /// a spatial one lets more subtrees be skipped.
    let sweepPosition: [Int32]

    /// Builds the link graphs. `progress` is called with (rows done, rows) while the PC links are reduced.
    init(network: ConnectivityNetwork, parameters: ConnectivityParameters,
         progress: (@Sendable (Int, Int) -> Void)? = nil) {
        let n = network.count
        count = n
        attributes = network.attributes
        decayRate = parameters.decayRate
        tieTolerance = parameters.tieTolerance
        let threshold = parameters.distanceThreshold
        let rate = decayRate

        if case .points = network.storage, parameters.minimumProbability == nil {
            // Metric: one pass over the rows gives the IIC links and the PC sums.
            let a = network.attributes
            let rows = Parallel.map((n + 63) / 64) { chunk in
                ((chunk * 64)..<min(n, chunk * 64 + 64)).map { i -> MetricRow in
                    var row = MetricRow()
                    for j in 0..<n where j != i {
                        let d = network.distance(i, j)
                        row.others += a[j] * exp(-rate * d)
                        if d < threshold { row.neighbours.append(Int32(j)) }
                    }
                    return row
                }
            }.flatMap { $0 }
            var offsets = [Int32](repeating: 0, count: n + 1)
            var targets: [Int32] = []
            for i in 0..<n {
                targets.append(contentsOf: rows[i].neighbours)
                offsets[i + 1] = Int32(targets.count)
            }
            targets.append(-1)  // sentinel, never read: keeps the buffer non-empty for pointer access
            linkOffsets = offsets
            linkTargets = targets
            linkWeights = [Double](repeating: 1, count: targets.count)
            metricPCOthers = rows.map(\.others)
            pcLinks = nil
            connectorFloor = nil
            connectorCutoff = nil
            prunedLinkCount = 0
            sweepPosition = Self.sweepPositions(count: n) { i, j in network.distance(i, j) }
            return
        }

        let d = network.distances
        var pcWeights = d
        var pruned = 0
        if let pMin = parameters.minimumProbability {
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    let dij = d[i * n + j]
                    if dij.isFinite, exp(-rate * dij) < pMin {
                        pcWeights[i * n + j] = .infinity
                        pcWeights[j * n + i] = .infinity
                        pruned += 1
                    }
                }
            }
        }
        prunedLinkCount = pruned
        metricPCOthers = []
        connectorFloor = parameters.connectorFloor
        connectorCutoff = parameters.connectorFloor.map { -log($0) / rate }
        pcLinks = SparseLinks(weights: pcWeights, count: n, progress: progress)
        sweepPosition = Self.sweepPositions(count: n) { i, j in d[i * n + j] }

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
        linkWeights = [Double](repeating: 1, count: targets.count)
    }
}

/// One row of the metric pass: the IIC neighbours of a node and its PC sum `Σ_{j≠i} a_j p_ij`.
private struct MetricRow: Sendable {
    var neighbours: [Int32] = []
    var others = 0.0
}

extension PreparedGraph {
    /// Positions by distance from the node farthest (finite distance) from node 0, ties by index.
    static func sweepPositions(count n: Int, distance: (Int, Int) -> Double) -> [Int32] {
        guard n > 0 else { return [] }
        var far = 0
        var farthest = 0.0
        for j in 0..<n {
            let d = distance(0, j)
            if d.isFinite && d > farthest { far = j; farthest = d }
        }
        let row = (0..<n).map { distance(far, $0) }
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
    /// `w_sj = exp(−k δ_sj)` for the current PC source (for the IIC connector search, `1 / (1 + nl_sj)`,
    /// with `dist` holding the hop counts).
    let weight: UnsafeMutablePointer<Double>
    /// True when some optimal-path edge goes from a later-settled to an earlier-settled node (ties,
    /// zero-length links), so the predecessor graph may have cycles.
    var hasBackwardEdge = false
    /// Relative tie tolerance of the last PC search.
    var tolerance = 0.0
    /// For the last PC search: each node's search parent and the second smallest `δ_su + w_uv` over its
    /// other links (SparseSearch.swift).
    let searchParent: UnsafeMutablePointer<Int32>
    let secondBest: UnsafeMutablePointer<Double>
    /// Priority queue of the sparse PC searches.
    var heap = PenaltyHeap(capacity: 64)

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

    /// Scratch of the connector searches (ReplacementSearch.swift).
    let replacement: ReplacementScratch

    init(nodeCount n: Int, linkCount: Int = 0) {
        self.n = n
        func make<T>(_ value: T) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(n, 1))
            p.initialize(repeating: value, count: max(n, 1))
            return p
        }
        dist = make(0.0); key = make(0.0); weight = make(0.0); secondBest = make(0.0)
        searchParent = make(0)
        hop = make(-1)
        order = make(0); rank = make(0)
        idom = make(0); subtreeSize = make(0); preorderPosition = make(0); preorder = make(0)
        nextFree = make(0); descendantMaxPosition = make(0)
        replacement = ReplacementScratch(nodeCount: n, linkCount: linkCount)
    }

    deinit {
        for p in [dist, key, weight, secondBest] { p.deallocate() }
        searchParent.deallocate()
        heap.deallocate()
        for p in [hop, order, rank, idom, subtreeSize, preorderPosition, preorder, nextFree, descendantMaxPosition] {
            p.deallocate()
        }
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
