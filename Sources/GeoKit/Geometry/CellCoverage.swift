import Foundation

/// How much of a cell a polygon claims.
public enum CoverageRule: String, Sendable, Codable, CaseIterable {
    /// The exact fraction of the cell's area inside the polygon, in [0, 1] — the exactextract rule
    /// (isciences/exactextract, "Method"): the cell is a rectangle in the raster's CRS (for a lon/lat
    /// raster a rectangle in degrees, polygon edges straight in lon/lat), and the fraction is planar
    /// there. A cell the polygon covers wholly counts 1, a cell it misses 0, a cell its boundary
    /// crosses the share of its area inside.
    case exact
    /// GDAL's default rasterisation (`gdal_rasterize` without `-at`, `GDALRasterizeGeometries` with
    /// `ALL_TOUCHED=FALSE`): a cell counts 1 when its centre lies inside the polygon, else 0.
    /// Scanlines through the cell centres cross edges half-open in y (an edge from y₁ < y₂ counts
    /// when y₁ ≤ y < y₂), crossings are rounded to cell boundaries as GDAL's `llrasterize` rounds
    /// them (a centre exactly on a crossing belongs to the span on its left), and spans are filled
    /// between pairs of sorted crossings (even–odd). A horizontal edge lying exactly on a centre
    /// line is not filled on its own (GDAL fills some of them); with coordinates in general position
    /// the two agree cell for cell.
    case centre
}

/// A polygon's edges in grid coordinates (u = column, v = row, both continuous: cell (c, r) is
/// [c, c+1] × [r, r+1]), ready for ``CellCoverage``. Built from a polygon in the grid's CRS with
/// the grid's geotransform, which must have no rotation terms (north-up or south-up).
public struct GridPolygon: Sendable {
    struct Edge: Sendable {
        var u1: Double, v1: Double, u2: Double, v2: Double
        /// +1 or −1: makes shells count positive and holes negative whatever the rings' orientation.
        var sign: Double
        var vLow: Double { min(v1, v2) }
        var vHigh: Double { max(v1, v2) }
    }

    var edges: [Edge]
    /// The cells the polygon's bounding box touches (may reach beyond the raster, or be empty).
    public let columns: Range<Int>
    public let rows: Range<Int>

    /// - Parameter polygon: a polygon or multipolygon in the grid's CRS; its parts must not overlap
    ///   (overlaps count twice: union or repair first). Other kinds contribute nothing.
    public init(_ polygon: Geometry, geoTransform t: GeoTransform) throws {
        guard t.rotationX == 0, t.rotationY == 0, t.pixelWidth != 0, t.pixelHeight != 0 else {
            throw GeoKitError(.input, "cell coverage needs a grid without rotation terms in its geotransform")
        }
        var edges: [Edge] = []
        var minU = Double.infinity, minV = Double.infinity, maxU = -Double.infinity, maxV = -Double.infinity
        try polygon.forEachPolygonRing { _, ring, xs, ys in
            let n = min(xs.count, ys.count)
            guard n >= 4 else { return }
            var us = [Double](repeating: 0, count: n), vs = [Double](repeating: 0, count: n)
            var twiceArea = 0.0
            for i in 0..<n {
                guard xs[i].isFinite, ys[i].isFinite else {
                    throw GeoKitError(.geometry, "a polygon vertex is not a finite number (\(xs[i]), \(ys[i]))")
                }
                us[i] = (xs[i] - t.originX) / t.pixelWidth
                vs[i] = (ys[i] - t.originY) / t.pixelHeight
            }
            for i in 1..<n { twiceArea += us[i - 1] * vs[i] - us[i] * vs[i - 1] }
            guard twiceArea != 0 else { return }
            let sign = (ring == 0 ? 1.0 : -1.0) * (twiceArea > 0 ? 1 : -1)
            for i in 1..<n {
                edges.append(Edge(u1: us[i - 1], v1: vs[i - 1], u2: us[i], v2: vs[i], sign: sign))
                minU = min(minU, us[i]); maxU = max(maxU, us[i]); minV = min(minV, vs[i]); maxV = max(maxV, vs[i])
            }
        }
        guard !edges.isEmpty else {
            self.edges = []
            columns = 0..<0
            rows = 0..<0
            return
        }
        let limit = Double(Int32.max)
        guard abs(minU) < limit, abs(maxU) < limit, abs(minV) < limit, abs(maxV) < limit else {
            throw GeoKitError(.geometry, "the polygon lies more than \(Int32.max) cells from the raster")
        }
        self.edges = edges.sorted { $0.vLow < $1.vLow }
        columns = Int(minU.rounded(.down))..<max(Int(maxU.rounded(.up)), Int(minU.rounded(.down)) + 1)
        rows = Int(minV.rounded(.down))..<max(Int(maxV.rounded(.up)), Int(minV.rounded(.down)) + 1)
    }
}

