internal import CGEOS

/// Simplifies a polygon coverage (polygons that share edges, such as towns, districts or graded
/// erosion patches) so that neighbours still share their edges after simplification: no gaps, no
/// overlaps, no polygon lost.
///
/// GEOS 3.11 has no coverage simplifier (`GEOSCoverageSimplifyVW_r` arrives in 3.12), and its
/// `GEOSTopologyPreserveSimplify_r` run over a whole linework lets two edges with the same end
/// points collapse onto one segment and lets edges cross (it only tests interior crossings): on
/// Banan's erosion layer that merged faces into their neighbours. So the edges are simplified here,
/// and topology is checked with GEOS:
/// 1. **repair**: every input that is not valid is made valid (`GEOSMakeValidWithParams_r`,
///    structure method, polygonal parts kept). A layer valid in longitude/latitude can turn invalid
///    once projected: a ring touching itself at one vertex comes out crossing itself in metres;
/// 2. **node** every polygon's boundary into one linework (`GEOSUnaryUnion_r`), so each edge shared
///    by two polygons exists once; if that fails, node it again with snap-rounding on a grid of
///    `tolerance / 1000` (`GEOSUnaryUnionPrec_r`, which moves no vertex more than half of that);
/// 3. merge the linework into **edges** between junctions (`GEOSLineMerge_r`) and build the
///    **faces** (`GEOSPolygonize_r`); each face belongs to the first input holding its interior
///    point (`GEOSPointOnSurface_r`), faces of no input are holes of the coverage;
/// 4. **simplify every edge** with Douglas–Peucker at `tolerance`, its end points (the junctions)
///    kept, a closed edge kept as a ring of at least three corners;
/// 5. **check**: two edges may meet only at shared end points (`GEOSIntersection_r` of every pair
///    whose envelopes meet), and every face rebuilt from its simplified edges must be a valid
///    polygon (`GEOSisValidDetail_r`, which also catches an edge jumping over an island). An edge
///    in a conflict is simplified again at half the tolerance, down to `tolerance / 64`, then kept
///    as it was; the original edges are conflict-free, so this ends;
/// 6. each input's faces are dissolved into one polygon (`GEOSUnaryUnion_r`).
///
/// If a polygon's faces cannot be dissolved into a valid polygon, that polygon is simplified on
/// its own (`GEOSTopologyPreserveSimplify_r`; its shared edges may then not match its
/// neighbours'), and if the shared-edge method fails as a whole, every polygon is. Both are
/// reported as ``Fallback``s. Any failure left names the feature (``GeoKitError/feature``).
///
/// Tolerance is in coordinate units: work in a projected CRS to give it in metres.
public enum CoverageSimplifier {
    /// A polygon simplified on its own rather than with its neighbours, and why.
    public struct Fallback: Sendable, Hashable, Codable {
        /// Position of the polygon in the input.
        public var index: Int
        public var reason: String
    }

    /// What ``simplify(_:tolerance:featureIDs:in:)`` produced and which rungs it needed.
    public struct Result {
        /// One geometry per input, in order; nil where an input had no area to begin with, or
        /// lies wholly under earlier inputs (overlapping polygons: the first one keeps the overlap).
        public var geometries: [Geometry?]
        /// Positions of the inputs that were invalid and repaired before noding, with GEOS's reason.
        public var repaired: [(index: Int, reason: String)]
        /// Set when the linework had to be noded with snap-rounding: the grid size used.
        public var snapGrid: Double?
        /// Edges kept at a finer tolerance than asked (or unsimplified) to keep the topology.
        public var refinedEdges: Int
        /// Polygons simplified on their own.
        public var fallbacks: [Fallback]
    }

    /// Returns one geometry per input, in order; nil where a polygon has no area of its own.
    public static func simplify(_ polygons: [Geometry], tolerance: Double, in context: GeometryContext) throws -> [Geometry?] {
        try simplify(polygons, tolerance: tolerance, featureIDs: nil, in: context).geometries
    }

