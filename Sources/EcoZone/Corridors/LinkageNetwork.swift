// Linkage Mapper steps 1-3: cost allocation, adjacency of cores, candidate links with their
// least-cost distance and path, and the "drop corridors that intersect core areas" rule
// (methods.md §4.2).

import Foundation
import GeoKit

/// An unordered pair of core ids, stored with `a < b`.
public struct CorePair: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let a: Int32
    public let b: Int32

    public init(_ first: Int32, _ second: Int32) {
        precondition(first != second, "a pair needs two different cores")
        a = min(first, second)
        b = max(first, second)
    }

    public static func < (lhs: CorePair, rhs: CorePair) -> Bool { (lhs.a, lhs.b) < (rhs.a, rhs.b) }
    public var description: String { "\(a)-\(b)" }
}

/// Cost allocation (ArcGIS CostAllocation, LM step 1): every passable cell reachable from a
/// core is given to the core with the least cost-weighted distance.
public struct CostAllocation: Sendable {
    /// Core id per cell, 0 for impassable or unreachable cells.
    public let zone: CorridorGrid<Int32>
    /// Distance to the allocated core, cost units (as ``CostDistanceSurface/distance``).
    public let distance: [Double]

    /// Runs one Dijkstra from every core cell at once. Each cell takes the zone of its
    /// back-link predecessor, so ties between cores follow the back-link tie rule (lowest
    /// row-major predecessor index). No maximum distance (LM's TMAXCWDIST is always unset).
    public static func compute(resistance: ResistanceGrid, cores: CoreLabelGrid) throws -> CostAllocation {
        guard resistance.hasSameShape(as: cores) else { throw CorridorError.shapeMismatch }
        var sources: [Int32] = []
        for i in cores.values.indices where cores.values[i] > 0 && resistance.isPassable(i) {
            sources.append(Int32(i))
        }
        let surface = CostDistance.compute(resistance: resistance, sources: sources, backlinks: true)
        let n = cores.count
        var zone = [Int32](repeating: -1, count: n)   // −1 = not resolved yet
        var stack: [Int] = []
        zone.withUnsafeMutableBufferPointer { zone in
            surface.backlink!.withUnsafeBufferPointer { back in
                surface.distance.withUnsafeBufferPointer { dist in
                    cores.values.withUnsafeBufferPointer { labels in
                        for i in 0..<n {
                            if zone[i] >= 0 { continue }
                            if !dist[i].isFinite { zone[i] = 0; continue }
                            // Walk back to a resolved cell or a source, then label the walk.
                            var j = i
                            while zone[j] < 0 && back[j] >= 0 { stack.append(j); j = Int(back[j]) }
                            let label = zone[j] >= 0 ? zone[j] : labels[j]
                            zone[j] = label
                            while let k = stack.popLast() { zone[k] = label }
                        }
                    }
                }
            }
        }
        return CostAllocation(zone: cores.withValues(zone), distance: surface.distance)
    }

    /// Pairs of cores whose zones touch: some 8-neighbour cell pair carries the two ids
    /// (LM's shift test over right, down, down-right and down-left neighbours). Cells with
    /// zone 0 never form pairs. Sorted ascending.
    public func adjacentPairs() -> [CorePair] {
        var found = Set<CorePair>()
        forEachZoneContact { x, y, _ in found.insert(CorePair(zone.values[x], zone.values[y])) }
        return found.sorted()
    }

    /// Calls `body(x, y, diagonal)` for every two neighbouring cells (indices, row-major) that lie in
    /// two different zones, neither 0: each contact once, over the right, down, down-right and
    /// down-left neighbour of `x` (LM's shift test), row by row.
    func forEachZoneContact(_ body: (_ x: Int, _ y: Int, _ diagonal: Bool) -> Void) {
        let w = zone.width, h = zone.height
        zone.values.withUnsafeBufferPointer { z in
            @inline(__always)
            func touch(_ x: Int, _ y: Int, _ diagonal: Bool) {
                let b = z[y]
                if b != 0 && b != z[x] { body(x, y, diagonal) }
            }
            for row in 0..<h {
                for col in 0..<w {
                    let x = row * w + col
                    if z[x] == 0 { continue }
                    if col + 1 < w { touch(x, x + 1, false) }
                    guard row + 1 < h else { continue }
                    touch(x, x + w, false)
                    if col + 1 < w { touch(x, x + w + 1, true) }
                    if col > 0 { touch(x, x + w - 1, true) }
                }
            }
        }
    }
}

