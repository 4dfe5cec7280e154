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
/// Stage one of the overlay pipeline: read → repair (`makeValid`, reported) → transform to the
/// analysis CRS (reported) → index envelopes. Features without geometry, or with no polygonal
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

    public var totalArea: Double { features.reduce(0) { $0 + $1.area } }

    public static func prepare(_ layer: LoadedLayer, name: String? = nil, analysisCRS: CRS,
                               workers: Int = GeoKit.Parallel.workerCount) throws -> OverlayLayer {
        let kind = layer.geometryType.lowercased()
        if kind.contains("line") || kind.contains("point") {
            throw GeoKitError(.input, "the layer holds \(layer.geometryType) features; overlay needs polygons",
                              file: layer.request.source, layer: layer.layerName)
        }
        let sourceCRS = layer.crs
        let operation = try Transformer(from: sourceCRS, to: analysisCRS).operation
        struct Prepared: Sendable { var feature: OverlayFeature?; var repair: FeatureRepair? }
        let prepared: [Prepared] = try GeoKit.Parallel.mapChunks(layer.features, workers: workers, setUp: {
            let context = GeometryContext()
            return (context, try Transformer(from: sourceCRS, to: analysisCRS),
                    try AreaMeasurer(layerCRS: analysisCRS, zone: nil, context: context, forOverlay: true))
        }) { worker, chunk in
            let (context, toAnalysis, measurer) = worker
            return try chunk.map { f in
                do {
                    guard let wkb = f.wkb else { return Prepared() }
                    let raw = try toAnalysis.transform(try Geometry(wkb: wkb, context: context))
                    var (g, repair) = try raw.makeValid()
                    if !g.kind.isPolygonal { g = try g.polygonalParts() }
                    g = try densifiedForOverlay(g, crs: analysisCRS)
                    guard !g.isEmpty, let env = g.envelope else { return Prepared() }
                    let area = try measurer.ellipsoidalArea(g)
                    let report = try repair.map {
                        FeatureRepair(fid: f.fid, reason: $0.reason, areaBefore: try measurer.ellipsoidalArea(raw), areaAfter: area,
                                      partsBefore: $0.partsBefore, partsAfter: $0.partsAfter)
                    }
                    return Prepared(feature: OverlayFeature(fid: f.fid, values: f.values, wkb: g.wkb, envelope: env, area: area), repair: report)
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
        }
        let features = prepared.compactMap(\.feature)
        return OverlayLayer(name: name ?? layer.layerName, source: layer.request.source, fields: layer.fields, features: features,
                            index: EnvelopeIndex(features.map(\.envelope)), analysisCRS: analysisCRS,
                            transformation: operation, sourceCRS: sourceCRS.description,
                            repairs: prepared.compactMap(\.repair), skipped: prepared.count - features.count)
    }

    /// Longest edge an overlay input keeps, metres.
    public static let maxSegmentLength = 100.0

    /// Densifies so that cut points land where the area measure expects them: along geodesics in
    /// a geographic CRS (`geodesicallyDensified`), along straight lines in a projected one. A
    /// polygon densified into self-contact is made valid again.
    static func densifiedForOverlay(_ g: Geometry, crs: CRS) throws -> Geometry {
        let d = crs.isGeographic ? try g.geodesicallyDensified(maxSegmentLength: maxSegmentLength)
                                 : try g.densified(maxSegmentLength: maxSegmentLength)
        // No edge was long enough to change: g is already valid, skip a second validity check.
        if d.vertexCount == g.vertexCount { return g }
        if try d.validity().isValid { return d }
        let (fixed, _) = try d.makeValid()
        return fixed.kind.isPolygonal ? fixed : try fixed.polygonalParts()
    }

    /// The index of a field by name, or an error naming the layer.
    public func fieldIndex(_ field: String) throws -> Int {
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
