import Foundation

/// Order-independent anchored homotopic thinning (Iwanowski & Soille 2005, "Order independence in
/// binary 2D homotopic thinning", DGCI; Ranwez & Soille 2002), the skeleton GTB's MSPA draws its
/// connectors from (`binOIthin_FIFO` with the cores as anchors).
///
/// A cell is *simple* when deleting it changes no topology: for 8-connected foreground, one
/// 8-component of foreground among its 8 neighbours and one 4-component of background touching it
/// (topological numbers T₈ = T̄₄ = 1, Bertrand 1994); for 4-connected foreground T₄ = T̄₈ = 1.
/// Simple cells are deleted in parallel rounds, but only those *independent* of every simple
/// neighbour: deleting both cells of a pair keeps the topology (for a side neighbour, the other
/// neighbours of the pair lie on one side only — with 4-connectivity, one side is full and the other
/// not; for a diagonal neighbour, a common 4-neighbour is foreground — with 4-connectivity, not both),
/// and a cell is not one of an isolated L-triple or 2 × 2 quadruple of simple cells (which would
/// vanish together). Anchors are never deleted. End points are simple, so dead ends shrink back to
/// the anchors; what remains are paths between anchors and around holes. The first round tests
/// every cell, each later one the neighbours of the cells just deleted, as GTB's FIFO version does.
enum MSPAThinning {
    /// Neighbour offsets (dx, dy) in the order the independence tests index them: W, E, N, S, NW,
    /// SW, NE, SE (bit k of a neighbourhood code is neighbour k).
    static let offsets: [(Int, Int)] = [(-1, 0), (1, 0), (0, -1), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]

    /// Simple-cell tables indexed by the neighbourhood code, for 8- and 4-connected foreground,
    /// derived from the topological numbers.
    static let simple8: [Bool] = table(foreground: 8)
    static let simple4: [Bool] = table(foreground: 4)

    private static func table(foreground: Int) -> [Bool] {
        (0..<256).map { code in
            let inX = (0..<8).map { code & (1 << $0) != 0 }
            let fgCount = components(of: inX, connectivity: foreground, touchingCentreOnly: foreground == 4)
            let bgCount = components(of: inX.map { !$0 }, connectivity: foreground == 8 ? 4 : 8, touchingCentreOnly: foreground == 8)
            return fgCount == 1 && bgCount == 1
        }
    }

    /// The number of `connectivity`-components of the marked neighbours (the centre left out);
    /// with `touchingCentreOnly`, only components holding a 4-neighbour of the centre count.
    private static func components(of marked: [Bool], connectivity: Int, touchingCentreOnly: Bool) -> Int {
        var seen = [Bool](repeating: false, count: 8)
        var n = 0
        for start in 0..<8 where marked[start] && !seen[start] {
            var stack = [start]
            seen[start] = true
            var touches = false
            while let k = stack.popLast() {
                if k < 4 { touches = true }
                for m in 0..<8 where marked[m] && !seen[m] {
                    let dx = abs(offsets[k].0 - offsets[m].0), dy = abs(offsets[k].1 - offsets[m].1)
                    let adjacent = connectivity == 8 ? max(dx, dy) == 1 : dx + dy == 1
                    if adjacent {
                        seen[m] = true
                        stack.append(m)
                    }
                }
            }
            if !touchingCentreOnly || touches { n += 1 }
        }
        return n
    }
}

