import GeoKit

/// Areas by combinations of groups (`tabulate --by A --by B --by C`): e.g. erosion grade × zone ×
/// town. The first layer's features are cut by each grouping layer in turn (stage two of the
/// pipeline, `FeatureSplitter`); each piece lands in the row of its keys, and the part of a piece
/// outside a grouping layer lands under the key "(outside)", so the rows add up to the first
/// layer's area. Ellipsoidal areas on CGCS2000, every piece measured as overlay pieces are
/// (`AreaMeasurer(forOverlay:)`, within ~1e-8 of the geodesic area), reported in km².
public struct CrossTabulation: Sendable, Encodable {
    public struct Row: Sendable, Encodable {
        public var keys: [String]
        /// In km² (zero in a tabulation of lines or points).
        public var area: Area
        public var pieces: Int
        /// A line layer's geodesic length in km, a point layer's count (``measure``); nil for areas.
        public var amount: Double? = nil
    }

    /// What the first layer's features are measured by: area (polygons), geodesic length (lines, km)
    /// or count (points).
    public enum Measure: String, Sendable, Encodable {
        case area, length, count

        /// The unit of the rows' figures: km2, km, count.
        public var unit: String { self == .area ? "km2" : self == .length ? "km" : "count" }
        /// How they are measured: ellipsoidal areas, geodesic lengths, points counted.
        public var method: String { self == .area ? "ellipsoidal" : self == .length ? "geodesic" : "point-in-polygon" }
    }

    /// The key used for area outside a grouping layer.
    public static let outsideKey = "(outside)"

    public var dimensions: [String]
    public var rows: [Row]
    /// The first layer's area (in km²).
    public var total: Area
    /// Per grouping dimension, the area outside it (in km²).
    public var outside: [String: Area]
    /// Per dissolved grouping dimension, the area under two keys (counted twice in the rows; in km²).
    public var overlapBetweenKeys: [String: Area]
    public var diagnostics: OverlayDiagnostics
    /// The layers read, their CRS transformations and repairs (set by the caller that read them).
    public var inputs: [LayerProvenance] = []
    /// What the rows measure: areas, or a line or point first layer's lengths or counts.
    public var measure: Measure = .area
    /// For lengths (km) and counts: the whole first layer, and per grouping dimension the part outside it.
    public var totalAmount: Double = 0
    public var outsideAmount: [String: Double] = [:]

    /// A row's figure in the tabulation's unit (km², km or count).
    public func value(_ r: Row) -> Double { measure == .area ? r.area.squareKilometres : r.amount ?? 0 }
    /// The first layer's figure in the tabulation's unit.
    public var totalValue: Double { measure == .area ? total.squareKilometres : totalAmount }
    /// The part outside grouping dimension `d`, in the tabulation's unit.
    public func outsideValue(_ d: String) -> Double { measure == .area ? (outside[d] ?? .zero).squareKilometres : outsideAmount[d] ?? 0 }
    /// A row's share of the whole (0…1).
    public func share(_ r: Row) -> Double { totalValue > 0 ? value(r) / totalValue : 0 }

    /// Per dimension, the order of its keys where it has its own (a raster's classes in value order,
    /// its bands from the lowest): tables list them so (not in the JSON, whose rows are in that order).
    public var keyOrders: [String: [String]] = [:]
    /// How a raster dimension was measured, when the tabulation has one.
    public var raster: RasterNote?
    /// The exact sums the area figures are rounded from (``CrossTabulationSums``): merged, not re-added.
    var sums: CrossTabulationSums?

    /// A raster dimension's method: cells counted with their exact coverage fraction by each zone and
    /// their ellipsoidal area (``ZonalAnalysis``).
    public struct RasterNote: Sendable, Encodable {
        public var layer: String
        public var rule: String
        public var cellArea: String
        enum CodingKeys: String, CodingKey { case layer, rule, cellArea = "cell_area" }
    }