/// Why a candidate link is or is not kept (LM link types in brackets).
public enum LinkStatus: Sendable, Equatable {
    /// Kept (LM "active").
    case active
    /// The least-cost path crosses the cells of these other cores (LM type −15).
    case intermediateCore([Int32])
    /// No cell of the second core is reachable (LM: LCD stays −1, disabled).
    case unreachable
    /// LCD exceeds the maximum cost distance (LM type −12).
    case tooCostly
}

/// A candidate link between two cores with its least-cost connection.
public struct CorridorLink: Sendable {
    public let pair: CorePair
    public let status: LinkStatus
    /// The least-cost distance and path (computed from `CWD_a` towards core `b`); nil when
    /// unreachable.
    public let leastCost: LeastCostLink?
}

/// Which candidate pairs Linkage Mapper considers (step 2's network-adjacency option).
public enum PairSelection: Sendable, Equatable {
    /// Cores whose cost-allocation zones touch ("Cost-Weighted" adjacency).
    case costWeightedAdjacent
    /// Every pair of cores (LM's climate-corridor mode).
    case allPairs
    /// Exactly these pairs (e.g. from a distance file).
    case pairs([CorePair])
}

/// Options for ``LinkageNetwork/build(resistance:cores:options:)``.
public struct LinkageOptions: Sendable {
    public var selection: PairSelection
    /// Disable links whose least-cost path crosses a third core ("drop corridors that
    /// intersect core areas"; on by default in LM, tested only with ≥ 3 cores).
    public var dropCorridorsThroughCores: Bool
    /// Disable links with LCD above this (cost units); `nil` = no limit.
    public var maximumCostDistance: Double?
    /// Worker threads for the per-core cost-distance runs; `nil` = processor count.
    public var maxConcurrency: Int?

    public init(selection: PairSelection = .costWeightedAdjacent, dropCorridorsThroughCores: Bool = true,
                maximumCostDistance: Double? = nil, maxConcurrency: Int? = nil) {
        self.selection = selection
        self.dropCorridorsThroughCores = dropCorridorsThroughCores
        self.maximumCostDistance = maximumCostDistance
        self.maxConcurrency = maxConcurrency
    }
}

/// The result of Linkage Mapper steps 1-3.
public struct LinkageNetwork: Sendable {
    /// Every candidate link, sorted by pair, with its status.
    public let links: [CorridorLink]
    /// Cost-distance surfaces (with back-links) of every core that has a candidate link
    /// (both ends, so that corridors can be built from them).
    public let surfaces: [Int32: CostDistanceSurface]

    /// The links whose status is ``LinkStatus/active``.
    public var activeLinks: [CorridorLink] { links.filter { $0.status == .active } }

