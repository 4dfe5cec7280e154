internal import CGDAL
import Foundation

/// Output formats GeoKit writes.
public enum VectorFormat: String, Sendable, Codable, CaseIterable {
    case geoPackage = "GPKG"
    case shapefile = "ESRI Shapefile"
    /// RFC 7946 GeoJSON: WGS 84 lon/lat, counter-clockwise shells, no `crs` member.
    case geoJSON = "GeoJSON"
    case flatGeobuf = "FlatGeobuf"

    /// The format a file name's extension implies.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg": self = .geoPackage
        case "shp": self = .shapefile
        case "geojson", "json": self = .geoJSON
        case "fgb": self = .flatGeobuf
        default: return nil
        }
    }

    /// The extensions (lower case) of the files that make up a shapefile: the three it needs, its
    /// projection and code page, and the spatial indexes and metadata other programs put beside it.
    public static let shapefileExtensions = ["shp", "shx", "dbf", "prj", "cpg", "qpj", "sbn", "sbx", "qix", "fbn", "fbx",
                                             "ain", "aih", "atx", "ixs", "mxs", "shp.xml"]

    /// The names of the files a dataset at `path` in this format is made of, or that belong to it
    /// beside it: every part of a shapefile (in lower and upper case), a GeoPackage and its SQLite
    /// journals, else the file itself. Writing `path` replaces those of them that exist.
    public func fileNames(for path: String) -> [String] {
        let name = (path as NSString).lastPathComponent
        switch self {
        case .shapefile:
            let stem = (name as NSString).deletingPathExtension
            return Self.shapefileExtensions.flatMap { ["\(stem).\($0)", "\(stem).\($0.uppercased())"] }
        case .geoPackage:
            return [name, "\(name)-journal", "\(name)-wal", "\(name)-shm"]
        case .geoJSON, .flatGeobuf:
            return [name]
        }
    }
}


/// Writes one layer to a new file, atomically: nothing appears at `path` until `commit()`, which
/// replaces an earlier dataset of that name (every file of it, see `VectorFormat.fileNames(for:)`)
/// in one step; a failed or dropped writer leaves `path` as it was and removes its temporaries.
///
/// Where GDAL writes before the commit:
/// - GeoPackage: a temporary file beside the target (SQLite reports every failed write);
/// - Shapefile: a temporary folder beside it; after closing, the parts' sizes are checked against
///   their headers and the number of features written (shapelib reports most failed writes, not all);
/// - GeoJSON and FlatGeobuf: memory (`/vsimem/`), because GDAL 3.6's drivers for them ignore failed
///   writes and `GDALClose` returns nothing; `commit()` then writes the bytes itself, checking every
///   `write(2)`. The whole file is held in memory once.
///
/// Temporaries are named `.NAME.partial-PID-RANDOM` and registered with `PartialOutputs`, so an
/// interrupted program can remove them and a later writer removes those of dead processes.
///
/// Shapefiles are always written UTF-8 with a .cpg (`ENCODING=UTF-8`): without it GDAL writes
/// ISO-8859-1 and turns Chinese into '?'. GeoJSON is written as RFC 7946 (`RFC7946=YES`).
public final class VectorWriter {
    public let path: String
    public let format: VectorFormat
    public private(set) var featuresWritten = 0
    /// The name GDAL writes to (a file beside the target, a file in a folder beside it, or /vsimem/).
    private let gdalPath: String
    /// Shapefile: the temporary folder holding the parts.
    private let temporaryDirectory: String?
    /// Every temporary registered with `PartialOutputs` (GeoPackage: the file and its journals).
    private var registered: [String] = []
    private var dataset: UnsafeMutableRawPointer?
    private let layer: UnsafeMutableRawPointer
    private let fields: [FieldDefinition]
    private let layerGeometryType: OGRwkbGeometryType
    private var committed = false

