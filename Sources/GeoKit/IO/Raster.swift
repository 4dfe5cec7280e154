internal import CGDAL
import Foundation

/// Pixel types a `RasterGrid` can hold.
public enum RasterDataType: String, Sendable, Codable {
    case uint8, int16, uint16, int32, uint32, float32, float64

    var gdal: GDALDataType {
        switch self {
        case .uint8: return GDT_Byte
        case .int16: return GDT_Int16
        case .uint16: return GDT_UInt16
        case .int32: return GDT_Int32
        case .uint32: return GDT_UInt32
        case .float32: return GDT_Float32
        case .float64: return GDT_Float64
        }
    }

    init?(gdal: GDALDataType) {
        switch gdal {
        case GDT_Byte: self = .uint8
        case GDT_Int16: self = .int16
        case GDT_UInt16: self = .uint16
        case GDT_Int32: self = .int32
        case GDT_UInt32: self = .uint32
        case GDT_Float32: self = .float32
        case GDT_Float64: self = .float64
        default: return nil
        }
    }
}

/// A Swift numeric type that maps to a GDAL pixel type.
public protocol RasterElement: Sendable, Numeric {
    static var rasterDataType: RasterDataType { get }
}
extension UInt8: RasterElement { public static var rasterDataType: RasterDataType { .uint8 } }
extension Int16: RasterElement { public static var rasterDataType: RasterDataType { .int16 } }
extension UInt16: RasterElement { public static var rasterDataType: RasterDataType { .uint16 } }
extension Int32: RasterElement { public static var rasterDataType: RasterDataType { .int32 } }
extension UInt32: RasterElement { public static var rasterDataType: RasterDataType { .uint32 } }
extension Float: RasterElement { public static var rasterDataType: RasterDataType { .float32 } }
extension Double: RasterElement { public static var rasterDataType: RasterDataType { .float64 } }

/// GDAL's affine geotransform: x = originX + col·pixelWidth + row·rotationX (cell corners), and
/// likewise for y. North-up rasters have zero rotation and a negative pixelHeight.
public struct GeoTransform: Sendable, Hashable, Codable {
    public var originX: Double, pixelWidth: Double, rotationX: Double
    public var originY: Double, rotationY: Double, pixelHeight: Double

    public init(originX: Double, pixelWidth: Double, rotationX: Double = 0,
                originY: Double, rotationY: Double = 0, pixelHeight: Double) {
        self.originX = originX; self.pixelWidth = pixelWidth; self.rotationX = rotationX
        self.originY = originY; self.rotationY = rotationY; self.pixelHeight = pixelHeight
    }

    public var isNorthUp: Bool { rotationX == 0 && rotationY == 0 && pixelHeight < 0 }

    /// The map coordinates of the centre of cell (col, row).
    public func cellCenter(col: Int, row: Int) -> (x: Double, y: Double) {
        let c = Double(col) + 0.5, r = Double(row) + 0.5
        return (originX + c * pixelWidth + r * rotationX, originY + c * rotationY + r * pixelHeight)
    }
}

/// One raster band in memory, row-major from the top-left cell, with its georeferencing.
public struct RasterGrid<Element: RasterElement>: Sendable {
    public var width: Int
    public var height: Int
    public var geoTransform: GeoTransform
    public var crs: CRS?
    /// The nodata value as GDAL declares it (as Double, whatever the pixel type).
    public var noData: Double?
    public var values: [Element]

    public init(width: Int, height: Int, geoTransform: GeoTransform, crs: CRS?, noData: Double?, values: [Element]) {
        precondition(values.count == width * height, "values must hold width × height cells")
        self.width = width; self.height = height; self.geoTransform = geoTransform
        self.crs = crs; self.noData = noData; self.values = values
    }

    public subscript(col: Int, row: Int) -> Element {
        get { values[row * width + col] }
        set { values[row * width + col] = newValue }
    }
}

/// Reads and writes GeoTIFF (or any GDAL raster) bands.
public enum RasterIO {
    /// Describes a raster without reading its cells.
    public struct Info: Sendable, Codable {
        public var width: Int, height: Int, bands: Int
        public var dataType: RasterDataType?
        public var geoTransform: GeoTransform
        public var crs: CRS?
        public var noData: Double?
    }

    public static func info(_ path: String, band: Int = 1) throws -> Info {
        try withDataset(path) { ds in
            try info(ds, path: path, band: band)
        }
    }

    /// Reads one band converted to `type` (`GDALRasterIO`, GDAL converts the pixel type).
    public static func read<E: RasterElement>(_ path: String, band: Int = 1, as type: E.Type = E.self) throws -> RasterGrid<E> {
        try withDataset(path) { ds in
            let i = try info(ds, path: path, band: band)
            let b = GDALGetRasterBand(ds, Int32(band))
            var values = [E](repeating: 0, count: i.width * i.height)
            let err = values.withUnsafeMutableBytes { buf in
                GDALRasterIO(b, GF_Read, 0, 0, Int32(i.width), Int32(i.height), buf.baseAddress,
                             Int32(i.width), Int32(i.height), E.rasterDataType.gdal, 0, 0)
            }
            guard err == CE_None else { throw GeoKitError(.input, "cannot read band \(band)", file: path) }
            return RasterGrid(width: i.width, height: i.height, geoTransform: i.geoTransform, crs: i.crs, noData: i.noData, values: values)
        }
    }

