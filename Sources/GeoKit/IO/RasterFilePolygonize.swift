internal import CGDAL
import Foundation

extension RasterVectorize {
    /// Traces the connected regions of equal non-zero value of a band on disk as polygons
    /// (`GDALPolygonize` on the file's band, with the band itself as mask so that 0 is left out,
    /// into an in-memory OGR layer; then `OGR_G_ExportToWkb`). GDAL reads the band a block at a
    /// time, so the raster need not fit in memory; the polygons do. Regions are 4-connected unless
    /// `eightConnected`; each is one polygon with its holes, edges on cell boundaries, in the
    /// raster's map coordinates. `body` receives them one by one, in GDAL's order.
    public static func polygonize(path: String, band: Int = 1, eightConnected: Bool = false,
                                  _ body: (LabeledPolygon) throws -> Void) throws {
        try RasterIO.withDataset(path) { ds in
            try withGDALMessages { messages in
                guard let b = GDALGetRasterBand(ds, Int32(band)) else {
                    throw GeoKitError(.input, "the raster has no band \(band)", file: path)
                }
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
                guard GDALPolygonize(b, b, layer, 0, options.pointer, nil, nil) == CE_None else {
                    throw GeoKitError(.geometry, "GDALPolygonize failed: \(messages.lastFailure ?? "unknown error")", file: path)
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
        }
    }
}
