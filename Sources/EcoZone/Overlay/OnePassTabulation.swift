import GeoKit

/// The first layer of a cross-tabulation streamed from its source in one pass (``GeoKit/Parallel/stream(workers:ahead:produce:setUp:work:consume:)``):
/// a reader thread reads chunks of features, the workers take each feature through every stage on
/// one parsed geometry — repaired as a store repairs (``StoredLayer``), prepared (``FeaturePreparer``),
/// cut by the grouping layers (``CrossTabulation/cutFeature(_:fid:key:area:envelope:groups:splitters:measurer:geographic:keepGeometry:)``)
/// — and the calling thread adds the pieces up in the source's order (``CrossTabulation/Tally``).
/// Nothing waits for a whole batch, no feature is written back to WKB between stages, the source is
/// read once, and each worker keeps one parsed, prepared copy of the grouping layers' large features.
extension CrossTabulation {
    /// Features a worker takes at a time. The small grouping features a chunk meets stay parsed until
    /// the chunk is done: a chunk of 64 red-line polygons holds a few thousand erosion patches, 256
    /// held half of 180,000 per worker (435 MiB peak against 290).
    static let streamChunk = 64

    /// Streams the first layer from its source so that a layer far larger than memory can be
    /// tabulated: about `batchSize` of its features (read and not yet added up) and the grouping layers
    /// are held at once. With `shard`, only the features it owns are cut (``TabulationShard``); all are
    /// read, repaired and counted. The rows, pieces, diagnostics and reported inputs are those of
    /// repairing, preparing and cutting the layer whole, and the areas the same bits (exact sums).
    public static func stream(_ request: LayerRequest, name: String, firstField: String?, firstLabel: String,
                              analysisCRS: CRS, groups: [GroupingLayer], gridSize: Double? = nil, batchSize: Int = 20_000,
                              workers: Int = GeoKit.Parallel.workerCount, shard: TabulationShard? = nil) throws -> CrossTabulation {
        precondition(batchSize > 0)
        let chunk = min(streamChunk, batchSize)
        let robust = RobustOverlay(geographic: analysisCRS.isGeographic, forcedGridSize: gridSize)
        var tally = Tally(groups: groups)
        var provenance: LayerProvenance?
        try GeoKit.Parallel.stream(workers: workers, ahead: max(2 * workers, batchSize / chunk), produce: { emit in
            try LoadedLayer.stream(request, batchSize: chunk) { try emit($0) }
        }, setUp: {
            OnePassWorker(groups: groups, robust: robust)
        }, work: { worker, part in
            try worker.work(part, name: name, firstField: firstField, firstLabel: firstLabel, analysisCRS: analysisCRS,
                            groups: groups, shard: shard)
        }, consume: { (part: OnePassWorker.Output) in
            if provenance == nil {
                provenance = LayerProvenance(name: name, source: part.source, crs: part.sourceCRS.description,
                                             transformation: try Transformer(from: part.sourceCRS, to: analysisCRS).operation,
                                             features: 0, repairs: [], skipped: 0)
            }
            provenance!.features += part.features
            provenance!.repairs += part.repairs
            provenance!.skipped += part.skipped
            for c in part.cuts { tally.add(c) }
        })
        guard let provenance else {
            throw GeoKitError(.input, "the filter matches no feature", file: request.source, layer: request.layer)
        }
        var result = tally.table(firstLabel: firstLabel)
        result.inputs = [provenance] + groups.map(\.layer.provenance)
        return result
    }
}

/// One worker of the one-pass stream: its GEOS context, its preparer (made for the source's CRS at the
/// first chunk) and a splitter per grouping layer, whose cursors keep the large features parsed,
/// prepared and clipped for the whole stream. Lives and dies on its worker thread.
final class OnePassWorker {
    let context: GeometryContext
    let splitters: [FeatureSplitter]
    private var preparer: FeaturePreparer?

    init(groups: [GroupingLayer], robust: RobustOverlay) {
        let context = GeometryContext()
        self.context = context
        splitters = groups.map { FeatureSplitter(other: LayerCursor($0.layer, context: context), robust: robust) }
    }

    /// What one chunk gave: its pieces, and for the first layer's provenance the features prepared,
    /// their repairs (in feature order) and the features skipped.
    struct Output: Sendable {
        var source: String
        var sourceCRS: CRS
        var cuts: [CrossTabulation.Cut] = []
        var features = 0
        var repairs: [FeatureRepair] = []
        var skipped = 0
    }

    func work(_ part: LoadedLayer, name: String, firstField: String?, firstLabel: String, analysisCRS: CRS,
              groups: [GroupingLayer], shard: TabulationShard?) throws -> Output {
        try OverlayLayer.checkPolygonal(part)
        if preparer?.sourceCRS != part.crs {
            preparer = try FeaturePreparer(sourceCRS: part.crs, analysisCRS: analysisCRS, context: context)
        }
        let preparer = preparer!
        let firstIndex = try firstField.map {
            try OverlayLayer.fieldIndex($0, in: part.fields, layer: name, source: part.request.source)
        }
        // Small grouping features (erosion patches) are kept for one chunk only: a chunk's features lie
        // near one another, and the whole layer parsed and prepared would not fit in memory.
        for s in splitters { s.other.forgetSmallFeatures() }
        var out = Output(source: part.request.source, sourceCRS: part.crs)
        out.cuts.reserveCapacity(part.features.count)
        for f in part.features {
            let prepared: FeaturePreparer.Prepared?
            do { prepared = try preparer.prepare(fid: f.fid, wkb: f.wkb, measuring: true) } catch { throw part.locate(error, feature: f.fid) }
            guard let p = prepared else { out.skipped += 1; continue }
            out.features += 1
            if let r = p.repair { out.repairs.append(r) }
            if let shard, !shard.owns(p.envelope) { continue }   // read and repaired as unsplit
            let key = firstIndex.map { GroupingLayer.key(f.values[$0]) } ?? firstLabel
            do {
                out.cuts.append(try CrossTabulation.cutFeature(p.geometry, fid: f.fid, key: key, area: p.area, envelope: p.envelope,
                                                               groups: groups, splitters: splitters, measurer: preparer.measurer,
                                                               geographic: analysisCRS.isGeographic, keepGeometry: false))
            } catch {
                throw (error as? GeoKitError)?.located(file: part.request.source, layer: name, feature: f.fid) ?? error
            }
        }
        return out
    }
}
