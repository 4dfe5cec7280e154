import Foundation
import GeoKit

/// The exact Euclidean distance transform of a grid in metres (Felzenszwalb & Huttenlocher 2012,
/// "Distance transforms of sampled functions", Theory of Computing 8:415): for every cell, the
/// distance from its centre to the centre of the nearest feature cell, with cells `dx` wide and `dy`
/// high (metres of a projected grid). Two passes of the exact 1-D transform — down each column
/// (squared distances dy²·Δrow²), then along each row on those (plus dx²·Δcol²) — each the lower
/// envelope of parabolas, O(cells). The result is exact up to rounding (the same sum of squares
/// scipy.ndimage.distance_transform_edt with `sampling` takes the root of). A grid without any
/// feature cell gives +∞ everywhere.
///
/// Memory: the result (8 bytes a cell) and one row or column of work space.
public enum EuclideanDistance {
    /// Distances (metres, row-major) for a `width` × `height` grid whose feature cells are those
    /// `isFeature` says.
    public static func transform(width: Int, height: Int, dx: Double, dy: Double, isFeature: (Int) -> Bool) -> [Double] {
        precondition(width > 0 && height > 0 && dx > 0 && dy > 0)
        var d = [Double](repeating: .infinity, count: width * height)
        var f = [Double](repeating: 0, count: max(width, height)), out = f
        var v = [Int](repeating: 0, count: max(width, height)), z = [Double](repeating: 0, count: max(width, height) + 1)
        let dy2 = dy * dy, dx2 = dx * dx
        for x in 0..<width {
            for y in 0..<height { f[y] = isFeature(y * width + x) ? 0 : .infinity }
            envelope(f, count: height, spacing2: dy2, v: &v, z: &z, into: &out)
            for y in 0..<height { d[y * width + x] = out[y] }
        }
        for y in 0..<height {
            let row = y * width
            for x in 0..<width { f[x] = d[row + x] }
            envelope(f, count: width, spacing2: dx2, v: &v, z: &z, into: &out)
            for x in 0..<width { d[row + x] = out[x].squareRoot() }
        }
        return d
    }

    /// The 1-D squared distance transform: out[q] = min_p (s²·(q − p)² + f[p]) over the finite f[p]
    /// (+∞ when none is finite).
    static func envelope(_ f: [Double], count n: Int, spacing2 s2: Double, v: inout [Int], z: inout [Double], into out: inout [Double]) {
        var k = -1
        for q in 0..<n where f[q].isFinite {
            let fq = f[q] + s2 * Double(q) * Double(q)
            var s = -Double.infinity
            while k >= 0 {
                let p = v[k]
                s = (fq - (f[p] + s2 * Double(p) * Double(p))) / (2 * s2 * Double(q - p))
                if s <= z[k] { k -= 1 } else { break }
            }
            k += 1
            v[k] = q
            z[k] = k == 0 ? -.infinity : s
            z[k + 1] = .infinity
        }
        guard k >= 0 else {
            for q in 0..<n { out[q] = .infinity }
            return
        }
        var j = 0
        for q in 0..<n {
            while z[j + 1] < Double(q) { j += 1 }
            let p = v[j], t = Double(q - p)
            out[q] = s2 * t * t + f[p]
        }
    }
}
