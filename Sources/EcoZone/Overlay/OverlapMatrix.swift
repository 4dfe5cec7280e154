import GeoKit

/// For every pair of polygon layers: the area they share, and that area as a share of each.
///
/// No layer is dissolved whole. Each layer's self-overlap is found with the spatial index and
/// reported (`SelfOverlap`), and resolved locally (`ResolvedLayer`: each feature that overlaps
/// earlier ones cut by just those neighbours); the shared area of (A, B) is then the sum, over the
/// pairs of features whose envelopes meet, of the areas of their intersections. A feature lying wholly inside one of the other layer (`GEOSPreparedContainsProperly_r`)
/// is taken with its own area, with no overlay. The matrix is symmetric by construction (each pair
/// is computed once); the diagonal holds each layer's area with its self-overlap counted once.
/// Ellipsoidal areas on CGCS2000, km².
public struct OverlapMatrix: Sendable, Encodable {
    public var layers: [String]
    /// Area of each layer, each place counted once however many features cover it, km².
    public var areas: [Double]
    /// km²: matrix[i][j] = area(layer i ∩ layer j).
    public var matrix: [[Double]]
    /// matrix[i][j] / areas[i]: the share of layer i that layer j covers.
    public var shareOfRow: [[Double]]
    /// Per layer, how much it overlaps itself (found with the spatial index).
    public var selfOverlap: [SelfOverlap] = []
    public var diagnostics: OverlayDiagnostics
    /// The layers read, their CRS transformations and repairs.
    public var inputs: [LayerProvenance] = []

    enum CodingKeys: String, CodingKey {
        case layers, areas, matrix, diagnostics, method, unit, inputs
        case shareOfRow = "share_of_row", selfOverlap = "self_overlap"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("ellipsoidal", forKey: .method)
        try c.encode("km2", forKey: .unit)
        try c.encode(layers, forKey: .layers)
        try c.encode(areas, forKey: .areas)
        try c.encode(matrix, forKey: .matrix)
        try c.encode(shareOfRow, forKey: .shareOfRow)
        try c.encode(selfOverlap, forKey: .selfOverlap)
        try c.encode(diagnostics, forKey: .diagnostics)
        try c.encode(inputs, forKey: .inputs)
    }

    public static func run(_ layers: [OverlayLayer], gridSize: Double? = nil, workers: Int = GeoKit.Parallel.workerCount) throws -> OverlapMatrix {
        let n = layers.count
        var diagnostics = OverlayDiagnostics()
        var resolved: [ResolvedLayer] = []
        for l in layers {
            let robust = RobustOverlay(geographic: l.analysisCRS.isGeographic, forcedGridSize: gridSize)
            let r = try ResolvedLayer.resolve(l, robust: robust, workers: workers)
            diagnostics.merge(r.diagnostics)
            resolved.append(r)
        }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let areas = resolved.map { $0.area / 1e6 }
        for i in 0..<n {
            matrix[i][i] = areas[i]
            for j in (i + 1)..<max(n, i + 1) {
                let robust = RobustOverlay(geographic: layers[i].analysisCRS.isGeographic, forcedGridSize: gridSize)
                let shared = try sharedArea(resolved[i].layer, resolved[j].layer, robust: robust, workers: workers, diagnostics: &diagnostics)
                matrix[i][j] = shared / 1e6
                matrix[j][i] = shared / 1e6
            }
        }
        let share = (0..<n).map { i in (0..<n).map { j in areas[i] > 0 ? matrix[i][j] / areas[i] : 0 } }
        return OverlapMatrix(layers: layers.map(\.name), areas: areas, matrix: matrix, shareOfRow: share,
                             selfOverlap: resolved.map(\.report), diagnostics: diagnostics, inputs: layers.map(\.provenance))
    }

