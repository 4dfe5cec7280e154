import Foundation
import GeoKit

/// Writes a DEM's terrain rasters and class polygons into one folder, atomically (``OutputFolder``:
/// a hidden partial folder renamed into place, replaced only when EcoZone wrote it; refused when it
/// holds an input, ``OutputGuard``):
///
/// - `slope.tif`, `aspect.tif`: Float32 degrees, NoData −9999 (``HornSlope``; aspect −9999 on flat cells);
/// - `slope_classes.tif` (UInt8, class 1, 2, … from the gentlest, NoData 0) and `slope_classes.gpkg`,
///   its regions as polygons (layer `slope_classes`: `class`, `from_deg`, `to_deg`), in the DEM's CRS;
/// - with elevation breaks, `elevation_bands.tif` and `elevation_bands.gpkg` (`band`, `from_m`, `to_m`;
///   an open end is NULL) likewise;
/// - `summary.json`: the report.
///
/// The DEM is read and the rasters written a strip at a time (``RasterReader``, ``RasterStripWriter``);
/// polygons are traced from the class rasters on disk (`GDALPolygonize`), 4-connected. A project lists
/// the GeoPackages as layers (e.g. `steep: { source: terrain/slope_classes.gpkg, where: "class = 3" }`).
public enum TerrainOutput {
    public static let files = ["slope.tif", "aspect.tif", "slope_classes.tif", "slope_classes.gpkg",
                               "elevation_bands.tif", "elevation_bands.gpkg", "summary.json"]

    public static func write(dem path: String, report: TerrainReport, options: TerrainOptions, to directory: String,
                             guard rules: OutputGuard) throws {
        let folder = try OutputFolder(directory, guard: rules, command: "terrain")
        do {
            try writeContents(dem: path, report: report, options: options, into: folder.partial.path)
            try folder.commit()
        } catch {
            folder.discard()
            throw folder.relocated(error)
        }
    }

    static func writeContents(dem path: String, report: TerrainReport, options: TerrainOptions, into dir: String) throws {
        let reader = try RasterReader(path, band: options.band)
        let info = reader.info
        guard let crs = info.crs else {
            throw GeoKitError(.input, "the DEM declares no coordinate reference system", file: path)
        }
        let t = info.geoTransform
        let spacing = GridMetricSpacing(geoTransform: t, crs: crs)
        let slopeWriter = try RasterStripWriter<Float>(path: "\(dir)/slope.tif", width: info.width, height: info.height,
                                                       geoTransform: t, crs: crs, noData: Double(HornSlope.noData))
        let aspectWriter = try RasterStripWriter<Float>(path: "\(dir)/aspect.tif", width: info.width, height: info.height,
                                                        geoTransform: t, crs: crs, noData: Double(HornSlope.noData))
        let classWriter = try RasterStripWriter<UInt8>(path: "\(dir)/slope_classes.tif", width: info.width, height: info.height,
                                                       geoTransform: t, crs: crs, noData: 0)
        let bands = !options.elevationBreaks.isEmpty
        let bandWriter = bands ? try RasterStripWriter<UInt8>(path: "\(dir)/elevation_bands.tif", width: info.width, height: info.height,
                                                               geoTransform: t, crs: crs, noData: 0) : nil
        let stripRows = max(1, options.stripCells / max(info.width, 1))
        var values: [Double] = [], slope: [Float] = [], aspect: [Float] = []
        var r0 = 0
        while r0 < info.height {
            let r1 = min(info.height, r0 + stripRows)
            let readRows = max(0, r0 - 1)..<min(info.height, r1 + 1)
            try reader.read(RasterWindow(col: 0, row: readRows.lowerBound, width: info.width, height: readRows.count), into: &values)
            HornSlope.compute(values: values, readRows: readRows, readColumns: 0..<info.width, rows: r0..<r1, columns: 0..<info.width,
                              spacing: spacing.spacing(row:), northUp: t.pixelHeight < 0, eastward: t.pixelWidth > 0,
                              isNoData: reader.isNoData, slope: &slope, aspect: &aspect)
            try slopeWriter.write(row: r0, values: slope)
            try aspectWriter.write(row: r0, values: aspect)
            try classWriter.write(row: r0, values: slope.map { s in
                s == HornSlope.noData ? 0 : UInt8((options.slopeBreaks.firstIndex { Double(s) < $0 } ?? options.slopeBreaks.count) + 1)
            })
            if let bandWriter {
                let offset = (r0 - readRows.lowerBound) * info.width
                try bandWriter.write(row: r0, values: (0..<((r1 - r0) * info.width)).map { i in
                    let z = values[offset + i]
                    return reader.isNoData(z) ? 0 : UInt8((options.elevationBreaks.firstIndex { z < $0 } ?? options.elevationBreaks.count) + 1)
                })
            }
            r0 = r1
        }
        try slopeWriter.commit()
        try aspectWriter.commit()
        try classWriter.commit()
        try bandWriter?.commit()
        try polygons(from: "\(dir)/slope_classes.tif", to: "\(dir)/slope_classes.gpkg", layer: "slope_classes", crs: crs,
                     fields: ["class", "from_deg", "to_deg"], ranges: options.slopeClasses.map { (Optional($0.0), Optional($0.1)) })
        if bands {
            try polygons(from: "\(dir)/elevation_bands.tif", to: "\(dir)/elevation_bands.gpkg", layer: "elevation_bands", crs: crs,
                         fields: ["band", "from_m", "to_m"], ranges: options.elevationBands)
        }
        try writeAtomically(try JSONOutput.data(report), to: "\(dir)/summary.json")
    }

    private static func polygons(from raster: String, to path: String, layer: String, crs: CRS, fields: [String],
                                 ranges: [(Double?, Double?)]) throws {
        let writer = try VectorWriter(path: path, layerName: layer, crs: crs, geometryKind: .polygon,
                                      fields: [FieldDefinition(name: fields[0], type: .integer), FieldDefinition(name: fields[1], type: .real),
                                               FieldDefinition(name: fields[2], type: .real)])
        try RasterVectorize.polygonize(path: raster) { p in
            let k = Int(p.value)
            guard k >= 1, k <= ranges.count else { return }
            let (from, to) = ranges[k - 1]
            try writer.write(wkb: p.wkb, values: [.integer(Int64(k)), from.map { .real($0) } ?? .null, to.map { .real($0) } ?? .null])
        }
        try writer.commit()
    }
}
