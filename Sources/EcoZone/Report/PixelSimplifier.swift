/// Simplification to the pixel scale before drawing, so that a district of a million vertices draws
/// as a few thousand: vertices closer than `minimumStep` pixels to the last kept one are dropped, then
/// Douglas–Peucker removes vertices within `tolerance` pixels of the simplified line.
enum PixelSimplifier {
    static let minimumStep = 0.5
    static let tolerance = 0.3

    /// A simplified open line; at least its two end points when they are apart.
    static func line(_ points: [MapPoint]) -> [MapPoint] {
        guard points.count > 2 else { return points }
        let thinned = radial(points, closed: false)
        return douglasPeucker(thinned)
    }

    /// A simplified ring without its closing point; empty when fewer than three vertices survive
    /// (the ring is smaller than a pixel).
    static func ring(_ points: [MapPoint]) -> [MapPoint] {
        var pts = points
        if pts.count > 1, pts.first == pts.last { pts.removeLast() }
        guard pts.count >= 3 else { return [] }
        var thinned = radial(pts, closed: true)
        guard thinned.count >= 3 else { return [] }
        // Douglas–Peucker on the ring opened at its first vertex and closed again.
        thinned.append(thinned[0])
        var simplified = douglasPeucker(thinned)
        simplified.removeLast()
        return simplified.count >= 3 ? simplified : []
    }

    private static func radial(_ points: [MapPoint], closed: Bool) -> [MapPoint] {
        let step2 = minimumStep * minimumStep
        var out: [MapPoint] = [points[0]]
        out.reserveCapacity(points.count / 2)
        var last = points[0]
        for p in points.dropFirst() {
            let dx = p.x - last.x, dy = p.y - last.y
            if dx * dx + dy * dy >= step2 { out.append(p); last = p }
        }
        if !closed, let end = points.last, out.last != end {
            // Keep the line's true end point, replacing a kept vertex too close to it.
            if out.count > 1 { out[out.count - 1] = end } else { out.append(end) }
        }
        if closed, out.count > 1 {
            // The last kept vertex may lie within the step of the first: drop it.
            let dx = out[out.count - 1].x - out[0].x, dy = out[out.count - 1].y - out[0].y
            if dx * dx + dy * dy < step2 { out.removeLast() }
        }
        return out
    }

    private static func douglasPeucker(_ pts: [MapPoint]) -> [MapPoint] {
        let n = pts.count
        guard n > 2 else { return pts }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true; keep[n - 1] = true
        var stack: [(Int, Int)] = [(0, n - 1)]
        let tol2 = tolerance * tolerance
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            let pa = pts[a], pb = pts[b]
            let dx = pb.x - pa.x, dy = pb.y - pa.y
            let len2 = dx * dx + dy * dy
            var worst = -1.0, index = -1
            for i in (a + 1)..<b {
                let p = pts[i]
                var d2: Double
                if len2 == 0 {
                    d2 = (p.x - pa.x) * (p.x - pa.x) + (p.y - pa.y) * (p.y - pa.y)
                } else {
                    let cross = (p.x - pa.x) * dy - (p.y - pa.y) * dx
                    d2 = cross * cross / len2
                }
                if d2 > worst { worst = d2; index = i }
            }
            if worst > tol2 {
                keep[index] = true
                stack.append((a, index))
                stack.append((index, b))
            }
        }
        var out: [MapPoint] = []
        for i in 0..<n where keep[i] { out.append(pts[i]) }
        return out
    }
}