    /// - Parameters:
    ///   - geometryKind: the kind of every geometry to be written (nil: any). Polygon kinds become
    ///     MultiPolygon in GeoPackage and FlatGeobuf so single and multi parts can mix.
    ///   - coordinatePrecision: decimal places for GeoJSON coordinates.
    public init(path: String, format: VectorFormat? = nil, layerName: String, crs: CRS?,
                geometryKind: GeometryKind?, fields: [FieldDefinition], coordinatePrecision: Int? = nil) throws {
        GDALRuntime.ensure()
        guard let fmt = format ?? VectorFormat(path: path) else {
            throw GeoKitError(.output, "cannot tell the output format from the name; use .gpkg, .shp, .geojson or .fgb", file: path)
        }
        self.path = path
        self.format = fmt
        self.fields = fields
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GeoKitError(.output, "the folder does not exist", file: path)
        }
        PartialOutputs.removeStale(beside: url)
        switch fmt {
        case .shapefile:
            let tmpDir = "\(dir)/\(PartialOutputs.temporaryName(for: name, unique: true))"
            do {
                try PartialOutputs.create(tmpDir) {
                    if mkdir(tmpDir, 0o777) != 0 { throw AtomicFile.Failure() }
                }
            } catch let f as AtomicFile.Failure {
                throw GeoKitError(.output, "cannot make a temporary folder beside it: \(f.text)", file: path)
            }
            temporaryDirectory = tmpDir
            registered = [tmpDir]
            gdalPath = "\(tmpDir)/\(name)"
        case .geoPackage:
            let tmp = "\(dir)/\(PartialOutputs.temporaryName(for: name, unique: true)).gpkg"
            temporaryDirectory = nil
            registered = [tmp, "\(tmp)-journal", "\(tmp)-wal", "\(tmp)-shm"]
            for p in registered { PartialOutputs.create(p) {} }
            gdalPath = tmp
        case .geoJSON, .flatGeobuf:
            temporaryDirectory = nil
            gdalPath = "/vsimem/ecozone-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))/\(name)"
        }

        var type: OGRwkbGeometryType
        switch geometryKind {
        case .point?: type = wkbPoint
        case .lineString?, .linearRing?: type = wkbLineString
        case .polygon?: type = wkbPolygon
        case .multiPoint?: type = wkbMultiPoint
        case .multiLineString?: type = wkbMultiLineString
        case .multiPolygon?: type = wkbMultiPolygon
        case .collection?, nil: type = wkbUnknown
        }
        if fmt == .geoPackage || fmt == .flatGeobuf {
            if type == wkbPolygon { type = wkbMultiPolygon }
            if type == wkbLineString { type = wkbMultiLineString }
        }
        if fmt == .shapefile {
            if type == wkbMultiPolygon { type = wkbPolygon }
            if type == wkbMultiLineString { type = wkbLineString }
        }
        layerGeometryType = type

