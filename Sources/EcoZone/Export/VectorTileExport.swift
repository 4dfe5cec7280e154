import Foundation
import GeoKit

/// When `run` also writes a layer as vector tiles: a layer whose GeoJSON is larger than `bytes`, or
/// that has more than `features` features, loads slowly or not at all in a web map, so it gets an
/// MBTiles file beside its GeoJSON.
public struct VectorTileThresholds: Sendable, Codable, Hashable {
    /// Bytes of the layer's GeoJSON as written (20 MB = 20,000,000 bytes by default).
    public var bytes: Int = 20_000_000
    /// Features in the layer (100,000 by default).
    public var features: Int = 100_000
    /// Deepest zoom written; web maps draw deeper zooms from it (overzoom). 13: a 1.2 m grid on the
    /// equator (1 m at 30°N), finer than a survey polygon needs. Each zoom costs GDAL about the same
    /// (≈ 20–30 s per 180,000 polygons on 2 cores), so every zoom left out saves that.
    public var maxZoom: Int = 13

    public init(bytes: Int = 20_000_000, features: Int = 100_000, maxZoom: Int = 13) {
        self.bytes = bytes
        self.features = features
        self.maxZoom = maxZoom
    }

    enum CodingKeys: String, CodingKey {
        case bytes = "above_geojson_bytes", features = "above_features", maxZoom = "max_zoom"
    }

    /// Why a layer is tiled, or nil when it is not.
    func reason(features count: Int, geojsonBytes: Int) -> String? {
        var why: [String] = []
        if geojsonBytes > bytes { why.append("GeoJSON \(geojsonBytes) bytes > \(bytes)") }
        if count > features { why.append("\(count) features > \(features)") }
        return why.isEmpty ? nil : why.joined(separator: "; ")
    }
}

/// A layer `run` wrote as vector tiles, recorded in run.json.
public struct TiledLayer: Sendable, Codable {
    public var role: String
    /// Relative to the run folder: `tiles/ROLE.mbtiles`.
    public var file: String
    /// The layer's name inside the tiles (the role).
    public var layer: String
    public var features: Int
    public var geojsonBytes: Int
    public var reason: String
    public var options: VectorTileOptions

    enum CodingKeys: String, CodingKey {
        case role, file, layer, features, reason, options
        case geojsonBytes = "geojson_bytes"
    }
}

/// Writes a layer as Mapbox Vector Tiles in one MBTiles file (`VectorTileWriter`, GDAL's MVT writer).
enum VectorTileExport {
    /// Writes `layer` to `path` as the tile layer `name`, in CGCS2000 lon/lat (as its GeoJSON),
    /// polygons repaired first (`GEOSMakeValid_r`). Zooms run from the one at which the layer fits in
    /// one tile (where a screen shows the whole layer at half its width or less: a county's overview)
    /// down to `maxZoom`; a web map shows nothing of the layer further out.
    static func write(_ layer: LoadedLayer, name: String, to path: String, maxZoom: Int,
                      workers: Int = GeoKit.Parallel.workerCount) throws -> VectorTileOptions {
        let sourceCRS = layer.crs
        let outputCRS = sourceCRS.isGeographicOnCGCS2000Ellipsoid ? sourceCRS : try CRS.cgcs2000()
        struct Prepared: Sendable { var wkb: [UInt8]?; var envelope: Envelope? }
        let prepared: [Prepared] = try GeoKit.Parallel.mapChunks(layer.features, workers: workers, setUp: {
            (GeometryContext(), try Transformer(from: sourceCRS, to: outputCRS))
        }) { worker, chunk in
            let (context, toOutput) = worker
            return try chunk.map { f in
                guard let wkb = f.wkb else { return Prepared() }
                do {
                    var g = try Geometry(wkb: wkb, context: context)
                    if g.kind.isPolygonal { g = try g.makeValid().geometry }
                    g = try toOutput.transform(g)
                    return g.isEmpty ? Prepared() : Prepared(wkb: g.wkb, envelope: g.envelope)
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
        }
        let extent = prepared.compactMap(\.envelope).reduce(nil as Envelope?) { acc, e in acc.map { $0.union(e) } ?? e }
        let fit = extent.map { VectorTileOptions.zoomToFit(lonSpan: $0.width, latSpan: $0.height, latitude: $0.centerY) } ?? 0
        let maxZoom = min(max(maxZoom, 0), 22)
        let options = VectorTileOptions(minZoom: min(max(fit, 0), maxZoom), maxZoom: maxZoom, name: name,
                                        description: "EcoZone run: \(name) from \(URL(fileURLWithPath: layer.request.source).lastPathComponent)")
        let writer = try VectorTileWriter(path: path, layerName: name, crs: outputCRS, fields: layer.fields, options: options)
        for (f, p) in zip(layer.features, prepared) {
            do { try writer.write(wkb: p.wkb, values: f.values, id: f.fid) } catch { throw layer.locate(error, feature: f.fid) }
        }
        try writer.commit()
        return options
    }
}
