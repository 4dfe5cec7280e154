internal import CGDAL
import Foundation

/// A rectangle of cells: columns `col ..< col + width`, rows `row ..< row + height`, counted from 0
/// at the top-left cell as GDAL counts pixels and lines.
public struct RasterWindow: Sendable, Hashable {
    public var col: Int, row: Int, width: Int, height: Int

    public init(col: Int, row: Int, width: Int, height: Int) {
        self.col = col; self.row = row; self.width = width; self.height = height
    }

    public var cellCount: Int { width * height }
}

/// Reads one band of a raster window by window (`GDALRasterIO` on a sub-window, converted to
/// Float64 by GDAL), so that a raster far larger than memory can be processed a strip of rows at a
/// time: reading a window holds only that window's cells, and GDAL's block cache (`GDAL_CACHEMAX`,
/// by default 5 % of memory) bounds the rest.
///
/// Opening checks the georeferencing as ``RasterIO/info(_:band:)`` does (finite, non-degenerate
/// geotransform; ``CoordinateSanity``'s rules on the extent of the cell centres), so a reader never
/// hands out cells whose position cannot be trusted.
///
/// Owns its GDAL dataset (`GDALOpenEx` … `GDALClose`): keep a reader on the thread that made it.
public final class RasterReader {
    /// The file, as given: named in every error.
    public let path: String
    public let band: Int
    public let info: RasterIO.Info
    /// The band's natural block (`GDALGetBlockSize`): a strip a whole number of blocks high reads
    /// each block once.
    public let blockWidth: Int
    public let blockHeight: Int
    private let dataset: GDALDatasetH
    private let handle: GDALRasterBandH
    private let noData32: Float?

    public init(_ path: String, band: Int = 1) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GeoKitError(.input, "no such file or directory", file: path)
        }
        self.path = path
        self.band = band
        let opened: (GDALDatasetH, RasterIO.Info) = try withGDALMessages { messages in
            let flags = UInt32(GDAL_OF_RASTER) | UInt32(GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
            guard let ds = GDALOpenEx(path, flags, nil, nil, nil) else {
                throw GeoKitError(.input, messages.lastFailure ?? "not a raster GDAL can read", file: path)
            }
            do {
                return (ds, try RasterIO.info(ds, path: path, band: band))
            } catch {
                GDALClose(ds)
                throw error
            }
        }
        dataset = opened.0
        info = opened.1
        guard let b = GDALGetRasterBand(dataset, Int32(band)) else {
            GDALClose(dataset)
            throw GeoKitError(.input, "cannot open band \(band)", file: path)
        }
        handle = b
        var bx: Int32 = 0, by: Int32 = 0
        GDALGetBlockSize(b, &bx, &by)
        blockWidth = max(1, Int(bx))
        blockHeight = max(1, Int(by))
        noData32 = info.noData.map { Float($0) }
    }

    deinit { GDALClose(dataset) }

    /// Reads `window` (which must lie inside the raster) row-major into `buffer`, resized to the
    /// window's cell count, as Float64. Throws, naming the file and the window, when GDAL cannot
    /// read it (a corrupt or truncated file), and, naming the cell, when a cell holds an infinity that
    /// is not the band's NoData: no class, elevation or resistance is infinite, and one such cell
    /// would turn a zone's mean, a slope or a sum into ±inf without a word.
    public func read(_ window: RasterWindow, into buffer: inout [Double]) throws {
        precondition(window.col >= 0 && window.row >= 0 && window.width > 0 && window.height > 0
                     && window.col + window.width <= info.width && window.row + window.height <= info.height,
                     "the window must lie inside the raster")
        if buffer.count != window.cellCount {
            buffer = [Double](repeating: 0, count: window.cellCount)
        }
        let h = handle
        try withGDALMessages { messages in
            let err = buffer.withUnsafeMutableBytes { buf in
                GDALRasterIO(h, GF_Read, Int32(window.col), Int32(window.row), Int32(window.width), Int32(window.height),
                             buf.baseAddress, Int32(window.width), Int32(window.height), GDT_Float64, 0, 0)
            }
            guard err == CE_None else {
                throw GeoKitError(.input, "cannot read band \(band), rows \(window.row)…\(window.row + window.height - 1), columns \(window.col)…\(window.col + window.width - 1): \(messages.lastFailure ?? "GDAL gave no reason")", file: path)
            }
        }
        if let i = buffer.firstIndex(where: { $0.isInfinite && !isNoData($0) }) {
            let row = window.row + i / window.width, col = window.col + i % window.width
            let (x, y) = info.geoTransform.cellCenter(col: col, row: row)
            throw GeoKitError(.input, "band \(band), cell (row \(row), column \(col)) at (\(String(format: "%.8g", x)), \(String(format: "%.8g", y))) holds \(buffer[i]), which no class, elevation or resistance can be; declare it NoData or correct it", file: path)
        }
    }

    /// True for a cell that holds no value: NaN, or the band's declared NoData value (compared as
    /// Float64 and, for Float32 bands whose NoData was written at double precision, as Float32).
    @inline(__always)
    public func isNoData(_ value: Double) -> Bool {
        if value.isNaN { return true }
        guard let nd = info.noData else { return false }
        return value == nd || (noData32 != nil && Float(value) == noData32!)
    }

    /// The band's metadata in the default domain (`GDALGetMetadata`), e.g. `CLASS_1 = 林地`.
    public func metadata() -> [String: String] {
        var out: [String: String] = [:]
        guard var p = GDALGetMetadata(handle, nil) else { return out }
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                out[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return out
    }

    /// The band's category names (`GDALGetRasterCategoryNames`): value → name, empty names left out.
    public func categoryNames() -> [Int: String] {
        var out: [Int: String] = [:]
        guard var p = GDALGetRasterCategoryNames(handle) else { return out }
        var value = 0
        while let entry = p.pointee {
            let name = String(cString: entry)
            if !name.isEmpty { out[value] = name }
            value += 1
            p += 1
        }
        return out
    }
}
