import Foundation
import GeoKit

/// Slope and aspect of a DEM by Horn's method (Horn 1981; gdaldem's default), in degrees, with
/// true metric cell sizes (``GridMetricSpacing``: per-row Δx and Δy on the ellipsoid for lon/lat DEMs).
///
/// For the 3 × 3 window
/// ```
/// z0 z1 z2
/// z3 z4 z5
/// z6 z7 z8
/// ```
/// ∂z/∂x = [(z2 + 2z5 + z8) − (z0 + 2z3 + z6)] / (8Δx) and ∂z/∂y (north) = [(z0 + 2z1 + z2) − (z6 + 2z7 + z8)] / (8Δy),
/// i.e. the central differences of the three rows (columns) weighted 1 : 2 : 1, Δx and Δy those of
/// the centre row. Slope = atan √((∂z/∂x)² + (∂z/∂y)²); aspect is the azimuth the surface faces
/// (downslope), clockwise from north: atan2(−∂z/∂x, −∂z/∂y) in [0, 360), computed from the metric
/// gradient (gdaldem computes it from unscaled differences, which is right only for square ground
/// cells). A flat cell has no aspect (−9999, as gdaldem).
///
/// Where the window holds everything this is gdaldem's Horn slope exactly. Where a neighbour is
/// missing (the raster's edge, or NoData), its row's (column's) difference is taken one-sided from
/// that row's (column's) middle cell, or, if that is missing too, left out and the 1 : 2 : 1 weights
/// renormalised over what remains; so a plane has its exact slope up to the raster's edge, where
/// gdaldem writes NoData (or, with `-compute_edges`, halves the slope at corners). A NoData centre
/// has no slope.
public enum HornSlope {
    public static let noData: Float = -9999

    /// Slope and aspect (degrees) of rows `rows` of a DEM whose cells `values` hold rows
    /// `readRows` × columns `readColumns` (row-major; the rows and columns around the wanted ones
    /// where the raster has them), for columns `columns` ⊆ `readColumns`. `isNoData` says which
    /// values are missing; `spacing` gives each row's metric Δx, Δy; `northUp` is false for a
    /// south-up grid (rows running north).
    public static func compute(values: [Double], readRows: Range<Int>, readColumns: Range<Int>, rows: Range<Int>, columns: Range<Int>,
                               spacing: (Int) -> (dx: Double, dy: Double), northUp: Bool, eastward: Bool,
                               isNoData: (Double) -> Bool, slope: inout [Float], aspect: inout [Float]) {
        let w = columns.count
        let n = rows.count * w
        if slope.count != n { slope = [Float](repeating: noData, count: n) }
        if aspect.count != n { aspect = [Float](repeating: noData, count: n) }
        let rw = readColumns.count
        @inline(__always) func z(_ col: Int, _ row: Int) -> Double? {
            guard readRows.contains(row), readColumns.contains(col) else { return nil }
            let v = values[(row - readRows.lowerBound) * rw + col - readColumns.lowerBound]
            return isNoData(v) ? nil : v
        }
        let rad = 180 / Double.pi
        /// Slope and aspect from the metric gradient (∂z/∂east, ∂z/∂north).
        func store(_ east: Double, _ north: Double, _ out: Int) {
            slope[out] = Float(atan((east * east + north * north).squareRoot()) * rad)
            if east == 0 && north == 0 {
                aspect[out] = noData
            } else {
                var a = atan2(-east, -north) * rad
                if a < 0 { a += 360 }
                if a >= 360 { a -= 360 }
                aspect[out] = Float(a)
            }
        }
        for (k, row) in rows.enumerated() {
            let (dx, dy) = spacing(row)
            let interiorRow = row - 1 >= readRows.lowerBound && row + 1 < readRows.upperBound
            for (i, col) in columns.enumerated() {
                let out = k * w + i
                // Every neighbour present: Horn's formula as it stands.
                if interiorRow && col - 1 >= readColumns.lowerBound && col + 1 < readColumns.upperBound {
                    let base = (row - readRows.lowerBound) * rw + col - readColumns.lowerBound
                    let z0 = values[base - rw - 1], z1 = values[base - rw], z2 = values[base - rw + 1]
                    let z3 = values[base - 1], z4 = values[base], z5 = values[base + 1]
                    let z6 = values[base + rw - 1], z7 = values[base + rw], z8 = values[base + rw + 1]
                    if !isNoData(z0) && !isNoData(z1) && !isNoData(z2) && !isNoData(z3) && !isNoData(z4)
                        && !isNoData(z5) && !isNoData(z6) && !isNoData(z7) && !isNoData(z8) {
                        var east = ((z2 + 2 * z5 + z8) - (z0 + 2 * z3 + z6)) / (8 * dx)
                        var north = ((z0 + 2 * z1 + z2) - (z6 + 2 * z7 + z8)) / (8 * dy)
                        if !eastward { east = -east }
                        if !northUp { north = -north }
                        store(east, north, out)
                        continue
                    }
                }
                guard z(col, row) != nil else { slope[out] = noData; aspect[out] = noData; continue }
                // Difference along x of row r (metres⁻¹ · dz): central, else one-sided from the middle.
                func rowGradient(_ r: Int) -> Double? {
                    let l = z(col - 1, r), m = z(col, r), rr = z(col + 1, r)
                    if let l, let rr { return (rr - l) / (2 * dx) }
                    if let m, let rr { return (rr - m) / dx }
                    if let l, let m { return (m - l) / dx }
                    return nil
                }
                func columnGradient(_ c: Int) -> Double? {
                    let up = z(c, row - 1), m = z(c, row), down = z(c, row + 1)
                    if let up, let down { return (up - down) / (2 * dy) }
                    if let up, let m { return (up - m) / dy }
                    if let m, let down { return (m - down) / dy }
                    return nil
                }
                var gx = 0.0, wx = 0.0, gy = 0.0, wy = 0.0
                for (r, weight) in [(row - 1, 1.0), (row, 2.0), (row + 1, 1.0)] {
                    if let g = rowGradient(r) { gx += weight * g; wx += weight }
                }
                for (c, weight) in [(col - 1, 1.0), (col, 2.0), (col + 1, 1.0)] {
                    if let g = columnGradient(c) { gy += weight * g; wy += weight }
                }
                guard wx > 0 || wy > 0 else { slope[out] = noData; aspect[out] = noData; continue }
                var east = wx > 0 ? gx / wx : 0
                var north = wy > 0 ? gy / wy : 0
                if !eastward { east = -east }
                if !northUp { north = -north }
                store(east, north, out)
            }
        }
    }
}