    /// Simplifies `polygons` with shared edges kept shared (see the type's documentation).
    ///
    /// - Parameters:
    ///   - tolerance: Douglas–Peucker distance in coordinate units (> 0).
    ///   - featureIDs: one id per polygon, naming it in a thrown error; by default its position.
    public static func simplify(_ polygons: [Geometry], tolerance: Double, featureIDs: [Int64]?,
                                in context: GeometryContext) throws -> Result {
        precondition(featureIDs == nil || featureIDs!.count == polygons.count, "one feature id per polygon")
        precondition(tolerance > 0 && tolerance.isFinite, "tolerance must be positive")
        func id(_ i: Int) -> Int64 { featureIDs?[i] ?? Int64(i) }
        var result = Result(geometries: [], repaired: [], snapGrid: nil, refinedEdges: 0, fallbacks: [])
        if polygons.isEmpty { return result }

        var inputs: [Geometry] = []
        for (i, p) in polygons.enumerated() {
            do {
                let (valid, repair) = try p.makeValid()
                if let repair { result.repaired.append((i, repair.reason)) }
                inputs.append(valid)
            } catch let e as GeoKitError {
                throw e.located(feature: id(i))
            }
        }

        var shared: [Geometry?]
        do {
            var graph = try EdgeGraph(inputs, tolerance: tolerance, in: context)
            result.snapGrid = graph.snapGrid
            shared = try graph.simplify()
            result.refinedEdges = graph.refinedEdges
        } catch let e as GeoKitError {
            for (i, g) in inputs.enumerated() {
                result.fallbacks.append(Fallback(index: i, reason: "shared-edge simplification failed (\(e.message))"))
                result.geometries.append(try alone(g, tolerance: tolerance, id: id(i)))
            }
            return result
        }
        for i in inputs.indices {
            guard let g = shared[i], let reason = problem(g) else { continue }
            result.fallbacks.append(Fallback(index: i, reason: reason))
            shared[i] = try alone(inputs[i], tolerance: tolerance, id: id(i))
        }
        result.geometries = shared
        return result
    }

    /// One polygon simplified on its own; nil when nothing of it is left.
    private static func alone(_ g: Geometry, tolerance: Double, id: Int64) throws -> Geometry? {
        do {
            var s = try g.topologyPreservingSimplified(tolerance: tolerance)
            if !(try s.validity().isValid) { s = try s.makeValid().geometry }
            s = try s.polygonalParts()
            return s.isEmpty ? nil : s
        } catch let e as GeoKitError {
            throw GeoKitError(.geometry, "simplifying the polygon on its own failed: \(e.message)", feature: id)
        }
    }

    /// Why a dissolved polygon cannot be used as it is, or nil when it can.
    private static func problem(_ g: Geometry) -> String? {
        if !g.kind.isPolygonal || g.isEmpty { return "its faces could not be dissolved into one polygon" }
        do {
            let v = try g.validity()
            return v.isValid ? nil : "its faces dissolved into an invalid polygon (\(v.summary))"
        } catch let e as GeoKitError {
            return "its dissolved polygon could not be checked (\(e.message))"
        } catch {
            return "its dissolved polygon could not be checked"
        }
    }
}

/// The noded edges of a coverage, its faces, and which input owns each face.
private struct EdgeGraph {
    struct Edge {
        var xs: [Double], ys: [Double]
        var envelope: Envelope
        var isClosed: Bool { xs.count > 2 && xs.first == xs.last && ys.first == ys.last }
    }
    /// A face ring as a walk along edges: (edge, forward?) in order.
    typealias Walk = [(edge: Int, forward: Bool)]
    struct Face {
        var owner: Int
        var rings: [Walk]   // shell first
    }

    let context: GeometryContext
    let tolerance: Double
    let edges: [Edge]
    let faces: [Face]
    let inputCount: Int
    var snapGrid: Double?
    /// Halvings of the tolerance per edge; `maxLevel` = unsimplified.
    var level: [Int]
    var simplified: [Edge]
    var refinedEdges: Int { level.filter { $0 > 0 }.count }
    static let maxLevel = 7

