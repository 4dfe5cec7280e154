import Foundation
import GeoKit

/// A layer read into memory as `Sendable` values, with everything a report must say about where its
/// numbers came from: the file, the layer, its CRS (and whether it was assumed) and its text encoding.
public struct LoadedLayer: Sendable {
    public var request: LayerRequest
    public var layerName: String
    public var driver: String
    public var crs: CRS
    /// True when the CRS came from `--assume-crs`: the source declares none, or declares a
    /// geographic CRS for values that are metres (`declaredCRSSetAside`).
    public var crsAssumed: Bool
    /// The CRS the source declares, when it was set aside for the assumed one because the values
    /// cannot be in it (metres under a geographic .prj).
    public var declaredCRSSetAside: CRS?
    public var encoding: TextEncoding
    public var geometryType: String
    public var fields: [FieldDefinition]
    public var features: [Feature]
    /// Extent in the layer's CRS (of the features read), nil for an empty layer.
    public var extent: Envelope?
    /// The sources of a layer read from several (``LayerRequest/parts``), in order; empty for one source.
    public var parts: [Part] = []

    /// Reads the layer. A source without a CRS needs `assumedCRS`; without it this throws, naming the file.
    ///
    /// Every feature's coordinates are checked on reading (`CoordinateSanity`): NaN or infinite
    /// values, more vertices than one feature may have, and in a geographic CRS longitudes and
    /// latitudes out of range, values that look like metres and axes that look swapped are errors
    /// naming the file, the layer and, where it is one feature's fault, the feature.
    public static func load(_ request: LayerRequest) throws -> LoadedLayer {
        if !request.parts.isEmpty { return try loadParts(request) }
        let opened = try open(request)
        let read = try opened.layer.readFeatures()
        // The extent comes from a scan of every feature first, so that a layer-wide diagnosis
        // (metres, swapped axes) is given for the whole layer, not as one feature's wild value.
        let scan: CoordinateSanity.LayerScan
        do { scan = try CoordinateSanity.scan(read) } catch { throw opened.locate(error) }
        let union = scan.extent
        var loaded = try opened.settle(extent: union)
        let features: [Feature]
        do { features = try loaded.coordinateSanity.checked(read, scan: scan) } catch { throw opened.locate(error) }
        loaded.features = try loaded.fromGCJ02(features)
        loaded.extent = features.isEmpty ? nil : opened.extent(axisOrder: request.axisOrder) ?? union.map {
            request.axisOrder == .latLon ? $0.axesSwapped : $0
        }
        return loaded
    }

    /// Reads the layer in batches of at most `batchSize` features, handing each batch to `body` as a
    /// `LoadedLayer` holding just those features, so that a layer larger than memory can be processed.
    /// Batches come in the layer's order. Coordinates are checked as in `load`, the layer-wide rules
    /// on the extent the source declares (`OGR_L_GetExtent`) before the first batch.
    public static func stream(_ request: LayerRequest, batchSize: Int, _ body: (LoadedLayer) throws -> Void) throws {
        precondition(batchSize > 0)
        if !request.parts.isEmpty {
            // Several sources: read whole (each part checked as `load` checks it), handed over in batches.
            let all = try loadParts(request)
            for start in stride(from: 0, to: all.features.count, by: batchSize) {
                var part = all
                part.features = Array(all.features[start..<min(start + batchSize, all.features.count)])
                try body(part)
            }
            return
        }
        let opened = try open(request)
        let stored = opened.extent(axisOrder: nil)
        let header = try opened.settle(extent: stored)
        let sanity = header.coordinateSanity
        if let stored {
            do { try sanity.checkLayer(extent: stored) } catch { throw opened.locate(error) }
        }
        let extent = opened.extent(axisOrder: request.axisOrder)
        var batch: [Feature] = []
        batch.reserveCapacity(batchSize)
        func flush() throws {
            guard !batch.isEmpty else { return }
            var part = header
            part.features = try header.fromGCJ02(batch)
            part.extent = extent
            batch.removeAll(keepingCapacity: true)
            try body(part)
        }
        try opened.layer.forEachFeature { f in
            var f = f
            if let wkb = f.wkb {
                do { f.wkb = try sanity.checked(wkb).wkb } catch { throw opened.locate(error, feature: f.fid) }
            }
            batch.append(f)
            if batch.count == batchSize { try flush() }
        }
        try flush()
    }

