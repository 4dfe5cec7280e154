import Foundation

/// The exact PC connector term by replacement paths (methods.md §3.2, step 4), for one source at a time.
///
/// For a source `s` and a node `k` that dominates the set `T_k` in the optimal-path graph of `s`, every
/// node outside `T_k ∪ {k}` keeps an optimal path that avoids `k`, so its distance `δ_sv` is unchanged when
/// `k` is removed. Only `T_k` needs new distances, and they are found by a search inside `T_k` seeded from
/// the unaffected nodes.
///
/// The search runs on *penalties* `π_j = δ_sj^(−k) − δ_sj ≥ 0` with the reduced link costs
/// `σ_xy = δ_sx + w_xy − δ_sy ≥ 0` (Johnson's potentials; `σ ≥ 0` holds exactly in floating point because
/// every `δ` is a minimum over exactly these sums):
///
///     π_j = min( seed_j , min_{x ∈ T_k} π_x + σ_xj ),    seed_j = min_{u ∉ T_k ∪ {k}} σ_uj
///
/// and the loss is `Σ_j a_j w_sj (1 − e^{−κ π_j})` (`expm1`: no subtraction of nearly equal probabilities),
/// with `π_j = ∞` (the whole `a_j w_sj` lost) for nodes that `G − k` leaves unreachable.
///
/// Five exact facts keep the search small:
/// - **Inheritance.** For `c ∈ T_k` dominating `j`, `π_j ≤ π_c`: the optimal `c → j` path is the tail of an
///   optimal `s → j` path, which meets `k` before `c`, so it avoids `k` and costs `δ_sj − δ_sc`. Hence a
///   node never has a penalty above its dominator-tree parent's, and the upper bound
///   `ub_j = min(seed_j, ub_parent(j))` holds for every node. A seed that is not below `ub_parent(j)` can
///   never be a node's final penalty and is not queued.
/// - **Zero-cost links.** Optimal-path links have `σ = 0`, so a node hands its penalty to its successors
///   without a heap operation (a stack of nodes at the current penalty).
/// - **A global bound.** Every final penalty is at most `U = max_j ub_j` (the largest upper bound, taken at
///   the children of `k`), so a relaxation `π_x + σ_xy ≥ U` can never lower a penalty. Links are sorted
///   by `σ` per source, and each node's scan stops at the first such link. A child `c` of `k` without a
///   seed (every link into it comes from `T_k ∪ {k}`) would make `U` infinite; its penalty is then bounded
///   through its in-links instead, `π_c ≤ min_y ub_y + σ_yc` over `y ∈ T_k` (``childBound``).
/// - **Lowest seeds.** The links that can seed `j` for a removed ancestor `k` are those from outside
///   `T_k ∪ {k}`, a set that only shrinks as `k` moves up; the smallest seed `j` can ever have is the one
///   for its dominator-tree parent (``ReplacementScratch/lowestSeed``), so when even that is not below
///   `ub_parent(j)` the in-links are not scanned at all.
/// A relaxation goes only into the span of positions not yet settled (narrowed as subtrees settle).
/// The search settles nodes in increasing penalty (Dijkstra on non-negative reduced costs) and stops as
/// soon as every node of `T_k` is settled.
final class ReplacementScratch {
    /// Preorder position of each node (by node index) in the current dominator tree, −1 when unreached.
    let nodePosition: UnsafeMutablePointer<Int32>
    // By preorder position, for the current source.
    let positionDistance: UnsafeMutablePointer<Double>
    /// `a_j w_sj` when the pair `{s, j}` is counted from this source, else 0.
    let countedWeight: UnsafeMutablePointer<Double>
    let parentPosition: UnsafeMutablePointer<Int32>
    /// Subtree size (the node and those it dominates) at each position.
    let positionSize: UnsafeMutablePointer<Int32>
    /// 1 when some node the position dominates was settled before it (it cannot hand on its penalty whole).
    let blocked: UnsafeMutablePointer<UInt8>
    /// The smallest and largest position among each position's linked neighbours (a node all of whose
    /// neighbours lie inside a range has no link leaving it).
    let neighbourMin: UnsafeMutablePointer<Int32>
    let neighbourMax: UnsafeMutablePointer<Int32>
    /// The smallest in-link cost into each position from outside its parent's subtree (and not from the
    /// parent): the smallest seed the position can have for any removed ancestor, whose subtree
    /// contains the parent's (`+∞` when there is none).
    let lowestSeed: UnsafeMutablePointer<Double>
    /// Each position's links in the lists below: `linkStart[q] ..< linkEnd[q]`, laid out for every
    /// position of the current source in position order, so that a search inside a subtree reads them
    /// nearly sequentially.
    let linkStart: UnsafeMutablePointer<Int32>
    let linkEnd: UnsafeMutablePointer<Int32>
    /// `inSortedStamp[q] == stamp` (`outSortedStamp`) once position `q`'s in-links (out-links) are sorted
    /// by cost; many positions never need one of the two orders.
    let inSortedStamp: UnsafeMutablePointer<Int32>
    let outSortedStamp: UnsafeMutablePointer<Int32>
    var stamp: Int32 = 0
    /// The node at each position.
    let positionNode: UnsafeMutablePointer<Int32>
    /// The current source's link graph (valid between prepare and finish) and whether costs are hops.
    var offsets: UnsafePointer<Int32>?
    var targets: UnsafePointer<Int32>?
    var weights: UnsafePointer<Double>?
    var hops = false
    /// Penalty found so far; `−∞` once settled.
    let penalty: UnsafeMutablePointer<Double>
    /// The upper bound `ub` of each position.
    let upper: UnsafeMutablePointer<Double>
    /// Positions whose penalty equals the current minimum, to settle before the heap is popped again.
    let ready: UnsafeMutablePointer<Int32>
    // Links by position, in position space: outgoing sorted by `σ_qy`, incoming sorted by `σ_yq`.
    let outTarget: UnsafeMutablePointer<Int32>
    let outCost: UnsafeMutablePointer<Double>
    let inSource: UnsafeMutablePointer<Int32>
    let inCost: UnsafeMutablePointer<Double>
    var heap: PenaltyHeap