    enum CodingKeys: String, CodingKey {
        case method, unit, dimensions, rows, total, outside, diagnostics, inputs, raster
        case overlapBetweenKeys = "overlap_between_keys"
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `{"method": "ellipsoidal", "unit": "km2", "rows": [{"soil-erosion:grade": "轻度", …, "area": x}], "total": X}`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(measure.method, forKey: .method)
        try c.encode(measure.unit, forKey: .unit)
        try c.encode(dimensions, forKey: .dimensions)
        var rowsContainer = c.nestedUnkeyedContainer(forKey: .rows)
        for r in rows {
            var rc = rowsContainer.nestedContainer(keyedBy: DynamicKey.self)
            for (d, k) in zip(dimensions, r.keys) { try rc.encode(k, forKey: DynamicKey(d)) }
            switch measure {
            case .area: try rc.encode(r.area, forKey: DynamicKey("area"))
            case .length: try rc.encode(r.amount ?? 0, forKey: DynamicKey("length"))
            case .count: try rc.encode(Int((r.amount ?? 0).rounded()), forKey: DynamicKey("count"))
            }
            try rc.encode(r.pieces, forKey: DynamicKey("pieces"))
        }
        switch measure {
        case .area:
            try c.encode(total, forKey: .total)
            try c.encode(outside, forKey: .outside)
        case .length:
            try c.encode(totalAmount, forKey: .total)
            try c.encode(outsideAmount, forKey: .outside)
        case .count:
            try c.encode(Int(totalAmount.rounded()), forKey: .total)
            try c.encode(outsideAmount.mapValues { Int($0.rounded()) }, forKey: .outside)
        }
        try c.encode(overlapBetweenKeys, forKey: .overlapBetweenKeys)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(inputs, forKey: .inputs)
        try c.encodeIfPresent(raster, forKey: .raster)
    }

    /// A first layer already in memory (a layer store's), cut in batches of `batchSize` features as
    /// ``stream(_:name:firstField:firstLabel:analysisCRS:groups:gridSize:batchSize:workers:)`` cuts
    /// a streamed one, so both give the same sums, bit for bit.
    public static func run(batchesOf first: OverlayLayer, batchSize: Int = 20_000, firstField: String?, firstLabel: String,
                           groups: [GroupingLayer], gridSize: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount, shard: TabulationShard? = nil) throws -> CrossTabulation {
        precondition(batchSize > 0)
        guard !first.features.isEmpty else {
            throw GeoKitError(.input, "the filter matches no feature", file: first.source, layer: first.name)
        }
        var merged: CrossTabulation?
        for start in stride(from: 0, to: first.features.count, by: batchSize) {
            var batch = first
            batch.features = Array(first.features[start..<min(start + batchSize, first.features.count)])
            if let shard { batch.features = batch.features.filter { shard.owns($0.envelope) } }
            let part = try run(first: batch, firstField: firstField, firstLabel: firstLabel, groups: groups, gridSize: gridSize, workers: workers)
            merged = merged.map { $0.merging(part) } ?? part
        }
        var result = merged!
        result.inputs = [first.provenance] + groups.map(\.layer.provenance)
        return result
    }

    /// This tabulation and another of more features of the same first layer, added row by row.
    func merging(_ other: CrossTabulation) -> CrossTabulation {
        var sums = Dictionary(uniqueKeysWithValues: rows.map { ($0.keys, $0) })
        for r in other.rows {
            if var s = sums[r.keys] { s.area += r.area; s.pieces += r.pieces; sums[r.keys] = s } else { sums[r.keys] = r }
        }
        var out = self
        out.rows = sums.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { sums[$0]! }
        out.total += other.total
        out.outside.merge(other.outside, uniquingKeysWith: +)
        out.diagnostics.merge(other.diagnostics)
        if var exact = self.sums, let more = other.sums {
            exact.merge(more)
            out.round(exact)
        }
        return out
    }