    init(_ inputs: [Geometry], tolerance: Double, in context: GeometryContext) throws {
        self.context = context
        self.tolerance = tolerance
        inputCount = inputs.count
        let lines = try context.collection(try inputs.filter { !$0.isEmpty }.map { try $0.boundary() })
        let noded: Geometry
        do {
            noded = try lines.unaryUnion()
        } catch {
            snapGrid = tolerance / 1000
            noded = try lines.unaryUnion(gridSize: tolerance / 1000)
        }
        let merged = try noded.lineMerged()
        var edges: [Edge] = []
        try merged.forEachLine { xs, ys in
            guard xs.count >= 2 else { return }
            edges.append(Edge(xs: xs, ys: ys, envelope: Envelope(minX: xs.min()!, minY: ys.min()!, maxX: xs.max()!, maxY: ys.max()!)))
        }
        self.edges = edges

        // Each edge's first segment, both ways, finds the edge a face ring runs along.
        struct Key: Hashable { let x0, y0, x1, y1: Double }
        var start: [Key: (Int, Bool)] = [:]
        for (k, e) in edges.enumerated() {
            let n = e.xs.count
            start[Key(x0: e.xs[0], y0: e.ys[0], x1: e.xs[1], y1: e.ys[1])] = (k, true)
            start[Key(x0: e.xs[n - 1], y0: e.ys[n - 1], x1: e.xs[n - 2], y1: e.ys[n - 2])] = (k, false)
        }
        func walk(_ xs: [Double], _ ys: [Double]) throws -> Walk {
            let n = xs.count - 1   // segments of the closed ring
            guard n >= 3, let k0 = (0..<n).first(where: { start[Key(x0: xs[$0], y0: ys[$0], x1: xs[$0 + 1], y1: ys[$0 + 1])] != nil })
            else { throw GeoKitError(.geometry, "a face ring does not follow the noded edges") }
            var out: Walk = []
            var k = k0, done = 0
            while done < n {
                guard let (e, forward) = start[Key(x0: xs[k], y0: ys[k], x1: xs[(k + 1) % n], y1: ys[(k + 1) % n])] else {
                    throw GeoKitError(.geometry, "a face ring does not follow the noded edges")
                }
                let len = edges[e].xs.count - 1
                out.append((e, forward))
                k = (k + len) % n
                done += len
            }
            guard done == n, k == k0 else { throw GeoKitError(.geometry, "a face ring does not follow the noded edges") }
            return out
        }

        let index = EnvelopeIndex(inputs.map(\.envelope))
        let polygons = try context.polygonize([merged])
        var faces: [Face] = []
        // Prepared once per input (GEOSPrepare_r): every face probes its candidates, and an unprepared
        // test costs a full noding of the input each time (2,000 faces in a polygon with 2,000 holes: minutes).
        var prepared = [PreparedGeometry?](repeating: nil, count: inputs.count)
        func ownerHolds(_ j: Int, _ probe: Geometry) throws -> Bool {
            if prepared[j] == nil { prepared[j] = try PreparedGeometry(inputs[j]) }
            return try prepared[j]!.intersects(probe)
        }
        for f in 0..<polygons.partCount {
            let face = try polygons.part(f)
            guard let fe = face.envelope else { continue }
            let probe = try face.pointOnSurface()
            var owner: Int?
            for j in index.query(fe) where try ownerHolds(j, probe) { owner = j; break }
            if owner == nil, snapGrid != nil {
                // Snapped linework: a face may sit a hair outside every input; the one it overlaps most.
                var best = 0.0
                for j in index.query(fe) {
                    let a = try face.intersection(inputs[j], gridSize: snapGrid).planarArea()
                    if a > best { best = a; owner = j }
                }
            }
            guard let owner else { continue }   // a hole of the coverage
            var rings: [Walk] = []
            try face.forEachPolygonRing { _, _, xs, ys in rings.append(try walk(xs, ys)) }
            faces.append(Face(owner: owner, rings: rings))
        }
        self.faces = faces
        level = [Int](repeating: 0, count: edges.count)
        simplified = edges
    }

    /// Simplifies the edges until they are free of conflicts and every face is valid, then
    /// dissolves each input's faces; one geometry per input (nil: the input owns no face).
    mutating func simplify() throws -> [Geometry?] {
        var dirty = Set(edges.indices)
        let index = EnvelopeIndex(edges.map { Optional($0.envelope) })
        // Simplified edges lie inside their originals' envelopes, so the index of the originals
        // finds every pair that can meet.
        var lines = [Geometry?](repeating: nil, count: edges.count)
        var polygons: [Geometry] = []
        // Every round raises the level of at least one edge below the last, so this ends.
        while true {
            for e in dirty {
                simplified[e] = level[e] >= Self.maxLevel ? edges[e]
                    : Self.douglasPeucker(edges[e], tolerance: tolerance / Double(1 << level[e]))
                lines[e] = try context.lineString(xs: simplified[e].xs, ys: simplified[e].ys)
            }
            var refine = Set<Int>()
            for a in dirty {
                for b in index.query(edges[a].envelope) where b != a && (!dirty.contains(b) || b > a) {
                    if try conflict(a, b, lines) { refine.insert(a); refine.insert(b) }
                }
            }
            refine = refine.filter { level[$0] < Self.maxLevel }
            if refine.isEmpty {
                polygons = []
                for face in faces {
                    let g = try? rebuild(face)
                    if let g, (try? g.validity().isValid) == true { polygons.append(g); continue }
                    for ring in face.rings { for (e, _) in ring where level[e] < Self.maxLevel { refine.insert(e) } }
                    let empty = try context.collection([])
                    polygons.append(g ?? empty)
                }
                if refine.isEmpty { break }
            }
            for e in refine { level[e] += 1 }
            dirty = refine
        }
        var owned = [[Geometry]](repeating: [], count: inputCount)
        for (face, g) in zip(faces, polygons) { owned[face.owner].append(g) }
        return owned.map { parts -> Geometry? in
            if parts.isEmpty { return nil }
            if parts.count == 1 { return parts[0] }
            return (try? context.collection(parts, kind: .multiPolygon).unaryUnion()) ?? (try? context.collection([]))
        }
    }

