import GeoKit

/// A layer whose features are grouped by the value of one field (the key), ready to cut other
/// layers into groups.
///
/// Two forms:
/// - `keyed`: the features as they are, each with its key. Cheap; right for layers whose features
///   do not overlap (towns, zones, graded erosion). Where they do overlap, a piece is counted under
///   each feature it lies in, and the cross-tabulation's conservation check reports it.
/// - `dissolve`: one polygon per key (`GEOSUnaryUnion_r`), so overlaps within a key vanish and
///   overlaps between keys are measured. Costly for large layers: the overlap matrix no longer uses
///   it (it resolves self-overlap locally, `ResolvedLayer`), except as the reference method
///   `OverlapMatrix.byDissolving`.
public struct GroupingLayer: Sendable {
    /// "towns:NAME", or the role alone when the layer is not split by a field.
    public var label: String
    public var keys: [String]
    /// The features that cut: the layer's own (`keyed`) or one per key (`dissolve`).
    public var layer: OverlayLayer
    /// For each feature of `layer`, its key's index in `keys`.
    public var keyOfFeature: [Int]
    /// Area (m²) lying under two or more keys, measured by `dissolve`; nil for `keyed`.
    public var overlapBetweenKeys: Double?

    /// Groups `layer`'s features by `field` without merging them (nil field: one key, the label).
    public static func keyed(_ layer: OverlayLayer, field: String?, label: String) throws -> GroupingLayer {
        let fi = try field.map { try layer.fieldIndex($0) }
        let featureKeys = layer.features.map { f in fi.map { key(f.values[$0]) } ?? label }
        let keys = Array(Set(featureKeys)).sorted()
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        var l = layer
        l.name = label
        return GroupingLayer(label: label, keys: keys, layer: l, keyOfFeature: featureKeys.map { index[$0]! }, overlapBetweenKeys: nil)
    }

    /// The key of a feature's value: its text, "(null)" for a missing value.
    static func key(_ value: FieldValue) -> String {
        if case .null = value { return "(null)" }
        return value.description
    }

    /// Dissolves `layer` by `field` (nil: everything into one key, the layer's name).
    public static func dissolve(_ layer: OverlayLayer, field: String?, label: String,
                                workers: Int = GeoKit.Parallel.workerCount) throws -> GroupingLayer {
        var members: [String: [Int]] = [:]
        if let field {
            let fi = try layer.fieldIndex(field)
            for (i, f) in layer.features.enumerated() { members[key(f.values[fi]), default: []].append(i) }
        } else {
            members[layer.name] = Array(layer.features.indices)
        }
        let keys = members.keys.sorted()
        let groups = members
        let crs = layer.analysisCRS
        struct Dissolved: Sendable { var wkb: [UInt8]; var envelope: Envelope; var area: Double }
        let dissolved: [Dissolved?] = try GeoKit.Parallel.mapChunks(keys, workers: workers, chunkSize: 1, setUp: {
            let context = GeometryContext()
            return (context, try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true))
        }) { worker, chunk in
            let (context, measurer) = worker
            return try chunk.map { key in
                let parts = try groups[key]!.map { try Geometry(wkb: layer.features[$0].wkb, context: context) }
                var g = parts.count == 1 ? parts[0] : try context.collection(parts, kind: .multiPolygon).unaryUnion()
                if !g.kind.isPolygonal { g = try g.polygonalParts() }
                guard let env = g.envelope else { return nil }
                return Dissolved(wkb: g.wkb, envelope: env, area: try measurer.ellipsoidalArea(g))
            }
        }
        var features: [OverlayFeature] = []
        var presentKeys: [String] = []
        for (k, d) in zip(keys, dissolved) {
            guard let d else { continue }
            presentKeys.append(k)
            features.append(OverlayFeature(fid: Int64(features.count), values: [.string(k)], wkb: d.wkb, envelope: d.envelope, area: d.area))
        }
        var result = OverlayLayer(name: label, source: layer.source, fields: [FieldDefinition(name: "key", type: .string)],
                                  features: features, index: EnvelopeIndex(features.map(\.envelope)), analysisCRS: crs,
                                  transformation: layer.transformation, sourceCRS: layer.sourceCRS, repairs: layer.repairs, skipped: layer.skipped)
        result.name = label
        let overlap = try Self.overlapBetween(result)
        return GroupingLayer(label: label, keys: presentKeys, layer: result, keyOfFeature: Array(presentKeys.indices),
                             overlapBetweenKeys: overlap)
    }

    /// Σ over pairs of keys of their intersection's area (m²).
    private static func overlapBetween(_ layer: OverlayLayer) throws -> Double {
        guard layer.features.count > 1 else { return 0 }
        let context = GeometryContext()
        let measurer = try AreaMeasurer(layerCRS: layer.analysisCRS, zone: nil, context: context, forOverlay: true)
        let cursor = LayerCursor(layer, context: context)
        let robust = RobustOverlay(geographic: layer.analysisCRS.isGeographic)
        var total = 0.0
        for i in layer.features.indices {
            for j in cursor.candidates(layer.features[i].envelope) where j > i {
                guard try cursor.preparedGeometry(i).intersects(try cursor.geometry(j)) else { continue }
                let (piece, _) = try robust.apply(.intersection, try cursor.geometry(i), try cursor.geometry(j))
                if !piece.isEmpty { total += try measurer.ellipsoidalArea(piece) }
            }
        }
        return total
    }
}
