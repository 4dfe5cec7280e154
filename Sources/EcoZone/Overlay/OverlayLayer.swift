import GeoKit

/// One polygon feature made ready for overlay: repaired, in the analysis CRS, with its envelope and
/// its ellipsoidal area.
public struct OverlayFeature: Sendable {
    public var fid: Int64
    public var values: [FieldValue]
    /// Valid polygonal WKB in the analysis CRS.
    public var wkb: [UInt8]
    public var envelope: Envelope
    /// Ellipsoidal area on CGCS2000, m².
    public var area: Double
}

/// A polygon layer made ready for overlay, shared read-only by every worker (`Sendable`).
///
/// Stage one of the overlay pipeline: read → repair (`makeValid`, reported; once, by the layer
/// store) → transform to the analysis CRS (reported) → densify, measure, index envelopes. Features without geometry, or with no polygonal
/// area after repair, take no part and are counted.
public struct OverlayLayer: Sendable {
    /// The name the layer goes by in reports: its project role, or its layer name.
    public var name: String
    public var source: String
    public var fields: [FieldDefinition]
    public var features: [OverlayFeature]
    public var index: EnvelopeIndex
    public var analysisCRS: CRS
    /// How the layer's CRS was transformed to the analysis CRS ("none (same CRS)" when it was not).
    public var transformation: String
    public var sourceCRS: String
    public var repairs: [FeatureRepair]
    /// Features skipped: without geometry, or without polygonal area.
    public var skipped: Int

    /// The features' ellipsoidal areas added up in feature order (overlaps counted as often as they occur).
    public var totalArea: Area { Area(squareMetres: features.reduce(0) { $0 + $1.area }) }

    /// Repairs `layer` (``StoredLayer/repairing(_:workers:)``) and prepares it: the path of a layer no
    /// store keeps (`overlay` of two files, a cross-tabulation's streamed batches).
    public static func prepare(_ layer: LoadedLayer, name: String? = nil, analysisCRS: CRS,
                               workers: Int = GeoKit.Parallel.workerCount) throws -> OverlayLayer {
        try prepare(try StoredLayer.repairing(layer, workers: workers), name: name, analysisCRS: analysisCRS, workers: workers).layer
    }

