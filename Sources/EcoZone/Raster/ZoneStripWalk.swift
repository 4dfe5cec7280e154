import Foundation
import GeoKit

/// Walks a raster and a set of zones together, one strip of rows at a time from the top, so that
/// memory holds one strip of cells whatever the raster's size: the strip's raster values (with a
/// halo of rows and columns when asked, for neighbourhood operators such as slope), the
/// ellipsoidal area of each of its cells (``GridCellAreas``) and, zone by zone, the coverage
/// fraction of each cell of the zone's box (``CellCoverage``).
///
/// The walk covers the union of the zones' boxes, which may reach beyond the raster: cells there
/// are "outside" (no value), so the part of a zone the raster does not cover is measured too,
/// by the same rule, instead of silently missing.
final class ZoneStripWalk {
    /// One strip, as handed to the caller.
    struct Strip {
        /// Rows of the strip (may lie partly outside the raster).
        var rows: Range<Int>
        /// The raster cells read: rows and columns (strip ∩ raster, widened by the halo), and
        /// their values row-major.
        var readRows: Range<Int>
        var readColumns: Range<Int>
        var values: [Double]
        /// Cell areas in m², `rows.count × walk.columns.count`, row-major.
        var areas: [Double]

        /// The value at raster (col, row), which must lie in the read window.
        @inline(__always) func value(col: Int, row: Int) -> Double {
            values[(row - readRows.lowerBound) * readColumns.count + col - readColumns.lowerBound]
        }
    }

    let reader: RasterReader
    let polygons: [GridPolygon]
    let coverages: [CellCoverage]
    /// The union of the zones' boxes.
    let columns: Range<Int>
    let rows: Range<Int>
    let areas: GridCellAreas
    let halo: Int

    init(reader: RasterReader, zones: RasterZones, rule: CoverageRule, halo: Int = 0) throws {
        let info = reader.info
        let t = info.geoTransform
        guard t.rotationX == 0, t.rotationY == 0 else {
            throw GeoKitError(.input, "the raster is rotated or sheared (geotransform rotation terms \(t.rotationX), \(t.rotationY)); warp it north-up first (gdalwarp)", file: reader.path)
        }
        guard let crs = info.crs else {
            throw GeoKitError(.input, "the raster declares no coordinate reference system; assign one first (gdal_edit.py -a_srs EPSG:…)", file: reader.path)
        }
        self.reader = reader
        self.halo = halo
        let context = GeometryContext()
        polygons = try zones.zones.map { z in
            do { return try GridPolygon(try Geometry(wkb: z.wkb, context: context), geoTransform: t) } catch let e as GeoKitError {
                throw GeoKitError(e.kind, "zone '\(z.key)': \(e.message)", file: zones.source, layer: zones.layer)
            }
        }
        coverages = polygons.map { CellCoverage($0, rule: rule) }
        let boxes = polygons.filter { !$0.columns.isEmpty }
        if boxes.isEmpty {
            columns = 0..<0
            rows = 0..<0
        } else {
            columns = boxes.map(\.columns.lowerBound).min()!..<boxes.map(\.columns.upperBound).max()!
            rows = boxes.map(\.rows.lowerBound).min()!..<boxes.map(\.rows.upperBound).max()!
        }
        // A zone far beyond the raster (a wrong CRS, another county) would make the walk visit its whole box cell by
        // cell: refuse it with its name rather than run for hours.
        let limit = max(4 * Double(info.width) * Double(info.height), 1e8)
        for (z, p) in polygons.enumerated() where Double(p.columns.count) * Double(p.rows.count) > limit {
            throw GeoKitError(.input, "zone '\(zones.zones[z].key)' spans \(p.columns.count) × \(p.rows.count) cells of the raster's grid, far more than the raster's \(info.width) × \(info.height): it lies mostly beyond the raster (check both CRSs)",
                              file: zones.source, layer: zones.layer)
        }
        do {
            areas = try GridCellAreas(geoTransform: t, crs: crs, columns: columns.isEmpty ? 0..<1 : columns, rows: rows.isEmpty ? 0..<1 : rows)
        } catch let e as GeoKitError {
            throw e.located(file: reader.path)
        }
    }

    /// Calls `strip` for each strip of at most about `maxCells` cells, top to bottom, then `zone`
    /// for each zone whose box meets the strip, with the rows of the zone's box in the strip and
    /// their coverage fractions (`zoneRows.count × polygons[z].columns.count`).
    func run(maxCells: Int, strip prepare: (inout Strip) throws -> Void,
             zone visit: (Int, Strip, Range<Int>, [Double]) throws -> Void) throws {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        let info = reader.info
        let stripRows = max(1, min(rows.count, maxCells / max(columns.count, 1)))
        let blockRows = max(1, (stripRows / reader.blockHeight) * reader.blockHeight)
        var fractions: [Double] = []
        var rowAreas: [Double] = []
        var strip = Strip(rows: 0..<0, readRows: 0..<0, readColumns: 0..<0, values: [], areas: [])
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r1 = min(rows.upperBound, r0 + blockRows)
            strip.rows = r0..<r1
            strip.readRows = span(max(0, r0 - halo), min(info.height, r1 + halo))
            strip.readColumns = span(max(0, columns.lowerBound - halo), min(info.width, columns.upperBound + halo))
            if !strip.readRows.isEmpty && !strip.readColumns.isEmpty {
                try reader.read(RasterWindow(col: strip.readColumns.lowerBound, row: strip.readRows.lowerBound,
                                             width: strip.readColumns.count, height: strip.readRows.count), into: &strip.values)
            } else {
                strip.values = []
            }
            if strip.areas.count != strip.rows.count * columns.count {
                strip.areas = [Double](repeating: 0, count: strip.rows.count * columns.count)
            }
            for (k, row) in strip.rows.enumerated() {
                areas.areas(row: row, cols: columns, into: &rowAreas)
                for i in 0..<columns.count { strip.areas[k * columns.count + i] = rowAreas[i] }
            }
            try prepare(&strip)
            for (z, polygon) in polygons.enumerated() {
                let zr = span(max(r0, polygon.rows.lowerBound), min(r1, polygon.rows.upperBound))
                guard !zr.isEmpty else { continue }
                coverages[z].next(rows: zr, into: &fractions)
                try visit(z, strip, zr, fractions)
            }
            r0 = r1
        }
    }
}

/// lower..<upper, or an empty range at `lower` when upper < lower (a range that would trap).
@inline(__always) func span(_ lower: Int, _ upper: Int) -> Range<Int> { lower..<max(lower, upper) }