    /// - Parameters:
    ///   - first: the layer whose area is distributed (its features are not dissolved).
    ///   - firstField: the field that keys the first layer (nil: one key, `firstLabel`).
    public static func run(first: OverlayLayer, firstField: String?, firstLabel: String, groups: [GroupingLayer],
                           gridSize: Double? = nil, workers: Int = GeoKit.Parallel.workerCount) throws -> CrossTabulation {
        let perFeature = try cut(first: first, firstField: firstField, firstLabel: firstLabel, groups: groups, gridSize: gridSize,
                                 keepGeometry: false, workers: workers)
        return tally(perFeature, firstLabel: firstLabel, groups: groups)
    }

    /// One piece of a feature of the first layer: its keys (the first layer's, then one per grouping
    /// layer, ``outsideKey`` outside it), its ellipsoidal area (m²) and, when kept, its geometry (WKB
    /// in the analysis CRS).
    struct Piece: Sendable { var keys: [String]; var area: Double; var wkb: [UInt8]? = nil }
    struct Cut: Sendable { var pieces: [Piece]; var diagnostics: OverlayDiagnostics }

    /// The pieces of every feature of `first` cut by `groups` in turn, with their geometry: what a
    /// raster is summarised over when a cross-tabulation crosses vector layers with a raster
    /// (``LayerStore/rasterCrossTabulation(_:gridSize:)``).
    static func pieces(first: OverlayLayer, firstField: String?, firstLabel: String, groups: [GroupingLayer], gridSize: Double? = nil,
                       workers: Int = GeoKit.Parallel.workerCount) throws -> (pieces: [Piece], diagnostics: OverlayDiagnostics) {
        let cut = try self.cut(first: first, firstField: firstField, firstLabel: firstLabel, groups: groups, gridSize: gridSize,
                               keepGeometry: true, workers: workers)
        var diagnostics = OverlayDiagnostics()
        for o in cut { diagnostics.merge(o.diagnostics) }
        return (cut.flatMap(\.pieces), diagnostics)
    }

    static func cut(first: OverlayLayer, firstField: String?, firstLabel: String, groups: [GroupingLayer], gridSize: Double?,
                    keepGeometry: Bool, workers: Int) throws -> [Cut] {
        let firstIndex = try firstField.map { try first.fieldIndex($0) }
        let robust = RobustOverlay(geographic: first.analysisCRS.isGeographic, forcedGridSize: gridSize)
        typealias Out = Cut
        // One GEOS context, measurer and set of cursors per worker: a grouping layer's large features
        // (towns, zones) are parsed, prepared and clipped once per worker, not once per chunk.
        return try GeoKit.Parallel.mapChunks(Array(first.features.indices), workers: workers, setUp: {
            let context = GeometryContext()
            return (context, try AreaMeasurer(layerCRS: first.analysisCRS, zone: nil, context: context, forOverlay: true),
                    groups.map { FeatureSplitter(other: LayerCursor($0.layer, context: context), robust: robust) })
        }) { worker, chunk in
            let (context, measurer, splitters) = worker
            // Small features (erosion patches) are kept for one chunk only: a chunk's features lie near
            // one another, and the whole layer parsed and prepared would not fit in memory.
            for s in splitters { s.other.forgetSmallFeatures() }
            return try chunk.map { i in
                let f = first.features[i]
                let key = firstIndex.map { GroupingLayer.key(f.values[$0]) } ?? firstLabel
                let whole = try Geometry(wkb: f.wkb, context: context)
                do {
                    return try cutFeature(whole, fid: f.fid, key: key, area: f.area, envelope: f.envelope, groups: groups,
                                          splitters: splitters, measurer: measurer, geographic: first.analysisCRS.isGeographic,
                                          keepGeometry: keepGeometry)
                } catch {
                    throw (error as? GeoKitError)?.located(file: first.source, layer: first.name, feature: f.fid) ?? error
                }
            }
        }
    }