    /// Writes a single-band DEFLATE-compressed GeoTIFF atomically.
    public static func writeGeoTIFF<E: RasterElement>(_ grid: RasterGrid<E>, to path: String) throws {
        let tmp = URL(fileURLWithPath: path).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: path).lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier).tif").path
        try withGDALMessages { messages in
            guard let driver = GDALGetDriverByName("GTiff") else { throw GeoKitError(.output, "GDAL has no GTiff driver", file: path) }
            let options = StringList([("COMPRESS", "DEFLATE"), ("TILED", "YES")])
            guard let ds = GDALCreate(driver, tmp, Int32(grid.width), Int32(grid.height), 1, E.rasterDataType.gdal, options.pointer) else {
                throw GeoKitError(.output, messages.lastFailure ?? "cannot create the GeoTIFF", file: path)
            }
            var ok = true
            let t = grid.geoTransform
            var gt = [t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight]
            ok = ok && GDALSetGeoTransform(ds, &gt) == CE_None
            if let crs = grid.crs {
                let srs = OSRNewSpatialReference(nil)
                defer { OSRRelease(srs) }
                var wkt: UnsafeMutablePointer<CChar>?
                if OSRSetFromUserInput(srs, crs.definition) == OGRERR_NONE, OSRExportToWkt(srs, &wkt) == OGRERR_NONE, let wkt {
                    ok = ok && GDALSetProjection(ds, wkt) == CE_None
                    VSIFree(wkt)
                }
            }
            let band = GDALGetRasterBand(ds, 1)
            if let nd = grid.noData { ok = ok && GDALSetRasterNoDataValue(band, nd) == CE_None }
            var values = grid.values
            let err = values.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Write, 0, 0, Int32(grid.width), Int32(grid.height), buf.baseAddress,
                             Int32(grid.width), Int32(grid.height), E.rasterDataType.gdal, 0, 0)
            }
            GDALClose(ds)
            if !ok || err != CE_None || messages.lastFailure != nil {
                try? FileManager.default.removeItem(atPath: tmp)
                throw GeoKitError(.output, messages.lastFailure ?? "cannot write the GeoTIFF", file: path)
            }
        }
        if rename(tmp, path) != 0 {
            try? FileManager.default.removeItem(atPath: tmp)
            throw GeoKitError(.output, "cannot move the finished file into place", file: path)
        }
    }

    private static func withDataset<T>(_ path: String, _ body: (GDALDatasetH) throws -> T) throws -> T {
        guard FileManager.default.fileExists(atPath: path) else {
            throw GeoKitError(.input, "no such file or directory", file: path)
        }
        return try withGDALMessages { messages in
            let flags = UInt32(GDAL_OF_RASTER) | UInt32(GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
            guard let ds = GDALOpenEx(path, flags, nil, nil, nil) else {
                throw GeoKitError(.input, messages.lastFailure ?? "not a raster GDAL can read", file: path)
            }
            defer { GDALClose(ds) }
            return try body(ds)
        }
    }

    private static func info(_ ds: GDALDatasetH, path: String, band: Int) throws -> Info {
        let count = Int(GDALGetRasterCount(ds))
        guard band >= 1, band <= count else {
            throw GeoKitError(.input, "the raster has \(count) band(s); band \(band) does not exist", file: path)
        }
        let b = GDALGetRasterBand(ds, Int32(band))
        var gt = [Double](repeating: 0, count: 6)
        if GDALGetGeoTransform(ds, &gt) != CE_None {
            throw GeoKitError(.input, "the raster has no geotransform (it is not georeferenced)", file: path)
        }
        var crs: CRS?
        if let wkt = gdalString(GDALGetProjectionRef(ds)), !wkt.isEmpty {
            let srs = OSRNewSpatialReference(wkt)
            defer { OSRRelease(srs) }
            _ = OSRAutoIdentifyEPSG(srs)
            if gdalString(OSRGetAuthorityName(srs, nil)) == "EPSG", let code = gdalString(OSRGetAuthorityCode(srs, nil)) {
                crs = try CRS("EPSG:\(code)")
            } else {
                crs = try CRS(wkt)
            }
        }
        var has: Int32 = 0
        let nd = GDALGetRasterNoDataValue(b, &has)
        return Info(width: Int(GDALGetRasterXSize(ds)), height: Int(GDALGetRasterYSize(ds)), bands: count,
                    dataType: RasterDataType(gdal: GDALGetRasterDataType(b)),
                    geoTransform: GeoTransform(originX: gt[0], pixelWidth: gt[1], rotationX: gt[2],
                                               originY: gt[3], rotationY: gt[4], pixelHeight: gt[5]),
                    crs: crs, noData: has != 0 ? nd : nil)
    }
}
