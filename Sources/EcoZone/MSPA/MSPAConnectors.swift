import Foundation

extension MSPAPlanes {
    /// Widens the connectors (``skeleton`` cells) by a geodesic distance of at most `distance` cells
    /// within the passable cells (GTB's `getexternalboundarygeodesic` by t − √2, which does nothing
    /// when W = 1). The geodesic distance here is the 8-neighbour chamfer distance (steps of 1 and √2,
    /// Dijkstra), where GTB propagates Euclidean vectors (`ced`): the two agree for W ≤ 4 in open
    /// ground and may differ by a cell at the rim for wider edges.
    func widenConnectors(by distance: Float, passable: (Int) -> Bool) {
        let d = Double(distance)
        guard d >= 1 else { return }
        let w = width, h = height
        var best: [Int: Double] = [:]
        var heap = MinHeap()
        for i in 0..<count where a[i] & Self.skeleton != 0 {
            best[i] = 0
            heap.push(0, i)
        }
        let steps: [(Int, Int, Double)] = [(-1, 0, 1), (1, 0, 1), (0, -1, 1), (0, 1, 1),
                                           (-1, -1, 2.0.squareRoot()), (1, -1, 2.0.squareRoot()),
                                           (-1, 1, 2.0.squareRoot()), (1, 1, 2.0.squareRoot())]
        while let (di, i) = heap.pop() {
            guard di <= best[i] ?? .infinity else { continue }
            let y = i / w, x = i - y * w
            for (dx, dy, cost) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                let j = ny * w + nx, dj = di + cost
                guard dj <= d, passable(j), dj < best[j] ?? .infinity else { continue }
                best[j] = dj
                heap.push(dj, j)
            }
        }
        for i in best.keys { a[i] |= Self.skeleton }
    }

    /// Tells bridges from loops (GTB's `getcorridor`): the cores are labelled (foreground
    /// connectivity) and their labels flooded breadth-first over the cores, their rings (edge and
    /// perforation) and the connectors, seeds in raster order and neighbours in the order N, W, S, E,
    /// NW, NE, SW, SE (GTB's `wsfah`; the grid's outermost row and column are not flooded). A
    /// connector component (foreground connectivity) that meets two or more labels — its range of
    /// labels is not 0 — is a bridge; one that meets a single core is a loop.
    ///
    /// Holds a 4-byte label per cell while it runs.
    func classifyConnectors(connectivity: Int) {
        let w = width, h = height
        let a = self.a, b = self.b
        let labels = UnsafeMutablePointer<Int32>.allocate(capacity: count)
        defer { labels.deallocate() }
        _ = label({ a[$0] & Self.core != 0 }, connectivity: connectivity, into: labels)
        for y in 0..<h {
            for x in 0..<w where x == 0 || y == 0 || x == w - 1 || y == h - 1 { labels[y * w + x] = -1 }
        }
        @inline(__always) func passable(_ j: Int) -> Bool {
            labels[j] == 0 && (a[j] & (Self.core | Self.skeleton) != 0 || b[j] & Self.ring != 0)
        }
        let steps = Self.neighbours(connectivity)
        var queue = CellQueue()
        for i in 0..<count where labels[i] > 0 {
            let y = i / w, x = i - y * w
            for (dx, dy) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                if passable(ny * w + nx) { queue.push(i); break }
            }
        }
        while !queue.isEmpty {
            let i = queue.pop()
            let y = i / w, x = i - y * w
            for (dx, dy) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                let j = ny * w + nx
                if passable(j) {
                    labels[j] = labels[i]
                    queue.push(j)
                }
            }
        }
        let seen = Self.t1
        var component: [Int] = []
        for start in 0..<count where a[start] & Self.skeleton != 0 && b[start] & seen == 0 {
            component.removeAll(keepingCapacity: true)
            b[start] |= seen
            component.append(start)
            var k = 0
            var low = Int32.max, high = Int32.min
            while k < component.count {
                let i = component[k]
                k += 1
                let l = max(labels[i], 0)
                low = min(low, l)
                high = max(high, l)
                let y = i / w, x = i - y * w
                for (dx, dy) in steps {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                    let j = ny * w + nx
                    if a[j] & Self.skeleton != 0 && b[j] & seen == 0 {
                        b[j] |= seen
                        component.append(j)
                    }
                }
            }
            let kind = high > low ? Self.bridge : Self.loop
            for i in component { b[i] |= kind }
        }
        clearB(seen)
    }
}

/// A binary min-heap of (distance, cell) pairs for the bounded Dijkstra searches.
struct MinHeap {
    private var keys: [Double] = []
    private var cells: [Int] = []

    mutating func push(_ key: Double, _ cell: Int) {
        keys.append(key)
        cells.append(cell)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[parent] > keys[i] else { break }
            keys.swapAt(parent, i)
            cells.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let first = keys.first else { return nil }
        let top = (first, cells[0])
        let lastKey = keys.removeLast(), lastCell = cells.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            cells[0] = lastCell
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && keys[l] < keys[m] { m = l }
                if r < keys.count && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i)
                cells.swapAt(m, i)
                i = m
            }
        }
        return top
    }
}
