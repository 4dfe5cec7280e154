import GeoKit

/// The layers of one run or one command: each source opened once (its text encoding decided once, at
/// that open), each layer read once and each feature repaired once (``StoredLayer``), and the two
/// forms analyses work in made once and kept — lon/lat (CGCS2000, for maps, the pattern, exports)
/// and the analysis CRS (``OverlayLayer``: densified, measured, indexed, for overlays).
///
/// A filter (a project source's `where:`, a claim's `where`, a version field) never opens the source
/// again: on a layer read already, GDAL evaluates it on the source still open (`OGR_L_SetAttributeFilter`,
/// geometry not read) and the store takes the matching features from its one read; on a layer not read
/// yet, just the matching features are read (so `run`, which reads every layer whole first, reads
/// each once). Several sources of one role are read
/// each once and concatenated (``LoadedLayer/concatenating(_:as:)``). Layers an analysis makes in
/// memory (corridor results) are added with ``adopt(_:)`` and then served like any other.
///
/// Not `Sendable`: GDAL datasets stay open in the store for its life, used on the thread that made
/// it. Work inside fans out by itself (repairs and overlay preparation on every core, features handed
/// over as WKB). ``counts`` tells how often each source was opened and how many features were
/// repaired, so tests can hold the store to its promise.
public final class LayerStore {
    /// What the store has done: for tests and for `run.json`.
    public struct Counts: Sendable, Equatable {
        /// Opens (`GDALOpenEx`, through `VectorSource.open`) per source path, streamed reads included.
        public var opens: [String: Int] = [:]
        /// Feature reads per (source path, layer): "path" or "path|layer".
        public var reads: [String: Int] = [:]
        /// Features made valid, per source path (each repaired feature once per read).
        public var repairs: [String: Int] = [:]
        /// Features found invalid again after a transformation to the analysis CRS, and repaired there.
        public var repairsAfterTransformation = 0
    }

    public let project: Project
    public let analysisCRS: CRS
    public let workers: Int
    public private(set) var counts = Counts()

    private struct SourceKey: Hashable { var path: String; var encoding: String? }

    private var sources: [SourceKey: VectorSource] = [:]
    /// Unfiltered single-source request → the layer, open, for filters.
    private var opened: [LayerRequest: LoadedLayer.Opened] = [:]
    /// Full request (filter and parts included) → the layer read and repaired.
    private var layers: [LayerRequest: StoredLayer] = [:]
    private var lonLat: [LayerRequest: LoadedLayer] = [:]
    private var overlays: [LayerRequest: OverlayLayer] = [:]
    private var overlayOrder: [LayerRequest] = []
    var knownPolygonRoles: [String]?
    /// What each derived layer's buffer did, by name (``LayerBuffer``).
    public internal(set) var derivedReports: [String: BufferReport] = [:]
    /// Line and point layers in the analysis CRS (``features(inAnalysisCRS:)``).
    var analysisForms: [LayerRequest: LoadedLayer] = [:]
    /// Class areas of raster layers per zone layer (``rasterClasses(_:within:)``).
    var rasterClassCache: [RasterResultKey: ZonalReport] = [:]

    /// A store for `project`: overlays in its analysis CRS (`crs:`).
    public init(_ project: Project, workers: Int = GeoKit.Parallel.workerCount) throws {
        self.project = project
        self.workers = workers
        do { analysisCRS = try CRS(project.crs) } catch let e as GeoKitError { throw e.located(file: project.path) }
    }

    /// A store for layers named by request rather than by a project (`area`, `export`, `overlay`).
    public convenience init(analysisCRS: String = "EPSG:4490", workers: Int = GeoKit.Parallel.workerCount) throws {
        try self.init(Project(path: "", crs: analysisCRS), workers: workers)
    }

    // MARK: reading

    /// The layer `request` names, read and repaired once (a filter taken from the one read; several
    /// parts each read once and concatenated).
    public func layer(_ request: LayerRequest) throws -> StoredLayer {
        if let l = layers[request] { return l }
        if let name = Project.derivedName(request.source) { return try derivedLayer(name, request) }
        let l: StoredLayer
        if !request.parts.isEmpty {
            l = try StoredLayer.concatenating(try request.filteredParts.map { try layer($0) }, as: request, workers: workers)
        } else if let w = request.whereClause, !w.isEmpty, let whole = layers[request.unfiltered] {
            // Read already: GDAL picks the features, the store hands over its own.
            l = whole.subset(try matching(w, in: request.unfiltered), as: request)
        } else if !request.fieldNames.isEmpty, request.whereClause?.isEmpty ?? true {
            var renamed = try layer(request.unfiltered)
            renamed.read.request = request
            renamed.valid.request = request
            l = renamed
        } else {
            // Not read yet: read just what the filter selects, from the source already open (a one-off
            // `area --where` on a large layer reads no more than it needs).
            let handle = try open(request)
            let filter = request.whereClause.flatMap { $0.isEmpty ? nil : $0 }
            try handle.layer.setAttributeFilter(filter)
            defer { if filter != nil { try? handle.layer.setAttributeFilter(nil) } }
            var read = try LoadedLayer.read(handle)
            read.request = request
            counts.reads[readKey(request), default: 0] += 1
            l = try StoredLayer.repairing(read, workers: workers)
            if !l.repairs.isEmpty { counts.repairs[request.source, default: 0] += l.repairs.count }
        }
        layers[request] = l
        return l
    }