    init(nodeCount n: Int, linkCount m: Int) {
        func make<T>(_ value: T, _ count: Int) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            p.initialize(repeating: value, count: max(count, 1))
            return p
        }
        nodePosition = make(-1, n)
        positionDistance = make(0.0, n)
        countedWeight = make(0.0, n)
        parentPosition = make(0, n)
        positionSize = make(0, n)
        blocked = make(0, n)
        neighbourMin = make(0, n)
        neighbourMax = make(0, n)
        lowestSeed = make(0.0, n)
        linkStart = make(0, n)
        linkEnd = make(0, n)
        inSortedStamp = make(0, n)
        outSortedStamp = make(0, n)
        positionNode = make(0, n)
        penalty = make(0.0, n)
        upper = make(0.0, n)
        ready = make(0, n)
        outTarget = make(0, m)
        outCost = make(0.0, m)
        inSource = make(0, m)
        inCost = make(0.0, m)
        heap = PenaltyHeap(capacity: 2 * max(n, 1))
    }

    deinit {
        nodePosition.deallocate(); positionDistance.deallocate(); countedWeight.deallocate()
        parentPosition.deallocate(); positionSize.deallocate(); blocked.deallocate(); neighbourMin.deallocate(); neighbourMax.deallocate(); lowestSeed.deallocate(); linkStart.deallocate(); linkEnd.deallocate()
        positionNode.deallocate(); inSortedStamp.deallocate(); outSortedStamp.deallocate()
        penalty.deallocate(); upper.deallocate()
        ready.deallocate(); outTarget.deallocate(); outCost.deallocate(); inSource.deallocate(); inCost.deallocate()
        heap.deallocate()
    }

    /// Sorts `count` entries of the parallel arrays `(target, cost)` from `start` by cost, ties by target
    /// (insertion sort: lists are short).
    @inline(__always)
    static func sortByCost(_ target: UnsafeMutablePointer<Int32>, _ cost: UnsafeMutablePointer<Double>,
                           from start: Int, count: Int) {
        guard count > 1 else { return }
        for i in (start + 1)..<(start + count) {
            let t = target[i], c = cost[i]
            var j = i - 1
            while j >= start && (cost[j] > c || (cost[j] == c && target[j] > t)) {
                target[j + 1] = target[j]
                cost[j + 1] = cost[j]
                j -= 1
            }
            target[j + 1] = t
            cost[j + 1] = c
        }
    }
}

