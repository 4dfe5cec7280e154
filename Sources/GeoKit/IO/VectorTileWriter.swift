internal import CGDAL
import Foundation

/// How a vector tile set is cut: the creation options of GDAL's MVT writer (`MBTiles` driver in
/// vector mode), which tiles in the Web Mercator scheme (EPSG:3857, XYZ tiles stored TMS in MBTiles).
///
/// Per zoom, each feature is clipped to every tile it touches (plus `buffer`) and its vertices are
/// rounded to the tile's `extent` × `extent` integer grid; consecutive vertices that land on the
/// same grid point are merged. That rounding is the per-zoom simplification: a tile at zoom z is
/// 40 075 km / 2^z wide, so with extent 4096 the grid step is ≈ 0.6 m at z14, 9.6 m at z10, 38 m at
/// z8 (on the equator; × cos(latitude) on the ground). A vertex two neighbours share is rounded to
/// the same grid point in both, so shared edges stay shared. GDAL's own `SIMPLIFICATION` option is
/// left at 0: it runs `SimplifyPreserveTopology` on each feature alone and pulls shared edges apart
/// (gaps and overlaps between neighbours at low zooms). A polygon that the rounding makes invalid (a
/// narrow neck collapsing) is repaired by GDAL with `MakeValid`, which can leave it slightly over or
/// short of its neighbour at that zoom. A tile over `maxTileBytes` or `maxTileFeatures` is first
/// written with a coarser grid, then without its smallest features (GDAL's rule), so at low zooms
/// a large layer thins out.
public struct VectorTileOptions: Sendable, Codable, Hashable {
    public var minZoom: Int
    public var maxZoom: Int
    /// Grid units across a tile (`EXTENT`).
    public var extent: Int = 4096
    /// Grid units of margin kept around each tile (`BUFFER`).
    public var buffer: Int = 80
    /// Largest tile, bytes compressed (`MAX_SIZE`), and most features in one tile (`MAX_FEATURES`).
    public var maxTileBytes: Int = 500_000
    public var maxTileFeatures: Int = 200_000
    /// The tile set's `name` and `description` metadata.
    public var name: String?
    public var description: String?

    public init(minZoom: Int, maxZoom: Int, name: String? = nil, description: String? = nil) {
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.name = name
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case extent, buffer, name, description
        case minZoom = "min_zoom", maxZoom = "max_zoom"
        case maxTileBytes = "max_tile_bytes", maxTileFeatures = "max_tile_features"
    }

    /// The zoom at which an extent of `lonSpan` × `latSpan` degrees around latitude `latitude` fits in
    /// one Web Mercator tile (0 for the whole world; the value is not clamped).
    public static func zoomToFit(lonSpan: Double, latSpan: Double, latitude: Double) -> Int {
        let mercatorStretch = 1 / max(cos(latitude * .pi / 180), 1e-6)
        let span = max(lonSpan, latSpan * mercatorStretch, 1e-9)
        return max(0, Int(floor(log2(360 / span))))
    }
}

/// Writes one layer as Mapbox Vector Tiles into an MBTiles file (SQLite) through GDAL's MVT writer
/// (`GDALCreate` with the `MBTiles` driver and no bands, `GDALDatasetCreateLayer`,
/// `OGR_L_CreateFeature`), atomically: GDAL writes a temporary file beside the target, with its
/// working database (`TEMPORARY_DB`) beside that, both registered with `PartialOutputs`;
/// `commit()` closes it (`GDALClose`, where the tiles are actually built), checks GDAL's messages,
/// opens the result again to see that the layer is there, and renames it into place.
///
/// Geometries come in `crs` (any CRS PROJ can take to EPSG:3857) and should be valid: GDAL clips
/// them with GEOS, which drops a geometry it cannot clip from that tile without saying so. Each
/// feature's `id` becomes the MVT feature id (GDAL reads it back as the field `mvt_id`).
public final class VectorTileWriter {
    public let path: String
    public let layerName: String
    public let options: VectorTileOptions
    public private(set) var featuresWritten = 0
    private let temporary: String
    private let registered: [String]
    private var dataset: UnsafeMutableRawPointer?
    private let layer: UnsafeMutableRawPointer
    private let fields: [FieldDefinition]
    private var committed = false