        let target = gdalPath
        let temporaries = (registered, temporaryDirectory)
        do {
            (dataset, layer) = try Self.create(target, format: fmt, path: path, layerName: layerName, crs: crs, type: type,
                                               fields: fields, coordinatePrecision: coordinatePrecision)
        } catch {
            Self.removeTemporaries(gdalPath: target, registered: temporaries.0, directory: temporaries.1)
            throw error
        }
    }

    /// Creates the dataset and its layer and fields (`GDALCreate`, `GDALDatasetCreateLayer`, `OGR_L_CreateField`).
    private static func create(_ tmp: String, format fmt: VectorFormat, path: String, layerName: String, crs: CRS?,
                               type: OGRwkbGeometryType, fields: [FieldDefinition],
                               coordinatePrecision: Int?) throws -> (UnsafeMutableRawPointer, UnsafeMutableRawPointer) {
        try withGDALMessages { messages in
            guard let driver = GDALGetDriverByName(fmt.rawValue) else {
                throw GeoKitError(.output, "GDAL has no \(fmt.rawValue) driver", file: path)
            }
            guard let ds = GDALCreate(driver, tmp, 0, 0, 0, GDT_Unknown, nil) else {
                throw GeoKitError(.output, messages.lastFailure ?? "cannot create the file", file: path)
            }
            var srs: OGRSpatialReferenceH?
            if let crs {
                srs = OSRNewSpatialReference(nil)
                OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
                if OSRSetFromUserInput(srs, crs.definition) != OGRERR_NONE {
                    OSRRelease(srs)
                    GDALClose(ds)
                    throw GeoKitError(.output, "GDAL cannot use the CRS \(crs)", file: path)
                }
            }
            defer { if let srs { OSRRelease(srs) } }
            var options: [(String, String)] = []
            switch fmt {
            case .shapefile: options = [("ENCODING", "UTF-8"), ("RESIZE", "YES")]
            case .geoJSON:
                options = [("RFC7946", "YES"), ("WRITE_NAME", "NO")]
                if let p = coordinatePrecision { options.append(("COORDINATE_PRECISION", String(p))) }
            case .geoPackage: options = [("SPATIAL_INDEX", "YES")]
            // With a spatial index GDAL skips features without geometry; keep every feature instead.
            case .flatGeobuf: options = [("SPATIAL_INDEX", "NO")]
            }
            let list = StringList(options)
            guard let lyr = GDALDatasetCreateLayer(ds, layerName, srs, type, list.pointer) else {
                GDALClose(ds)
                throw GeoKitError(.output, messages.lastFailure ?? "cannot create the layer", file: path, layer: layerName)
            }
            for f in fields {
                let ftype: OGRFieldType
                switch f.type {
                case .integer: ftype = OFTInteger
                case .integer64: ftype = OFTInteger64
                case .real: ftype = OFTReal
                case .date: ftype = OFTDate
                case .dateTime: ftype = OFTDateTime
                default: ftype = OFTString
                }
                let def = OGR_Fld_Create(f.name, ftype)
                defer { OGR_Fld_Destroy(def) }
                if fmt == .shapefile, ftype == OFTString { OGR_Fld_SetWidth(def, 254) }
                if fmt == .shapefile, ftype == OFTReal { OGR_Fld_SetWidth(def, 24); OGR_Fld_SetPrecision(def, 15) }
                guard OGR_L_CreateField(lyr, def, 1) == OGRERR_NONE else {
                    GDALClose(ds)
                    throw GeoKitError(.output, messages.lastFailure ?? "cannot create field \(f.name)", file: path, layer: layerName)
                }
            }
            // GDAL may report a failed write (the GeoPackage's first COMMIT) and still return a dataset.
            if let failure = messages.failures.first {
                GDALClose(ds)
                throw GeoKitError(.output, "cannot create the file: \(failure.text)", file: path, layer: layerName)
            }
            return (ds, lyr)
        }
    }
    deinit {
        if !committed {
            if let dataset { GDALClose(dataset) }
            Self.removeTemporaries(gdalPath: gdalPath, registered: registered, directory: temporaryDirectory)
        }
    }

    private static func removeTemporaries(gdalPath: String, registered: [String], directory: String?) {
        if gdalPath.hasPrefix("/vsimem/") { VSIUnlink(gdalPath) }
        for p in registered {
            if p == directory { try? FileManager.default.removeItem(atPath: p) } else { unlink(p) }
            PartialOutputs.unregister(p)
        }
    }

    /// Writes one feature: its geometry as WKB (nil for none) and one value per field.
    public func write(wkb: [UInt8]?, values: [FieldValue]) throws {
        precondition(values.count == fields.count, "one value per field")
        if wkb == nil, format == .flatGeobuf {
            // GDAL 3.6's FlatGeobuf writer drops such features without an error: refuse instead.
            throw GeoKitError(.output, "FlatGeobuf cannot hold feature \(featuresWritten + 1), which has no geometry; write a GeoPackage instead", file: path)
        }
        try withGDALMessages { messages in
            let feature = OGR_F_Create(OGR_L_GetLayerDefn(layer))
            defer { OGR_F_Destroy(feature) }
            for (i, v) in values.enumerated() {
                let fi = Int32(i)
                switch v {
                case .null: OGR_F_SetFieldNull(feature, fi)
                case .integer(let n): OGR_F_SetFieldInteger64(feature, fi, n)
                case .real(let d): OGR_F_SetFieldDouble(feature, fi, d)
                case .string(let s): OGR_F_SetFieldString(feature, fi, s)
                }
            }
            if let wkb {
                var g: OGRGeometryH?
                let err = wkb.withUnsafeBytes { OGR_G_CreateFromWkbEx($0.baseAddress, nil, &g, $0.count) }
                guard err == OGRERR_NONE, var geometry = g else {
                    throw GeoKitError(.output, "invalid WKB for feature \(featuresWritten + 1)", file: path)
                }
                if layerGeometryType == wkbMultiPolygon || layerGeometryType == wkbMultiLineString,
                   OGR_G_GetGeometryType(geometry) != layerGeometryType {
                    geometry = OGR_G_ForceTo(geometry, layerGeometryType, nil)
                }
                OGR_F_SetGeometryDirectly(feature, geometry)
            }
            // A failure GDAL reports while still returning OGRERR_NONE is a failure too.
            guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE, messages.failures.isEmpty else {
                throw GeoKitError(.output, "cannot write feature \(featuresWritten + 1): \(messages.failures.first?.text ?? "unknown error")", file: path)
            }
            featuresWritten += 1
        }
    }

    /// Closes the dataset (`GDALClose`, which also flushes; void in GDAL 3.6, so failures are taken
    /// from the `CPLError` messages it raises), checks what was written, and puts the file (or the
    /// shapefile's parts) in place of any earlier dataset of that name, in one step.
    ///
    /// - Throws: `GeoKitError` (`.output`) naming the file and the reason; the target is then as it
    ///   was and no temporary is left.
    public func commit() throws {
        guard let ds = dataset, !committed else { return }
        let failure: String? = withGDALMessages { messages in
            GDALClose(ds)
            return messages.failures.first?.text
        }
        dataset = nil
        defer { if !committed { Self.removeTemporaries(gdalPath: gdalPath, registered: registered, directory: temporaryDirectory) } }
        if let failure { throw GeoKitError(.output, failure, file: path) }
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let replacing = format.fileNames(for: path)
        do {
            switch format {
            case .geoJSON, .flatGeobuf:
                var length: vsi_l_offset = 0
                guard let buffer = VSIGetMemFileBuffer(gdalPath, &length, 1) else {
                    throw GeoKitError(.output, "GDAL wrote nothing", file: path)
                }
                defer { VSIFree(buffer) }
                let tmp = "\(dir)/\(PartialOutputs.temporaryName(for: name, unique: true))"
                registered.append(tmp)
                try AtomicFile.writeNew(UnsafeRawBufferPointer(start: buffer, count: Int(length)), to: tmp)
                try AtomicFile.install([(tmp, name)], into: dir, replacing: replacing, output: name)
            case .geoPackage:
                try AtomicFile.install([(gdalPath, name)], into: dir, replacing: replacing, output: name, unregistering: registered)
            case .shapefile:
                let tmpDir = temporaryDirectory!
                try verifyShapefile(in: tmpDir)
                let parts = try FileManager.default.contentsOfDirectory(atPath: tmpDir).sorted().map { ("\(tmpDir)/\($0)", $0) }
                try AtomicFile.install(parts, into: dir, replacing: replacing, output: name, unregistering: [])
                PartialOutputs.withLock(unregistering: [tmpDir]) { _ = rmdir(tmpDir) }
            }
        } catch let f as AtomicFile.Failure {
            throw GeoKitError(.output, "cannot write the file: \(f.text)", file: path)
        } catch let e as GeoKitError {
            throw e
        } catch {
            throw GeoKitError(.output, "cannot write the file: \(error.localizedDescription)", file: path)
        }
        committed = true
    }

    /// Checks the closed shapefile's parts against their headers and the features written: the
    /// .shp as long as its header says, one 8-byte .shx record and one .dbf record per feature,
    /// the .dbf as long as its header and records need (ESRI Shapefile Technical Description;
    /// dBASE header: record count UInt32 LE at 4, header and record lengths UInt16 LE at 8 and 10).
    private func verifyShapefile(in directory: String) throws {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        func part(_ ext: String) throws -> (path: String, bytes: [UInt8], size: Int) {
            for e in [ext, ext.uppercased()] {
                let p = "\(directory)/\(stem).\(e)"
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: p),
                      let size = (attributes[.size] as? NSNumber)?.intValue else { continue }
                let bytes = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: p)).read(upToCount: 100)).flatMap { $0 }.map { [UInt8]($0) } ?? []
                return (p, bytes, size)
            }
            throw GeoKitError(.output, "GDAL did not write the .\(ext) part", file: path)
        }
        func incomplete(_ what: String) -> GeoKitError {
            GeoKitError(.output, "the shapefile written is incomplete (\(what)); the disk may be full", file: path)
        }
        let shp = try part("shp"), shx = try part("shx"), dbf = try part("dbf")
        guard shp.bytes.count == 100, shx.bytes.count == 100, dbf.bytes.count >= 12 else { throw incomplete("a header is short") }
        func bigEndian32(_ b: [UInt8], _ i: Int) -> Int { Int(UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])) }
        func littleEndian(_ b: [UInt8], _ i: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(b[i + $1]) << (8 * $1) } }
        guard shp.size == bigEndian32(shp.bytes, 24) * 2 else { throw incomplete(".shp is \(shp.size) bytes, its header says \(bigEndian32(shp.bytes, 24) * 2)") }
        guard shx.size == 100 + 8 * featuresWritten else { throw incomplete(".shx indexes \((shx.size - 100) / 8) of \(featuresWritten) feature(s)") }
        let records = littleEndian(dbf.bytes, 4, 4), headerLength = littleEndian(dbf.bytes, 8, 2), recordLength = littleEndian(dbf.bytes, 10, 2)
        guard records == featuresWritten, dbf.size >= headerLength + records * recordLength else {
            throw incomplete(".dbf holds \(records) record(s) in \(dbf.size) bytes for \(featuresWritten) feature(s)")
        }
    }
}
