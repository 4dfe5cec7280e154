/// Simplifies a polygon coverage (polygons that share edges, such as towns or districts) so that
/// neighbours still share their edges after simplification: no gaps, no overlaps.
///
/// GEOS 3.11 has no coverage simplifier (`GEOSCoverageSimplifyVW_r` arrives in 3.12), so this is the
/// classic shared-edge method:
/// 1. node and dissolve every polygon's boundary into one linework (`GEOSUnaryUnion_r`), so each
///    edge shared by two polygons exists once;
/// 2. merge it into chains between junctions (`GEOSLineMerge_r`);
/// 3. simplify all chains together with `GEOSTopologyPreserveSimplify_r`, which keeps chain
///    endpoints (the junctions) and keeps chains from crossing each other;
/// 4. rebuild faces (`GEOSPolygonize_r`) and give each face back to the input polygon holding its
///    interior point (or overlapping it most).
///
/// Tolerance is in coordinate units: work in a projected CRS to give it in metres.
public enum CoverageSimplifier {
    /// Returns one geometry per input, in order; nil where a polygon vanished (smaller than the tolerance).
    public static func simplify(_ polygons: [Geometry], tolerance: Double, in context: GeometryContext) throws -> [Geometry?] {
        if polygons.isEmpty { return [] }
        let boundaries = try polygons.map { try $0.boundary() }
        let noded = try context.collection(boundaries).unaryUnion()
        let chains = try noded.lineMerged()
        let simplified = try chains.topologyPreservingSimplified(tolerance: tolerance)
        let faces = try context.polygonize([simplified])
        let envelopes = polygons.map(\.envelope)
        var assigned = [[Geometry]](repeating: [], count: polygons.count)
        for i in 0..<faces.partCount {
            let face = try faces.part(i)
            let probe = try face.pointOnSurface()
            guard let pe = probe.envelope else { continue }
            var owner: Int?
            for (j, p) in polygons.enumerated() where envelopes[j]?.intersects(pe) == true {
                if try p.intersects(probe) { owner = j; break }
            }
            if owner == nil {
                // A face whose interior point moved outside every input: give it to the input it overlaps most.
                var best = 0.0
                let fe = face.envelope
                for (j, p) in polygons.enumerated() where fe.map({ envelopes[j]?.intersects($0) == true }) ?? false {
                    let a = try face.intersection(p).planarArea()
                    if a > best { best = a; owner = j }
                }
                // A face overlapping no input is a hole of the coverage: dropped.
            }
            if let owner { assigned[owner].append(face) }
        }
        return try assigned.map { parts in
            if parts.isEmpty { return nil }
            if parts.count == 1 { return parts[0] }
            return try context.collection(parts).unaryUnion()
        }
    }
}