/// The coverage fractions of the cells of a polygon's bounding box (``GridPolygon/columns`` ×
/// ``GridPolygon/rows``), a strip of rows at a time, top to bottom, so that a polygon spanning a
/// raster of any size needs memory for one strip only.
///
/// **Exact rule.** By Green's theorem the area of polygon P inside cell [c, c+1] × [r, r+1] is
/// ∮_∂P g(v) du taken over the parts of the boundary with u in [c, c+1], where g(v) = clamp(r + 1 − v, 0, 1)
/// and ∂P runs with positive orientation (holes the other way). Along an edge v is linear in u, so each
/// edge's share in each column and row is a closed form: the edge is cut at column boundaries, and
/// for each piece (signed width Δu, from v_a to v_b) row r receives Δu × the mean of clamp(r + 1 − v)
/// along the piece. Rows the piece lies wholly above receive Δu in full: that is carried down the
/// column as a running sum, so the cost is the cells of the box plus the cells the boundary
/// crosses, and no cell needs a polygon clip. This computes exactextract's quantity by another
/// algorithm (exactextract walks each ring through the cells and flood-fills the interior).
/// Fractions within 1e-10 of 0 or 1 are set to it (rounding of the running sums).
///
/// **Centre rule**: see ``CoverageRule/centre``.
///
/// Pure Swift on ``GridPolygon``'s values: a coverage may be used on any one thread.
public final class CellCoverage {
    public let polygon: GridPolygon
    public let rule: CoverageRule
    private var nextRow: Int
    private var started = 0
    private var active: [Int] = []
    private var carry: [Double]

    public init(_ polygon: GridPolygon, rule: CoverageRule) {
        self.polygon = polygon
        self.rule = rule
        nextRow = polygon.rows.lowerBound
        carry = [Double](repeating: 0, count: polygon.columns.count)
    }

    /// Fractions for `rows` (row-major, `rows.count × polygon.columns.count`) into `fractions`
    /// (resized). Strips must follow one another down the box, beginning at its first row or above
    /// (rows outside the box are all 0).
    public func next(rows: Range<Int>, into fractions: inout [Double]) {
        let width = polygon.columns.count
        let count = rows.count * width
        if fractions.count != count { fractions = [Double](repeating: 0, count: count) } else {
            for i in 0..<count { fractions[i] = 0 }
        }
        guard !rows.isEmpty, width > 0 else { return }
        let from = max(rows.lowerBound, polygon.rows.lowerBound), to = min(rows.upperBound, polygon.rows.upperBound)
        guard from < to else { return }
        precondition(from == nextRow, "strips must follow one another down the polygon's box")
        nextRow = to
        // Edges that reach this strip: sorted by their lowest v, added once their top is above the strip's end.
        let edges = polygon.edges
        while started < edges.count, edges[started].vLow < Double(to) {
            active.append(started)
            started += 1
        }
        let offset = (from - rows.lowerBound) * width
        switch rule {
        case .exact: exact(from: from, to: to, offset: offset, into: &fractions)
        case .centre: centre(from: from, to: to, offset: offset, into: &fractions)
        }
    }

    // MARK: exact

