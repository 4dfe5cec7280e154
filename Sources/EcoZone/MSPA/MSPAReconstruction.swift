import Foundation

extension MSPAPlanes {
    /// Marks with `bit` of ``b`` every cell reachable from a seed through passable cells, stepping to
    /// the `connectivity` neighbours inside the grid: reconstruction by dilation of the seeds within
    /// the passable set (GTB's `rdil`), the seeds included whether passable or not.
    ///
    /// Seeds are marked in one pass; only those with an unmarked passable neighbour are queued, so
    /// the queue holds fronts, not the seeds' area.
    func reach(seeds isSeed: (Int) -> Bool, passable: (Int) -> Bool, connectivity: Int, bit: UInt8) {
        let w = width, h = height
        for i in 0..<count where isSeed(i) { b[i] |= bit }
        let steps = Self.neighbours(connectivity)
        var queue = CellQueue()
        for i in 0..<count where b[i] & bit != 0 {
            let y = i / w, x = i - y * w
            for (dx, dy) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                let j = ny * w + nx
                if b[j] & bit == 0 && passable(j) { queue.push(i); break }
            }
        }
        while !queue.isEmpty {
            let i = queue.pop()
            let y = i / w, x = i - y * w
            for (dx, dy) in steps {
                let nx = x + dx, ny = y + dy
                guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                let j = ny * w + nx
                if b[j] & bit == 0 && passable(j) {
                    b[j] |= bit
                    queue.push(j)
                }
            }
        }
    }

    /// Marks with `bit` of ``b`` the holes of an object: the cells outside it that cannot reach the
    /// grid's border through cells outside it, stepping to `connectivity` neighbours (GTB's
    /// `uc_fillhole` less the object itself). `scratch` is a bit of ``b`` used and cleared here.
    func markHoles(of isObject: (Int) -> Bool, connectivity: Int, bit: UInt8, scratch: UInt8) {
        let w = width, h = height
        reach(seeds: { i in
            let y = i / w, x = i - y * w
            return (x == 0 || y == 0 || x == w - 1 || y == h - 1) && !isObject(i)
        }, passable: { !isObject($0) }, connectivity: connectivity, bit: scratch)
        for i in 0..<count {
            if b[i] & scratch == 0 && !isObject(i) { b[i] |= bit }
            b[i] &= ~scratch
        }
    }

    /// Labels the connected components of the member cells 1, 2, … in raster order of their first
    /// cell, stepping to `connectivity` neighbours; other cells get 0. Returns the number of components.
    func label(_ isMember: (Int) -> Bool, connectivity: Int, into labels: UnsafeMutablePointer<Int32>) -> Int {
        let w = width, h = height
        let steps = Self.neighbours(connectivity)
        for i in 0..<count { labels[i] = 0 }
        var next: Int32 = 0
        var queue = CellQueue()
        for start in 0..<count where labels[start] == 0 && isMember(start) {
            next += 1
            labels[start] = next
            queue.push(start)
            while !queue.isEmpty {
                let i = queue.pop()
                let y = i / w, x = i - y * w
                for (dx, dy) in steps {
                    let nx = x + dx, ny = y + dy
                    guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                    let j = ny * w + nx
                    if labels[j] == 0 && isMember(j) {
                        labels[j] = next
                        queue.push(j)
                    }
                }
            }
        }
        return Int(next)
    }
}
