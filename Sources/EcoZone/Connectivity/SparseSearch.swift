import Foundation

/// A binary min-heap of `(key, node)` entries with lazy deletion (stale entries are skipped by the
/// caller). Ties are broken by node index, so settle orders are deterministic.
struct NodeHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private func less(_ i: Int, _ j: Int) -> Bool {
        keys[i] < keys[j] || (keys[i] == keys[j] && nodes[i] < nodes[j])
    }

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            keys.swapAt(i, parent)
            nodes.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (key: Double, node: Int32) {
        let top = (keys[0], nodes[0])
        let lastKey = keys.removeLast()
        let lastNode = nodes.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            nodes[0] = lastNode
            var i = 0
            let count = keys.count
            while true {
                let l = 2 * i + 1
                if l >= count { break }
                var c = l
                if l + 1 < count && less(l + 1, l) { c = l + 1 }
                guard less(c, i) else { break }
                keys.swapAt(i, c)
                nodes.swapAt(i, c)
                i = c
            }
        }
        return top
    }
}

/// PC searches on the reduced link graph (``SparseLinks``): heap Dijkstra from a source, the
/// optimal-path test for the dominator analysis, and the targeted recomputation after removing a node.
extension SourceWorkspace {
    /// Shortest-path lengths `δ_sv` from `source` on the CSR graph, with the settle order in
    /// `order`/`rank` and `dist[v] = +∞` for unreached nodes. Sets ``hasBackwardEdge`` when an
    /// optimal-path edge runs against the settle order (ties, zero-length links).
    func sparseDijkstra(source: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                        weights w: UnsafePointer<Double>, tolerance tol: Double) {
        let n = self.n
        let dist = self.dist, key = self.key
        for v in 0..<n {
            dist[v] = .infinity
            key[v] = .infinity  // +∞ until settled, then −1
        }
        tolerance = tol
        reachedCount = 0
        heap.removeAll()
        dist[source] = 0
        heap.push(0, Int32(source))
        while !heap.isEmpty {
            let (du, node) = heap.pop()
            let u = Int(node)
            if key[u] < 0 || du > dist[u] { continue }
            key[u] = -1
            order[reachedCount] = node
            rank[u] = Int32(reachedCount)
            reachedCount += 1
            for e in Int(offsets[u])..<Int(offsets[u + 1]) {
                let v = Int(targets[e])
                let candidate = du + w[e]
                if candidate < dist[v] {
                    dist[v] = candidate
                    heap.push(candidate, Int32(v))
                }
            }
        }
        var backward = false
        for r in 1..<max(1, reachedCount) where !backward {
            let v = Int(order[r])
            let limit = dist[v] + tol * dist[v]
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let u = Int(targets[e])
                if u != source, dist[u].isFinite, Int(rank[u]) > r, dist[u] + w[e] <= limit {
                    backward = true
                    break
                }
            }
        }
        hasBackwardEdge = backward
    }

    /// Calls `visit` with the rank of every optimal-path predecessor `u` of the node at rank `r`:
    /// `δ_su + w_uv ≤ δ_sv (1 + tol)`.
    @inline(__always)
    func visitSparsePredecessors(ofRank r: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                                 weights w: UnsafePointer<Double>, _ visit: (Int) -> Void) {
        let v = Int(order[r])
        let limit = dist[v] + tolerance * dist[v]
        for e in Int(offsets[v])..<Int(offsets[v + 1]) {
            let u = Int(targets[e])
            let du = dist[u]
            if du.isFinite && du + w[e] <= limit { visit(Int(rank[u])) }
        }
    }

    /// Fills ``descendantMaxPosition`` for the current dominator tree: for each rank, the largest
    /// `position` among its descendants (−1 when it has none).
    func computeDescendantMaxPositions(_ position: UnsafePointer<Int32>) {
        let best = descendantMaxPosition
        for r in 0..<reachedCount { best[r] = -1 }
        for r in stride(from: reachedCount - 1, through: 1, by: -1) {
            let parent = Int(idom[r])
            let mine = max(position[Int(order[r])], best[r])
            if mine > best[parent] { best[parent] = mine }
        }
    }

    /// PC: `Σ_{j dominated by k, position_j > above} a_j (w_sj − w_sj^(−k))` for the current sparse
    /// search, where `k` is the node at rank `r`. Each dominated `j` is seeded with its best entry from a node outside the
    /// dominated set and `k`, then a heap Dijkstra runs inside the set. A pair counts only when its new
    /// length exceeds the old one by more than the tie tolerance.
    func sparsePCLoss(removingRank r: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                      weights w: UnsafePointer<Double>, attributes a: UnsafePointer<Double>,
                      decayRate: Double, position: UnsafePointer<Int32>, above: Int32) -> Double {
        let dist = self.dist, mark = self.mark
        let k = Int(order[r])
        var m = 0
        for position in dominatedPositions(ofRank: r) {
            subsetNodes[m] = order[Int(preorder[position])]
            m += 1
        }
        markStamp &+= 1
        if markStamp == Int32.max {
            for v in 0..<n { mark[v] = 0 }
            markStamp = 1
        }
        let stamp = markStamp
        mark[k] = stamp
        localIndex[k] = -1
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            mark[j] = stamp
            localIndex[j] = Int32(i)
            subsetSaved[i] = dist[j]
        }
        heap.removeAll()
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            var seed = Double.infinity
            for e in Int(offsets[j])..<Int(offsets[j + 1]) {
                let u = Int(targets[e])
                if mark[u] != stamp {
                    let candidate = dist[u] + w[e]
                    if candidate < seed { seed = candidate }
                }
            }
            subsetDist[i] = seed
            subsetDone[i] = false
            if seed < .infinity { heap.push(seed, Int32(i)) }
        }
        while !heap.isEmpty {
            let (dx, local) = heap.pop()
            let i = Int(local)
            if subsetDone[i] || dx > subsetDist[i] { continue }
            subsetDone[i] = true
            let x = Int(subsetNodes[i])
            for e in Int(offsets[x])..<Int(offsets[x + 1]) {
                let y = Int(targets[e])
                guard mark[y] == stamp else { continue }
                let iy = Int(localIndex[y])
                if iy < 0 || subsetDone[iy] { continue }
                let candidate = dx + w[e]
                if candidate < subsetDist[iy] {
                    subsetDist[iy] = candidate
                    heap.push(candidate, Int32(iy))
                }
            }
        }
        var loss = 0.0
        let tol = tolerance
        for i in 0..<m {
            let old = subsetSaved[i]
            let new = subsetDist[i]
            let j = Int(subsetNodes[i])
            if position[j] > above && new > old + tol * old {
                loss += a[j] * (weight[j] - exp(-decayRate * new))
            }
        }
        return loss
    }
}