    /// - Parameters:
    ///   - path: the `.mbtiles` file to write; its folder must exist.
    ///   - crs: the CRS of the geometries given to `write`.
    public init(path: String, layerName: String, crs: CRS, fields: [FieldDefinition], options: VectorTileOptions) throws {
        GDALRuntime.ensure()
        guard (0...22).contains(options.minZoom), (options.minZoom...22).contains(options.maxZoom) else {
            throw GeoKitError(.output, "vector tile zooms must satisfy 0 ≤ min ≤ max ≤ 22 (got \(options.minZoom)…\(options.maxZoom))", file: path)
        }
        self.path = path
        self.layerName = layerName
        self.options = options
        self.fields = fields
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GeoKitError(.output, "the folder does not exist", file: path)
        }
        PartialOutputs.removeStale(beside: url)
        // GDAL recognises an MBTiles file by its extension: the temporary keeps it.
        let tmp = "\(dir)/\(PartialOutputs.temporaryName(for: url.lastPathComponent, unique: true)).mbtiles"
        let work = "\(tmp).temp.db"
        temporary = tmp
        registered = [tmp, "\(tmp)-journal", work, "\(work)-journal"]
        for p in registered { PartialOutputs.create(p) {} }
        let names = (registered, tmp)
        do {
            (dataset, layer) = try Self.create(tmp, workDatabase: work, path: path, layerName: layerName, crs: crs,
                                               fields: fields, options: options)
        } catch {
            Self.remove(names.0)
            throw error
        }
    }

    private static func create(_ tmp: String, workDatabase: String, path: String, layerName: String, crs: CRS,
                               fields: [FieldDefinition], options o: VectorTileOptions) throws -> (UnsafeMutableRawPointer, UnsafeMutableRawPointer) {
        try withGDALMessages { messages in
            guard let driver = GDALGetDriverByName("MBTiles") else {
                throw GeoKitError(.output, "GDAL has no MBTiles driver", file: path)
            }
            var creation: [(String, String)] = [
                ("MINZOOM", String(o.minZoom)), ("MAXZOOM", String(o.maxZoom)), ("EXTENT", String(o.extent)),
                ("BUFFER", String(o.buffer)), ("MAX_SIZE", String(o.maxTileBytes)), ("MAX_FEATURES", String(o.maxTileFeatures)),
                ("TEMPORARY_DB", workDatabase), ("NAME", o.name ?? layerName),
            ]
            if let d = o.description { creation.append(("DESCRIPTION", d)) }
            let list = StringList(creation)
            guard let ds = GDALCreate(driver, tmp, 0, 0, 0, GDT_Unknown, list.pointer) else {
                throw GeoKitError(.output, messages.lastFailure ?? "cannot create the vector tile file", file: path)
            }
            let srs = OSRNewSpatialReference(nil)
            defer { OSRRelease(srs) }
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
            guard OSRSetFromUserInput(srs, crs.definition) == OGRERR_NONE else {
                GDALClose(ds)
                throw GeoKitError(.output, "GDAL cannot use the CRS \(crs)", file: path)
            }
            let layerOptions = StringList([("MINZOOM", String(o.minZoom)), ("MAXZOOM", String(o.maxZoom))])
            guard let lyr = GDALDatasetCreateLayer(ds, layerName, srs, wkbUnknown, layerOptions.pointer) else {
                GDALClose(ds)
                throw GeoKitError(.output, messages.lastFailure ?? "cannot create the layer", file: path, layer: layerName)
            }
            for f in fields {
                let type: OGRFieldType
                switch f.type {
                case .integer: type = OFTInteger
                case .integer64: type = OFTInteger64
                case .real: type = OFTReal
                default: type = OFTString
                }
                let def = OGR_Fld_Create(f.name, type)
                defer { OGR_Fld_Destroy(def) }
                guard OGR_L_CreateField(lyr, def, 1) == OGRERR_NONE else {
                    GDALClose(ds)
                    throw GeoKitError(.output, messages.lastFailure ?? "cannot create field \(f.name)", file: path, layer: layerName)
                }
            }
            if let failure = messages.failures.first {
                GDALClose(ds)
                throw GeoKitError(.output, "cannot create the vector tile file: \(failure.text)", file: path, layer: layerName)
            }
            return (ds, lyr)
        }
    }

    deinit {
        if !committed {
            if let dataset { withGDALMessages { _ in GDALClose(dataset) } }
            Self.remove(registered)
        }
    }

    private static func remove(_ paths: [String]) {
        for p in paths {
            unlink(p)
            PartialOutputs.unregister(p)
        }
    }

    /// Adds one feature: its geometry as WKB in the writer's CRS (nil: skipped, tiles hold only
    /// geometries), one value per field, and its id (≥ 0) for the MVT feature id.
    public func write(wkb: [UInt8]?, values: [FieldValue], id: Int64?) throws {
        precondition(values.count == fields.count, "one value per field")
        guard let wkb else { return }
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
            if let id, id >= 0 { _ = OGR_F_SetFID(feature, id) }
            var g: OGRGeometryH?
            let err = wkb.withUnsafeBytes { OGR_G_CreateFromWkbEx($0.baseAddress, nil, &g, $0.count) }
            guard err == OGRERR_NONE, let geometry = g else {
                throw GeoKitError(.output, "invalid WKB for feature \(featuresWritten + 1)", file: path, layer: layerName)
            }
            OGR_F_SetGeometryDirectly(feature, geometry)
            guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE, messages.failures.isEmpty else {
                throw GeoKitError(.output, "cannot write feature \(featuresWritten + 1): \(messages.failures.first?.text ?? "unknown error")",
                                  file: path, layer: layerName)
            }
            featuresWritten += 1
        }
    }

    /// Builds the tiles and puts the file in place (see the type's description).
    ///
    /// - Throws: `GeoKitError` (`.output`) naming the file and GDAL's reason; the target is then as
    ///   it was and no temporary is left.
    public func commit() throws {
        guard let ds = dataset, !committed else { return }
        let failure: String? = withGDALMessages { messages in
            GDALClose(ds)
            return messages.failures.first?.text
        }
        dataset = nil
        defer { if !committed { Self.remove(registered) } }
        if let failure { throw GeoKitError(.output, "cannot write the vector tiles: \(failure)", file: path, layer: layerName) }
        try verify()
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        do {
            try AtomicFile.install([(temporary, name)], into: url.deletingLastPathComponent().path,
                                   replacing: [name, "\(name)-journal"], output: name, unregistering: registered)
        } catch let f as AtomicFile.Failure {
            throw GeoKitError(.output, "cannot write the file: \(f.text)", file: path)
        }
        for p in registered where p != temporary { unlink(p) }
        committed = true
    }

    /// Opens the written file read-only (`GDALOpenEx`) and checks that GDAL sees the layer in it.
    private func verify() throws {
        try withGDALMessages { messages in
            guard let ds = GDALOpenEx(temporary, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) else {
                throw GeoKitError(.output, "the vector tiles written cannot be read back: \(messages.lastFailure ?? "GDAL cannot open them")",
                                  file: path, layer: layerName)
            }
            defer { GDALClose(ds) }
            guard featuresWritten == 0 || GDALDatasetGetLayerByName(ds, layerName) != nil else {
                throw GeoKitError(.output, "the vector tiles written hold no layer '\(layerName)'", file: path, layer: layerName)
            }
        }
    }
}
