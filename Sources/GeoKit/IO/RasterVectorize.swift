internal import CGDAL
import Foundation

/// A polygon traced from a label grid, with the label it carries.
public struct LabeledPolygon: Sendable {
    /// The cell value the polygon encloses.
    public var value: Int32
    /// The polygon as 2-D little-endian WKB, in the grid's map coordinates.
    public var wkb: [UInt8]
}

/// Conversions between polygons and label grids, through GDAL's algorithms (`gdal_alg.h`).
///
/// Both directions work on an in-memory GDAL dataset (the `MEM` raster driver) georeferenced with
/// the caller's ``GeoTransform``; nothing touches the disk. Grids are row-major from the top-left
/// cell, as ``RasterGrid`` holds them.
public enum RasterVectorize {
    /// Burns polygons into an `Int32` label grid by **cell centre**: a cell takes a polygon's label
    /// when its centre lies inside the polygon (`GDALRasterizeGeometries` with `ALL_TOUCHED=FALSE`,
    /// GDAL's default rule; methods.md §4.1). Where polygons overlap, the later one wins. Cells no
    /// polygon covers keep `background`.
    ///
    /// - Parameters:
    ///   - polygons: WKB polygons or multipolygons in the grid's map coordinates.
    ///   - labels: one label per polygon.
    public static func rasterize(polygons: [[UInt8]], labels: [Int32], width: Int, height: Int,
                                 geoTransform: GeoTransform, background: Int32 = 0) throws -> [Int32] {
        precondition(polygons.count == labels.count, "one label per polygon")
        var values = [Int32](repeating: background, count: width * height)
        try withMemoryDataset(width: width, height: height, geoTransform: geoTransform, values: values) { ds, messages in
            var geometries: [OGRGeometryH?] = []
            defer { for g in geometries { OGR_G_DestroyGeometry(g) } }
            for (k, wkb) in polygons.enumerated() {
                var g: OGRGeometryH?
                let err = wkb.withUnsafeBytes { OGR_G_CreateFromWkbEx($0.baseAddress, nil, &g, $0.count) }
                guard err == OGRERR_NONE, let g else {
                    throw GeoKitError(.geometry, "polygon \(k + 1) is not valid WKB")
                }
                geometries.append(g)
            }
            var bands: [Int32] = [1]
            let burn = labels.map(Double.init)
            let options = StringList([("ALL_TOUCHED", "FALSE")])
            let err = geometries.withUnsafeBufferPointer { gs in
                GDALRasterizeGeometries(ds, 1, &bands, Int32(gs.count), gs.baseAddress, nil, nil, burn,
                                        options.pointer, nil, nil)
            }
            guard err == CE_None else {
                throw GeoKitError(.geometry, "GDALRasterizeGeometries failed: \(messages.lastFailure ?? "unknown error")")
            }
            try readBand(ds, into: &values, width: width, height: height, messages: messages)
        }
        return values
    }

    /// Traces the connected regions of equal non-zero value as polygons (`GDALPolygonize` into an
    /// in-memory OGR layer, then `OGR_G_ExportToWkb`). Cells with value 0 are left out (they form
    /// the mask band). Regions are `eightConnected` (diagonal neighbours join) or 4-connected;
    /// each region is one polygon, holes included, its edges on cell boundaries.
    public static func polygonize(values: [Int32], width: Int, height: Int, geoTransform: GeoTransform,
                                  eightConnected: Bool = false) throws -> [LabeledPolygon] {
        precondition(values.count == width * height, "values must hold width × height cells")
        var out: [LabeledPolygon] = []
        try withMemoryDataset(width: width, height: height, geoTransform: geoTransform, values: values) { ds, messages in
            guard let band = GDALGetRasterBand(ds, 1), GDALSetRasterNoDataValue(band, 0) == CE_None,
                  let mask = GDALGetMaskBand(band) else {
                throw GeoKitError(.geometry, "cannot set up the polygonize mask: \(messages.lastFailure ?? "unknown error")")
            }
            try traceRegions(band: band, mask: mask, eightConnected: eightConnected, messages: messages, file: nil) { out.append($0) }
        }
        return out
    }