    /// One feature of the first layer (`whole`, in the analysis CRS, keyed `key`, of ellipsoidal area
    /// `area` m² and envelope `envelope`) cut by `groups` in turn with this worker's `splitters`, its
    /// pieces measured; pieces that do not add up to the feature (relative > 1e-9) are noted.
    static func cutFeature(_ whole: Geometry, fid: Int64, key: String, area featureArea: Double, envelope: Envelope,
                           groups: [GroupingLayer], splitters: [FeatureSplitter], measurer: AreaMeasurer, geographic: Bool,
                           keepGeometry: Bool) throws -> Cut {
        var pieces: [(Geometry, Envelope, [String])] = [(whole, envelope, [key])]
        var diagnostics = OverlayDiagnostics()
        for (group, splitter) in zip(groups, splitters) {
            splitter.diagnostics = OverlayDiagnostics()
            var next: [(Geometry, Envelope, [String])] = []
            for (g, env, keys) in pieces {
                let split = try splitter.split(g, envelope: env, fid: fid, wantOutside: true)
                for (j, part) in split.inside {
                    next.append((part, part.envelope ?? env, keys + [group.keys[group.keyOfFeature[j]]]))
                }
                if let o = split.outside { next.append((o, o.envelope ?? env, keys + [outsideKey])) }
            }
            diagnostics.merge(splitter.diagnostics)
            pieces = next
        }
        var out: [Piece] = []
        for (g, _, keys) in pieces {
            // A piece that is the feature itself, uncut, has the feature's area (same measure).
            let area = g === whole ? featureArea : try measurer.ellipsoidalArea(g)
            try diagnostics.notePiece(area: area, planar: g, geographic: geographic)
            out.append(Piece(keys: keys, area: area, wkb: keepGeometry ? g.wkb : nil))
        }
        if !groups.isEmpty {
            let sum = out.reduce(0) { $0 + $1.area }
            let relative = featureArea > 0 ? abs(sum - featureArea) / featureArea : 0
            if relative > 1e-9 { diagnostics.conservationBreaches.append(.init(fid: fid, area: featureArea, sumOfPieces: sum, relative: relative)) }
        }
        return Cut(pieces: out, diagnostics: diagnostics)
    }

    /// The rows of the pieces, reduced in feature order: the same sums whatever the number of workers.
    static func tally(_ perFeature: [Cut], firstLabel: String, groups: [GroupingLayer]) -> CrossTabulation {
        var t = Tally(groups: groups)
        for o in perFeature { t.add(o) }
        return t.table(firstLabel: firstLabel)
    }

    /// The rows of pieces added feature by feature (in feature order), made into a table at the end.
    /// Exact sums (``CrossTabulationSums``), rounded once: the figures do not depend on the order of the
    /// pieces, so batches and shards merged later give the same bits.
    struct Tally {
        let groups: [GroupingLayer]
        var exact = CrossTabulationSums()
        var pieces: [[String]: Int] = [:]
        var diagnostics = OverlayDiagnostics()

        init(groups: [GroupingLayer]) {
            self.groups = groups
            exact.outside = Dictionary(uniqueKeysWithValues: groups.map { ($0.label, ExactSum()) })
        }

        mutating func add(_ o: Cut) {
            diagnostics.merge(o.diagnostics)
            exact.sliverArea.add(o.diagnostics.sliverArea)
            for p in o.pieces {
                exact.rows[p.keys, default: ExactSum()].add(p.area)
                pieces[p.keys, default: 0] += 1
                exact.total.add(p.area)
                for (g, k) in zip(groups, p.keys.dropFirst()) where k == outsideKey { exact.outside[g.label]!.add(p.area) }
            }
        }

        func table(firstLabel: String) -> CrossTabulation {
            func km2(_ squareMetres: Double) -> Area { Area(squareMetres: squareMetres).converted(to: .squareKilometres) }
            let rows = pieces.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { k in Row(keys: k, area: .zero, pieces: pieces[k]!) }
            var t = CrossTabulation(dimensions: [firstLabel] + groups.map(\.label), rows: rows, total: .zero, outside: [:],
                                    overlapBetweenKeys: Dictionary(uniqueKeysWithValues: groups.compactMap { g in g.overlapBetweenKeys.map { (g.label, km2($0)) } }),
                                    diagnostics: diagnostics)
            t.round(exact)
            return t
        }
    }
}
