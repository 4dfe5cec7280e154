import GeoKit

/// How two layers are combined (`ecozone overlay --how`).
public enum OverlayHow: String, Sendable, Codable, CaseIterable {
    /// A ∩ B: one piece per intersecting pair.
    case intersection
    /// A ∪ B: the identity pieces plus the parts of B outside A.
    case union
    /// A − B: the part of each feature of A outside every feature of B.
    case difference
    /// A's features cut by B: A ∩ B pieces plus A − B; the pieces of each A add up to it.
    case identity
    /// (A − B) ∪ (B − A).
    case symdifference
}

/// One output piece: its parents (indices into the layers' features, nil where the piece lies
/// outside that layer), its geometry in the analysis CRS and its ellipsoidal area in m².
public struct OverlayPiece: Sendable {
    public var a: Int?
    public var b: Int?
    public var wkb: [UInt8]
    public var area: Double
}

/// The result of overlaying two layers.
public struct PairwiseOverlayResult: Sendable {
    public var how: OverlayHow
    public var a: OverlayLayer
    public var b: OverlayLayer
    public var pieces: [OverlayPiece]
    public var diagnostics: OverlayDiagnostics
}

/// Overlays two polygon layers (stage three of the pipeline: split every feature, measure the
/// pieces, check conservation). Work is spread over cores by chunks of A's features; pieces come
/// out in A's order, then B's, whatever the number of cores.
public enum PairwiseOverlay {
    public static func run(_ a: OverlayLayer, _ b: OverlayLayer, how: OverlayHow, gridSize: Double? = nil,
                           workers: Int = GeoKit.Parallel.workerCount) throws -> PairwiseOverlayResult {
        let robust = RobustOverlay(geographic: a.analysisCRS.isGeographic, forcedGridSize: gridSize)
        let wantInside = how != .difference && how != .symdifference
        let wantOutside = how != .intersection
        var (pieces, diagnostics) = try sweep(a, against: b, robust: robust, wantInside: wantInside, wantOutside: wantOutside,
                                              checkConservation: how == .identity || how == .union, workers: workers)
        if how == .union || how == .symdifference {
            let (rest, d) = try sweep(b, against: a, robust: robust, wantInside: false, wantOutside: true,
                                      checkConservation: false, workers: workers)
            pieces += rest.map { OverlayPiece(a: nil, b: $0.a, wkb: $0.wkb, area: $0.area) }
            diagnostics.merge(d)
        }
        return PairwiseOverlayResult(how: how, a: a, b: b, pieces: pieces, diagnostics: diagnostics)
    }

    /// Splits every feature of `a` by `b`. Pieces name `a`'s feature in `.a` and `b`'s in `.b`.
    static func sweep(_ a: OverlayLayer, against b: OverlayLayer, robust: RobustOverlay, wantInside: Bool, wantOutside: Bool,
                      checkConservation: Bool, workers: Int) throws -> ([OverlayPiece], OverlayDiagnostics) {
        struct Out: Sendable { var pieces: [OverlayPiece]; var diagnostics: OverlayDiagnostics }
        let indices = Array(a.features.indices)
        let perFeature: [Out] = try GeoKit.Parallel.mapChunks(indices, workers: workers, setUp: {
            let context = GeometryContext()
            return (context, try AreaMeasurer(layerCRS: a.analysisCRS, zone: nil, context: context, forOverlay: true),
                    FeatureSplitter(other: LayerCursor(b, context: context), robust: robust))
        }) { worker, chunk in
            let (context, measurer, splitter) = worker
            return try chunk.map { i in
                let f = a.features[i]
                splitter.diagnostics = OverlayDiagnostics()
                do {
                    let g = try Geometry(wkb: f.wkb, context: context)
                    let split = try splitter.split(g, envelope: f.envelope, fid: f.fid, wantInside: wantInside, wantOutside: wantOutside)
                    var pieces: [OverlayPiece] = []
                    for (j, piece) in split.inside {
                        let area = try measurer.ellipsoidalArea(piece)
                        try splitter.diagnostics.notePiece(area: area, planar: piece, geographic: a.analysisCRS.isGeographic)
                        pieces.append(OverlayPiece(a: i, b: j, wkb: piece.wkb, area: area))
                    }
                    if let rest = split.outside {
                        let area = try measurer.ellipsoidalArea(rest)
                        try splitter.diagnostics.notePiece(area: area, planar: rest, geographic: a.analysisCRS.isGeographic)
                        pieces.append(OverlayPiece(a: i, b: nil, wkb: rest.wkb, area: area))
                    }
                    if checkConservation {
                        let sum = pieces.reduce(0) { $0 + $1.area }
                        let relative = f.area > 0 ? abs(sum - f.area) / f.area : 0
                        if relative > 1e-9 {
                            splitter.diagnostics.conservationBreaches.append(.init(fid: f.fid, area: f.area, sumOfPieces: sum, relative: relative))
                        }
                    }
                    return Out(pieces: pieces, diagnostics: splitter.diagnostics)
                } catch {
                    throw (error as? GeoKitError)?.located(file: a.source, layer: a.name, feature: f.fid) ?? error
                }
            }
        }
        var diagnostics = OverlayDiagnostics()
        var pieces: [OverlayPiece] = []
        for o in perFeature {
            pieces += o.pieces
            diagnostics.merge(o.diagnostics)
        }
        return (pieces, diagnostics)
    }
}
