import Foundation
import GeoKit

/// A layer read into memory as `Sendable` values, with everything a report must say about where its
/// numbers came from: the file, the layer, its CRS (and whether it was assumed) and its text encoding.
public struct LoadedLayer: Sendable {
    public var request: LayerRequest
    public var layerName: String
    public var driver: String
    public var crs: CRS
    /// True when the CRS came from `--assume-crs` because the source declares none.
    public var crsAssumed: Bool
    public var encoding: TextEncoding
    public var geometryType: String
    public var fields: [FieldDefinition]
    public var features: [Feature]
    /// Extent in the layer's CRS (of the features read), nil for an empty layer.
    public var extent: Envelope?

    /// Reads the layer. A source without a CRS needs `assumedCRS`; without it this throws, naming the file.
    public static func load(_ request: LayerRequest) throws -> LoadedLayer {
        let (layer, header) = try open(request)
        let features = try header.fromGCJ02(try layer.readFeatures())
        var loaded = header
        loaded.features = features
        loaded.extent = features.isEmpty ? nil : layer.extent
        return loaded
    }

    /// Reads the layer in batches of at most `batchSize` features, handing each batch to `body` as a
    /// `LoadedLayer` holding just those features, so that a layer larger than memory can be processed.
    /// Batches come in the layer's order.
    public static func stream(_ request: LayerRequest, batchSize: Int, _ body: (LoadedLayer) throws -> Void) throws {
        precondition(batchSize > 0)
        let (layer, header) = try open(request)
        var batch: [Feature] = []
        batch.reserveCapacity(batchSize)
        func flush() throws {
            guard !batch.isEmpty else { return }
            var part = header
            part.features = try header.fromGCJ02(batch)
            part.extent = layer.extent
            batch.removeAll(keepingCapacity: true)
            try body(part)
        }
        try layer.forEachFeature { f in
            batch.append(f)
            if batch.count == batchSize { try flush() }
        }
        try flush()
    }

    /// Opens the layer, settles its CRS and applies the filter; the header has no features yet.
    private static func open(_ request: LayerRequest) throws -> (VectorLayer, LoadedLayer) {
        let source = try VectorSource.open(request.source, encoding: request.encoding)
        let layer = try source.layer(named: request.layer)
        let declared = try layer.crs()
        let crs: CRS
        let assumed: Bool
        if let declared {
            crs = declared
            assumed = false
        } else if let text = request.assumedCRS {
            do { crs = try CRS(text) } catch let e as GeoKitError {
                throw e.located(file: request.source, layer: layer.name)
            }
            assumed = true
        } else {
            let hint = source.driver == "ESRI Shapefile" ? " (no .prj)" : ""
            throw GeoKitError(.input, "the layer declares no coordinate reference system\(hint); state one with --assume-crs, e.g. --assume-crs EPSG:4490",
                              file: request.source, layer: layer.name)
        }
        if layer.featureCount == 0 {
            throw GeoKitError(.input, "the layer is empty (no features)", file: request.source, layer: layer.name)
        }
        try layer.setAttributeFilter(request.whereClause)
        if request.gcj02, !crs.isGeographic {
            throw GeoKitError(.input, "GCJ-02 is a shift of longitude and latitude, but the layer's CRS is projected (\(crs))",
                              file: request.source, layer: layer.name)
        }
        return (layer, LoadedLayer(request: request, layerName: layer.name, driver: source.driver, crs: crs, crsAssumed: assumed,
                                   encoding: layer.encoding, geometryType: layer.geometryTypeName, fields: layer.fields,
                                   features: [], extent: nil))
    }

    /// The index of a field by name (exact, then case-insensitive), or an error listing the fields.
    public func fieldIndex(_ name: String) throws -> Int {
        if let i = fields.index(named: name) { return i }
        throw GeoKitError(.input, "no field named '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))",
                          file: request.source, layer: layerName)
    }

    /// Wraps an error raised while processing one feature with this layer's location.
    func locate(_ error: Error, feature: Int64?) -> Error {
        guard let e = error as? GeoKitError else { return error }
        return e.located(file: request.source, layer: layerName, feature: feature)
    }
}

extension LoadedLayer {
    /// The layer's central point in CGCS2000 (lon, lat): where a Gauss–Krüger zone is chosen from.
    public func geographicCenter() throws -> (lon: Double, lat: Double)? {
        guard let e = extent else { return nil }
        if crs.isGeographic { return (e.centerX, e.centerY) }
        let t = try Transformer(from: crs, to: try CRS.cgcs2000())
        let p = try t.transform(x: e.centerX, y: e.centerY)
        return (p.x, p.y)
    }

    /// The CGCS2000 3° Gauss–Krüger zone of the layer's centre.
    public func gaussKrugerZone() throws -> GaussKrugerZone? {
        guard let c = try geographicCenter() else { return nil }
        return GaussKrugerZone(longitude: c.lon)
    }
}

extension LoadedLayer {
    /// Features shifted from GCJ-02 back to WGS 84 when the request says the source is GCJ-02.
    func fromGCJ02(_ features: [Feature]) throws -> [Feature] {
        guard request.gcj02 else { return features }
        let context = GeometryContext()
        return try features.map { f in
            guard let wkb = f.wkb else { return f }
            var g = f
            g.wkb = try Geometry(wkb: wkb, context: context).shiftedGCJ02(toGCJ: false).wkb
            return g
        }
    }
}
