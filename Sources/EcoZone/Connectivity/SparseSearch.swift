import Foundation

/// PC searches on the reduced link graph (``SparseLinks``): heap Dijkstra from a source, the
/// optimal-path test for the dominator analysis. The recomputation after removing a node is
/// `replacementLoss` (ReplacementSearch.swift).
extension SourceWorkspace {
    /// Shortest-path lengths `δ_sv` from `source` on the CSR graph, with the settle order in
    /// `order`/`rank` and `dist[v] = +∞` for unreached nodes. Sets ``hasBackwardEdge`` when an
    /// optimal-path edge runs against the settle order (ties, zero-length links).
    ///
    /// Every link `(u, v)` with `u` reached is relaxed exactly once, when `u` settles (with its final
    /// `δ_su`), so the search also keeps, per node, the search parent (`searchParent`, the `u` of the
    /// smallest `δ_su + w_uv`) and the second smallest such sum over the other links (`secondBest`).
    /// A node whose second sum exceeds its tie limit has its parent as only optimal-path predecessor
    /// (``hasSinglePredecessor(_:)``), and only nodes with several can receive a backward edge.
    func sparseDijkstra(source: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                        weights w: UnsafePointer<Double>, tolerance tol: Double) {
        let n = self.n
        let dist = self.dist, key = self.key
        let secondBest = self.secondBest, searchParent = self.searchParent
        for v in 0..<n {
            dist[v] = .infinity
            key[v] = .infinity  // +∞ until settled, then −1
            secondBest[v] = .infinity
        }
        tolerance = tol
        reachedCount = 0
        var heap = self.heap
        defer { self.heap = heap }
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
                    secondBest[v] = dist[v]
                    dist[v] = candidate
                    searchParent[v] = node
                    heap.push(candidate, Int32(v))
                } else if candidate < secondBest[v] {
                    secondBest[v] = candidate
                }
            }
        }
        var backward = false
        for r in 1..<max(1, reachedCount) where !backward {
            let v = Int(order[r])
            let limit = dist[v] + tol * dist[v]
            if !(secondBest[v] <= limit) { continue }  // one predecessor, settled before v
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

    /// Whether the node `v` (reached, not the source) of the last ``sparseDijkstra`` has its search
    /// parent as its only optimal-path predecessor: no other link's `δ_su + w_uv` is within its tie limit.
    @inline(__always)
    func hasSinglePredecessor(_ v: Int) -> Bool {
        !(secondBest[v] <= dist[v] + tolerance * dist[v])
    }

    /// Calls `visit` with the rank of every optimal-path predecessor `u` of the node at rank `r`:
    /// `δ_su + w_uv ≤ δ_sv (1 + tol)` (the search parent alone when it is the only one).
    @inline(__always)
    func visitSparsePredecessors(ofRank r: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                                 weights w: UnsafePointer<Double>, _ visit: (Int) -> Void) {
        let v = Int(order[r])
        if hasSinglePredecessor(v) {
            visit(Int(rank[Int(searchParent[v])]))
            return
        }
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
}
