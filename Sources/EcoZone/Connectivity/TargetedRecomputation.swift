import Foundation

/// Exact recomputation of one source's IIC paths after removing a node `k`, restricted to the nodes
/// that `k` dominates (methods.md §3.2, step 4). The PC counterpart is `sparsePCLoss` (SparseSearch.swift).
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
