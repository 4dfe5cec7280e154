import GeoKit

extension CrossTabulation {
    /// A cross-tabulation whose first layer holds lines or points (`tabulate --by rivers:name --by
    /// towns:name`): each feature cut by each grouping layer in turn (``LineCutter``), and each piece
    /// measured by geodesic length on CGCS2000 (lines, km: `geod_inverse` between vertices in lon/lat)
    /// or counted (points; a multipoint counts each of its points). As for areas, the part outside a
    /// grouping layer is keyed "(outside)", so the rows add up to the whole layer.
    ///
    /// - Parameter first: the line or point layer in the analysis CRS (``LayerStore/features(inAnalysisCRS:)``).
    /// - Parameter sourceCRS: the CRS the layer was read in, for the provenance.
    static func run(features first: LoadedLayer, shape: FeatureShape, firstField: String?, firstLabel: String, groups: [GroupingLayer],
                    sourceCRS: CRS, workers: Int = GeoKit.Parallel.workerCount) throws -> CrossTabulation {
        precondition(shape != .polygon)
        let firstIndex = try firstField.map { try first.fieldIndex($0) }
        let crs = first.crs
        struct Piece: Sendable { var keys: [String]; var amount: Double }
        let perFeature: [[Piece]] = try GeoKit.Parallel.mapChunks(first.features, workers: workers, setUp: {
            let context = GeometryContext()
            let toLonLat = crs.isGeographicOnCGCS2000Ellipsoid ? nil : try Transformer(from: crs, to: try CRS.cgcs2000())
            return (context, toLonLat, groups.map { LineCutter($0.layer, context: context, shape: shape) })
        }) { worker, chunk in
            let (context, toLonLat, cutters) = worker
            return try chunk.map { f in
                guard let wkb = f.wkb else { return [] }
                do {
                    let key = firstIndex.map { GroupingLayer.key(f.values[$0]) } ?? firstLabel
                    var pieces: [(Geometry, [String])] = [(try Geometry(wkb: wkb, context: context), [key])]
                    for (group, cutter) in zip(groups, cutters) {
                        var next: [(Geometry, [String])] = []
                        for (g, keys) in pieces {
                            let split = try cutter.split(g)
                            for (j, part) in split.inside { next.append((part, keys + [group.keys[group.keyOfFeature[j]]])) }
                            if let o = split.outside { next.append((o, keys + [outsideKey])) }
                        }
                        pieces = next
                    }
                    return try pieces.map { Piece(keys: $0.1, amount: try LineCutter.measure($0.0, shape: shape, toLonLat: toLonLat)) }
                } catch {
                    throw first.locate(error, feature: f.fid)
                }
            }
        }
        // Reduced in feature order: the same sums whatever the number of workers.
        let scale = shape == .line ? 1e-3 : 1.0
        var sums: [[String]: (Double, Int)] = [:]
        var total = 0.0
        var outside = Dictionary(uniqueKeysWithValues: groups.map { ($0.label, 0.0) })
        for pieces in perFeature {
            for p in pieces {
                let s = sums[p.keys] ?? (0, 0)
                sums[p.keys] = (s.0 + p.amount, s.1 + 1)
                total += p.amount
                for (g, k) in zip(groups, p.keys.dropFirst()) where k == outsideKey { outside[g.label]! += p.amount }
            }
        }
        let rows = sums.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { k in
            Row(keys: k, area: .zero, pieces: sums[k]!.1, amount: sums[k]!.0 * scale)
        }
        var t = CrossTabulation(dimensions: [firstLabel] + groups.map(\.label), rows: rows, total: .zero, outside: [:],
                                overlapBetweenKeys: [:], diagnostics: OverlayDiagnostics())
        t.measure = shape == .line ? .length : .count
        t.totalAmount = total * scale
        t.outsideAmount = outside.mapValues { $0 * scale }
        let transformation = sourceCRS.definition == crs.definition ? "none (same CRS)" : try Transformer(from: sourceCRS, to: crs).operation
        t.inputs = [LayerProvenance(name: firstLabel, source: first.request.source, crs: sourceCRS.description,
                                    transformation: transformation, features: first.features.count, repairs: [], skipped: 0)]
            + groups.map(\.layer.provenance)
        return t
    }
}
