internal import CGDAL
import Foundation

/// Writes a single-band, DEFLATE-compressed, tiled GeoTIFF a strip of rows at a time, so that a
/// raster larger than memory can be written (``RasterIO/writeGeoTIFF(_:to:)`` needs the whole grid).
///
/// The file is written under a hidden name beside `path` and renamed into place by ``commit()``
/// only once GDAL reports nothing wrong; dropping the writer without committing removes it. Every
/// GDAL step is checked: `GDALCreate`, the geotransform, the CRS (`OSRSetFromUserInput`,
/// `OSRExportToWkt`, `GDALSetProjection`), the NoData value, each `GDALRasterIO` write,
/// `GDALFlushRasterCache`, and any `CE_Failure` GDAL raises while closing (`GDALFlushCache` and
/// `GDALClose` return nothing in GDAL 3.6: a full disk, a file-size limit). ``RasterIO/writeGeoTIFF(_:to:)``
/// writes a whole grid through it as one strip.
///
/// Owns a GDAL dataset: keep it on the thread that made it.
public final class RasterStripWriter<Element: RasterElement> {
    public let path: String
    public let width: Int
    public let height: Int
    private let temporary: String
    private var dataset: GDALDatasetH?
    private var band: GDALRasterBandH?

    public init(path: String, width: Int, height: Int, geoTransform t: GeoTransform, crs: CRS?, noData: Double?) throws {
        self.path = path
        self.width = width
        self.height = height
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier).tif").path
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw GeoKitError(.output, "a GeoTIFF holds 1 to \(Int32.max) cells a side; the grid has \(width) × \(height)", file: path)
        }
        let tmp = temporary
        try withGDALMessages { messages in
            func fail(_ what: String) -> GeoKitError {
                GeoKitError(.output, "\(what): \(messages.failures.first?.text ?? "GDAL gave no reason")", file: path)
            }
            guard let driver = GDALGetDriverByName("GTiff") else { throw GeoKitError(.output, "GDAL has no GTiff driver", file: path) }
            let options = StringList([("COMPRESS", "DEFLATE"), ("TILED", "YES"), ("BIGTIFF", "IF_SAFER")])
            guard let ds = GDALCreate(driver, tmp, Int32(width), Int32(height), 1, Element.rasterDataType.gdal, options.pointer) else {
                throw fail("cannot create the GeoTIFF")
            }
            dataset = ds
            var gt = [t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight]
            guard GDALSetGeoTransform(ds, &gt) == CE_None else { throw fail("cannot set the geotransform") }
            if let crs {
                let srs = OSRNewSpatialReference(nil)
                defer { OSRRelease(srs) }
                var wkt: UnsafeMutablePointer<CChar>?
                defer { if let wkt { VSIFree(wkt) } }
                guard OSRSetFromUserInput(srs, crs.definition) == OGRERR_NONE, OSRExportToWkt(srs, &wkt) == OGRERR_NONE, let wkt else {
                    throw fail("cannot express the CRS \(crs) for GDAL")
                }
                guard GDALSetProjection(ds, wkt) == CE_None else { throw fail("cannot set the CRS") }
            }
            guard let b = GDALGetRasterBand(ds, 1) else { throw fail("the new GeoTIFF has no band") }
            band = b
            if let noData {
                guard GDALSetRasterNoDataValue(b, noData) == CE_None else { throw fail("cannot set the NoData value") }
            }
        }
    }

    deinit {
        if let dataset {
            GDALClose(dataset)
            unlink(temporary)
        }
    }

    /// Writes `values` (row-major, a whole number of rows of ``width`` cells) starting at row `row`.
    public func write(row: Int, values: [Element]) throws {
        guard let band, !values.isEmpty else { return }
        precondition(values.count % width == 0, "a strip holds whole rows")
        let rows = values.count / width
        precondition(row >= 0 && row + rows <= height, "the strip must lie inside the raster")
        var copy = values
        let w = width, path = path
        try withGDALMessages { messages in
            let err = copy.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Write, 0, Int32(row), Int32(w), Int32(rows), buf.baseAddress,
                             Int32(w), Int32(rows), Element.rasterDataType.gdal, 0, 0)
            }
            guard err == CE_None else {
                throw GeoKitError(.output, "cannot write rows \(row)…\(row + rows - 1): \(messages.failures.first?.text ?? "GDAL gave no reason")", file: path)
            }
        }
    }

    /// Flushes and closes the file and renames it into place. On failure the hidden file is
    /// removed and `path` is left as it was.
    public func commit() throws {
        guard let ds = dataset, let band else { return }
        dataset = nil
        let path = path, tmp = temporary
        do {
            try withGDALMessages { messages in
                let flushed = GDALFlushRasterCache(band) == CE_None
                GDALFlushCache(ds)
                GDALClose(ds)
                guard flushed, messages.failures.isEmpty else {
                    throw GeoKitError(.output, "cannot finish the GeoTIFF: \(messages.failures.first?.text ?? "GDAL gave no reason")", file: path)
                }
            }
        } catch {
            unlink(tmp)
            throw error
        }
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw GeoKitError(.output, "cannot move the finished file into place: \(reason)", file: path)
        }
    }
}
