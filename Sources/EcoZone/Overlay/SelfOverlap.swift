import GeoKit

/// How much a polygon layer overlaps itself, found with the spatial index and reported per layer.
///
/// Every pair of features whose envelopes meet (`EnvelopeIndex`) and whose geometries intersect
/// (`GEOSPreparedIntersects_r` / `GEOSIntersects_r`) is intersected (`GEOSIntersection_r`, through
/// `RobustOverlay`) and the shared piece measured (ellipsoidal on CGCS2000). A pair shares
/// - nothing when the piece has no area (features that only touch, as in a tessellation);
/// - a **sliver** when the piece is smaller than `sliverAreaThreshold` m² or narrower on average than
///   `sliverWidthThreshold` m (the thresholds of `OverlayDiagnostics`): noise along an edge that two
///   features were digitised apart on, or that densification bent differently;
/// - an **overlap** otherwise. Features joined by overlaps form `clusters` (connected components).
public struct SelfOverlap: Sendable, Encodable {
    public var layer: String
    public var features: Int
    /// Pairs of features sharing more than a sliver, and the sum of their shared areas (km²).
    public var overlappingPairs: Int
    public var overlappingPairsArea: Double
    /// Connected groups of features joined by overlapping pairs, and the features in them.
    public var clusters: Int
    public var featuresInClusters: Int
    /// Pairs sharing only a sliver, and the sum of their shared areas (km²).
    public var sliverPairs: Int
    public var sliverPairsArea: Double
    /// km²: the area counted more than once when the features' areas are summed, Σ areas − area of
    /// their union (exact; a place under three features counts twice here, once in each pair sum).
    public var area: Double
    /// Features cut so that the layer covers each place once (see `ResolvedLayer`).
    public var featuresCut: Int
    public var sliverAreaThreshold: Double
    public var sliverWidthThreshold: Double

    enum CodingKeys: String, CodingKey {
        case layer, features, clusters
        case overlappingPairs = "overlapping_pairs"
        case overlappingPairsArea = "overlapping_pairs_area_km2"
        case featuresInClusters = "features_in_clusters"
        case sliverPairs = "sliver_pairs"
        case sliverPairsArea = "sliver_pairs_area_km2"
        case area = "area_counted_twice_km2"
        case featuresCut = "features_cut"
        case sliverAreaThreshold = "sliver_area_threshold_m2"
        case sliverWidthThreshold = "sliver_width_threshold_m"
    }

    /// True when the layer's features share more than slivers.
    public var overlapsItself: Bool { overlappingPairs > 0 }
}

/// A layer made to cover each place once, locally: never by one union of the whole layer.
///
/// Each feature that shares area with features before it (in layer order; overlaps and slivers
/// alike) is cut by the union of just those neighbours (`GEOSUnaryUnion_r` of the neighbours, then
/// `GEOSDifference_r`); every other feature is kept as it is, untouched. The pieces then tile the
/// layer's union exactly, so their areas add up to the area a whole-layer dissolve measures, and
/// the area two such layers share is the sum of their pieces' pairwise intersections. Each cut
/// involves one feature and its direct neighbours only, so a chain of overlapping features never
/// grows into one large union (as unioning whole clusters would), and tessellations whose shared
/// edges carry slivers stay as cheap as they look.
struct ResolvedLayer: Sendable {
    /// The layer's features, those overlapping earlier ones cut; no two share area.
    var layer: OverlayLayer
    var report: SelfOverlap
    /// Grid fallbacks needed by the intersections, unions and differences.
    var diagnostics: OverlayDiagnostics

    /// m²: the area the layer covers, each place counted once.
    var area: Double { layer.totalArea }

    /// Finds the layer's self-overlap (see `SelfOverlap`) and cuts it away feature by feature.
    static func resolve(_ layer: OverlayLayer, robust: RobustOverlay, workers: Int = GeoKit.Parallel.workerCount) throws -> ResolvedLayer {
        let thresholds = OverlayDiagnostics()
        let crs = layer.analysisCRS
        let geographic = crs.isGeographic

        // 1. Candidate pairs (i < j) from the index; each intersected once.
        struct Pair: Sendable { var i: Int; var j: Int; var isSliver: Bool; var area: Double }
        struct Found: Sendable { var pairs: [Pair]; var diagnostics: OverlayDiagnostics }
        let found: [Found] = try GeoKit.Parallel.mapChunks(Array(layer.features.indices), workers: workers, setUp: {
            let context = GeometryContext()
            return (LayerCursor(layer, context: context), try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true))
        }) { worker, chunk in
            let (cursor, measurer) = worker
            return try chunk.map { i in
                let f = layer.features[i]
                let candidates = cursor.candidates(f.envelope).filter { $0 > i }
                var out = Found(pairs: [], diagnostics: OverlayDiagnostics())
                guard !candidates.isEmpty else { return out }
                do {
                    let g = try Geometry(wkb: f.wkb, context: cursor.context)
                    let prepared = candidates.count > 2 ? try PreparedGeometry(g) : nil
                    for j in candidates {
                        let h = try cursor.geometry(j)
                        guard try prepared?.intersects(h) ?? g.intersects(h) else { continue }
                        let (piece, grid) = try robust.apply(.intersection, g, h)
                        if let grid { out.diagnostics.fallbacks.append(.init(a: f.fid, b: layer.features[j].fid, gridSize: grid)) }
                        guard !piece.isEmpty, try piece.planarArea() > 0 else { continue }
                        let area = try measurer.ellipsoidalArea(piece)
                        guard area > 0 else { continue }
                        var sliver = thresholds
                        try sliver.notePiece(area: area, planar: piece, geographic: geographic)
                        out.pairs.append(Pair(i: i, j: j, isSliver: sliver.slivers > 0, area: area))
                    }
                } catch {
                    throw (error as? GeoKitError)?.located(file: layer.source, layer: layer.name, feature: f.fid) ?? error
                }
                return out
            }
        }
        var diagnostics = OverlayDiagnostics()
        var pairs: [Pair] = []
        for f in found { pairs += f.pairs; diagnostics.merge(f.diagnostics) }