    /// m²: Σ over every pair (a of `first`, b of `second`) of area(a ∩ b). The layer with more
    /// features is walked (in parallel, summed in its order) and the other queried through its
    /// index, its features parsed and prepared once per worker (`LayerCursor`). A feature wholly
    /// inside one of the other layer counts its own area (`GEOSPreparedContainsProperly_r`), and so
    /// does one of the other's lying wholly inside it; any other intersecting pair is intersected
    /// (`RobustOverlay`) and the piece measured; every piece is noted in `diagnostics` (slivers, fallbacks).
    static func sharedArea(_ first: OverlayLayer, _ second: OverlayLayer, robust: RobustOverlay, workers: Int,
                           diagnostics: inout OverlayDiagnostics) throws -> Double {
        let (walked, queried) = first.features.count >= second.features.count ? (first, second) : (second, first)
        let crs = walked.analysisCRS
        let geographic = crs.isGeographic
        struct Out: Sendable { var area: Double; var diagnostics: OverlayDiagnostics }
        let perFeature: [Out] = try GeoKit.Parallel.mapChunks(Array(walked.features.indices), workers: workers, setUp: {
            let context = GeometryContext()
            return (LayerCursor(queried, context: context), try AreaMeasurer(layerCRS: crs, zone: nil, context: context, forOverlay: true))
        }) { worker, chunk in
            let (other, measurer) = worker
            return try chunk.map { i in
                let f = walked.features[i]
                var out = Out(area: 0, diagnostics: OverlayDiagnostics())
                let candidates = other.candidates(f.envelope)
                guard !candidates.isEmpty else { return out }
                do {
                    let g = try Geometry(wkb: f.wkb, context: other.context)
                    let preparedG = candidates.count > 2 ? try PreparedGeometry(g) : nil
                    for j in candidates {
                        let p = try other.preparedGeometry(j)
                        if try p.containsProperly(g) {
                            out.area += f.area
                            try out.diagnostics.notePiece(area: f.area, planar: g, geographic: geographic)
                            continue
                        }
                        guard try p.intersects(g) else { continue }
                        let h = try other.geometry(j)
                        if let preparedG, try preparedG.containsProperly(h) {
                            out.area += queried.features[j].area
                            try out.diagnostics.notePiece(area: queried.features[j].area, planar: h, geographic: geographic)
                            continue
                        }
                        let (piece, grid) = try robust.apply(.intersection, g, h)
                        if let grid { out.diagnostics.fallbacks.append(.init(a: f.fid, b: queried.features[j].fid, gridSize: grid)) }
                        guard !piece.isEmpty, try piece.planarArea() > 0 else { continue }
                        let area = try measurer.ellipsoidalArea(piece)
                        out.area += area
                        try out.diagnostics.notePiece(area: area, planar: piece, geographic: geographic)
                    }
                } catch {
                    throw (error as? GeoKitError)?.located(file: walked.source, layer: walked.name, feature: f.fid) ?? error
                }
                return out
            }
        }
        var total = 0.0
        for o in perFeature {
            total += o.area
            diagnostics.merge(o.diagnostics)
        }
        return total
    }

    /// The method used before issue 21, kept as the reference the tests compare with: each layer
    /// dissolved whole (`GEOSUnaryUnion_r` of all its features), its parts then cut by the other
    /// dissolved layers (`CrossTabulation`). Right, but a whole-layer union does not scale
    /// (148 s of a 165 s run on 180,000 polygons); `ecozone-bench matrix --method dissolve` runs it.
    public static func byDissolving(_ layers: [OverlayLayer], gridSize: Double? = nil, workers: Int = GeoKit.Parallel.workerCount) throws -> OverlapMatrix {
        let dissolved = try layers.map { try GroupingLayer.dissolve($0, field: nil, label: $0.name, workers: workers) }
        let parts = try dissolved.map { try $0.layer.exploded() }
        let n = layers.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var diagnostics = OverlayDiagnostics()
        let areas = dissolved.map { $0.layer.totalArea / 1e6 }
        for i in 0..<n {
            matrix[i][i] = areas[i]
            for j in (i + 1)..<max(n, i + 1) {
                let tab = try CrossTabulation.run(first: parts[i], firstField: nil, firstLabel: layers[i].name, groups: [dissolved[j]],
                                                  gridSize: gridSize, workers: workers)
                let shared = tab.rows.filter { $0.keys.last != CrossTabulation.outsideKey }.reduce(0) { $0 + $1.area }
                matrix[i][j] = shared
                matrix[j][i] = shared
                diagnostics.merge(tab.diagnostics)
            }
        }
        let share = (0..<n).map { i in (0..<n).map { j in areas[i] > 0 ? matrix[i][j] / areas[i] : 0 } }
        return OverlapMatrix(layers: layers.map(\.name), areas: areas, matrix: matrix, shareOfRow: share, diagnostics: diagnostics,
                             inputs: layers.map(\.provenance))
    }
}

extension OverlayLayer {
    /// The same layer with every multipolygon split into its polygons (one feature each), so that
    /// work on a dissolved surface spreads over cores. Areas are measured per part.
    func exploded() throws -> OverlayLayer {
        let context = GeometryContext()
        let measurer = try AreaMeasurer(layerCRS: analysisCRS, zone: nil, context: context, forOverlay: true)
        var out: [OverlayFeature] = []
        for f in features {
            let g = try Geometry(wkb: f.wkb, context: context)
            let polys = g.kind == .multiPolygon ? try (0..<g.partCount).map { try g.part($0) } : [g]
            for p in polys {
                guard let env = p.envelope else { continue }
                out.append(OverlayFeature(fid: f.fid, values: f.values, wkb: p.wkb, envelope: env, area: try measurer.ellipsoidalArea(p)))
            }
        }
        var copy = self
        copy.features = out
        copy.index = EnvelopeIndex(out.map(\.envelope))
        return copy
    }
}