    /// Prepares a layer repaired once already (``StoredLayer``): each valid feature transformed to
    /// the analysis CRS (PROJ), checked again there only when the transformation is not the identity
    /// (a reprojected polygon can turn invalid; such a feature is repaired and counted in
    /// `repairedAfterTransformation`), reduced to its polygonal parts, densified
    /// (``densifiedForOverlay(_:crs:)``) and measured. Repairs are reported with the areas the overlay
    /// measures (the feature as read, transformed, and as prepared).
    ///
    /// `measuring: false` leaves `area` at 0 for features without a repair to report: a grouping
    /// layer's features only cut (``LayerStore/groupingOverlay(_:name:batchSize:)``).
    static func prepare(_ stored: StoredLayer, name: String? = nil, analysisCRS: CRS, measuring: Bool = true,
                        workers: Int = GeoKit.Parallel.workerCount) throws -> (layer: OverlayLayer, repairedAfterTransformation: Int) {
        let layer = stored.valid
        try checkPolygonal(layer)
        let sourceCRS = layer.crs
        let operation = try Transformer(from: sourceCRS, to: analysisCRS).operation
        let repaired = Dictionary(stored.repairs.map { ($0.fid, $0) }, uniquingKeysWith: { a, _ in a })
        let raw = stored.read.features
        struct Prepared: Sendable { var feature: OverlayFeature?; var repair: FeatureRepair?; var again = false }
        let prepared: [Prepared] = try GeoKit.Parallel.mapChunks(Array(layer.features.indices), workers: workers, setUp: {
            try FeaturePreparer(sourceCRS: sourceCRS, analysisCRS: analysisCRS)
        }) { preparer, chunk in
            try chunk.map { i in
                let f = layer.features[i]
                do {
                    guard let wkb = f.wkb else { return Prepared() }
                    let valid = try Geometry(wkb: wkb, context: preparer.context)
                    let earlier = repaired[f.fid].map { r in
                        (FeaturePreparer.SourceRepair(reason: r.reason, partsBefore: r.partsBefore, partsAfter: r.partsAfter),
                         { try raw[i].wkb.map { try Geometry(wkb: $0, context: preparer.context) } })
                    }
                    guard let p = try preparer.prepare(fid: f.fid, valid: valid, repairedFrom: earlier, measuring: measuring) else { return Prepared() }
                    return Prepared(feature: p.feature(fid: f.fid, values: f.values), repair: p.repair, again: p.again)
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
        }
        let features = prepared.compactMap(\.feature)
        let result = OverlayLayer(name: name ?? layer.layerName, source: layer.request.source, fields: layer.fields, features: features,
                                  index: EnvelopeIndex(features.map(\.envelope)), analysisCRS: analysisCRS,
                                  transformation: operation, sourceCRS: sourceCRS.description,
                                  repairs: prepared.compactMap(\.repair), skipped: prepared.count - features.count)
        return (result, prepared.filter(\.again).count)
    }

    /// Throws unless the layer declares polygons (or a mix): overlay cuts areas.
    static func checkPolygonal(_ layer: LoadedLayer) throws {
        let kind = layer.geometryType.lowercased()
        if kind.contains("line") || kind.contains("point") {
            throw GeoKitError(.input, "the layer holds \(layer.geometryType) features; overlay needs polygons",
                              file: layer.request.source, layer: layer.layerName)
        }
    }

    /// Longest edge an overlay input keeps, metres.
    public static let maxSegmentLength = 100.0

    /// Densifies so that cut points land where the area measure expects them: along geodesics in
    /// a geographic CRS (`geodesicallyDensified`), along straight lines in a projected one.
    ///
    /// A polygon that densifying made invalid is rebuilt as the faces its rings wind around
    /// positively (`GEOSBuffer_r` by 0, which orients each ring by its signed area). This happens
    /// when a long edge passes a few centimetres from a vertex of its own polygon (a spike or slit
    /// along it): the edge's geodesic bows past the vertex and the ring crosses itself, cutting off
    /// a small inside-out lobe. The geodesic area `area` reports (and pyproj, PostGIS `ST_Area` on
    /// geography) subtracts that lobe, the structure repair (`makeValid`) used before added it
    /// (+56 m² on one Banan erosion polygon, 3e-7 of the layer); buffer by 0 drops it, so the
    /// polygon keeps the region its boundary encloses. The push-down (`PostGISCrossTabSQL`)
    /// repairs the same way. If the buffer lost more than half the area (a ring oriented by a lobe),
    /// the structure repair is kept.
    static func densifiedForOverlay(_ g: Geometry, crs: CRS) throws -> Geometry {
        // No edge long enough to change (most features): g as it is, without building a copy to compare.
        if crs.isGeographic, !(try g.mayNeedGeodesicDensifying(maxSegmentLength: maxSegmentLength)) { return g }
        let d = crs.isGeographic ? try g.geodesicallyDensified(maxSegmentLength: maxSegmentLength)
                                 : try g.densified(maxSegmentLength: maxSegmentLength)
        // No edge was long enough to change: g is already valid, skip a second validity check.
        if d.vertexCount == g.vertexCount { return g }
        if try d.validity().isValid { return d }
        let (fixed, _) = try d.makeValid()
        let structure = fixed.kind.isPolygonal ? fixed : try fixed.polygonalParts()
        let buffered = try d.buffer(0)
        guard buffered.kind.isPolygonal, !buffered.isEmpty, try buffered.planarArea() > 0.5 * structure.planarArea() else { return structure }
        return buffered
    }

    /// The index of a field by name, or an error naming the layer.
    public func fieldIndex(_ field: String) throws -> Int {
        try Self.fieldIndex(field, in: fields, layer: name, source: source)
    }

    /// The index of `field` among `fields`, or an error naming the layer (`name`, from `source`).
    static func fieldIndex(_ field: String, in fields: [FieldDefinition], layer name: String, source: String) throws -> Int {
        if let i = fields.index(named: field) { return i }
        throw GeoKitError(.input, "layer '\(name)' has no field named '\(field)' (fields: \(fields.map(\.name).joined(separator: ", ")))", file: source)
    }
}

/// Where an overlay input came from and what was done to it, reported with every result.
public struct LayerProvenance: Sendable, Codable {
    public var name: String
    public var source: String
    public var crs: String
    /// How it was brought into the analysis CRS.
    public var transformation: String
    public var features: Int
    public var repairs: [FeatureRepair]
    /// Features without polygonal geometry, left out.
    public var skipped: Int
}

extension OverlayLayer {
    public var provenance: LayerProvenance {
        LayerProvenance(name: name, source: source, crs: sourceCRS, transformation: transformation,
                        features: features.count, repairs: repairs, skipped: skipped)
    }
}
