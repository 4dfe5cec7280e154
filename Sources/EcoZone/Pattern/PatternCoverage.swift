import GeoKit

/// How much of each barrier lies inside a protecting layer (red line, protected areas): the
/// overlay's cross-tabulation of the barriers by the layer, dissolved so that overlapping features
/// are counted once. Areas ellipsoidal on CGCS2000.
public struct PatternCoverage: Sendable, Codable, Equatable {
    /// The protecting layer's role, e.g. "red-line".
    public var role: String
    /// Element id → area inside.
    public var inside: [String: Area]
    /// Element id → area of the element as the overlay measured it (`AreaMeasurer(forOverlay:)`, as
    /// `inside`: the share compares areas of one method).
    public var total: [String: Area]

    /// Element id → share inside, 0…1.
    public func share(_ id: String) -> Double? {
        guard let t = total[id], t > .zero else { return nil }
        return (inside[id] ?? .zero).fraction(of: t)
    }

    /// Cross-tabulates the polygon elements against `layer` (already prepared in the analysis CRS).
    public static func measure(_ elements: [PatternElement], against layer: OverlayLayer, role: String,
                               workers: Int = GeoKit.Parallel.workerCount) throws -> PatternCoverage {
        let crs = layer.analysisCRS
        let context = GeometryContext()
        let cgcs = try CRS.cgcs2000()
        let toAnalysis = try Transformer(from: cgcs, to: crs)
        let measurer = try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true)
        var features: [OverlayFeature] = []
        for (i, e) in elements.enumerated() where e.shape == .polygon {
            let g = try OverlayLayer.densifiedForOverlay(try toAnalysis.transform(try Geometry(wkb: e.geographic, context: context)), crs: crs)
            guard let env = g.envelope else { continue }
            features.append(OverlayFeature(fid: Int64(i), values: [.string(e.id)], wkb: g.wkb, envelope: env, area: try measurer.ellipsoidalArea(g)))
        }
        var result = PatternCoverage(role: role, inside: [:], total: [:])
        guard !features.isEmpty, !layer.features.isEmpty else {
            for f in features { if case let .string(id) = f.values[0] { result.total[id] = Area(squareMetres: f.area); result.inside[id] = .zero } }
            return result
        }
        let first = OverlayLayer(name: "pattern", source: "pattern", fields: [FieldDefinition(name: "element", type: .string)],
                                 features: features, index: EnvelopeIndex(features.map(\.envelope)), analysisCRS: crs,
                                 transformation: "none (same CRS)", sourceCRS: crs.description, repairs: [], skipped: 0)
        let group = try GroupingLayer.dissolve(layer, field: nil, label: role, workers: workers)
        let tab = try CrossTabulation.run(first: first, firstField: "element", firstLabel: "element", groups: [group], workers: workers)
        for f in features { if case let .string(id) = f.values[0] { result.inside[id] = .zero; result.total[id] = .zero } }
        for row in tab.rows {
            let id = row.keys[0]
            result.total[id, default: .zero] += row.area
            if row.keys[1] != CrossTabulation.outsideKey { result.inside[id, default: .zero] += row.area }
        }
        return result
    }
}
