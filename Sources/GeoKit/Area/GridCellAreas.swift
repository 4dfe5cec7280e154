import Foundation

/// The ground area, in m² on the ellipsoid, of each cell of a north-up grid: what a cell weighs in
/// an ellipsoidal (national-rule) area, never the nominal a × b of its sides.
///
/// - **Lon/lat grids** (a geographic CRS): a cell is bounded by two parallels and two meridians, and
///   its area on the CGCS2000 ellipsoid is exact (Snyder 3-11/3-12, PROJ's authalic latitude):
///   A = (a²/2) · Δλ · |q(φ₂) − q(φ₁)|, q(φ) = (1 − e²)[sin φ / (1 − e² sin² φ) + atanh(e sin φ) / e],
///   Δλ in radians. Cells of one row share one area; rows shrink towards the poles. The
///   coordinates are read as CGCS2000 whatever the datum (WGS 84 differs by centimetres, and its
///   ellipsoid's areas by ~2e-11).
/// - **Projected grids**: A = |Δx · Δy| / s, where s is the CRS's areal scale factor at the cell's
///   centre (``ArealScale``, PROJ's `proj_factors`; s = k² for Gauss–Krüger and UTM, 1 for an
///   equal-area projection), on the CRS's own ellipsoid. s is evaluated exactly at the centres of a
///   lattice of cells at most 1 km (and 64 cells) apart and interpolated bilinearly between them:
///   s varies on the scale of the Earth's radius, so the interpolation is good to better than 1e-8
///   (L²/8 · |s″| with L ≤ 1 km, |s″| ≈ 1/R²); taking s at the centre for the whole cell is good to
///   ~(cell / R)². A 30 m cell near 106.5°E 29.5°N in CGCS2000 3° Gauss–Krüger zone 35 (CM 105°E)
///   measures 900 / 1.000522 = 899.53 m².
///
/// Rows and columns may lie beyond the raster (negative, or past its size): the grid continues
/// there with the same spacing, so an area can be given to the part of a zone the raster misses.
public final class GridCellAreas {
    public let geoTransform: GeoTransform
    public let crs: CRS
    public let isGeographic: Bool
    /// Columns and rows the lattice of scale factors covers (projected grids).
    public let columns: Range<Int>
    public let rows: Range<Int>
    private let ellipsoid: Ellipsoid
    private let step: Int
    private var lattice: [Double] = []
    private var latticeColumns = 0
    private var latticeRows = 0

    /// - Parameters:
    ///   - columns, rows: the cells whose areas will be asked for (may reach beyond the raster).
    ///   - ellipsoid: for lon/lat grids (CGCS2000 by default).
    public init(geoTransform t: GeoTransform, crs: CRS, columns: Range<Int>, rows: Range<Int>, ellipsoid: Ellipsoid = .cgcs2000) throws {
        guard t.rotationX == 0, t.rotationY == 0, t.pixelWidth != 0, t.pixelHeight != 0 else {
            throw GeoKitError(.input, "cell areas need a grid whose rows run east–west (no rotation terms in the geotransform)")
        }
        guard crs.isGeographic || crs.isProjected else {
            throw GeoKitError(.projection, "cell areas need a geographic or projected CRS; \(crs) is neither")
        }
        geoTransform = t
        self.crs = crs
        self.isGeographic = crs.isGeographic
        self.columns = columns
        self.rows = rows
        self.ellipsoid = ellipsoid
        if crs.isGeographic {
            step = 1
            return
        }
        let cell = max(abs(t.pixelWidth), abs(t.pixelHeight))
        step = max(1, min(64, Int(1000 / cell)))
        let scale = try ArealScale(crs)
        latticeColumns = (max(columns.count, 1) - 1 + step - 1) / step + 1
        latticeRows = (max(rows.count, 1) - 1 + step - 1) / step + 1
        lattice = [Double](repeating: 0, count: latticeColumns * latticeRows)
        for j in 0..<latticeRows {
            let row = min(rows.lowerBound + j * step, max(rows.upperBound - 1, rows.lowerBound))
            for i in 0..<latticeColumns {
                let col = min(columns.lowerBound + i * step, max(columns.upperBound - 1, columns.lowerBound))
                let c = t.cellCenter(col: col, row: row)
                lattice[j * latticeColumns + i] = 1 / (try scale.factor(x: c.x, y: c.y))
            }
        }
    }