extension SourceWorkspace {
    /// Lays out the current source's dominator tree in preorder-position space (after
    /// ``computeDominators``): distances, counted weights (`a_j w_sj` when `sweepPosition[j] > above`),
    /// parents and sizes, and each position's links to reached nodes with their reduced costs (sorted by
    /// cost only when a search first needs the order).
    ///
    /// With `hops` (IIC: `dist` holds BFS hop counts and links weigh 1) a neighbour is one hop further,
    /// level or one hop nearer, so the reduced costs are 0, 1 or 2 and the lists are laid out by those
    /// three groups instead of sorted.
    func prepareReplacementSearch(offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                                  weights w: UnsafePointer<Double>, attributes a: UnsafePointer<Double>,
                                  sweepPosition: UnsafePointer<Int32>, above: Int32, hops: Bool = false) {
        let x = replacement
        let order = self.order, preorder = self.preorder, weight = self.weight, dist = self.dist
        let idom = self.idom, position = self.preorderPosition
        let nodePosition = x.nodePosition
        for q in 0..<reachedCount {
            let r = Int(preorder[q])
            let v = Int(order[r])
            nodePosition[v] = Int32(q)
            x.positionNode[q] = Int32(v)
            x.positionDistance[q] = dist[v]
            x.countedWeight[q] = sweepPosition[v] > above ? a[v] * weight[v] : 0
            x.parentPosition[q] = r == 0 ? -1 : position[Int(idom[r])]
            x.positionSize[q] = subtreeSize[r]
        }
        x.offsets = offsets
        x.targets = targets
        x.weights = w
        x.hops = hops
        if x.stamp == Int32.max {
            for q in 0..<n {
                x.inSortedStamp[q] = 0
                x.outSortedStamp[q] = 0
            }
            x.stamp = 0
        }
        x.stamp += 1
        var next = 0
        for q in 0..<reachedCount { next = layOutLinks(ofPosition: q, start: next) }
    }

    /// Makes sure position `q`'s in-links are in increasing cost (ties by position); `q` is laid out.
    @inline(__always)
    func sortInLinks(ofPosition q: Int) {
        let x = replacement
        guard !x.hops, x.inSortedStamp[q] != x.stamp else { return }
        x.inSortedStamp[q] = x.stamp
        let start = Int(x.linkStart[q])
        ReplacementScratch.sortByCost(x.inSource, x.inCost, from: start, count: Int(x.linkEnd[q]) - start)
    }

    /// Makes sure position `q`'s out-links are in increasing cost (ties by position); `q` is laid out.
    @inline(__always)
    func sortOutLinks(ofPosition q: Int) {
        let x = replacement
        guard !x.hops, x.outSortedStamp[q] != x.stamp else { return }
        x.outSortedStamp[q] = x.stamp
        let start = Int(x.linkStart[q])
        ReplacementScratch.sortByCost(x.outTarget, x.outCost, from: start, count: Int(x.linkEnd[q]) - start)
    }

