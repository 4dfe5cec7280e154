/// Dominators of the optimal-path graph of one source (methods.md §3.2).
///
/// Node `k` lies on *every* optimal path from the source `s` to `j` exactly when `k` dominates `j` in the
/// graph of optimal-path edges (`δ_su + w_uv = δ_sv`, with ties as defined by the search). Removing `k`
/// then changes `w_sj`; removing any node that does not dominate `j` leaves `w_sj` unchanged.
///
/// The computation works in *rank space*: rank `r` is the position of a node in the search's settle
/// order, so the source has rank 0 and every dominator of a node settles before it. Immediate dominators
/// are computed with the iterative algorithm of Cooper, Harvey & Kennedy (2001), walking up the current
/// tree by decreasing rank. On a DAG whose edges all go forward in settle order one pass is exact; when
/// ties or zero-length links create backward edges, passes repeat until nothing changes.
extension SourceWorkspace {
    /// Computes immediate dominators (`idom`, by rank) for the `reachedCount` nodes of the last search,
    /// then, if any node other than the source dominates another node, lays the dominator tree out in
    /// preorder (`preorder`, `preorderPosition`, `subtreeSize`).
    ///
    /// - Parameters:
    ///   - iterateUntilStable: pass `true` when some predecessor may settle after its successor.
    ///   - predecessors: calls its second argument with the rank of every optimal-path predecessor of the
    ///     node at the given rank (rank ≥ 1). Every such node must have at least one predecessor of
    ///     smaller rank (its search parent).
    /// - Returns: whether some node other than the source dominates another node.
    func computeDominators(
        iterateUntilStable: Bool,
        predecessors: (_ rank: Int, _ visit: (Int) -> Void) -> Void
    ) -> Bool {
        let reached = reachedCount
        guard reached > 2 else { return false }
        let idom = self.idom
        idom[0] = 0
        for r in 1..<reached { idom[r] = -1 }

        var changed = true
        while changed {
            changed = false
            for r in 1..<reached {
                var newIdom: Int32 = -1
                predecessors(r) { p in
                    if p != 0 && idom[p] < 0 { return }  // not processed yet
                    newIdom = newIdom < 0 ? Int32(p) : Self.intersect(Int32(p), newIdom, idom)
                }
                if newIdom < 0 { newIdom = 0 }
                if newIdom != idom[r] {
                    idom[r] = newIdom
                    changed = true
                }
            }
            if !iterateUntilStable { break }
        }

        let size = subtreeSize
        for r in 0..<reached { size[r] = 1 }
        var dominatesSomething = false
        for r in stride(from: reached - 1, through: 1, by: -1) {
            let parent = Int(idom[r])
            size[parent] += size[r]
            if parent != 0 { dominatesSomething = true }
        }
        guard dominatesSomething else { return false }

        let position = preorderPosition, preorder = self.preorder, nextFree = self.nextFree
        position[0] = 0
        nextFree[0] = 1
        preorder[0] = 0
        for r in 1..<reached {
            let parent = Int(idom[r])
            let p = nextFree[parent]
            position[r] = p
            nextFree[parent] = p + size[r]
            nextFree[r] = p + 1
            preorder[Int(p)] = Int32(r)
        }
        return true
    }

    /// The nearest common ancestor of ranks `a` and `b` in the current dominator tree, whose parents
    /// always have smaller ranks than their children.
    @inline(__always)
    static func intersect(_ a: Int32, _ b: Int32, _ idom: UnsafeMutablePointer<Int32>) -> Int32 {
        var a = a
        var b = b
        while a != b {
            while a > b { a = idom[Int(a)] }
            while b > a { b = idom[Int(b)] }
        }
        return a
    }

    /// The ranks dominated by the node at rank `r` (its dominator-tree descendants, `r` excluded), as a
    /// range of positions in `preorder`.
    @inline(__always)
    func dominatedPositions(ofRank r: Int) -> Range<Int> {
        let start = Int(preorderPosition[r])
        return (start + 1)..<(start + Int(subtreeSize[r]))
    }
}
