import Foundation

/// Exact recomputation of one source's paths after removing a node `k`, restricted to the nodes that
/// `k` dominates (methods.md §3.2, step 4).
///
/// Every node that `k` does not dominate keeps an optimal path avoiding `k`, so its `δ` is unchanged.
/// For the dominated set `T`, the new lengths are found by seeding each `j ∈ T` with the best entry
/// from an unaffected node (`min_u δ_su + w_uj`, `u ∉ T ∪ {k}`) and then running the search inside `T`
/// only. The loss `Σ_{j∈T} a_j (w_sj − w_sj^(−k))` is a sum of non-negative terms, so the connector
/// fraction needs no subtraction of nearly equal totals and carries no sign noise.
extension SourceWorkspace {
    /// Collects the nodes dominated by the node at rank `r` into `subsetNodes` (preorder) and returns
    /// their number.
    @inline(__always)
    private func collectDominated(byRank r: Int) -> Int {
        var m = 0
        for position in dominatedPositions(ofRank: r) {
            subsetNodes[m] = order[Int(preorder[position])]
            m += 1
        }
        return m
    }

    /// PC: `Σ_{j dominated by k} a_j (w_sj − w_sj^(−k))` for the current Dijkstra source, where `k` is
    /// the node at rank `r`. A pair counts only when its new length exceeds the old one by more than the
    /// tie tolerance, matching the tie rule that built the dominator tree.
    func pcLoss(removingRank r: Int, weights w: UnsafePointer<Double>,
                attributes a: UnsafePointer<Double>, decayRate: Double) -> Double {
        let n = self.n
        let dist = self.dist
        let mark = self.mark
        let k = Int(order[r])
        let m = collectDominated(byRank: r)

        // Seed every j ∈ T with its best entry from a node outside T ∪ {k}: the first such node among
        // j's K best entries, or (rarely, when all K are excluded) a scan of every node.
        markStamp &+= 1
        if markStamp == Int32.max {
            for v in 0..<n { mark[v] = 0 }
            markStamp = 1
        }
        let stamp = markStamp
        mark[k] = stamp
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            subsetSaved[i] = dist[j]
            mark[j] = stamp
        }
        let capacity = Self.entryCapacity
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            let base = j * capacity
            let known = Int(entryCount[j])
            var seed = Double.infinity
            var found = false
            for e in 0..<known where mark[Int(entryNode[base + e])] != stamp {
                seed = entryValue[base + e]
                found = true
                break
            }
            if !found && known == capacity {
                let row = w + j * n
                for u in 0..<n where mark[u] != stamp {
                    let candidate = dist[u] + row[u]
                    if candidate < seed { seed = candidate }
                }
            }
            subsetDist[i] = seed
            subsetDone[i] = false
        }

        // Array-based Dijkstra inside T, selecting the next node in the same pass that relaxes.
        var best = Double.infinity
        var bestIndex = -1
        for i in 0..<m where subsetDist[i] < best {
            best = subsetDist[i]
            bestIndex = i
        }
        while bestIndex >= 0 {
            subsetDone[bestIndex] = true
            let settled = best
            let row = w + Int(subsetNodes[bestIndex]) * n
            best = .infinity
            bestIndex = -1
            for i in 0..<m where !subsetDone[i] {
                let candidate = settled + row[Int(subsetNodes[i])]
                var current = subsetDist[i]
                if candidate < current {
                    current = candidate
                    subsetDist[i] = candidate
                }
                if current < best {
                    best = current
                    bestIndex = i
                }
            }
        }

        return lossFromSubset(count: m, decayRate: decayRate, a: a)
    }

    /// `Σ_{i<m} a_j (w_sj − exp(−k δ'_j))` over the dominated set, counting only pairs whose new length
    /// exceeds the old one by more than the tie tolerance.
    @inline(__always)
    private func lossFromSubset(count m: Int, decayRate: Double, a: UnsafePointer<Double>) -> Double {
        var loss = 0.0
        let tol = tolerance
        for i in 0..<m {
            let old = subsetSaved[i]
            let new = subsetDist[i]
            if new > old + tol * old {
                let j = Int(subsetNodes[i])
                loss += a[j] * (weight[j] - exp(-decayRate * new))
            }
        }
        return loss
    }

    /// IIC: `Σ_{j dominated by k} a_j (1/(1+nl_sj) − 1/(1+nl_sj^(−k)))` for the current BFS source, where
    /// `k` is the node at rank `r` and an unreachable pair weighs exactly 0. Hop counts are exact integers.
    func iicLoss(removingRank r: Int, offsets: UnsafePointer<Int32>, targets: UnsafePointer<Int32>,
                 attributes a: UnsafePointer<Double>) -> Double {
        let hop = self.hop
        let k = Int(order[r])
        let m = collectDominated(byRank: r)
        let none = Int32.max

        // Mark T with −2 (and k with −1, "absent") so that neither seeds the search.
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            subsetSavedHop[i] = hop[j]
            hop[j] = -2
            localIndex[j] = Int32(i)
        }
        let savedK = hop[k]
        hop[k] = -1

        var seedCount = 0
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            var best = none
            for e in Int(offsets[j])..<Int(offsets[j + 1]) {
                let h = hop[Int(targets[e])]
                if h >= 0 && h + 1 < best { best = h + 1 }
            }
            subsetHop[i] = best
            subsetDone[i] = false
            if best != none {
                seedKeys[seedCount] = Int64(best) << 32 | Int64(i)
                seedCount += 1
            }
        }
        var seeds = UnsafeMutableBufferPointer(start: seedKeys, count: seedCount)
        seeds.sort()

        // Breadth-first search inside T from seeds at different depths: merge the sorted seeds with the
        // FIFO queue, which both come out in non-decreasing hop order.
        var nextSeed = 0
        var head = 0
        var tail = 0
        while nextSeed < seedCount || head < tail {
            let index: Int
            if nextSeed < seedCount
                && (head == tail || Int32(truncatingIfNeeded: seedKeys[nextSeed] >> 32) <= subsetHop[Int(queue[head])]) {
                index = Int(seedKeys[nextSeed] & 0xFFFF_FFFF)
                nextSeed += 1
            } else {
                index = Int(queue[head])
                head += 1
            }
            if subsetDone[index] { continue }
            subsetDone[index] = true
            let next = subsetHop[index] + 1
            let x = Int(subsetNodes[index])
            for e in Int(offsets[x])..<Int(offsets[x + 1]) {
                let y = Int(targets[e])
                guard hop[y] == -2 else { continue }
                let iy = Int(localIndex[y])
                if !subsetDone[iy] && next < subsetHop[iy] {
                    subsetHop[iy] = next
                    queue[tail] = Int32(iy)
                    tail += 1
                }
            }
        }

        hop[k] = savedK
        var loss = 0.0
        for i in 0..<m {
            let j = Int(subsetNodes[i])
            let old = subsetSavedHop[i]
            hop[j] = old
            let new = subsetHop[i]
            let newWeight = new == none ? 0.0 : 1.0 / Double(1 + new)
            loss += a[j] * (1.0 / Double(1 + old) - newWeight)
        }
        return loss
    }
}