    /// An opened layer whose CRS is not settled yet: that needs the extent.
    private struct Opened {
        var request: LayerRequest
        var source: VectorSource
        var layer: VectorLayer
        var declared: CRS?

        func locate(_ error: Error, feature: Int64? = nil) -> Error {
            guard let e = error as? GeoKitError else { return error }
            return e.located(file: request.source, layer: layer.name, feature: feature)
        }

        /// The extent the source declares, x and y exchanged for `.latLon`; nil when unknown or not finite.
        func extent(axisOrder: AxisOrder?) -> Envelope? {
            guard let e = layer.extent, e.minX.isFinite, e.minY.isFinite, e.maxX.isFinite, e.maxY.isFinite else { return nil }
            return axisOrder == .latLon ? e.axesSwapped : e
        }

        /// Decides the CRS: the declared one; the assumed one when none is declared, or when the
        /// declared one is geographic and `extent` (stored axis order) holds metres.
        func settle(extent: Envelope?) throws -> LoadedLayer {
            let assumedCRS: () throws -> CRS? = {
                guard let text = request.assumedCRS else { return nil }
                do { return try CRS(text) } catch { throw locate(error) }
            }
            var crs: CRS
            var assumed = false
            var setAside: CRS?
            if let declared {
                crs = declared
                let swapped = request.axisOrder == .latLon
                // A stated CRS overrides a declared one the values cannot be in: metres under a
                // geographic CRS, degrees under a projected one.
                if let e = extent,
                   declared.isGeographic ? CoordinateSanity.looksLikeMetres(swapped ? e.axesSwapped : e)
                                         : CoordinateSanity.looksLikeDegrees(e, in: declared),
                   let stated = try assumedCRS() {
                    crs = stated
                    assumed = true
                    setAside = declared
                }
            } else if let stated = try assumedCRS() {
                crs = stated
                assumed = true
            } else {
                let noPrj = source.driver == "ESRI Shapefile" ? " (no .prj)" : ""
                throw GeoKitError(.input, "the layer declares no coordinate reference system\(noPrj)",
                                  file: request.source, layer: layer.name, hint: .stateCRS(example: "EPSG:4490"))
            }
            if request.gcj02, !crs.isGeographic {
                throw GeoKitError(.input, "GCJ-02 is a shift of longitude and latitude, but the layer's CRS is projected (\(crs))",
                                  file: request.source, layer: layer.name)
            }
            return LoadedLayer(request: request, layerName: layer.name, driver: source.driver, crs: crs, crsAssumed: assumed,
                               declaredCRSSetAside: setAside, encoding: layer.encoding, geometryType: layer.geometryTypeName,
                               fields: layer.fields, features: [], extent: nil)
        }
    }

    /// Opens the layer and applies the filter; the CRS is settled once the extent is known.
    private static func open(_ request: LayerRequest) throws -> Opened {
        let source = try VectorSource.open(request.source, encoding: request.encoding)
        let layer = try source.layer(named: request.layer)
        let declared = try layer.crs()
        if declared == nil, request.assumedCRS == nil {
            let noPrj = source.driver == "ESRI Shapefile" ? " (no .prj)" : ""
            throw GeoKitError(.input, "the layer declares no coordinate reference system\(noPrj)",
                              file: request.source, layer: layer.name, hint: .stateCRS(example: "EPSG:4490"))
        }
        if layer.featureCount == 0 {
            throw GeoKitError(.input, "the layer is empty (no features)", file: request.source, layer: layer.name)
        }
        try layer.setAttributeFilter(request.whereClause)
        return Opened(request: request, source: source, layer: layer, declared: declared)
    }

    /// The checks every feature of this layer passes on reading.
    var coordinateSanity: CoordinateSanity { CoordinateSanity(crs: crs, axisOrder: request.axisOrder) }

    /// The index of a field by name (exact, then case-insensitive), or an error listing the fields.
    public func fieldIndex(_ name: String) throws -> Int {
        if let i = fields.index(named: name) { return i }
        throw GeoKitError(.input, "no field named '\(name)' (fields: \(fields.map(\.name).joined(separator: ", ")))",
                          file: request.source, layer: layerName)
    }

    /// Wraps an error raised while processing one feature with this layer's location.
    func locate(_ error: Error, feature: Int64?) -> Error {
        guard let e = error as? GeoKitError else { return error }
        if let feature, let (part, fid) = part(of: feature) {
            return e.located(file: part.request.source, layer: part.layerName, feature: fid)
        }
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