    /// Lays out position `q`'s links to reached nodes from `start` on (returning the end): out-links with
    /// `σ_qy = δ_q + w − δ_y` and in-links with `σ_yq = δ_y + w − δ_q` (sorted by cost only when a search
    /// scans them: ``sortInLinks(ofPosition:)``, ``sortOutLinks(ofPosition:)``; hop lists come in cost
    /// order), and the smallest and largest neighbour position.
    private func layOutLinks(ofPosition q: Int, start: Int) -> Int {
        let x = replacement
        let offsets = x.offsets!, targets = x.targets!, w = x.weights!
        let dist = self.dist, nodePosition = x.nodePosition
        let outTarget = x.outTarget, outCost = x.outCost, inSource = x.inSource, inCost = x.inCost
        let v = Int(x.positionNode[q])
        let dv = dist[v]
        var next = start
        var low = Int32.max, high = Int32.min
        if x.hops {
            let links = Int(offsets[v])..<Int(offsets[v + 1])
            for step in 0...2 {
                let level = dv + 1 - Double(step)  // the neighbours' hop count for out-cost `step`
                for e in links {
                    let y = Int(targets[e])
                    let py = nodePosition[y]
                    guard py >= 0, dist[y] == level else { continue }
                    low = min(low, py)
                    high = max(high, py)
                    outTarget[next] = py
                    outCost[next] = Double(step)
                    next += 1
                }
            }
            // In-costs are 2 − out-cost: the same entries in reverse group order.
            var i = start
            for group in stride(from: 2, through: 0, by: -1) {
                for j in start..<next where outCost[j] == Double(group) {
                    inSource[i] = outTarget[j]
                    inCost[i] = Double(2 - group)
                    i += 1
                }
            }
        } else {
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                let y = Int(targets[e])
                let py = nodePosition[y]
                guard py >= 0 else { continue }
                low = min(low, py)
                high = max(high, py)
                let dy = dist[y]
                outTarget[next] = py
                outCost[next] = dv + w[e] - dy
                inSource[next] = py
                inCost[next] = dy + w[e] - dv
                next += 1
            }
        }
        x.linkStart[q] = Int32(start)
        x.linkEnd[q] = Int32(next)
        x.neighbourMin[q] = low
        x.neighbourMax[q] = high
        var lowest = Double.infinity
        let parent = Int(x.parentPosition[q])
        if parent >= 0 {
            let parentEnd = parent + Int(x.positionSize[parent])
            for e in start..<next {
                let u = Int(inSource[e])
                if (u < parent || u >= parentEnd) && inCost[e] < lowest { lowest = inCost[e] }
            }
        }
        x.lowestSeed[q] = lowest
        return next
    }

    /// Clears the node → position map of the current source.
    func finishReplacementSearch() {
        let x = replacement
        let order = self.order, preorder = self.preorder
        for q in 0..<reachedCount { x.nodePosition[Int(order[Int(preorder[q])])] = -1 }
    }

    /// A finite bound on every penalty of `T_k` when some child of `k` has no seed (its upper bound is
    /// `+∞`), or `+∞` when none is found: the largest over the children `c` of `min(ub_c, min_y ub_y +
    /// σ_yc)` over `c`'s in-links from nodes `y ∈ T_k` (`π_c ≤ π_y + σ_yc ≤ ub_y + σ_yc`; every `π_j` of
    /// `T_c` is at most `π_c` by inheritance). Needs the upper bounds of the whole subtree.
    private func childBound(position pk: Int, size: Int) -> Double {
        let x = replacement
        let upper = x.upper, positionSize = x.positionSize, linkStart = x.linkStart, linkEnd = x.linkEnd
        let inSource = x.inSource, inCost = x.inCost
        let end = pk + size
        var bound = 0.0
        var c = pk + 1
        while c < end {
            var best = upper[c]
            if best == .infinity {
                sortInLinks(ofPosition: c)
                for e in Int(linkStart[c])..<Int(linkEnd[c]) {
                    let cost = inCost[e]
                    if !(cost < best) { break }
                    let y = Int(inSource[e])
                    guard y > pk && y < end else { continue }
                    let candidate = upper[y] + cost
                    if candidate < best { best = candidate }
                }
                if best == .infinity { return .infinity }
            }
            if best > bound { bound = best }
            c += Int(positionSize[c])
        }
        return bound
    }

    /// The loss of the current source's pairs with the nodes that the node `k` at preorder position `pk`
    /// dominates (the positions `pk + 1 ..< pk + size`):
    /// - PC (`hops == false`): `Σ_{j ∈ T_k} countedWeight_j · (1 − e^{−κ π_j})`, with `countedWeight_j =
    ///   a_j p*_sj`. A pair counts only when its new length exceeds the old one by more than the tie
    ///   tolerance (`π_j > tol · δ_sj`).
    /// - IIC (`hops == true`, distances are hop counts `nl_sj`, links weigh 1, `countedWeight_j =
    ///   a_j / (1 + nl_sj)`): `Σ_j countedWeight_j · π_j / (1 + nl_sj + π_j)`, which is
    ///   `a_j (1/(1 + nl_sj) − 1/(1 + nl_sj + π_j))` without the subtraction. Hop counts and penalties are
    ///   small integers, exact in `Double`, so ties are exact.
    ///
    /// A node that `G − k` leaves unreachable loses its whole `countedWeight`.
    func replacementLoss(position pk: Int, size: Int, decayRate: Double, hops: Bool = false) -> Double {
        let x = replacement
        let penalty = x.penalty, upper = x.upper, ready = x.ready, countedWeight = x.countedWeight
        let parentPosition = x.parentPosition, positionSize = x.positionSize, blocked = x.blocked, linkStart = x.linkStart, linkEnd = x.linkEnd, distance = x.positionDistance
        let outTarget = x.outTarget, outCost = x.outCost, inSource = x.inSource, inCost = x.inCost
        let neighbourMin = x.neighbourMin, neighbourMax = x.neighbourMax, lowestSeed = x.lowestSeed
        let tol = tolerance
        let first = pk + 1, end = pk + size
        var heap = x.heap
        defer { x.heap = heap }
        heap.removeAll()

        // Top-down in preorder (parents first): seeds below the parent's upper bound, and the bounds.
        var bound = 0.0
        for q in first..<end {
            let parent = Int(parentPosition[q])
            let parentUpper = parent == pk ? Double.infinity : upper[parent]
            var seed = Double.infinity
            if (Int(neighbourMin[q]) < pk || Int(neighbourMax[q]) >= end) && lowestSeed[q] < parentUpper {
            sortInLinks(ofPosition: q)
            for e in Int(linkStart[q])..<Int(linkEnd[q]) {
                let cost = inCost[e]
                if !(cost < parentUpper) { break }
                let u = Int(inSource[e])
                if u < pk || u >= end {  // unaffected: outside T_k and not k itself
                    seed = cost
                    break
                }
            }
            }
            if seed < parentUpper {
                upper[q] = seed
                penalty[q] = seed
                heap.append(seed, Int32(q))
            } else {
                upper[q] = parentUpper
                penalty[q] = .infinity
            }
            blocked[q] = 0
            if parent == pk && upper[q] > bound { bound = upper[q] }
        }
        heap.heapify()
        if bound == .infinity { bound = childBound(position: pk, size: size) }

        let settledMark = -Double.infinity
        let toSettle = end - first
        var settled = 0
        var loss = 0.0
        var batchPenalty = -1.0
        var batchWeight = 0.0
        var readyCount = 0
        // Every unsettled position lies in `low ... high` (narrowed before each subtree's boundary scan).
        var low = first, high = end - 1
        while settled < toSettle {
            let q: Int
            let pi: Double
            if readyCount > 0 {
                readyCount -= 1
                q = Int(ready[readyCount])
                pi = penalty[q]
                if pi == settledMark { continue }  // handed a penalty by a whole subtree meanwhile
            } else {
                if heap.isEmpty { break }
                let top = heap.pop()
                q = Int(top.item)
                pi = top.key
                if penalty[q] != pi { continue }  // settled, or lowered since it was queued
            }
            penalty[q] = settledMark
            settled += 1
            let counted = countedWeight[q]
            if hops {
                if counted > 0 && pi > 0 { loss += counted * pi / (1 + distance[q] + pi) }
            } else if counted > 0 && pi > tol * distance[q] {
                if pi != batchPenalty {
                    if batchWeight > 0 { loss += batchWeight * -expm1(-decayRate * batchPenalty) }
                    batchPenalty = pi
                    batchWeight = 0
                }
                batchWeight += counted
            }
            var p = Int(parentPosition[q])
            while p != pk && blocked[p] == 0 {
                blocked[p] = 1
                p = Int(parentPosition[p])
            }
            let qSize = Int(positionSize[q])
            if qSize > 1 && blocked[q] == 0 {
                // Nothing q dominates is settled yet, so all of it has a final penalty ≥ pi (Dijkstra), and
                // ≤ pi by inheritance: exactly pi. Settle it whole, then hand pi across its boundary.
                let qEnd = q + qSize
                if pi != batchPenalty {
                    if batchWeight > 0 { loss += batchWeight * -expm1(-decayRate * batchPenalty) }
                    batchPenalty = pi
                    batchWeight = 0
                }
                if hops {
                    for z in (q + 1)..<qEnd {
                        penalty[z] = settledMark
                        let counted = countedWeight[z]
                        if counted > 0 && pi > 0 { loss += counted * pi / (1 + distance[z] + pi) }
                    }
                } else {
                    for z in (q + 1)..<qEnd {
                        penalty[z] = settledMark
                        let counted = countedWeight[z]
                        if counted > 0 && pi > tol * distance[z] { batchWeight += counted }
                    }
                }
                settled += qSize - 1
                if settled < toSettle {
                    // Only links into the span of positions still unsettled can lower a penalty.
                    while penalty[low] == settledMark { low += 1 }
                    while penalty[high] == settledMark { high -= 1 }
                    for z in (q + 1)..<qEnd {
                        let zMin = Int(neighbourMin[z]), zMax = Int(neighbourMax[z])
                        guard zMax >= low && zMin <= high && (zMin < q || zMax >= qEnd) else { continue }
                        sortOutLinks(ofPosition: z)
                        for e in Int(linkStart[z])..<Int(linkEnd[z]) {
                            let candidate = pi + outCost[e]
                            if candidate > bound { break }
                            let y = Int(outTarget[e])
                            // T_q is settled (penalty −∞), so the span test is the only one needed.
                            guard y >= low && y <= high else { continue }
                            if candidate < penalty[y] {
                                penalty[y] = candidate
                                if candidate == pi {
                                    ready[readyCount] = Int32(y)
                                    readyCount += 1
                                } else {
                                    heap.push(candidate, Int32(y))
                                }
                            }
                        }
                    }
                }
            }
            sortOutLinks(ofPosition: q)
            for e in Int(linkStart[q])..<Int(linkEnd[q]) {
                let candidate = pi + outCost[e]
                if candidate > bound { break }  // sorted: no later link can lower a penalty either
                let y = Int(outTarget[e])
                guard y >= low && y <= high else { continue }
                if candidate < penalty[y] {
                    penalty[y] = candidate
                    if candidate == pi {
                        ready[readyCount] = Int32(y)
                        readyCount += 1
                    } else {
                        heap.push(candidate, Int32(y))
                    }
                }
            }
        }
        if batchWeight > 0 { loss += batchWeight * -expm1(-decayRate * batchPenalty) }
        if settled < toSettle {
            // Nodes that G − k leaves unreachable lose their whole weight.
            for q in first..<end where penalty[q] != settledMark { loss += countedWeight[q] }
        }
        return loss
    }
}