    /// Runs LM steps 1-3 (methods.md §4.2): candidate pairs by the selection rule, `CWD`
    /// with back-links for each core involved (one worker per core), LCD and least-cost path
    /// per pair, then the intermediate-core and maximum-cost filters. Steps 4-5 (nearest
    /// neighbours, constellations) are not applied here.
    ///
    /// Memory: one surface per core involved, 12 bytes per cell each (distance + back-link),
    /// all held at once; 50 cores on a 10-million-cell raster would need ~6 GB
    /// (``buildSpilled(resistance:cores:options:progress:)`` keeps them on disk instead).
    /// Worked on the Linkage Mapper demo, it reproduces the reference adjacency and drops
    /// the links 1–3, 1–6, 3–4 (through core 5) and 2–5, 2–6 (through core 3).
    /// `progress` hears (cores done, cores) as each core's cost-distance surface is finished.
    public static func build(resistance: ResistanceGrid, cores: CoreLabelGrid,
                             options: LinkageOptions = LinkageOptions(),
                             progress: StepProgress? = nil) throws -> LinkageNetwork {
        let (candidates, focal, _) = try candidatePairs(resistance: resistance, cores: cores, options: options)
        let counter = StepCounter(total: focal.count, progress)
        let surfaces = GeoKit.Parallel.map(focal.count, workers: options.maxConcurrency ?? GeoKit.Parallel.workerCount) { k in
            defer { counter.advance() }
            return try! CostDistance.compute(resistance: resistance, cores: cores, core: focal[k], backlinks: true)
        }
        var byCore: [Int32: CostDistanceSurface] = [:]
        for (k, id) in focal.enumerated() { byCore[id] = surfaces[k] }
        let coreCount = cores.coreIDs.count
        let links = candidates.map { pair in
            classify(pair, LeastCostPath.link(from: byCore[pair.a]!, coreA: pair.a, to: pair.b, cores: cores).map { ($0, coresCrossed(by: $0.path, pair: pair, labels: cores.values)) },
                     coreCount: coreCount, options: options)
        }
        return LinkageNetwork(links: links, surfaces: byCore)
    }

    /// As ``build(resistance:cores:options:progress:)``, with the same links, but each core's
    /// surface is written to disk (``SpilledCostDistances``) as soon as its least-cost paths are
    /// traced, so memory holds one surface per worker instead of one per core. The returned
    /// network's `surfaces` is empty.
    ///
    /// With `reachFor` (the corridor cut-off the caller will use) and pairs chosen by cost-allocation
    /// adjacency, each core's run stops at its ``CostDistanceReach`` limit: the links, and every
    /// value the corridor steps read, are unchanged; the surfaces are `+infinity` beyond the limit.
    /// Without it (or with another selection) every run covers the whole grid.
    public static func buildSpilled(resistance: ResistanceGrid, cores: CoreLabelGrid,
                                    options: LinkageOptions = LinkageOptions(),
                                    reachFor cutoff: CostDistanceReach.Cutoff? = nil,
                                    progress: StepProgress? = nil) throws -> (network: LinkageNetwork, surfaces: SpilledCostDistances, reach: CostDistanceReach?) {
        guard resistance.hasSameShape(as: cores) else { throw CorridorError.shapeMismatch }
        let built = try buildSpilled(cells: CorridorCells(resistance: resistance, labels: cores), options: options, reachFor: cutoff,
                                     progress: progress, sharing: nil)
        return (built.network, built.surfaces, built.reach)
    }