    private func exact(from r0: Int, to r1: Int, offset: Int, into out: inout [Double]) {
        let width = polygon.columns.count, c0 = polygon.columns.lowerBound
        let stripRows = r1 - r0
        var fullStart = [Double](repeating: 0, count: stripRows * width)
        let edges = polygon.edges
        var keep: [Int] = []
        keep.reserveCapacity(active.count)
        for index in active {
            let e = edges[index]
            let du = e.u2 - e.u1
            if du != 0 {
                let uLow = min(e.u1, e.u2), uHigh = max(e.u1, e.u2)
                let firstColumn = max(Int(uLow.rounded(.down)), c0)
                let lastColumn = min(Int(uHigh.rounded(.up)) - 1, c0 + width - 1)
                let slope = (e.v2 - e.v1) / du
                let direction = du > 0 ? 1.0 : -1.0
                if firstColumn <= lastColumn {
                    for c in firstColumn...lastColumn {
                        let ua = max(uLow, Double(c)), ub = min(uHigh, Double(c + 1))
                        let width_ = ub - ua
                        if width_ <= 0 { continue }
                        let va = ua == e.u1 ? e.v1 : (ua == e.u2 ? e.v2 : e.v1 + (ua - e.u1) * slope)
                        let vb = ub == e.u1 ? e.v1 : (ub == e.u2 ? e.v2 : e.v1 + (ub - e.u1) * slope)
                        let delta = e.sign * direction * width_
                        let vLow = min(va, vb), vHigh = max(va, vb)
                        let partialFrom = max(r0, Int(vLow.rounded(.down)))
                        let full = Int(vHigh.rounded(.up))
                        let partialTo = min(r1, full)
                        let column = c - c0
                        if partialFrom < partialTo {
                            for r in partialFrom..<partialTo {
                                let top = Double(r + 1)
                                out[offset + (r - r0) * width + column] += delta * Self.meanClamp(top - va, top - vb)
                            }
                        }
                        if full >= r0 && full < r1 {
                            fullStart[(full - r0) * width + column] += delta
                        }
                    }
                }
            }
            if Int(e.vHigh.rounded(.up)) >= r1 { keep.append(index) }
        }
        active = keep
        for k in 0..<stripRows {
            let base = k * width
            for column in 0..<width {
                carry[column] += fullStart[base + column]
                var f = out[offset + base + column] + carry[column]
                if f < 1e-10 { f = 0 } else if f > 1 - 1e-10 { f = 1 }
                out[offset + base + column] = f
            }
        }
    }

    /// The mean of clamp(s, 0, 1) for s running linearly from p to q.
    @inline(__always)
    static func meanClamp(_ p: Double, _ q: Double) -> Double {
        let lo = min(p, q), hi = max(p, q)
        if hi <= 0 { return 0 }
        if lo >= 1 { return 1 }
        let w = hi - lo
        if w == 0 { return lo }
        let a = max(lo, 0), b = min(hi, 1)
        let middle = (b - a) * (a + b) / 2
        let above = max(0, hi - max(lo, 1))
        return (middle + above) / w
    }

    // MARK: centre

    private func centre(from r0: Int, to r1: Int, offset: Int, into out: inout [Double]) {
        let width = polygon.columns.count, c0 = polygon.columns.lowerBound
        let edges = polygon.edges
        var crossings: [Int] = []
        for r in r0..<r1 {
            let y = Double(r) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for index in active {
                let e = edges[index]
                let (ya, xa, yb, xb) = e.v1 < e.v2 ? (e.v1, e.u1, e.v2, e.u2) : (e.v2, e.u2, e.v1, e.u1)
                guard ya < yb, y >= ya, y < yb else { continue }
                let x = (y - ya) * (xb - xa) / (yb - ya) + xa
                crossings.append(Int((x + 0.5).rounded(.down)))
            }
            crossings.sort()
            var i = 0
            let base = offset + (r - r0) * width
            while i + 1 < crossings.count {
                let first = max(crossings[i], c0), last = min(crossings[i + 1] - 1, c0 + width - 1)
                if first <= last {
                    for c in first...last { out[base + c - c0] = 1 }
                }
                i += 2
            }
        }
        active = active.filter { edges[$0].vHigh > Double(r1) - 0.5 }
    }
}