    /// Area in m² of a lon/lat cell between latitudes `lat1` and `lat2` (degrees, clamped to ±90)
    /// `dLon` degrees wide, on `ellipsoid`: (a²/2)·Δλ·|q(φ₂) − q(φ₁)|.
    public static func lonLatCellArea(lat1: Double, lat2: Double, dLon: Double, on ellipsoid: Ellipsoid = .cgcs2000) -> Double {
        let a = ellipsoid.semiMajorAxis, f = 1 / ellipsoid.inverseFlattening
        let e2 = f * (2 - f), e = e2.squareRoot()
        func q(_ degrees: Double) -> Double {
            let s = sin(max(-90, min(90, degrees)) * .pi / 180)
            return (1 - e2) * (s / (1 - e2 * s * s) + atanh(e * s) / e)
        }
        return a * a / 2 * abs(dLon * .pi / 180) * abs(q(lat2) - q(lat1))
    }

    /// The areas (m²) of the cells of `row` in `cols`, written into `buffer` (resized).
    public func areas(row: Int, cols: Range<Int>, into buffer: inout [Double]) {
        if buffer.count != cols.count { buffer = [Double](repeating: 0, count: cols.count) }
        let t = geoTransform
        if isGeographic {
            let top = t.originY + Double(row) * t.pixelHeight
            let a = Self.lonLatCellArea(lat1: top, lat2: top + t.pixelHeight, dLon: t.pixelWidth, on: ellipsoid)
            for k in 0..<cols.count { buffer[k] = a }
            return
        }
        precondition(rows.contains(row) && cols.lowerBound >= columns.lowerBound && cols.upperBound <= columns.upperBound,
                     "cell areas asked outside the lattice")
        let nominal = abs(t.pixelWidth * t.pixelHeight)
        let fr = Double(row - rows.lowerBound) / Double(step)
        let j0 = min(Int(fr), latticeRows - 1), j1 = min(j0 + 1, latticeRows - 1)
        let wy = j1 == j0 ? 0 : rowWeight(row: row, j0: j0)
        // Plain indices and buffers: this runs once per cell of every strip (a debug build spends most of a zonal
        // pass in generic iteration otherwise).
        let c0 = columns.lowerBound, cEnd = columns.upperBound, step = self.step, lc = latticeColumns
        lattice.withUnsafeBufferPointer { l in
            buffer.withUnsafeMutableBufferPointer { out in
                for k in 0..<cols.count {
                    let col = cols.lowerBound + k
                    let i0 = min((col - c0) / step, lc - 1), i1 = min(i0 + 1, lc - 1)
                    var wx = 0.0
                    if i1 != i0 {
                        let x0 = c0 + i0 * step, x1 = min(c0 + (i0 + 1) * step, cEnd - 1)
                        wx = x1 == x0 ? 0 : Double(col - x0) / Double(x1 - x0)
                    }
                    let a = l[j0 * lc + i0] * (1 - wx) + l[j0 * lc + i1] * wx
                    let b = l[j1 * lc + i0] * (1 - wx) + l[j1 * lc + i1] * wx
                    out[k] = nominal * (a * (1 - wy) + b * wy)
                }
            }
        }
    }

    /// Where `row` lies between lattice rows j0 and j0 + 1 (the last lattice row may be nearer
    /// than `step`: it sits on the last row asked for).
    private func rowWeight(row: Int, j0: Int) -> Double {
        let r0 = rows.lowerBound + j0 * step
        let r1 = min(rows.lowerBound + (j0 + 1) * step, rows.upperBound - 1)
        return r1 == r0 ? 0 : Double(row - r0) / Double(r1 - r0)
    }

}