    /// ``buildSpilled(resistance:cores:options:reachFor:progress:)`` over `cells`, each core's run on its
    /// window (``CorridorCells/costDistance(core:limit:guess:tries:)``; the whole grid without a limit),
    /// and with `sharing` by the ranks together (collective): rank 0 (which holds the whole grids) picks the candidate pairs,
    /// each rank runs the cores k with k mod size = its rank, and every rank gets every link. `runs`:
    /// the windows run in all (a core's run is repeated on a larger window when it met its window's edge).
    static func buildSpilled(cells: CorridorCells, options: LinkageOptions, reachFor cutoff: CostDistanceReach.Cutoff?,
                             progress: StepProgress?,
                             sharing: WorkSharing?) throws -> (network: LinkageNetwork, surfaces: SpilledCostDistances, reach: CostDistanceReach?, runs: Int) {
        let (candidates, focal, bounds) = try sharing.map { try sharedCandidatePairs(cells: cells, options: options, sharing: $0) }
            ?? candidatePairs(resistance: cells.whole!.resistance, cores: cells.whole!.labels, options: options)
        let reach = cutoff.map { CostDistanceReach(candidates: candidates, linkBounds: bounds, cutoff: $0) }
        let folder = try spillFolder(cells: cells.width * cells.height, cores: focal.count, sharing: sharing)
        // Shared: each rank runs the cores k with k mod size = its rank, into the one folder.
        let mine = focal.indices.filter { sharing?.owns($0) ?? true }
        let counter = StepCounter(total: mine.count, progress)
        let results = GeoKit.Parallel.map(mine.count, workers: options.maxConcurrency ?? GeoKit.Parallel.workerCount) { m -> Result<CoreRun, Error> in
            defer { counter.advance() }
            let id = focal[mine[m]]
            do {
                var tries = 0
                let limit = reach?.limit(core: id) ?? .infinity
                let guess = reach.flatMap { cells.reachGuess(core: id, limit: limit, linkBounds: $0.linkBounds) }
                let (surface, window, labels) = try cells.costDistance(core: id, limit: limit, guess: guess) { tries = $0 }
                // Paths in the window's cells, then placed on the grid.
                let paths = candidates.filter { $0.a == id }.map { pair -> (LeastCostLink, [Int32])? in
                    guard let lcl = LeastCostPath.link(from: surface, coreA: id, to: pair.b, cores: labels) else { return nil }
                    let placed = LeastCostLink(coreA: lcl.coreA, coreB: lcl.coreB, distance: lcl.distance,
                                               path: lcl.path.map { Int32(window.gridIndex(Int($0), gridWidth: cells.width)) },
                                               pathLength: lcl.pathLength)
                    return (placed, coresCrossed(by: lcl.path, pair: pair, labels: labels.values))
                }
                let profile = try SpilledCostDistances.write(surface, core: id, window: window, gridWidth: cells.width,
                                                             gridHeight: cells.height, in: folder)
                return .success(CoreRun(profile: profile, window: window, tries: tries, paths: paths))
            } catch {
                return .failure(error)
            }
        }
        var found: [Int: CoreRun] = [:]
        if let sharing {
            let packed = Result { () throws -> [UInt8] in
                var w = ByteWriter()
                for (m, k) in mine.enumerated() { w.put(k); try results[m].get().pack(into: &w) }
                return w.bytes
            }
            for part in try sharing.allGatherAgreed(packed) {
                var r = ByteReader(part)
                while !r.atEnd { found[try r.int()] = try CoreRun(&r) }
            }
        } else {
            for (m, k) in mine.enumerated() { found[k] = try results[m].get() }
        }
        var profiles: [Int32: DistanceProfile] = [:], windows: [Int32: CellWindow] = [:], runs = 0
        var paths: [CorePair: (LeastCostLink, [Int32])?] = [:]
        for (k, id) in focal.enumerated() {
            guard let run = found[k] else { throw GeoKitError(.input, "internal error: no rank ran core \(id)'s cost distance") }
            profiles[id] = run.profile
            windows[id] = run.window
            runs += run.tries
            for (pair, lcl) in zip(candidates.filter { $0.a == id }, run.paths) { paths[pair] = lcl }
        }
        let coreCount = cells.runs.coreIDs.count
        let links = candidates.map { classify($0, paths[$0]!, coreCount: coreCount, options: options) }
        let store = SpilledCostDistances(folder: folder, width: cells.width, height: cells.height,
                                         cellSize: cells.cellSize, profiles: profiles, windows: windows)
        return (LinkageNetwork(links: links, surfaces: [:]), store, reach, runs)
    }

    /// What one core's cost-distance run hands on: its profile over the grid, the window it covered
    /// (and how many windows were run to find it), and each of its links' least-cost path (in grid
    /// cells) with the other cores that path crosses.
    struct CoreRun {
        var profile: DistanceProfile
        var window: CellWindow
        var tries: Int
        var paths: [(LeastCostLink, [Int32])?]

        init(profile: DistanceProfile, window: CellWindow, tries: Int, paths: [(LeastCostLink, [Int32])?]) {
            self.profile = profile
            self.window = window
            self.tries = tries
            self.paths = paths
        }

