import Dispatch

/// The PC link graph with redundant direct links dropped, as adjacency lists (CSR).
///
/// A direct link `(u, v)` is dropped when two *distinct* intermediate nodes `m₁, m₂` each give a path
/// `u → m → v` no longer than the link (`w_um + w_mv ≤ w_uv`) with both legs strictly shorter than it
/// (`w_um < w_uv`, `w_mv < w_uv`). This is exact for the base graph and for every single-node removal:
///
/// - Removing `k` deletes at most one of the two witnesses, so for `u, v ≠ k` some `m ≠ k` survives.
/// - Its legs are strictly shorter than the dropped link, so, by induction on link length, each leg is
///   either kept or itself replaced by a path in the reduced `G − k` no longer than the leg.
/// - Hence every shortest-path length `δ_ij` and `δ_ij^(−k)` is the same in the reduced graph as in the
///   full one, and with it every PC weight `p*` and every connector term.
///
/// The dominator trees of the reduced graph can differ from those of the full graph only where a
/// dropped link tied with a path; a node then may appear to dominate a target it does not, and the
/// targeted recomputation simply finds no loss (the tie tolerance absorbs it). Nothing is lost the
/// other way: a node that does not dominate `j` in the reduced graph leaves an optimal path that
/// avoids it.
struct SparseLinks: Sendable {
    /// CSR offsets (`count + 1`), targets and weights `w_uv` of the kept links, in both directions.
    let offsets: [Int32]
    let targets: [Int32]
    let weights: [Double]
    /// Unordered pairs with a finite weight before and after the reduction.
    let finiteLinkCount: Int
    let keptLinkCount: Int

    /// Reduces the dense row-major weight matrix `w` (`+∞` for no link) of `n` nodes.
    ///
    /// For each `u`, candidates `m` are scanned in increasing `w_um`, stopping at the first with
    /// `w_um ≥ w_uv` (its leg would not be strictly shorter) or at the second witness, so a dropped long
    /// link usually costs a few steps. Rows are processed in parallel; the result does not depend on
    /// the number of cores.
    init(weights w: [Double], count n: Int) {
        var keep = [UInt8](repeating: 0, count: n * n)
        let finiteCounts = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        finiteCounts.initialize(repeating: 0, count: max(n, 1))
        defer { finiteCounts.deallocate() }
        keep.withUnsafeMutableBufferPointer { keepBuffer in
            let keepOut = UncheckedPointer(base: keepBuffer.baseAddress!)
            let countOut = UncheckedPointer(base: finiteCounts)
            w.withUnsafeBufferPointer { wb in
                let matrix = UncheckedPointer(base: UnsafeMutablePointer(mutating: wb.baseAddress!))
                let blockSize = 8
                DispatchQueue.concurrentPerform(iterations: (n + blockSize - 1) / blockSize) { block in
                    let w = UnsafePointer(matrix.base)
                    var order = [Int32](repeating: 0, count: n)
                    for u in (block * blockSize)..<min(n, (block + 1) * blockSize) {
                        let row = w + u * n
                        var finite = 0
                        for m in 0..<n { order[m] = Int32(m) }
                        order.sort { a, b in
                            let x = row[Int(a)], y = row[Int(b)]
                            return x < y || (x == y && a < b)
                        }
                        for v in (u + 1)..<max(u + 1, n) {
                            let wuv = row[v]
                            guard wuv.isFinite else { continue }
                            finite += 1
                            var witnesses = 0
                            let rowV = w + v * n
                            for index in 0..<n {
                                let m = Int(order[index])
                                let wum = row[m]
                                if !(wum < wuv) { break }
                                if m == u || m == v { continue }
                                let wmv = rowV[m]
                                if wmv < wuv && wum + wmv <= wuv {
                                    witnesses += 1
                                    if witnesses == 2 { break }
                                }
                            }
                            if witnesses < 2 {
                                keepOut.base[u * n + v] = 1
                                keepOut.base[v * n + u] = 1
                            }
                        }
                        countOut.base[u] = finite
                    }
                }
            }
        }
        var offsets = [Int32](repeating: 0, count: n + 1)
        var targets: [Int32] = []
        var weights: [Double] = []
        for u in 0..<n {
            for v in 0..<n where keep[u * n + v] != 0 {
                targets.append(Int32(v))
                weights.append(w[u * n + v])
            }
            offsets[u + 1] = Int32(targets.count)
        }
        finiteLinkCount = (0..<n).reduce(0) { $0 + finiteCounts[$1] }
        keptLinkCount = targets.count / 2
        targets.append(-1)  // sentinels, never read: keep the buffers non-empty for pointer access
        weights.append(.infinity)
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
    }
}

/// A buffer written by several threads at disjoint indices; read only after the parallel section.
private struct UncheckedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