        // 2. Clusters, for the report: connected components of the overlapping (non-sliver) pairs.
        var parent = Array(layer.features.indices)
        func root(_ x: Int) -> Int {
            var r = x
            while parent[r] != r { r = parent[r] }
            var y = x
            while parent[y] != r { (parent[y], y) = (r, parent[y]) }
            return r
        }
        let overlaps = pairs.filter { !$0.isSliver }
        for p in overlaps {
            let (a, b) = (root(p.i), root(p.j))
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var clusterSizes: [Int: Int] = [:]
        for p in overlaps { clusterSizes[root(p.i)] = 0 }
        if !clusterSizes.isEmpty { for i in layer.features.indices { if clusterSizes[root(i)] != nil { clusterSizes[root(i)]! += 1 } } }

        // 3. Each feature overlapping earlier ones, cut by their union.
        var earlier: [Int: [Int]] = [:]
        for p in pairs { earlier[p.j, default: []].append(p.i) }
        let toCut = earlier.keys.sorted()
        let neighbours = earlier
        struct Cut: Sendable { var feature: OverlayFeature?; var diagnostics: OverlayDiagnostics }
        let cuts: [Cut] = try GeoKit.Parallel.mapChunks(toCut, workers: workers, setUp: {
            let context = GeometryContext()
            return (context, try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true))
        }) { worker, chunk in
            let (context, measurer) = worker
            return try chunk.map { j in
                let f = layer.features[j]
                var d = OverlayDiagnostics()
                do {
                    let others = try neighbours[j]!.map { try Geometry(wkb: layer.features[$0].wkb, context: context) }
                    var cover = others[0]
                    if others.count > 1 {
                        let (u, grid) = try Self.union(others, context: context, robust: robust)
                        if let grid { d.fallbacks.append(.init(a: f.fid, b: nil, gridSize: grid)) }
                        cover = u
                    }
                    let (rest, grid) = try robust.apply(.difference, try Geometry(wkb: f.wkb, context: context), cover)
                    if let grid { d.fallbacks.append(.init(a: f.fid, b: nil, gridSize: grid)) }
                    guard !rest.isEmpty, try rest.planarArea() > 0, let env = rest.envelope else { return Cut(feature: nil, diagnostics: d) }
                    let area = try measurer.ellipsoidalArea(rest)
                    return Cut(feature: OverlayFeature(fid: f.fid, values: f.values, wkb: rest.wkb, envelope: env, area: area), diagnostics: d)
                } catch {
                    throw (error as? GeoKitError)?.located(file: layer.source, layer: layer.name, feature: f.fid) ?? error
                }
            }
        }
        var cutOf: [Int: OverlayFeature?] = [:]
        for (j, c) in zip(toCut, cuts) { cutOf[j] = c.feature; diagnostics.merge(c.diagnostics) }

        var resolved = layer
        if !cutOf.isEmpty {
            resolved.features = layer.features.indices.compactMap { i in cutOf[i] ?? layer.features[i] }
            resolved.index = EnvelopeIndex(resolved.features.map(\.envelope))
        }
        let slivers = pairs.filter(\.isSliver)
        let report = SelfOverlap(layer: layer.name, features: layer.features.count,
                                 overlappingPairs: overlaps.count, overlappingPairsArea: overlaps.reduce(0) { $0 + $1.area } / 1e6,
                                 clusters: clusterSizes.count, featuresInClusters: clusterSizes.values.reduce(0, +),
                                 sliverPairs: slivers.count, sliverPairsArea: slivers.reduce(0) { $0 + $1.area } / 1e6,
                                 area: cutOf.isEmpty ? 0 : (layer.totalArea - resolved.totalArea) / 1e6, featuresCut: toCut.count,
                                 sliverAreaThreshold: thresholds.sliverAreaThreshold, sliverWidthThreshold: thresholds.sliverWidthThreshold)
        return ResolvedLayer(layer: resolved, report: report, diagnostics: diagnostics)
    }

    /// The union of a few neighbouring features (`GEOSUnaryUnion_r`), retried on the robust ladder's
    /// grids when GEOS throws; returns the grid used (nil: exact).
    private static func union(_ parts: [Geometry], context: GeometryContext, robust: RobustOverlay) throws -> (Geometry, Double?) {
        let collection = try context.collection(parts, kind: .collection)
        var lastError: Error?
        for grid in robust.ladder {
            do {
                let u = try collection.unaryUnion(gridSize: grid)
                return (u.kind.isPolygonal ? u : try u.polygonalParts(), grid)
            } catch {
                lastError = error
            }
        }
        throw lastError!
    }
}