        /// For the other ranks.
        func pack(into w: inout ByteWriter) {
            w.put(profile.rowMinimum)
            w.put(profile.columnMinimum)
            w.put(window)
            w.put(tries)
            w.put(paths.count)
            for found in paths {
                w.put(found != nil)
                guard let (lcl, crossed) = found else { continue }
                w.put(lcl.coreA); w.put(lcl.coreB); w.put(lcl.distance); w.put(lcl.path); w.put(lcl.pathLength)
                w.put(crossed)
            }
        }

        init(_ r: inout ByteReader) throws {
            profile = DistanceProfile(rowMinimum: try r.doubles(), columnMinimum: try r.doubles())
            guard let window = try r.window() else { throw GeoKitError(.input, "internal error: a cost-distance run came without its window") }
            self.window = window
            tries = try r.int()
            paths = try (0..<r.int()).map { _ -> (LeastCostLink, [Int32])? in
                guard try r.bool() else { return nil }
                let lcl = LeastCostLink(coreA: try r.int32(), coreB: try r.int32(), distance: try r.double(), path: try r.int32s(),
                                        pathLength: try r.double())
                return (lcl, try r.int32s())
            }
        }
    }

    /// The cores other than the pair's own whose cells `path` crosses, ascending (`labels` holds the
    /// labels of the grid, or window, the path's cells index).
    static func coresCrossed(by path: [Int32], pair: CorePair, labels: [Int32]) -> [Int32] {
        var others = Set<Int32>()
        for cell in path {
            let label = labels[Int(cell)]
            if label != 0 && label != pair.a && label != pair.b { others.insert(label) }
        }
        return others.sorted()
    }

    /// ``candidatePairs(resistance:cores:options:)`` worked out once, by rank 0, and handed to every rank
    /// exactly (collective): the cost allocation behind it is a Dijkstra over the whole grid, which the
    /// other ranks need not repeat. An error (a core without a passable cell) is rank 0's, on every rank.
    private static func sharedCandidatePairs(cells: CorridorCells, options: LinkageOptions,
                                             sharing: WorkSharing) throws -> (candidates: [CorePair], focal: [Int32], bounds: [CorePair: Double]) {
        let worked = Result { () throws -> [UInt8] in
            guard sharing.rank == 0 else { return [] }
            guard let whole = cells.whole else { throw GeoKitError(.input, "internal error: rank 0 of a corridor run must hold the whole resistance") }
            let (candidates, focal, bounds) = try candidatePairs(resistance: whole.resistance, cores: whole.labels, options: options)
            var w = ByteWriter()
            w.put(focal)
            w.put(candidates.count)
            for pair in candidates {
                w.put(pair.a); w.put(pair.b)
                w.put(bounds[pair] != nil); w.put(bounds[pair] ?? 0)
            }
            return w.bytes
        }
        var r = ByteReader(try sharing.allGatherAgreed(worked)[0])
        let focal = try r.int32s()
        var candidates: [CorePair] = [], bounds: [CorePair: Double] = [:]
        for _ in 0..<(try r.int()) {
            let pair = CorePair(try r.int32(), try r.int32())
            candidates.append(pair)
            let bounded = try r.bool(), bound = try r.double()
            if bounded { bounds[pair] = bound }
        }
        return (candidates, focal, bounds)
    }

