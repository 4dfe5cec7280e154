import Foundation
import GeoKit

/// Values of one raster at the cell centres of another grid: directly when the two grids are the same
/// (CRS, geotransform and size), else the nearest cell — the one holding the target centre once
/// transformed into the raster's CRS (PROJ, `Transformer`). NoData, and centres beyond the raster, are NaN.
enum RasterSampling {
    /// The grid every factor is brought onto.
    struct Grid {
        var width: Int
        var height: Int
        var geoTransform: GeoTransform
        var crs: CRS
    }

    /// Band 1 of `path`, or with `slope` its Horn slope in degrees (``HornSlope``, true metric cell
    /// sizes), sampled on `grid`.
    static func sample(_ path: String, slope: Bool, on grid: Grid) throws -> [Double] {
        let reader = try RasterReader(path)
        let info = reader.info
        guard let crs = info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: path)
        }
        let cells = Double(info.width) * Double(info.height)
        let limit = Double(SystemMemory.available) / 4
        guard cells * 16 <= limit else {
            throw GeoKitError(.input, "the raster has \(info.width) × \(info.height) cells, more than a resistance factor may hold in memory (\(SystemMemory.describe(limit))); clip it to the grid first", file: path)
        }
        var values: [Double] = []
        try reader.read(RasterWindow(col: 0, row: 0, width: info.width, height: info.height), into: &values)
        let t = info.geoTransform
        if slope {
            guard t.rotationX == 0, t.rotationY == 0 else {
                throw GeoKitError(.input, "the DEM is rotated; warp it north-up first (gdalwarp)", file: path)
            }
            var s: [Float] = [], a: [Float] = []
            let spacing = GridMetricSpacing(geoTransform: t, crs: crs)
            HornSlope.compute(values: values, readRows: 0..<info.height, readColumns: 0..<info.width, rows: 0..<info.height,
                              columns: 0..<info.width, spacing: spacing.spacing(row:), northUp: t.pixelHeight < 0,
                              eastward: t.pixelWidth > 0, isNoData: reader.isNoData, slope: &s, aspect: &a)
            values = s.map { $0 == HornSlope.noData ? .nan : Double($0) }
        } else {
            for i in values.indices where reader.isNoData(values[i]) { values[i] = .nan }
        }
        let transformer = try Transformer(from: grid.crs, to: crs)
        if transformer.isIdentity && t == grid.geoTransform && info.width == grid.width && info.height == grid.height {
            return values
        }
        guard t.rotationX == 0, t.rotationY == 0 else {
            throw GeoKitError(.input, "the raster is rotated; warp it north-up first (gdalwarp)", file: path)
        }
        var out = [Double](repeating: .nan, count: grid.width * grid.height)
        var xs = [Double](repeating: 0, count: grid.width), ys = xs
        for row in 0..<grid.height {
            for col in 0..<grid.width {
                let c = grid.geoTransform.cellCenter(col: col, row: row)
                xs[col] = c.x
                ys[col] = c.y
            }
            if !transformer.isIdentity { try transformer.transform(xs: &xs, ys: &ys) }
            for col in 0..<grid.width {
                let fc = ((xs[col] - t.originX) / t.pixelWidth).rounded(.down)
                let fr = ((ys[col] - t.originY) / t.pixelHeight).rounded(.down)
                guard fc.isFinite, fr.isFinite, fc >= 0, fr >= 0, fc < Double(info.width), fr < Double(info.height) else { continue }
                out[row * grid.width + col] = values[Int(fr) * info.width + Int(fc)]
            }
        }
        return out
    }
}
