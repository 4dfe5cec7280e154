import GeoKit

/// A layer dissolved by the value of one field: one polygon per value (key), ready to cut other
/// layers into groups. Features sharing a key are merged (`GEOSUnaryUnion_r`), so overlaps within a
/// group are not counted twice; overlaps *between* groups would be, and are measured and reported.
public struct GroupingLayer: Sendable {
    /// "towns:NAME", or the role alone when the layer is not split by a field.
    public var label: String
    public var keys: [String]
    /// One feature per key, in key order.
    public var dissolved: OverlayLayer
    /// Area (m²) lying under two or more keys: a data problem (overlapping towns) worth reporting.
    public var overlapBetweenKeys: Double

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
        let dissolved: [Dissolved?] = try GeoKit.Parallel.mapChunks(keys, workers: workers, chunkSize: 1) { chunk in
            let context = GeometryContext()
            let measurer = try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true)
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
        return GroupingLayer(label: label, keys: presentKeys, dissolved: result, overlapBetweenKeys: overlap)
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