extension MSPAPlanes {
    /// Thins the ``skeleton`` cells anchored at the ``core`` cells (see ``MSPAThinning``). As GTB
    /// does, both are first cleared on the grid's outer two rows and columns. Uses ``t3`` of `b`
    /// as the mark of queued cells, cleared again.
    func thinAnchored(connectivity: Int) {
        let w = width, h = height
        let S = Self.skeleton, anchor = Self.core, queued = Self.t3
        for y in 0..<h {
            for x in 0..<w where x < 2 || y < 2 || x >= w - 2 || y >= h - 2 {
                a[y * w + x] &= ~(S | anchor)
            }
        }
        guard w > 4, h > 4 else { return }
        let table = connectivity == 8 ? MSPAThinning.simple8 : MSPAThinning.simple4
        let sh = MSPAThinning.offsets.map { $0.0 + $0.1 * w }
        let a = self.a, b = self.b
        @inline(__always) func inS(_ i: Int) -> Bool { a[i] & S != 0 }
        @inline(__always) func simple(_ i: Int) -> Bool {
            guard inS(i) else { return false }
            var code = 0
            for k in 0..<8 where a[i + sh[k]] & S != 0 { code |= 1 << k }
            return table[code]
        }
        @inline(__always) func free(_ i: Int) -> Bool { a[i] & anchor == 0 }
        /// A neighbour that could be deleted with the cell (GTB's `testsimple`).
        @inline(__always) func simpleNeighbour(_ j: Int) -> Bool { free(j) && simple(j) }
        func count(around i: Int, first n: Int) -> Int {
            var c = 0
            for k in 0..<n where inS(i + sh[k]) { c += 1 }
            return c
        }
        // Side cells of a side pair (a, b | c, d) and the common neighbours of a diagonal pair.
        let sides = [(2, 4, 3, 5), (2, 6, 3, 7), (0, 4, 1, 6), (0, 5, 1, 7)]
        let corners = [(0, 2), (3, 0), (2, 1), (1, 3)]
        func independent(_ p: Int) -> Bool {
            var all = true, neighbours = 0, lastType = 0
            var dependentA = 0, dependentB = 0
            for k in 0..<8 where all {
                guard simpleNeighbour(p + sh[k]) else { continue }
                neighbours += 1
                let pairIndependent: Bool, type: Int
                if k < 4 {
                    let (sa, sb, sc, sd) = sides[k]
                    let ia = inS(p + sh[sa]), ib = inS(p + sh[sb]), ic = inS(p + sh[sc]), id = inS(p + sh[sd])
                    let code = (id ? 1 : 0) | (ic ? 2 : 0) | (ib ? 4 : 0) | (ia ? 8 : 0)
                    type = code + 5
                    pairIndependent = connectivity == 8 ? (ia || ib) != (ic || id) : (ia && ib) != (ic && id)
                } else {
                    let (ca, cb) = corners[k - 4]
                    let ia = inS(p + sh[ca]), ib = inS(p + sh[cb])
                    let code = (ib ? 1 : 0) | (ia ? 2 : 0)
                    type = code + 1
                    pairIndependent = connectivity == 8 ? code != 0 : code != 3
                    if !pairIndependent { dependentA = sh[ca]; dependentB = sh[cb] }
                }
                lastType = type
                if !pairIndependent { all = false }
            }
            if !all && connectivity == 4 {
                // A diagonal pair with both common neighbours set, themselves simple: independent when
                // the cell has exactly two 4-neighbours in the set, unless it is part of an isolated quadruple.
                guard lastType == 4, simpleNeighbour(p + dependentA), simpleNeighbour(p + dependentB) else { return false }
                var outside = 0
                for k in 0..<4 where !inS(p + sh[k]) { outside += 1 }
                guard outside == 2 else { return false }
                for k in 0..<4 where simpleNeighbour(p + sh[k]) && count(around: p + sh[k], first: 4) != 2 { return true }
                return false
            }
            guard all else { return false }
            // An isolated L-triple or 2 × 2 quadruple of simple cells would vanish with parallel deletion.
            let triple = neighbours == 2 && [2, 3, 6, 7, 9, 13].contains(lastType)
            let quadruple = neighbours == 3 && [4, 8, 17].contains(lastType)
            if triple || quadruple {
                for k in 0..<8 where simpleNeighbour(p + sh[k]) && count(around: p + sh[k], first: 8) != neighbours { return true }
                return false
            }
            return true
        }
        var current: [Int] = []
        for y in 2..<(h - 2) {
            for x in 2..<(w - 2) {
                let i = y * w + x
                if simple(i) && free(i) && independent(i) {
                    b[i] |= queued
                    current.append(i)
                }
            }
        }
        var next: [Int] = []
        while !current.isEmpty {
            for i in current {
                b[i] &= ~queued
                a[i] &= ~S
            }
            next.removeAll(keepingCapacity: true)
            for i in current {
                for k in 0..<8 {
                    let j = i + sh[k]
                    if b[j] & queued == 0 && free(j) && simple(j) && independent(j) {
                        b[j] |= queued
                        next.append(j)
                    }
                }
            }
            swap(&current, &next)
        }
    }
}