    /// The folder of the spilled surfaces: this process's own, or with `sharing` rank 0's, which
    /// every rank must see (the space check is rank 0's).
    private static func spillFolder(cells: Int, cores: Int, sharing: WorkSharing?) throws -> TemporaryFolder {
        guard let sharing else {
            let folder = try TemporaryFolder(prefix: "ecozone-cost-distance")
            try SpilledCostDistances.checkSpace(cells: cells, cores: cores, in: folder)
            return folder
        }
        let marker = "rank-0"
        var own: TemporaryFolder?
        let made = Result { () throws -> [UInt8] in
            guard sharing.rank == 0 else { return [] }
            let folder = try TemporaryFolder(prefix: "ecozone-cost-distance")
            own = folder
            try SpilledCostDistances.checkSpace(cells: cells, cores: cores, in: folder)
            guard FileManager.default.createFile(atPath: "\(folder.path)/\(marker)", contents: Data()) else {
                throw GeoKitError(.output, "cannot write in the temporary folder", file: folder.path)
            }
            return Array(folder.path.utf8)
        }
        let path = String(decoding: try sharing.allGatherAgreed(made)[0], as: UTF8.self)
        let seen = Result { () throws -> TemporaryFolder in try own ?? TemporaryFolder(sharedBy: path, marker: marker) }
        try sharing.agree(seen.map { _ in () }.error)
        return try seen.get()
    }

    /// The candidate pairs by the selection rule (sorted), the cores they involve (ascending) and,
    /// for cost-allocation adjacency, an upper bound on each pair's least-cost distance
    /// (``CostDistanceReach/linkBounds(allocation:resistance:)``; empty for the other rules);
    /// throws ``CorridorError/emptyCore(_:)`` for a core without a passable cell — any core with
    /// adjacency or all pairs (one on NoData alone would otherwise drop out of the adjacency without a
    /// word), a core of the given pairs with a list — before the cost allocation is run.
    static func candidatePairs(resistance: ResistanceGrid, cores: CoreLabelGrid,
                               options: LinkageOptions) throws -> (candidates: [CorePair], focal: [Int32], bounds: [CorePair: Double]) {
        guard resistance.hasSameShape(as: cores) else { throw CorridorError.shapeMismatch }
        let ids = cores.coreIDs
        var passableCores = Set<Int32>()
        cores.values.withUnsafeBufferPointer { labels in
            resistance.values.withUnsafeBufferPointer { r in
                for i in 0..<labels.count where labels[i] > 0 && r[i].isFinite && r[i] >= 0 {
                    passableCores.insert(labels[i])
                }
            }
        }
        let required: [Int32]
        if case .pairs(let given) = options.selection { required = Array(Set(given.flatMap { [$0.a, $0.b] })).sorted() } else { required = ids }
        for id in required where !passableCores.contains(id) { throw CorridorError.emptyCore(id) }

        let candidates: [CorePair]
        var bounds: [CorePair: Double] = [:]
        switch options.selection {
        case .costWeightedAdjacent:
            // The pairs whose zones touch (``CostAllocation/adjacentPairs()``) are the pairs with a bound.
            bounds = CostDistanceReach.linkBounds(allocation: try CostAllocation.compute(resistance: resistance, cores: cores),
                                                  resistance: resistance)
            candidates = bounds.keys.sorted()
        case .allPairs:
            var all: [CorePair] = []
            for (i, a) in ids.enumerated() { for b in ids[(i + 1)...] { all.append(CorePair(a, b)) } }
            candidates = all
        case .pairs(let given):
            candidates = Array(Set(given)).sorted()
        }
        let focal = Array(Set(candidates.flatMap { [$0.a, $0.b] })).sorted()
        return (candidates, focal, bounds)
    }

    /// A candidate's status from its least-cost link and the other cores its path crosses
    /// (``coresCrossed(by:pair:labels:)``; nil: unreachable): the intermediate-core rule (with ≥ 3
    /// cores), then the maximum cost distance.
    static func classify(_ pair: CorePair, _ found: (LeastCostLink, [Int32])?, coreCount: Int,
                         options: LinkageOptions) -> CorridorLink {
        guard let (lcl, crossed) = found else { return CorridorLink(pair: pair, status: .unreachable, leastCost: nil) }
        var status = LinkStatus.active
        if options.dropCorridorsThroughCores && coreCount >= 3 && !crossed.isEmpty { status = .intermediateCore(crossed) }
        if status == .active, let maxCost = options.maximumCostDistance, lcl.distance > maxCost {
            status = .tooCostly
        }
        return CorridorLink(pair: pair, status: status, leastCost: lcl)
    }
}