    /// The regions of `band` where `mask` is non-zero, traced by `GDALPolygonize` into an in-memory
    /// OGR layer (field `value`) and handed to `body` one by one as WKB (`OGR_G_ExportToWkb`), in
    /// GDAL's order. Shared by the in-memory and the on-disk ``polygonize``; `file` names the raster
    /// in errors when there is one.
    static func traceRegions(band: GDALRasterBandH, mask: GDALRasterBandH, eightConnected: Bool, messages: GDALMessageCollector,
                             file: String?, _ body: (LabeledPolygon) throws -> Void) throws {
        guard let driver = GDALGetDriverByName("Memory") ?? GDALGetDriverByName("MEM"),
              let vds = GDALCreate(driver, "polygonize", 0, 0, 0, GDT_Unknown, nil) else {
            throw GeoKitError(.geometry, "GDAL has no in-memory vector driver")
        }
        defer { GDALClose(vds) }
        guard let layer = GDALDatasetCreateLayer(vds, "regions", nil, wkbPolygon, nil) else {
            throw GeoKitError(.geometry, "cannot create the in-memory layer: \(messages.lastFailure ?? "unknown error")")
        }
        let field = OGR_Fld_Create("value", OFTInteger)
        defer { OGR_Fld_Destroy(field) }
        guard OGR_L_CreateField(layer, field, 1) == OGRERR_NONE else {
            throw GeoKitError(.geometry, "cannot create the value field: \(messages.lastFailure ?? "unknown error")")
        }
        let options = StringList(eightConnected ? [("8CONNECTED", "8")] : [])
        guard GDALPolygonize(band, mask, layer, 0, options.pointer, nil, nil) == CE_None else {
            throw GeoKitError(.geometry, "GDALPolygonize failed: \(messages.lastFailure ?? "unknown error")", file: file)
        }
        OGR_L_ResetReading(layer)
        while let f = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(f) }
            guard let g = OGR_F_GetGeometryRef(f) else { continue }
            let size = Int(OGR_G_WkbSizeEx(g))
            var bytes = [UInt8](repeating: 0, count: size)
            let err = bytes.withUnsafeMutableBufferPointer { OGR_G_ExportToWkb(g, wkbNDR, $0.baseAddress) }
            guard err == OGRERR_NONE else { throw GeoKitError(.geometry, "cannot export a traced polygon as WKB") }
            try body(LabeledPolygon(value: Int32(OGR_F_GetFieldAsInteger(f, 0)), wkb: bytes))
        }
    }

    /// A one-band `Int32` `MEM` dataset holding `values`, georeferenced, for the duration of `body`.
    private static func withMemoryDataset(width: Int, height: Int, geoTransform t: GeoTransform, values: [Int32],
                                          _ body: (GDALDatasetH, GDALMessageCollector) throws -> Void) throws {
        precondition(width > 0 && height > 0 && values.count == width * height, "values must hold width × height cells")
        guard width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw GeoKitError(.geometry, "a GDAL raster holds at most \(Int32.max) cells a side; the grid has \(width) × \(height)")
        }
        try withGDALMessages { messages in
            guard let driver = GDALGetDriverByName("MEM"),
                  let ds = GDALCreate(driver, "", Int32(width), Int32(height), 1, GDT_Int32, nil) else {
                throw GeoKitError(.geometry, "cannot create an in-memory raster: \(messages.lastFailure ?? "unknown error")")
            }
            defer { GDALClose(ds) }
            var gt = [t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight]
            guard GDALSetGeoTransform(ds, &gt) == CE_None else {
                throw GeoKitError(.geometry, "cannot georeference the in-memory raster: \(messages.lastFailure ?? "unknown error")")
            }
            guard let band = GDALGetRasterBand(ds, 1) else { throw GeoKitError(.geometry, "the in-memory raster has no band") }
            var copy = values
            let err = copy.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Write, 0, 0, Int32(width), Int32(height), buf.baseAddress,
                             Int32(width), Int32(height), GDT_Int32, 0, 0)
            }
            guard err == CE_None else { throw GeoKitError(.geometry, "cannot fill the in-memory raster: \(messages.lastFailure ?? "unknown error")") }
            try body(ds, messages)
        }
    }

    private static func readBand(_ ds: GDALDatasetH, into values: inout [Int32], width: Int, height: Int,
                                 messages: GDALMessageCollector) throws {
        let err = values.withUnsafeMutableBytes { buf in
            GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, Int32(width), Int32(height), buf.baseAddress,
                         Int32(width), Int32(height), GDT_Int32, 0, 0)
        }
        guard err == CE_None else {
            throw GeoKitError(.geometry, "cannot read the in-memory raster: \(messages.lastFailure ?? "unknown error")")
        }
    }
}
