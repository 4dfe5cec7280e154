import Foundation

extension MSPAPlanes {
    /// Calls `mark(i)` for every cell whose centre lies within √`maxSquared` cells of the centre of
    /// a seed cell (the seeds themselves included, at distance 0), row by row. Cells beyond the
    /// grid are not seeds (GTB's `sqedt`).
    ///
    /// Exact Euclidean distances by the two passes of Meijster, Roerdink & Hesselink (2000) on
    /// integer squared distances: first each cell's vertical distance to the nearest seed of its
    /// column, then per row the lower envelope of the parabolas (x − i)² + g(i)². The vertical
    /// distances are capped at ⌊√maxSquared⌋ + 1 (no seed farther than that comes within reach), so
    /// they fit one byte per cell.
    func forEachWithin(maxSquared: Int, isSeed: (Int) -> Bool, mark: (Int) -> Void) {
        let w = width, h = height
        var root = 0
        while (root + 1) * (root + 1) <= maxSquared { root += 1 }
        let cap = min(255, root + 1)
        let g = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        defer { g.deallocate() }
        for x in 0..<w {
            var prev = cap
            for y in 0..<h {
                let i = y * w + x
                prev = isSeed(i) ? 0 : min(cap, prev + 1)
                g[i] = UInt8(prev)
            }
            prev = cap
            for y in stride(from: h - 1, through: 0, by: -1) {
                let i = y * w + x
                let v = min(Int(g[i]), prev + 1)
                g[i] = UInt8(v)
                prev = v
            }
        }
        var s = [Int](repeating: 0, count: w), t = [Int](repeating: 0, count: w)
        var f = [Int](repeating: 0, count: w)
        for y in 0..<h {
            let row = y * w
            var any = false
            for x in 0..<w {
                let v = Int(g[row + x])
                f[x] = v * v
                if v < cap { any = true }
            }
            if !any { continue }
            var q = 0
            s[0] = 0
            t[0] = 0
            for u in 1..<max(w, 1) {
                while q >= 0 && (t[q] - s[q]) * (t[q] - s[q]) + f[s[q]] > (t[q] - u) * (t[q] - u) + f[u] { q -= 1 }
                if q < 0 {
                    q = 0
                    s[0] = u
                } else {
                    let i = s[q]
                    let num = u * u - i * i + f[u] - f[i], den = 2 * (u - i)
                    let sep = num >= 0 ? num / den : -((-num + den - 1) / den)
                    let start = sep + 1
                    if start < w {
                        q += 1
                        s[q] = u
                        t[q] = start
                    }
                }
            }
            for u in stride(from: w - 1, through: 0, by: -1) {
                let i = s[q]
                if (u - i) * (u - i) + f[i] <= maxSquared { mark(row + u) }
                if u == t[q] { q -= 1 }
            }
        }
    }
}
