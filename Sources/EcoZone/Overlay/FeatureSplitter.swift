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
            let p = try other.preparedGeometry(j)
            if try p.containsProperly(g) {
                // Wholly inside one feature: no overlay at all. (Other features of B may still
                // overlap it if B overlaps itself; keep looking for those.)
                if wantInside { inside.append((j, g)) }
                whollyInside = true
                continue
            }
            guard try p.intersects(g) else { continue }
            hits.append(j)
            guard wantInside else { continue }
            if let preparedG, try preparedG.containsProperly(try other.geometry(j)) {
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
                // remainder once per candidate.
                let pieces = inside.filter { hits.contains($0.0) }.map(\.1)
                let cover = try g.context.collection(pieces, kind: .multiPolygon).unaryUnion()
                let (r, grid) = try robust.apply(.difference, g, cover)
                if let grid { diagnostics.fallbacks.append(.init(a: fid, b: nil, gridSize: grid)) }
                rest = r
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
}