    /// The layer's features in CGCS2000 lon/lat (EPSG:4490), repaired: the layer itself when it is in
    /// that CRS already, else every feature transformed once (PROJ).
    public func lonLat(_ request: LayerRequest) throws -> LoadedLayer {
        if let l = lonLat[request] { return l }
        let stored = try layer(request)
        let cgcs = try CRS.cgcs2000()
        var out = stored.valid
        if out.crs.definition != cgcs.definition {
            let source = stored.valid
            let transformed: [[UInt8]?] = try GeoKit.Parallel.mapChunks(source.features, workers: workers, setUp: {
                (GeometryContext(), try Transformer(from: source.crs, to: cgcs))
            }) { worker, chunk in
                let (context, toLonLat) = worker
                return try chunk.map { f in
                    guard let wkb = f.wkb else { return nil }
                    do { return try toLonLat.transform(try Geometry(wkb: wkb, context: context)).wkb } catch {
                        throw source.locate(error, feature: f.fid)
                    }
                }
            }
            for i in out.features.indices { out.features[i].wkb = transformed[i] }
            out.crs = cgcs
            out.extent = nil
        }
        lonLat[request] = out
        return out
    }

    /// The layer in the analysis CRS, ready for overlay, named `name` in reports (its role). Prepared
    /// once per layer, whatever it is called.
    public func overlay(_ request: LayerRequest, name: String) throws -> OverlayLayer {
        if var l = overlays[request] {
            l.name = name
            return l
        }
        let prepared = try OverlayLayer.prepare(try layer(request), name: name, analysisCRS: analysisCRS, workers: workers)
        counts.repairsAfterTransformation += prepared.repairedAfterTransformation
        overlays[request] = prepared.layer
        overlayOrder.append(request)
        return prepared.layer
    }

    /// The overlay form of a layer that cuts others (a cross-tab's grouping layer): as
    /// ``overlay(_:name:)``, but a layer the store has not read is streamed from its source in
    /// one pass (read on a thread of its own, each feature repaired and prepared by a worker as it
    /// comes, about `batchSize` features in flight), and only the prepared features are kept, not the features as
    /// read (which would double the memory of a large grouping layer). Such a layer is not kept by the
    /// store and its features' areas are not measured (they only cut; `area` is 0 but for repaired
    /// features). Features, repairs and skips are those ``overlay(_:name:)`` finds, in the same order.
    public func groupingOverlay(_ request: LayerRequest, name: String, batchSize: Int = 20_000) throws -> OverlayLayer {
        if overlays[request] != nil || hasRead(request) || !request.parts.isEmpty || Project.derivedName(request.source) != nil {
            return try overlay(request, name: name)
        }
        // One pass (GeoKit.Parallel.stream): each feature repaired and prepared on one parsed geometry,
        // written to WKB once, kept in the source's order.
        struct Part: Sendable { var source: String; var crs: CRS; var fields: [FieldDefinition]; var features: [OverlayFeature] = []
                                var repairs: [FeatureRepair] = []; var skipped = 0; var again = 0 }
        final class Worker { var preparer: FeaturePreparer? }
        let analysisCRS = analysisCRS
        var first: OverlayLayer?
        var features: [OverlayFeature] = []
        var repairs: [FeatureRepair] = []
        var skipped = 0, again = 0
        let chunk = min(CrossTabulation.streamChunk, batchSize)
        try GeoKit.Parallel.stream(workers: workers, ahead: max(2 * workers, batchSize / chunk), produce: { emit in
            try LoadedLayer.stream(request, batchSize: chunk) { try emit($0) }
        }, setUp: { Worker() }, work: { worker, layer in
            try OverlayLayer.checkPolygonal(layer)
            if worker.preparer?.sourceCRS != layer.crs { worker.preparer = try FeaturePreparer(sourceCRS: layer.crs, analysisCRS: analysisCRS) }
            let preparer = worker.preparer!
            var part = Part(source: layer.request.source, crs: layer.crs, fields: layer.fields)
            for f in layer.features {
                do {
                    guard let p = try preparer.prepare(fid: f.fid, wkb: f.wkb, measuring: false) else { part.skipped += 1; continue }
                    part.features.append(p.feature(fid: f.fid, values: f.values))
                    if let r = p.repair { part.repairs.append(r) }
                    if p.again { part.again += 1 }
                } catch {
                    throw layer.locate(error, feature: f.fid)
                }
            }
            return part
        }, consume: { (part: Part) in
            if first == nil {
                first = OverlayLayer(name: name, source: part.source, fields: part.fields, features: [], index: EnvelopeIndex([]),
                                     analysisCRS: analysisCRS, transformation: try Transformer(from: part.crs, to: analysisCRS).operation,
                                     sourceCRS: part.crs.description, repairs: [], skipped: 0)
            }
            features += part.features
            repairs += part.repairs
            skipped += part.skipped
            again += part.again
        })
        guard var layer = first else { return try overlay(request, name: name) }
        noteStreamed(request)
        layer.features = features
        layer.repairs = repairs
        layer.skipped = skipped
        layer.index = EnvelopeIndex(features.map(\.envelope))
        if !repairs.isEmpty { counts.repairs[request.source, default: 0] += repairs.count }
        counts.repairsAfterTransformation += again
        return layer
    }