/// A binary min-heap of `(key, item)` entries on raw memory, ties broken by item so the pop order is
/// deterministic. Stale entries are skipped by the caller (lazy deletion). Copy it into a local
/// variable for a hot loop and store it back afterwards: it is a handle to one buffer, so the copy is
/// cheap and the loop avoids the exclusivity checks that a class property would need.
struct PenaltyHeap {
    private(set) var keys: UnsafeMutablePointer<Double>
    private(set) var items: UnsafeMutablePointer<Int32>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        keys = .allocate(capacity: self.capacity)
        items = .allocate(capacity: self.capacity)
    }

    /// Frees the buffers; the heap must not be used afterwards.
    func deallocate() {
        keys.deallocate()
        items.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    private static func less(_ ka: Double, _ ia: Int32, _ kb: Double, _ ib: Int32) -> Bool {
        ka < kb || (ka == kb && ia < ib)
    }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newKeys = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
        let newItems = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newKeys.update(from: keys, count: count)
        newItems.update(from: items, count: count)
        keys.deallocate()
        items.deallocate()
        keys = newKeys
        items = newItems
        capacity = newCapacity
    }

    /// Appends without restoring the heap order; call ``heapify()`` before the next ``pop()``.
    @inline(__always)
    mutating func append(_ key: Double, _ item: Int32) {
        if count == capacity { grow() }
        keys[count] = key
        items[count] = item
        count += 1
    }

    mutating func heapify() {
        guard count > 1 else { return }
        for i in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(from: i) }
    }

    @inline(__always)
    mutating func push(_ key: Double, _ item: Int32) {
        if count == capacity { grow() }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            let pk = keys[parent], pi = items[parent]
            guard Self.less(key, item, pk, pi) else { break }
            keys[i] = pk
            items[i] = pi
            i = parent
        }
        keys[i] = key
        items[i] = item
    }

    @inline(__always)
    mutating func pop() -> (key: Double, item: Int32) {
        let top = (keys[0], items[0])
        count -= 1
        if count > 0 {
            keys[0] = keys[count]
            items[0] = items[count]
            siftDown(from: 0)
        }
        return top
    }

    @inline(__always)
    private mutating func siftDown(from start: Int) {
        var i = start
        let key = keys[i], item = items[i]
        while true {
            let l = 2 * i + 1
            if l >= count { break }
            var c = l
            var ck = keys[l], ci = items[l]
            if l + 1 < count {
                let rk = keys[l + 1], ri = items[l + 1]
                if Self.less(rk, ri, ck, ci) { c = l + 1; ck = rk; ci = ri }
            }
            guard Self.less(ck, ci, key, item) else { break }
            keys[i] = ck
            items[i] = ci
            i = c
        }
        keys[i] = key
        items[i] = item
    }
}

