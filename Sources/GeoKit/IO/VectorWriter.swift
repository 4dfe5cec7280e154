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
}

/// Writes one layer to a new file, atomically: everything goes to a temporary name beside the
/// target and is renamed into place by `commit()`. Dropping an uncommitted writer deletes the
/// temporary files, so a failed run leaves no half-written output.
///
/// Shapefiles are always written UTF-8 with a .cpg (`ENCODING=UTF-8`): without it GDAL writes
/// ISO-8859-1 and turns Chinese into '?'. GeoJSON is written as RFC 7946 (`RFC7946=YES`).
public final class VectorWriter {
    public let path: String
    public let format: VectorFormat
    public private(set) var featuresWritten = 0
    private let temporaryPath: String
    private let temporaryDirectory: String?
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
        let stem = url.deletingPathExtension().lastPathComponent
        let ext = url.pathExtension
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.fileExists(atPath: dir) else {
            throw GeoKitError(.output, "the folder does not exist", file: path)
        }
        if fmt == .shapefile {
            let tmpDir = "\(dir)/.\(stem).partial-\(tag)"
            try? FileManager.default.createDirectory(atPath: tmpDir, withIntermediateDirectories: false)
            temporaryDirectory = tmpDir
            temporaryPath = "\(tmpDir)/\(stem).shp"
        } else {
            temporaryDirectory = nil
            temporaryPath = "\(dir)/.\(stem).partial-\(tag).\(ext)"
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

        let tmp = temporaryPath
        let tmpDir = temporaryDirectory
        (dataset, layer) = try withGDALMessages { messages in
            guard let driver = GDALGetDriverByName(fmt.rawValue) else {
                throw GeoKitError(.output, "GDAL has no \(fmt.rawValue) driver", file: path)
            }
            guard let ds = GDALCreate(driver, tmp, 0, 0, 0, GDT_Unknown, nil) else {
                if let tmpDir { try? FileManager.default.removeItem(atPath: tmpDir) }
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
            return (ds, lyr)
        }
    }

    deinit {
        if !committed {
            if let dataset { GDALClose(dataset) }
            removeTemporary()
        }
    }

    private func removeTemporary() {
        if let temporaryDirectory {
            try? FileManager.default.removeItem(atPath: temporaryDirectory)
        } else {
            try? FileManager.default.removeItem(atPath: temporaryPath)
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
            guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE else {
                throw GeoKitError(.output, "cannot write feature \(featuresWritten + 1): \(messages.lastFailure ?? "unknown error")", file: path)
            }
            featuresWritten += 1
        }
    }

    /// Closes the file and renames it into place, replacing any earlier file of that name.
    public func commit() throws {
        guard let ds = dataset else { return }
        let failure: String? = withGDALMessages { messages in
            GDALClose(ds)  // void in GDAL 3.6: failures arrive as CPLError messages
            return messages.lastFailure
        }
        dataset = nil
        if let failure {
            removeTemporary()
            throw GeoKitError(.output, failure, file: path)
        }
        let fm = FileManager.default
        do {
            if let temporaryDirectory {
                let target = URL(fileURLWithPath: path).deletingLastPathComponent()
                for name in try fm.contentsOfDirectory(atPath: temporaryDirectory) {
                    let dest = target.appendingPathComponent(name).path
                    if rename("\(temporaryDirectory)/\(name)", dest) != 0 { throw CocoaError(.fileWriteUnknown) }
                }
                try? fm.removeItem(atPath: temporaryDirectory)
            } else if rename(temporaryPath, path) != 0 {
                throw CocoaError(.fileWriteUnknown)
            }
        } catch {
            removeTemporary()
            throw GeoKitError(.output, "cannot move the finished file into place: \(String(cString: strerror(errno)))", file: path)
        }
        committed = true
    }
}

/// Writes data to `path` atomically: to a temporary name beside it, then renamed.
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    do {
        try data.write(to: tmp)
        if rename(tmp.path, path) != 0 { throw CocoaError(.fileWriteUnknown) }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw GeoKitError(.output, "cannot write the file", file: path)
    }
}
