internal import CGEOS

/// A quick proof that a polygon is valid, for the common case of a polygon without holes whose ring
/// is plainly simple (an erosion patch, a parcel): what `GEOSisValidDetail_r` would conclude, found
/// with a sweep over the ring's edges instead of GEOS's noding and topology graph (several times the
/// work for a polygon of a few dozen vertices, and paid for every feature read).
///
/// It only ever answers "certainly valid": every test it makes is exact (comparisons of coordinates)
/// or an orientation whose sign is certain under Shewchuk's error bound for the floating-point
/// determinant (`ccwerrboundA`); anything it cannot prove — a repeated vertex, three vertices that may
/// be collinear, edges that may touch, holes, several parts, a non-finite coordinate — is left to GEOS.
/// A polygon without holes is valid (OGC, as GEOS checks it) when its shell is closed, has at least
/// four vertices that are not repeats, and is simple: no two edges meet except consecutive ones at
/// their common vertex. With no repeated vertex, consecutive edges that certainly turn meet only
/// there, and other pairs are shown apart by their bounding boxes or by the orientations of their ends.
extension Geometry {
    /// Rings with more vertices are left to GEOS (the sweep's sort and pair tests stop paying).
    static let simpleShellMaximumVertices = 4096

    /// True only when this is a polygon without holes whose shell is certainly simple (see above).
    var isCertainlyValidSimplePolygon: Bool {
        guard kind == .polygon, GEOSGetNumInteriorRings_r(ctx, handle) == 0,
              let shell = GEOSGetExteriorRing_r(ctx, handle), let (xs, ys) = try? coordinates(of: shell) else { return false }
        return Self.isCertainlySimpleClosedRing(xs, ys)
    }

    /// Whether the closed ring (first vertex repeated last) is certainly simple with at least three
    /// distinct vertices.
    static func isCertainlySimpleClosedRing(_ xs: [Double], _ ys: [Double]) -> Bool {
        let n = xs.count
        guard n >= 4, n == ys.count, n <= simpleShellMaximumVertices, xs[0] == xs[n - 1], ys[0] == ys[n - 1] else { return false }
        for i in 0..<n where !xs[i].isFinite || !ys[i].isFinite { return false }
        let m = n - 1   // edges: i joins vertex i to vertex i + 1
        for i in 0..<m where xs[i] == xs[i + 1] && ys[i] == ys[i + 1] { return false }
        // Consecutive edges (i, i + 1 mod m) meet only at their common vertex when they certainly turn.
        for i in 0..<m {
            let j = (i + 1) % m, k = (i + 2) % m
            guard orientation(xs[i], ys[i], xs[j], ys[j], xs[k], ys[k]) != 0 else { return false }
        }
        if m == 3 { return true }   // a triangle has no other pair of edges
        // The other pairs: a sweep over the edges in order of their least x.
        var minX = [Double](repeating: 0, count: m), maxX = minX, minY = minX, maxY = minX
        for i in 0..<m {
            minX[i] = Swift.min(xs[i], xs[i + 1]); maxX[i] = Swift.max(xs[i], xs[i + 1])
            minY[i] = Swift.min(ys[i], ys[i + 1]); maxY[i] = Swift.max(ys[i], ys[i + 1])
        }
        let order = (0..<m).sorted { minX[$0] < minX[$1] }
        for a in 0..<m {
            let i = order[a]
            var b = a + 1
            while b < m {
                let j = order[b]
                b += 1
                if minX[j] > maxX[i] { break }
                if minY[j] > maxY[i] || minY[i] > maxY[j] { continue }
                let gap = abs(i - j)
                if gap == 1 || gap == m - 1 { continue }   // consecutive: checked above
                if !certainlyApart(xs[i], ys[i], xs[i + 1], ys[i + 1], xs[j], ys[j], xs[j + 1], ys[j + 1]) { return false }
            }
        }
        return true
    }

    /// Segments pq and rs certainly share no point: both ends of one lie strictly on the same side of
    /// the other's line.
    private static func certainlyApart(_ px: Double, _ py: Double, _ qx: Double, _ qy: Double,
                                       _ rx: Double, _ ry: Double, _ sx: Double, _ sy: Double) -> Bool {
        let r = orientation(px, py, qx, qy, rx, ry), s = orientation(px, py, qx, qy, sx, sy)
        if r != 0, r == s { return true }
        let p = orientation(rx, ry, sx, sy, px, py), q = orientation(rx, ry, sx, sy, qx, qy)
        return p != 0 && p == q
    }

    /// The sign of the turn a → b → c (1 left, −1 right) when the floating-point determinant is certain
    /// of it (Shewchuk's `orient2dfast` bound, `ccwerrboundA` = (3 + 16ε)ε); 0 when it may be collinear.
    static func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int {
        let left = (bx - ax) * (cy - ay), right = (by - ay) * (cx - ax)
        let det = left - right
        let sum = abs(left) + abs(right)
        // Far from underflow, where the relative bound holds.
        guard sum > 1e-280 else { return 0 }
        let bound = 3.3306690738754716e-16 * sum
        return det > bound ? 1 : -det > bound ? -1 : 0
    }
}
