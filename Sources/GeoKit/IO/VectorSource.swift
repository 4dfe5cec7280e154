internal import CGDAL
import Foundation

/// An OGR vector data source (`GDALOpenEx` … `GDALClose`): a shapefile or a folder of them, a
/// GeoPackage, GeoJSON, FlatGeobuf, or any source string OGR understands.
///
/// Opening applies the text-encoding policy of `TextEncoding`: a shapefile whose text is not valid
/// UTF-8 is reopened with `ENCODING=GB18030`. Not `Sendable`: GDAL datasets are used by one thread at
/// a time; open one per worker to read in parallel.
public final class VectorSource {
    /// The path or source string as given.
    public let path: String
    /// The OGR driver's short name ("ESRI Shapefile", "GPKG", "GeoJSON" …).
    public let driver: String
    let handle: UnsafeMutableRawPointer
    /// Encoding decided per layer name at open.
    private(set) var encodings: [String: TextEncoding] = [:]
    /// Layers whose shapefile parts were already checked against each other (``ShapefileIntegrity``):
    /// the check reads the headers, so it runs once per layer, not once per `layer(named:)`.
    private var checkedLayers: Set<String> = []

    private init(path: String, handle: UnsafeMutableRawPointer) {
        self.path = path
        self.handle = handle
        driver = gdalString(GDALGetDriverShortName(GDALGetDatasetDriver(handle))) ?? "unknown"
    }

    deinit { GDALClose(handle) }

    /// Opens `path` read-only. `encoding` (e.g. "CP936", "UTF-8") overrides every declaration.
    ///
    /// Only regular files, folders and strings GDAL resolves itself (a path that does not exist but
    /// holds a colon: "PG:…", "GPKG:file:layer") are opened: a FIFO, socket or device would make
    /// GDAL block or read without end, so it is refused, and so is a folder holding one where GDAL
    /// would look for layers (`SourceFile.checkReadable`).
    public static func open(_ path: String, encoding: String? = nil) throws -> VectorSource {
        try SourceFile.checkReadable(path)
        var options: [(String, String)] = []
        if let encoding { options.append(("ENCODING", encoding)) }
        let source = try openRaw(path, options: options)
        if source.driver == "PostgreSQL" {
            // The server converts text to UTF-8 (GDAL sets client_encoding); a database may hold
            // thousands of tables, so nothing is scanned here (`layer(named:)` opens the one asked for).
            source.defaultEncoding = TextEncoding(name: "UTF-8", basis: encoding == nil ? .database : .user)
            return source
        }
        if let encoding {
            for name in source.layerNames { source.encodings[name] = TextEncoding(name: encoding, basis: .user) }
            return source
        }
        var needsRecode = false
        for name in source.layerNames {
            let layer = try source.layer(named: name)
            let enc = try source.detectEncoding(layer)
            source.encodings[name] = enc
            if enc.basis == .inferred, source.driver == "ESRI Shapefile" { needsRecode = true }
        }
        guard needsRecode else { return source }
        // Reopen so that GDAL itself recodes: attribute filters then compare UTF-8 with UTF-8.
        let recoded = try openRaw(path, options: [("ENCODING", "GB18030")])
        recoded.encodings = source.encodings
        recoded.checkedLayers = source.checkedLayers
        return recoded
    }

    private static func openRaw(_ path: String, options: [(String, String)]) throws -> VectorSource {
        try withGDALMessages { messages in
            let list = StringList(options)
            let flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_READONLY) | UInt32(GDAL_OF_VERBOSE_ERROR)
            guard let h = GDALOpenEx(path, flags, nil, list.constPointer, nil) else {
                let why = messages.lastFailure ?? "not a vector data set GDAL can read"
                throw GeoKitError(.input, why.replacingOccurrences(of: path + ": ", with: ""), file: path)
            }
            return VectorSource(path: path, handle: h)
        }
    }

    /// Layer names in the source's order.
    public var layerNames: [String] {
        (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
            GDALDatasetGetLayer(handle, i).flatMap { gdalString(OGR_L_GetName($0)) }
        }
    }

    /// The named layer, or the only layer when `name` is nil. A source with several layers needs a
    /// name; the error lists them.
    public func layer(named name: String? = nil) throws -> VectorLayer {
        if driver == "PostgreSQL" { return try table(named: name) }
        let names = layerNames
        guard !names.isEmpty else { throw GeoKitError(.input, "the data source has no layers", file: path) }
        let chosen: String
        if let name {
            guard names.contains(name) else {
                throw GeoKitError(.input, "no layer named '\(name)' (layers: \(names.joined(separator: ", ")))", file: path)
            }
            chosen = name
        } else if names.count == 1 {
            chosen = names[0]
        } else {
            throw GeoKitError(.input, "the data source has \(names.count) layers (\(names.joined(separator: ", ")))", file: path, hint: .nameLayer)
        }
        guard let h = GDALDatasetGetLayerByName(handle, chosen) else {
            throw GeoKitError(.input, "cannot open layer", file: path, layer: chosen)
        }
        if driver == "ESRI Shapefile", !checkedLayers.contains(chosen) {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let part = isDirectory.boolValue ? "\(path)/\(chosen).shp" : path
            try ShapefileIntegrity.check(part: part, layer: chosen)
            checkedLayers.insert(chosen)
        }
        return VectorLayer(source: self, handle: h, name: chosen)
    }

    func encoding(ofLayer name: String) -> TextEncoding {
        encodings[name] ?? defaultEncoding
    }

    /// The encoding of a layer not scanned at open (every layer of a database).
    private var defaultEncoding = TextEncoding(name: "UTF-8", basis: .format)

    /// Decides a layer's encoding: a declaration GDAL acted on, or a scan of every string field.
    private func detectEncoding(_ layer: VectorLayer) throws -> TextEncoding {
        let h = layer.handle
        func md(_ key: String) -> String? {
            gdalString(GDALGetMetadataItem(h, key, "SHAPEFILE")).flatMap { $0.isEmpty ? nil : $0 }
        }
        var declared: TextEncoding
        if driver == "ESRI Shapefile" {
            if let cpg = md("ENCODING_FROM_CPG") ?? md("CPG_VALUE") {
                declared = TextEncoding(name: cpg, basis: .cpg)
            } else if let ldid = md("ENCODING_FROM_LDID") {
                declared = TextEncoding(name: ldid, basis: .languageID)
            } else {
                declared = TextEncoding(name: "UTF-8", basis: .validated)
            }
        } else {
            declared = TextEncoding(name: "UTF-8", basis: .format)
        }
        // GDAL recodes a declared non-UTF-8 encoding itself; what reaches us should then be UTF-8.
        // Check every string anyway: a .cpg can lie, and undeclared GBK passes through as raw bytes.
        if layer.allTextIsValidUTF8() { return declared }
        switch declared.basis {
        case .cpg: return TextEncoding(name: "GB18030", basis: .inferred, declared: "the .cpg says \(declared.name)")
        case .languageID: return TextEncoding(name: "GB18030", basis: .inferred, declared: "the language id says \(declared.name)")
        case .format: return TextEncoding(name: "GB18030", basis: .inferred, declared: "the format is UTF-8")
        default: return TextEncoding(name: "GB18030", basis: .inferred)
        }
    }
}
