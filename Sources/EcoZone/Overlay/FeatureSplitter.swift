import GeoKit

/// Stage two of the overlay pipeline: one feature of A against the candidates of B.
///
/// Cuts a geometry into the parts inside each intersecting feature of B and the part outside all
/// of them. Fast paths before any overlay: an envelope miss is skipped by the index, a feature of B
/// that does not intersect is skipped by its prepared geometry, and a geometry lying wholly inside
/// one feature of B (`containsProperly`) is taken whole, with nothing outside. A large feature of B
/// (a town) is overlaid as its part near the geometry (``LayerCursor/geometry(_:near:)``).
final class FeatureSplitter {
    let other: LayerCursor
    let robust: RobustOverlay
    var diagnostics = OverlayDiagnostics()

    init(other: LayerCursor, robust: RobustOverlay) {
        self.other = other
        self.robust = robust
    }

    struct Split {
        /// (index of the feature of B, the part inside it); parts are polygonal and non-empty.
        var inside: [(Int, Geometry)]
        /// The part outside every feature of B, nil when empty or not asked for.
        var outside: Geometry?
    }

    /// - Parameters:
    ///   - wantOutside: compute the part outside B (identity, difference, union).
    ///   - ids: the fids named in fallback reports.
    func split(_ g: Geometry, envelope: Envelope, fid: Int64?, wantInside: Bool = true, wantOutside: Bool) throws -> Split {
        var inside: [(Int, Geometry)] = []
        var hits: [Int] = []
        var whollyInside = false
        let candidates = other.candidates(envelope)
        // With several candidates, preparing g pays: most small candidates lie wholly inside it.
        let preparedG = candidates.count > 2 ? try PreparedGeometry(g) : nil
        for j in candidates {
            // A large feature (a town) may tell from g's envelope alone, by its grid of known cells.
            switch try other.location(j, of: envelope) {
            case .inside?:
                if wantInside { inside.append((j, g)) }
                whollyInside = true
                continue
            case .outside?:
                continue
            case nil:
                break
            }
            let envelopeJ = other.layer.features[j].envelope
            // Containing g properly needs g's envelope inside j's: checked before j is prepared.
            if envelopeJ.covers(envelope), try other.preparedGeometry(j).containsProperly(g) {
                // Wholly inside one feature: no overlay at all. (Other features of B may still
                // overlap it if B overlaps itself; keep looking for those.)
                if wantInside { inside.append((j, g)) }
                whollyInside = true
                continue
            }
            // With g prepared, a small feature of B is tested against it (and never prepared itself);
            // a large one is prepared once and g tested against it.
            let meets: Bool
            if let preparedG, try other.geometry(j).vertexCount < LayerCursor.clipFromVertices {
                meets = try preparedG.intersects(try other.geometry(j))
            } else {
                meets = try other.preparedGeometry(j).intersects(g)
            }
            guard meets else { continue }
            hits.append(j)
            guard wantInside else { continue }
            if let preparedG, envelope.covers(envelopeJ), try preparedG.containsProperly(try other.geometry(j)) {
                inside.append((j, try other.geometry(j)))
                continue
            }
            let (piece, grid) = try robust.apply(.intersection, g, try other.geometry(j, near: envelope))
            if let grid { diagnostics.fallbacks.append(.init(a: fid, b: other.layer.features[j].fid, gridSize: grid)) }
            if !piece.isEmpty, try piece.planarArea() > 0 { inside.append((j, piece)) }
        }
        var outside: Geometry?
        if wantOutside, !whollyInside {
            var rest: Geometry = g
            if hits.count > 2, wantInside {
                // Many small candidates (erosion patches in a red-line polygon): one difference with
                // the union of the pieces already cut, all inside g, instead of re-noding a growing
                // remainder once per candidate; candidates lying apart inside g are punched out as
                // holes, without overlay (``punched(_:pieces:fid:)``).
                let hit = Set(hits)
                let pieces = inside.filter { hit.contains($0.0) }
                if let r = try punched(g, pieces: pieces, fid: fid) {
                    rest = r
                } else {
                    let cover = try g.context.collection(pieces.map(\.1), kind: .multiPolygon).unaryUnion()
                    let (r, grid) = try robust.apply(.difference, g, cover)
                    if let grid { diagnostics.fallbacks.append(.init(a: fid, b: nil, gridSize: grid)) }
                    rest = r
                }
            } else {
                // One or two large candidates (a piece on a town boundary): cut by each in turn.
                for j in hits {
                    let (r, grid) = try robust.apply(.difference, rest, try other.geometry(j, near: envelope))
                    if let grid { diagnostics.fallbacks.append(.init(a: fid, b: other.layer.features[j].fid, gridSize: grid)) }
                    rest = r
                    if rest.isEmpty { break }
                }
            }
            if !rest.isEmpty, try rest.planarArea() > 0 { outside = rest }
        }
        return Split(inside: inside, outside: outside)
    }

