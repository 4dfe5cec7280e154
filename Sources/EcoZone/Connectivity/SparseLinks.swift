import Dispatch
import Synchronization

/// The PC link graph with redundant direct links dropped, as adjacency lists (CSR).
///
/// A direct link `(u, v)` is dropped when two *distinct* intermediate nodes `m₁, m₂` each give a path
/// `u → m → v` no longer than the link (`w_um + w_mv ≤ w_uv`) with both legs *before* it in the order
/// of links by weight, ties by their node pair (`(min, max)` lexicographically): a leg is shorter
/// than the link, or as long and of a smaller pair. Ties matter where patches touch or overlap: every
/// such link has weight 0 (`p = 1`), and a clique of them would otherwise be kept whole, its shortest
/// paths all tied, and every source's dominator computation quadratic in the clique (600 coincident
/// patches: a whole minute). With the order, a clique keeps the links of its two lowest nodes only.
/// This is exact for the base graph and for every single-node removal:
///
/// - Removing `k` deletes at most one of the two witnesses, so for `u, v ≠ k` some `m ≠ k` survives.
/// - Its legs come before the dropped link in a strict total order, so, by induction along it, each leg
///   is either kept or itself replaced by a path in the reduced `G − k` no longer than the leg.
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

    /// How many nearest candidates each node keeps for the witness search.
    static let nearCount = 48

    /// Reduces the dense row-major weight matrix `w` (`+∞` for no link) of `n` nodes. `progress` is
    /// called with (rows done, rows) from the worker that finished them.
    ///
    /// A witness `m` of `(u, v)` has both legs no longer than the link, so it is among the candidates
    /// of `u` in increasing `w_um` before the first with `w_um > w_uv`, and likewise among those of
    /// `v`. Each node keeps its ``nearCount`` nearest candidates (by weight, ties by index);
    /// the search looks through `u`'s, then `v`'s, and stops at the second distinct witness. When one
    /// of the two lists reaches a candidate at least as far as the link (or holds every candidate of its
    /// node), every witness has been seen. Only when neither list is exhaustive does it scan all of
    /// `u`'s candidates in order (one sort of the row, kept for the row's other links). Rows are
    /// processed in parallel; the result does not depend on the number of cores.
    init(weights w: [Double], count n: Int, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        var keep = [UInt8](repeating: 0, count: n * n)
        let finiteCounts = UnsafeMutablePointer<Int>.allocate(capacity: max(n, 1))
        finiteCounts.initialize(repeating: 0, count: max(n, 1))
        defer { finiteCounts.deallocate() }
        let near = Self.nearestCandidates(weights: w, count: n)
        let nearCount = Self.nearCount
        let rowsDone = Atomic<Int>(0)
        progress?(0, n)
        var indexBits = 1
        while (1 << indexBits) < n { indexBits += 1 }
        let shift = UInt64(indexBits)
        let indexMask = (UInt64(1) << shift) - 1
        /// The weight's bits without the sign bit (0 for weights ≥ 0), the low `shift` bits cleared.
        @Sendable @inline(__always) func truncated(_ x: Double) -> UInt64 {
            ((x.bitPattern << 1) >> shift) << shift
        }
        keep.withUnsafeMutableBufferPointer { keepBuffer in
            let keepOut = UncheckedPointer(base: keepBuffer.baseAddress!)
            let countOut = UncheckedPointer(base: finiteCounts)
            w.withUnsafeBufferPointer { wb in
            near.lists.withUnsafeBufferPointer { lists in
            near.lengths.withUnsafeBufferPointer { lengths in
            near.weights.withUnsafeBufferPointer { weights in
                let matrix = UncheckedPointer(base: UnsafeMutablePointer(mutating: wb.baseAddress!))
                let lists = UncheckedPointer(base: UnsafeMutablePointer(mutating: lists.baseAddress!))
                let lengths = UncheckedPointer(base: UnsafeMutablePointer(mutating: lengths.baseAddress!))
                let weights = UncheckedPointer(base: UnsafeMutablePointer(mutating: weights.baseAddress!))
                let blockSize = 8
                DispatchQueue.concurrentPerform(iterations: (n + blockSize - 1) / blockSize) { block in
                    let w = UnsafePointer(matrix.base)
                    var sortedRow: [UInt64] = []
                    let rows = (block * blockSize)..<min(n, (block + 1) * blockSize)
                    for u in rows {
                        let row = w + u * n
                        var finite = 0
                        sortedRow.removeAll(keepingCapacity: true)
                        for v in (u + 1)..<max(u + 1, n) {
                            let wuv = row[v]
                            guard wuv.isFinite else { continue }
                            finite += 1
                            var first = -1
                            /// Whether the leg `(a, b)` of weight `wab` comes before the link `(u, v)`,
                            /// `u < v`: lighter, or as heavy and of a smaller pair.
                            func precedes(_ wab: Double, _ a: Int, _ b: Int) -> Bool {
                                if wab < wuv { return true }
                                guard wab == wuv else { return false }
                                let (lo, hi) = a < b ? (a, b) : (b, a)
                                return lo < u || (lo == u && hi < v)
                            }
                            var witnesses = 0
                            var exhaustive = false
                            // Candidates of one end `x` (u or v), nearest first. The other leg is read
                            // from row u (in cache) or from row m at column v (v ascends: a stream).
                            func scan(_ x: Int) {
                                let length = Int(lengths.base[x])
                                let list = lists.base + x * nearCount
                                let listWeights = weights.base + x * nearCount
                                for i in 0..<length {
                                    let wxm = listWeights[i]
                                    if !(wxm <= wuv) {
                                        exhaustive = true
                                        return
                                    }
                                    let m = Int(list[i])
                                    if m == u || m == v || m == first { continue }
                                    let other = x == u ? w[m * n + v] : row[m]
                                    if wxm + other <= wuv && precedes(wxm, x, m) && precedes(other, x == u ? v : u, m) {
                                        witnesses += 1
                                        if witnesses == 2 { return }
                                        first = m
                                    }
                                }
                                if length < nearCount { exhaustive = true }
                            }
                            scan(u)
                            if witnesses < 2 && !exhaustive { scan(v) }
                            if witnesses < 2 && !exhaustive {
                                // Every candidate of u in increasing weight: keys are the weight's bits
                                // (monotone for non-negative doubles) with the low bits replaced by
                                // the index, so equal truncated weights may come in any order and the
                                // scan stops only past the link's own truncated weight.
                                if sortedRow.isEmpty {
                                    for m in 0..<n { sortedRow.append(truncated(row[m]) | UInt64(m)) }
                                    sortedRow.sort()
                                }
                                let limit = truncated(wuv)
                                witnesses = 0
                                let rowV = w + v * n
                                for key in sortedRow {
                                    if key & ~indexMask > limit { break }
                                    let m = Int(key & indexMask)
                                    let wum = row[m]
                                    if !(wum <= wuv) || m == u || m == v { continue }
                                    if wum + rowV[m] <= wuv && precedes(wum, u, m) && precedes(rowV[m], v, m) {
                                        witnesses += 1
                                        if witnesses == 2 { break }
                                    }
                                }
                            }
                            if witnesses < 2 {
                                keepOut.base[u * n + v] = 1
                                keepOut.base[v * n + u] = 1
                            }
                        }
                        countOut.base[u] = finite
                    }
                    let done = rowsDone.add(rows.count, ordering: .relaxed).newValue
                    progress?(done, n)
                }
            }
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

extension SparseLinks {
    /// Each node's ``nearCount`` nearest other nodes with a finite weight, by increasing weight, ties by
    /// index: `lists[x * nearCount + i]` with weights `weights[x * nearCount + i]`, `lengths[x]` of them.
    static func nearestCandidates(weights w: [Double], count n: Int) -> (lists: [Int32], weights: [Double], lengths: [Int32]) {
        let k = nearCount
        var lists = [Int32](repeating: 0, count: max(1, n * k))
        var lengths = [Int32](repeating: 0, count: max(1, n))
        var weights = [Double](repeating: 0, count: max(1, n * k))
        weights.withUnsafeMutableBufferPointer { weightBuffer in
        lists.withUnsafeMutableBufferPointer { listBuffer in
        lengths.withUnsafeMutableBufferPointer { lengthBuffer in
        w.withUnsafeBufferPointer { wb in
            let listOut = UncheckedPointer(base: listBuffer.baseAddress!)
            let lengthOut = UncheckedPointer(base: lengthBuffer.baseAddress!)
            let weightOut = UncheckedPointer(base: weightBuffer.baseAddress!)
            let matrix = UncheckedPointer(base: UnsafeMutablePointer(mutating: wb.baseAddress!))
            let blockSize = 64
            DispatchQueue.concurrentPerform(iterations: (n + blockSize - 1) / blockSize) { block in
                for x in (block * blockSize)..<min(n, (block + 1) * blockSize) {
                    let row = UnsafePointer(matrix.base) + x * n
                    let list = listOut.base + x * k
                    let keys = weightOut.base + x * k
                    var length = 0
                    for m in 0..<n where m != x {
                        let key = row[m]
                        guard key.isFinite else { continue }
                        // Insert (key, m) into the sorted list if it beats the last entry (m ascends, so
                        // an equal key goes after the entries already there).
                        if length == k && !(key < keys[k - 1]) { continue }
                        var i = length == k ? k - 1 : length
                        while i > 0 && keys[i - 1] > key {
                            keys[i] = keys[i - 1]
                            list[i] = list[i - 1]
                            i -= 1
                        }
                        keys[i] = key
                        list[i] = Int32(m)
                        if length < k { length += 1 }
                    }
                    lengthOut.base[x] = Int32(length)
                }
            }
        }
        }
        }
        }
        return (lists, weights, lengths)
    }
}

/// A buffer written by several threads at disjoint indices; read only after the parallel section.
private struct UncheckedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