    /// Whether the layer `request` names has been read (and so costs no further read).
    public func hasRead(_ request: LayerRequest) -> Bool {
        layers[request] != nil || (request.parts.isEmpty && layers[request.unfiltered] != nil)
    }

    /// The overlay form of the layer if it was made already, or can be made from a layer already read.
    func overlayIfRead(_ request: LayerRequest, name: String) throws -> OverlayLayer? {
        overlays[request] != nil || hasRead(request) ? try overlay(request, name: name) : nil
    }

    /// Adds a layer made in memory (an analysis's result) under its request, as if read from its
    /// `request.source`: repaired once and served by ``layer(_:)``, ``lonLat(_:)`` and ``overlay(_:name:)``.
    @discardableResult
    public func adopt(_ layer: LoadedLayer) throws -> StoredLayer {
        let stored = try StoredLayer.repairing(layer, workers: workers)
        if !stored.repairs.isEmpty { counts.repairs[layer.request.source, default: 0] += stored.repairs.count }
        layers[layer.request] = stored
        return stored
    }

    /// The geometry type OGR declares for a source's layer ("Multi Polygon", "Line String" …): its
    /// header only, from the source opened once.
    public func geometryType(_ request: LayerRequest) throws -> String {
        if let l = layers[request.unfiltered] { return l.read.geometryType }
        if Project.derivedName(request.source) != nil { return try layer(request).read.geometryType }
        return try open(request).layer.geometryTypeName
    }

    /// Where every overlay layer came from, in the order they were first prepared.
    public var provenance: [LayerProvenance] { overlayOrder.compactMap { overlays[$0]?.provenance } }

    /// Notes an open the store does not make itself: a layer streamed in batches by its own reader
    /// thread (`CrossTabulation.stream`), which never enters the store.
    func noteStreamed(_ request: LayerRequest) {
        counts.opens[request.source, default: 0] += 1
        counts.reads[readKey(request), default: 0] += 1
    }

    // MARK: opening

    /// The layer of a single-source request, opened once with its source (``VectorSource/open(_:encoding:)``
    /// decides the text encoding there, once). The handle stays open for filters.
    private func open(_ request: LayerRequest) throws -> LoadedLayer.Opened {
        let key = request.unfiltered
        if let h = opened[key] { return h }
        let sourceKey = SourceKey(path: request.source, encoding: request.encoding)
        let source: VectorSource
        if let s = sources[sourceKey] {
            source = s
        } else {
            source = try VectorSource.open(request.source, encoding: request.encoding)
            counts.opens[request.source, default: 0] += 1
            sources[sourceKey] = source
        }
        let h = try LoadedLayer.open(key, in: source)
        opened[key] = h
        return h
    }

    /// A derived layer of the project (``Project/DerivedLayer``), made once from its base layer (read
    /// once by this store) and kept like a layer read: a buffer in the base layer's Gauss–Krüger zone.
    private func derivedLayer(_ name: String, _ request: LayerRequest) throws -> StoredLayer {
        guard let derived = project.derivedLayer(named: name) else {
            throw GeoKitError(.input, "the project has no derived layer '\(name)'", file: project.path)
        }
        guard request.whereClause?.isEmpty ?? true else {
            throw GeoKitError(.input, "derived layer '\(name)' takes no filter; filter the layer it is made from ('where' under derived)", file: project.path)
        }
        var base = try spec(derived.base).request
        if let w = derived.whereClause, !w.isEmpty { base.whereClause = base.whereClause.map { "(\($0)) AND (\(w))" } ?? w }
        let source = try layer(base).valid
        let made: LoadedLayer
        do {
            (made, derivedReports[name]) = try LayerBuffer.run(source, distance: derived.distance, dissolve: derived.dissolve, as: request)
        } catch let e as GeoKitError {
            throw GeoKitError(e.kind, "derived layer '\(name)' (line \(derived.line)): \(e.message)", file: project.path)
        }
        var stored = try StoredLayer.repairing(made, workers: workers)
        stored.read.request = request
        stored.valid.request = request
        layers[request] = stored
        return stored
    }

    /// The ids of the features of `request` (unfiltered) that `whereClause` selects, by GDAL on the
    /// layer already open; the layer's filter is cleared again afterwards.
    private func matching(_ whereClause: String, in request: LayerRequest) throws -> Set<Int64> {
        let layer = try open(request).layer
        try layer.setAttributeFilter(whereClause)
        defer { try? layer.setAttributeFilter(nil) }
        return Set(try layer.readFeatures(geometry: false).map(\.fid))
    }

    private func readKey(_ request: LayerRequest) -> String {
        request.layer.map { "\(request.source)|\($0)" } ?? request.source
    }
}
