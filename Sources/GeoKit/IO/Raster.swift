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

    /// The box spanned by the cell centres of a `width × height` raster (rotation included).
    public func centreExtent(width: Int, height: Int) -> Envelope {
        let corners = [cellCenter(col: 0, row: 0), cellCenter(col: width - 1, row: 0),
                       cellCenter(col: 0, row: height - 1), cellCenter(col: width - 1, row: height - 1)]
        return Envelope(minX: corners.map(\.x).min()!, minY: corners.map(\.y).min()!,
                        maxX: corners.map(\.x).max()!, maxY: corners.map(\.y).max()!)
    }

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
    ///
    /// Refuses, before allocating, a band whose cells would take more than `maximumBytes` (by
    /// default half of ``SystemMemory/available``), with a sentence naming the file, its size in
    /// cells and the memory it would need.
    public static func read<E: RasterElement>(_ path: String, band: Int = 1, as type: E.Type = E.self,
                                              maximumBytes: Double? = nil) throws -> RasterGrid<E> {
        try withDataset(path) { ds in
            let i = try info(ds, path: path, band: band)
            let cells = Double(i.width) * Double(i.height)
            let need = cells * Double(MemoryLayout<E>.stride)
            let limit = maximumBytes ?? Double(SystemMemory.available) / 2
            guard need <= limit else {
                throw GeoKitError(.input, "band \(band) has \(i.width) × \(i.height) = \(Int64(cells)) cells; reading it as \(E.rasterDataType.rawValue) needs \(SystemMemory.describe(need)), more than the limit of \(SystemMemory.describe(limit))", file: path)
            }
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

    /// Writes a single-band DEFLATE-compressed, tiled GeoTIFF atomically: into a hidden file
    /// beside `path`, renamed into place only once GDAL reports nothing wrong.
    ///
    /// The whole grid as one strip of ``RasterStripWriter``, which checks every GDAL step
    /// (`GDALCreate`, `GDALSetGeoTransform`, the CRS, `GDALSetRasterNoDataValue`, the `GDALRasterIO`
    /// write, `GDALFlushRasterCache`, and any `CE_Failure` raised while closing: a full disk, a
    /// file-size limit). On failure the hidden file is removed and the error names `path` with
    /// GDAL's own reason; `path` is left as it was.
    public static func writeGeoTIFF<E: RasterElement>(_ grid: RasterGrid<E>, to path: String) throws {
        let writer = try RasterStripWriter<E>(path: path, width: grid.width, height: grid.height,
                                              geoTransform: grid.geoTransform, crs: grid.crs, noData: grid.noData)
        try writer.write(row: 0, values: grid.values)
        try writer.commit()
    }

    static func withDataset<T>(_ path: String, _ body: (GDALDatasetH) throws -> T) throws -> T {
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

    static func info(_ ds: GDALDatasetH, path: String, band: Int) throws -> Info {
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
        let width = Int(GDALGetRasterXSize(ds)), height = Int(GDALGetRasterYSize(ds))
        let transform = GeoTransform(originX: gt[0], pixelWidth: gt[1], rotationX: gt[2],
                                     originY: gt[3], rotationY: gt[4], pixelHeight: gt[5])
        try checkGeoreferencing(transform, width: width, height: height, crs: crs, path: path)
        return Info(width: width, height: height, bands: count, dataType: RasterDataType(gdal: GDALGetRasterDataType(b)),
                    geoTransform: transform, crs: crs, noData: has != 0 ? nd : nil)
    }

    /// Refuses a georeferencing no analysis can trust, with a sentence naming the file. The rules
    /// on coordinates are ``CoordinateSanity``'s, applied to the box of the cell centres:
    /// - a non-finite geotransform coefficient, or cells of zero width, height or area;
    /// - geographic CRS: centres wholly beyond ±360 on an axis are metres, not degrees (a projected
    ///   raster labelled geographic); centres outside ±180° longitude or ±90° latitude (to 1e-7°)
    ///   are refused, saying when they would fit with x and y exchanged; an extent outside the
    ///   CRS's area of use (widened by 1°) that lies inside it exchanged looks swapped;
    /// - projected CRS: centres beyond ±1e10 CRS units lie nowhere on Earth.
    /// Rotation is allowed here (GDAL's affine model); callers that need north-up check it.
    static func checkGeoreferencing(_ t: GeoTransform, width: Int, height: Int, crs: CRS?, path: String) throws {
        guard width > 0, height > 0 else {
            throw GeoKitError(.input, "the raster has no cells (\(width) × \(height))", file: path)
        }
        let coefficients = [t.originX, t.pixelWidth, t.rotationX, t.originY, t.rotationY, t.pixelHeight]
        guard coefficients.allSatisfy(\.isFinite) else {
            throw GeoKitError(.input, "the geotransform holds a non-finite value (\(coefficients.map { CoordinateSanity.text($0) }.joined(separator: ", ")))", file: path)
        }
        guard t.pixelWidth != 0 || t.rotationY != 0 else {
            throw GeoKitError(.input, "the geotransform gives cells a width of 0", file: path)
        }
        guard t.pixelHeight != 0 || t.rotationX != 0 else {
            throw GeoKitError(.input, "the geotransform gives cells a height of 0", file: path)
        }
        guard t.pixelWidth * t.pixelHeight - t.rotationX * t.rotationY != 0 else {
            throw GeoKitError(.input, "the geotransform gives cells no area (its columns and rows run the same way)", file: path)
        }
        guard let crs else { return }
        let e = t.centreExtent(width: width, height: height)
        let where_ = "its cell centres (\(CoordinateSanity.text(e)))"
        guard CoordinateSanity.isFinite(e) else {
            throw GeoKitError(.input, "\(where_) are not finite numbers", file: path)
        }
        guard crs.isGeographic else {
            if max(abs(e.minX), abs(e.maxX), abs(e.minY), abs(e.maxY)) > CoordinateSanity.projectedLimit {
                throw GeoKitError(.input, "\(where_) lie farther from the origin than any place on Earth in a projected CRS (limit ±\(CoordinateSanity.text(CoordinateSanity.projectedLimit)); CRS \(crs))", file: path)
            }
            if CoordinateSanity.looksLikeDegrees(e, in: crs) {
                throw GeoKitError(.input, "\(where_) look like degrees of longitude and latitude, not the metres of its projected CRS \(crs): the raster's declared CRS may be wrong; assign the right one (gdal_edit.py -a_srs EPSG:4490)", file: path)
            }
            return
        }
        if CoordinateSanity.looksLikeMetres(e) {
            throw GeoKitError(.input, "\(where_) look like metres, not the degrees of its geographic CRS \(crs): the raster's declared CRS may be wrong; assign the right one (gdal_edit.py -a_srs)", file: path)
        }
        let world = Envelope(minX: -180, minY: -90, maxX: 180, maxY: 90)
        func inRange(_ e: Envelope) -> Bool {
            let tol = CoordinateSanity.rangeTolerance
            return e.minX >= -180 - tol && e.maxX <= 180 + tol && e.minY >= -90 - tol && e.maxY <= 90 + tol
        }
        let swapped = e.axesSwapped
        let swapHint = "the axes look swapped (latitude written as x); rewrite it with longitude as x"
        if !inRange(e) {
            throw GeoKitError(.input, "\(where_) fall outside ±180° longitude and ±90° latitude of its geographic CRS \(crs)"
                              + (inRange(swapped) ? "; with x and y exchanged they would fit: \(swapHint)" : ""), file: path)
        }
        let use = crs.areaOfUse ?? world
        if !CoordinateSanity.lies(e, within: use), CoordinateSanity.lies(swapped, within: use) {
            throw GeoKitError(.input, "\(where_) lie outside the area of use of \(crs) (longitude \(CoordinateSanity.text(use.minX))…\(CoordinateSanity.text(use.maxX))°, latitude \(CoordinateSanity.text(use.minY))…\(CoordinateSanity.text(use.maxY))°) and inside it with x and y exchanged: \(swapHint)", file: path)
        }
    }
}