    /// g minus `pieces` (the parts of g inside features of B, each from its own feature) without
    /// unioning them, when no two of those features meet (`GEOSPreparedIntersects_r` for each pair
    /// with touching envelopes: they neither overlap nor touch, so the pieces form a valid
    /// multipolygon): whole features lying in g's interior that are polygons without holes are punched
    /// out as holes (no overlay at all), the features of the other pieces taken off by one difference
    /// with their multipolygon (g − j is g − (g ∩ j)). The same set as the difference with the pieces'
    /// union, without noding hundreds of patches together. nil (do it by union) when two features meet.
    private func punched(_ g: Geometry, pieces: [(Int, Geometry)], fid: Int64?) throws -> Geometry? {
        // Any two features of B with touching envelopes must not meet.
        for (a, (j, _)) in pieces.enumerated() {
            let envelopeJ = other.layer.features[j].envelope
            for (k, _) in pieces[(a + 1)...] where envelopeJ.intersects(other.layer.features[k].envelope) {
                if try other.preparedGeometry(j).intersects(try other.geometry(k)) { return nil }
            }
        }
        var holes: [(xs: [Double], ys: [Double])] = []
        var cut: [Geometry] = []
        for (j, piece) in pieces {
            if piece === (try other.geometry(j)), piece.kind == .polygon {
                var shell: (xs: [Double], ys: [Double])?
                var hasHoles = false
                try piece.forEachPolygonRing { _, ring, xs, ys in if ring == 0 { shell = (xs, ys) } else { hasHoles = true } }
                if let shell, !hasHoles { holes.append(shell); continue }
            }
            // g minus the feature, not minus its piece g ∩ j: the same set, but the piece's edges lie
            // along g's own (cut points rounded onto them), which makes the floating-point overlay fail
            // and GEOS retry with snapping; the feature's edges cross g's cleanly.
            let feature = try other.geometry(j)
            if feature.kind == .polygon { cut.append(feature) } else { for i in 0..<feature.partCount { cut.append(try feature.part(i)) } }
        }
        var rest = g
        if !cut.isEmpty {
            let cover = cut.count == 1 ? cut[0] : try g.context.collection(cut, kind: .multiPolygon)
            let (r, grid) = try robust.apply(.difference, g, cover)
            if let grid { diagnostics.fallbacks.append(.init(a: fid, b: nil, gridSize: grid)) }
            rest = r
        }
        if holes.isEmpty { return rest }
        // Each hole goes into the polygon of the rest that holds it.
        var polygons: [[(xs: [Double], ys: [Double])]] = []
        try rest.forEachPolygonRing { _, ring, xs, ys in
            if ring == 0 { polygons.append([]) }
            polygons[polygons.count - 1].append((xs, ys))
        }
        guard !polygons.isEmpty else { return nil }
        if polygons.count == 1 {
            polygons[0] += holes
        } else {
            let prepared = try polygons.map { try PreparedGeometry(try g.context.polygon(rings: $0)) }
            var placed = [[(xs: [Double], ys: [Double])]](repeating: [], count: polygons.count)
            for h in holes {
                let point = try g.context.point(x: h.xs[0], y: h.ys[0])
                guard let k = try prepared.firstIndex(where: { try $0.containsProperly(point) }) else { return nil }
                placed[k].append(h)
            }
            for k in polygons.indices { polygons[k] += placed[k] }
        }
        let parts = try polygons.map { try g.context.polygon(rings: $0) }
        return parts.count == 1 ? parts[0] : try g.context.collection(parts, kind: .multiPolygon)
    }
}

private extension Envelope {
    /// Whether `other` lies within this envelope (boundary included).
    func covers(_ other: Envelope) -> Bool {
        minX <= other.minX && minY <= other.minY && maxX >= other.maxX && maxY >= other.maxY
    }
}
