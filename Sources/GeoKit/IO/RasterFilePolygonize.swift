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
                try traceRegions(band: b, mask: b, eightConnected: eightConnected, messages: messages, file: path, body)
            }
        }
    }
}