    /// Whether two simplified edges meet anywhere but at end points they share.
    private func conflict(_ a: Int, _ b: Int, _ lines: [Geometry?]) throws -> Bool {
        guard let la = lines[a], let lb = lines[b] else { return false }
        guard try la.intersects(lb) else { return false }
        let meet = try la.intersection(lb)
        let ctx = context.handle
        guard GEOSGeom_getDimensions_r(ctx, meet.handle) == 0 else { return true }
        let ea = simplified[a], eb = simplified[b]
        func isEnd(_ e: EdgeGraph.Edge, _ x: Double, _ y: Double) -> Bool {
            (e.xs.first == x && e.ys.first == y) || (e.xs.last == x && e.ys.last == y)
        }
        for i in 0..<Int(GEOSGetNumGeometries_r(ctx, meet.handle)) {
            guard let p = GEOSGetGeometryN_r(ctx, meet.handle, Int32(i)) else { throw context.error("intersection point") }
            var x = 0.0, y = 0.0
            guard GEOSGeomGetX_r(ctx, p, &x) == 1, GEOSGeomGetY_r(ctx, p, &y) == 1 else { throw context.error("intersection point") }
            if !(isEnd(ea, x, y) && isEnd(eb, x, y)) { return true }
        }
        return false
    }

    /// A face as a polygon of its simplified edges.
    private func rebuild(_ face: Face) throws -> Geometry {
        var rings: [(xs: [Double], ys: [Double])] = []
        for walk in face.rings {
            var xs: [Double] = [], ys: [Double] = []
            for (e, forward) in walk {
                let s = simplified[e]
                let order = forward ? Array(s.xs.indices) : s.xs.indices.reversed()
                for k in order.dropLast() { xs.append(s.xs[k]); ys.append(s.ys[k]) }
            }
            guard xs.count >= 3 else { throw GeoKitError(.geometry, "a face collapsed") }
            rings.append((xs, ys))
        }
        return try context.polygon(rings: rings)
    }

    /// Douglas–Peucker with the end points kept; a closed edge keeps at least three corners
    /// (its start, the vertex farthest from it, and the vertex farthest from that chord).
    static func douglasPeucker(_ e: Edge, tolerance: Double) -> Edge {
        let n = e.xs.count
        if n <= 2 { return e }
        // Work relative to the first vertex: projected coordinates are large (36,500,000 m).
        let x0 = e.xs[0], y0 = e.ys[0]
        let xs = e.xs.map { $0 - x0 }, ys = e.ys.map { $0 - y0 }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true; keep[n - 1] = true
        func distance(_ i: Int, _ a: Int, _ b: Int) -> Double {
            let dx = xs[b] - xs[a], dy = ys[b] - ys[a]
            let len2 = dx * dx + dy * dy
            let px = xs[i] - xs[a], py = ys[i] - ys[a]
            if len2 == 0 { return (px * px + py * py).squareRoot() }
            let t = max(0, min(1, (px * dx + py * dy) / len2))
            let qx = px - t * dx, qy = py - t * dy
            return (qx * qx + qy * qy).squareRoot()
        }
        var stack: [(Int, Int)] = []
        if e.isClosed {
            let far = (1..<(n - 1)).max { distance($0, 0, 0) < distance($1, 0, 0) }!
            let other = (1..<(n - 1)).filter { $0 != far }.max { distance($0, 0, far) < distance($1, 0, far) }
            keep[far] = true
            var cuts = [0, far, n - 1]
            if let other { keep[other] = true; cuts.append(other); cuts.sort() }
            for k in 0..<(cuts.count - 1) { stack.append((cuts[k], cuts[k + 1])) }
        } else {
            stack.append((0, n - 1))
        }
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var best = -1.0, at = -1
            for i in (a + 1)..<b {
                let d = distance(i, a, b)
                if d > best { best = d; at = i }
            }
            if best > tolerance {
                keep[at] = true
                stack.append((a, at)); stack.append((at, b))
            }
        }
        var out = Edge(xs: [], ys: [], envelope: e.envelope)
        for i in 0..<n where keep[i] { out.xs.append(e.xs[i]); out.ys.append(e.ys[i]) }
        return out
    }
}
