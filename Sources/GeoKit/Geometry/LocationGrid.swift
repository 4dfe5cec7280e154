import Foundation

/// A polygon's envelope cut into `cells` × `cells` cells, each known to lie in the polygon's interior,
/// outside the polygon, or to touch its boundary: a geometry whose envelope lies in interior cells is
/// inside the polygon (what a prepared `containsProperly` would say), one whose envelope lies in
/// outside cells does not meet it — without any GEOS test. For a large polygon (a town, a zone) met by
/// many small ones (erosion patches), most of which lie far from its boundary.
///
/// Built in one sweep, without GEOS: every cell that the closed bounding box of a ring edge meets is a
/// boundary cell (exact comparisons with the cells' own edges); any other cell holds no boundary point,
/// so it lies wholly inside or wholly outside, which the parity of the ring crossings left of its centre
/// on its row tells (half-open rule, even–odd, right for a valid polygon with holes and parts). A
/// crossing is at least half a cell from such a centre, far beyond the rounding of its computed
/// position. Units: those of the coordinates.
public struct LocationGrid: Sendable {
    public enum Location: Sendable { case inside, outside }

    public let envelope: Envelope
    public let cells: Int
    let cellWidth: Double
    let cellHeight: Double
    /// Row-major: 1 interior, 2 outside, 3 touches the boundary.
    private var states: [UInt8]

    /// The grid over `envelope` (the polygon's) of the polygon with these rings (closed, every ring of
    /// every part). nil when the envelope is degenerate, a coordinate is not finite, or cells would be
    /// too small for the coordinates' precision.
    public init?(envelope e: Envelope, cells n: Int, rings: [(xs: [Double], ys: [Double])]) {
        guard n > 0, e.width > 0, e.height > 0 else { return nil }
        let magnitude = max(abs(e.minX), abs(e.maxX), abs(e.minY), abs(e.maxY))
        guard e.width / Double(n) > 1e-9 * magnitude, e.height / Double(n) > 1e-9 * magnitude else { return nil }
        envelope = e
        cells = n
        cellWidth = e.width / Double(n)
        cellHeight = e.height / Double(n)
        states = [UInt8](repeating: 0, count: n * n)
        var crossings = [[Double]](repeating: [], count: n)
        for ring in rings {
            let xs = ring.xs, ys = ring.ys
            for k in 1..<max(xs.count, 1) {
                let x0 = xs[k - 1], y0 = ys[k - 1], x1 = xs[k], y1 = ys[k]
                guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
                let columns = cellRange(min(x0, x1), max(x0, x1), origin: e.minX, size: cellWidth, edge: edgeX)
                let rows = cellRange(min(y0, y1), max(y0, y1), origin: e.minY, size: cellHeight, edge: edgeY)
                for r in rows { for c in columns { states[r * n + c] = 3 } }
                guard y0 != y1 else { continue }
                // Rows whose centre line the edge crosses (half-open in y).
                for r in cellRange(min(y0, y1), max(y0, y1), origin: e.minY, size: cellHeight, edge: edgeY, margin: 1) {
                    let yc = centreY(r)
                    guard (y0 <= yc) != (y1 <= yc) else { continue }
                    crossings[r].append(x0 + (yc - y0) * (x1 - x0) / (y1 - y0))
                }
            }
        }
        for r in 0..<n {
            let xs = crossings[r].sorted()
            var left = 0
            for c in 0..<n {
                let xc = centreX(c)
                while left < xs.count, xs[left] < xc { left += 1 }
                if states[r * n + c] == 0 { states[r * n + c] = left % 2 == 1 ? 1 : 2 }
            }
        }
    }

    /// Where a geometry with `envelope` lies, when the cells it covers (at most `maximumCells`) tell.
    public func location(of envelope: Envelope, maximumCells: Int) -> Location? {
        let e = self.envelope, n = cells
        guard envelope.minX >= e.minX, envelope.maxX <= e.maxX, envelope.minY >= e.minY, envelope.maxY <= e.maxY else { return nil }
        let columns = cellRange(envelope.minX, envelope.maxX, origin: e.minX, size: cellWidth, edge: edgeX)
        let rows = cellRange(envelope.minY, envelope.maxY, origin: e.minY, size: cellHeight, edge: edgeY)
        guard !columns.isEmpty, !rows.isEmpty, columns.count * rows.count <= maximumCells else { return nil }
        // The cells chosen must cover the envelope as computed.
        guard edgeX(columns.lowerBound) <= envelope.minX, edgeX(columns.upperBound) >= envelope.maxX,
              edgeY(rows.lowerBound) <= envelope.minY, edgeY(rows.upperBound) >= envelope.maxY else { return nil }
        let first = states[rows.lowerBound * n + columns.lowerBound]
        guard first != 3 else { return nil }
        for r in rows {
            for c in columns where states[r * n + c] != first { return nil }
        }
        return first == 1 ? .inside : .outside
    }

    // Cell c spans edge(c)…edge(c + 1), the last ending exactly on the envelope.
    func edgeX(_ c: Int) -> Double { c == cells ? envelope.maxX : envelope.minX + Double(c) * cellWidth }
    func edgeY(_ r: Int) -> Double { r == cells ? envelope.maxY : envelope.minY + Double(r) * cellHeight }
    func centreX(_ c: Int) -> Double { (edgeX(c) + edgeX(c + 1)) / 2 }
    func centreY(_ r: Int) -> Double { (edgeY(r) + edgeY(r + 1)) / 2 }

    /// The cells whose closed span meets the closed interval [low, high] (decided by exact comparisons
    /// with `edge`, among candidates one cell either side of the computed ones); with `margin`, every
    /// candidate (for the crossing test, which is exact itself).
    private func cellRange(_ low: Double, _ high: Double, origin: Double, size: Double, edge: (Int) -> Double,
                           margin: Int = 0) -> Range<Int> {
        let n = cells
        func index(_ v: Double) -> Int { Int(max(-2, min(Double(n + 1), ((v - origin) / size).rounded(.down)))) }
        var a = max(0, index(low) - 1), b = min(n - 1, index(high) + 1)
        if margin == 0 {
            while a <= b, edge(a + 1) < low { a += 1 }
            while b >= a, edge(b) > high { b -= 1 }
        }
        return a <= b ? a..<(b + 1) : 0..<0
    }
}
