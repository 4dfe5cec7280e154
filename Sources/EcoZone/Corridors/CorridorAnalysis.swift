// The corridor pipeline of issue 7: resistance surface + core polygons → linkage network,
// normalised least-cost corridors, circuit current and pinch points, barriers, and their
// vector forms with ellipsoidal areas. The numerics live in the other files of this folder;
// this file only wires them together and turns grids into features.

import Foundation
import GeoKit

/// Options of ``CorridorAnalysis/run(surface:cores:options:progress:)``.
public struct CorridorOptions: Sendable {
    /// Which core pairs to link (Linkage Mapper: cores whose cost-allocation zones touch).
    public var selection: PairSelection
    /// Drop links whose least-cost path crosses a third core (LM default).
    public var dropCorridorsThroughCores: Bool
    /// Corridor width cut-off in cost units (NLCC ≤ cutoff is corridor). `nil`: 10 % of the
    /// median least-cost distance of the active links (reported as ``CorridorAnalysis/cutoff``).
    public var cutoff: Double?
    /// Run the circuit (current density and pinch points).
    public var circuit: Bool
    /// Share of the corridor cells (cores excluded) flagged as pinch points, by current.
    public var pinchFraction: Double
    /// Run Barrier Mapper.
    public var barriers: Bool
    /// Barrier Mapper radii in map units; `nil`: 2, 4 and 6 cells.
    public var barrierRadii: [Double]?
    /// Share of the cells with a positive barrier score flagged as barrier cells.
    public var barrierFraction: Double
    public var circuitOptions: CircuitOptions
    /// Worker threads; `nil` = ``GeoKit/Parallel/workerCount``.
    public var maxConcurrency: Int?
    /// The memory the run may plan to use, bytes; `nil` = ``CorridorMemory/limit``. Ranks that share a
    /// machine (ecozone-mpi) each get their share of it.
    public var memoryLimit: Double?

    /// The default corridor cut-off's share of the median least-cost distance (``cutoff`` nil).
    public static let defaultCutoffShare = 0.1

    public init(selection: PairSelection = .costWeightedAdjacent, dropCorridorsThroughCores: Bool = true,
                cutoff: Double? = nil, circuit: Bool = true, pinchFraction: Double = 0.1, barriers: Bool = true,
                barrierRadii: [Double]? = nil, barrierFraction: Double = 0.05,
                circuitOptions: CircuitOptions = CircuitOptions(), maxConcurrency: Int? = nil) {
        self.selection = selection
        self.dropCorridorsThroughCores = dropCorridorsThroughCores
        self.cutoff = cutoff
        self.circuit = circuit
        self.pinchFraction = pinchFraction
        self.barriers = barriers
        self.barrierRadii = barrierRadii
        self.barrierFraction = barrierFraction
        self.circuitOptions = circuitOptions
        self.maxConcurrency = maxConcurrency
    }
}

/// One linked pair of cores (an active Linkage Mapper link).
public struct CorridorPair: Sendable, Encodable {
    public var from: Int32
    public var to: Int32
    public var fromName: String
    public var toName: String
    /// Edge-to-edge Euclidean distance between the core polygons (GEOS), metres.
    public var euclidean: Double
    /// Least-cost distance (cost units: resistance × metres).
    public var costDistance: Double
    /// Length of the least-cost path, Σ(c or c√2), metres.
    public var pathLength: Double
    /// `costDistance / pathLength` (−1 when the path has no length).
    public var costToLength: Double
    /// Circuit effective resistance within the corridor, cost units (`c · R_AB`); nil without the circuit.
    public var effectiveResistance: Double?

    enum CodingKeys: String, CodingKey {
        case from, to, fromName = "from_name", toName = "to_name", euclidean = "euclidean_m",
             costDistance = "cost_distance", pathLength = "path_length_m", costToLength = "cost_to_length",
             effectiveResistance = "effective_resistance"
    }
}

/// A candidate link that was not kept, and why.
public struct DroppedLink: Sendable, Encodable {
    public var from: Int32
    public var to: Int32
    public var reason: String
}

/// Features ready to be written as one vector layer (geometry in the surface's CRS).
public struct CorridorVectorLayer: Sendable {
    public var name: String
    public var kind: GeometryKind
    public var fields: [FieldDefinition]
    public var features: [(wkb: [UInt8]?, values: [FieldValue])]
}

/// The results of the corridor pipeline.
public struct CorridorAnalysis: Sendable {
    public var surface: ResistanceSurface
    public var cores: CorePolygons
    /// Core cells: centre inside the polygon.
    public var labels: CoreLabelGrid
    /// The links (its `surfaces` is empty: the surfaces are in ``costDistances``).
    public var network: LinkageNetwork
    /// Each linked core's cost-distance surface, on disk until the analysis goes; `+infinity` beyond
    /// the core's ``reach`` limit.
    public var costDistances: SpilledCostDistances
    /// Where each core's cost-distance run stopped (nil: every run covered the whole grid).
    public var reach: CostDistanceReach?
    /// Active links in pair order.
    public var pairs: [CorridorPair]
    public var dropped: [DroppedLink]
    /// Edge-to-edge Euclidean distance of every pair of cores, metres.
    public var edgeDistances: [CorePair: Double]
    /// The corridor width cut-off used, cost units.
    public var cutoff: Double
    /// NLCC mosaic (cell-wise minimum over active links), NaN above the cut-off.
    public var corridors: CorridorGrid<Double>
    /// Cumulative current (sum over the active links, each solved inside its corridor), NaN off
    /// every corridor and on core cells; nil without the circuit.
    public var current: CorridorGrid<Double>?
    public var pinchPoints: PinchPointMask?
    /// Barrier score (max over links and radii, cost units saved per metre restored), NaN where none.
    public var barrierScores: CorridorGrid<Double>?
    public var barrierRadii: [Double]
    /// The smallest score counted as a barrier cell; NaN when there is none.
    public var barrierThreshold: Double?
    public var barrierMask: CorridorGrid<Bool>?
    /// Least-cost paths as lines, corridors, pinch points and barriers as polygons.
    public var paths: CorridorVectorLayer
    public var corridorPolygons: CorridorVectorLayer
    public var pinchPolygons: CorridorVectorLayer?
    public var barrierPolygons: CorridorVectorLayer?
    /// Total ellipsoidal areas (CGCS2000, geodesic edges) of the polygon layers, summed in km² as their features' `area_km2`.
    public var pinchArea: Area
    public var barrierArea: Area

    /// Runs the pipeline. `progress` receives one line per long step; `stepProgress` hears how far the
    /// three long parallel steps have come: "cost distance" (cores), "circuit" (corridors solved) and
    /// "barriers" (links × radii).
    public static func run(surface: ResistanceSurface, cores: CorePolygons, options: CorridorOptions = CorridorOptions(),
                           progress: (String) -> Void = { _ in }, stepProgress: ProgressHandler? = nil) throws -> CorridorAnalysis {
        try perform(resistance: .whole(surface), cores: cores, options: options, progress: progress, stepProgress: stepProgress,
                    sharing: nil).analysis!
    }

    /// ``run(surface:cores:options:progress:stepProgress:)`` by the ranks of `sharing` together
    /// (collective): the cores' cost distances, the links' corridors and circuits and the barrier
    /// tasks are shared round-robin (SharedCorridorWindows.swift), and the analysis, bit for bit the
    /// single process's, is returned on rank 0 (nil elsewhere). Rank 0 must hold the whole surface; a
    /// rank holding only the frame (``SharedResistance/windows(_:)``) reads the windows its cores'
    /// runs and its links' circuits need from the raster, and the core labels from rank 0. The
    /// cost-distance surfaces are in rank 0's temporary folder, which every rank must see; every rank
    /// gets the store.
    public static func run(resistance: SharedResistance, cores: CorePolygons, options: CorridorOptions = CorridorOptions(),
                           sharing: WorkSharing, progress: (String) -> Void = { _ in },
                           stepProgress: ProgressHandler? = nil) throws -> (analysis: CorridorAnalysis?, costDistances: SpilledCostDistances) {
        try perform(resistance: resistance, cores: cores, options: options, progress: progress, stepProgress: stepProgress, sharing: sharing)
    }

    private static func perform(resistance: SharedResistance, cores: CorePolygons, options: CorridorOptions,
                                progress: (String) -> Void, stepProgress: ProgressHandler?,
                                sharing: WorkSharing?) throws -> (analysis: CorridorAnalysis?, costDistances: SpilledCostDistances) {
        let workers = options.maxConcurrency ?? GeoKit.Parallel.workerCount
        let frame = resistance.frame
        let limit = options.memoryLimit ?? CorridorMemory.limit
        try CorridorMemory.check(frame, cores: cores.cores.count, options: options, workers: workers, limit: limit)
        let radii = options.barrierRadii ?? [2, 4, 6].map { $0 * frame.cellSize }
        if options.barriers { try BarrierWork.checkRadii(radii, frame: frame) }
        func wrap<T>(_ body: () throws -> T) throws -> T { try Self.wrap(frame: frame, cores: cores, body) }
        // A rank's failure in a shared step, in the words `wrap` gives it, for rank 0 to print.
        let explain: (any Error) -> any Error = { e in
            do { try Self.wrap(frame: frame, cores: cores) { throw e } as Void; return e } catch { return error }
        }
        progress("rasterising \(cores.cores.count) cores onto \(frame.width) × \(frame.height) cells of \(frame.cellSize) m")
        let cells = try CorridorCells.prepare(resistance, cores: cores, sharing: sharing)
        let root = (sharing?.rank ?? 0) == 0
        let edge = root ? try cores.edgeDistances() : [:]
        let names = Dictionary(uniqueKeysWithValues: cores.cores.map { ($0.id, $0.name) })

        progress("cost-weighted distance from each core and least-cost paths")
        // Each core's run stops where nothing later reads it (CostDistanceReach): the cut-off rule below.
        let (network, spilled, reach, runs) = try wrap { try LinkageNetwork.buildSpilled(cells: cells, options: LinkageOptions(
            selection: options.selection, dropCorridorsThroughCores: options.dropCorridorsThroughCores, maxConcurrency: workers),
            reachFor: options.cutoff.map { .fixed($0) } ?? .shareOfMedian(CorridorOptions.defaultCutoffShare),
            progress: stepProgress.step("cost distance"), sharing: sharing) }
        if !spilled.windows.isEmpty {
            let share = spilled.windows.values.reduce(0.0) { $0 + Double($1.count) } / Double(spilled.windows.count * frame.count)
            progress("cost distance of \(spilled.windows.count) core(s) on windows of \(NumberText.grouped(100 * share, decimals: 0)) % of the grid on average (\(runs) run(s))")
        }
        var dropped: [DroppedLink] = []
        for link in network.links {
            switch link.status {
            case .active: break
            case .intermediateCore(let ids):
                dropped.append(DroppedLink(from: link.pair.a, to: link.pair.b,
                                           reason: "least-cost path crosses core \(ids.map { names[$0] ?? "\($0)" }.joined(separator: ", "))"))
            case .unreachable: dropped.append(DroppedLink(from: link.pair.a, to: link.pair.b, reason: "unreachable"))
            case .tooCostly: dropped.append(DroppedLink(from: link.pair.a, to: link.pair.b, reason: "above the maximum cost distance"))
            }
        }
        let active = network.activeLinks
        guard !active.isEmpty else {
            throw GeoKitError(.input, "no pair of cores can be linked (\(dropped.count) candidate(s) dropped)", file: cores.source)
        }
        let lcds = active.map { $0.leastCost!.distance }.sorted()
        let cutoff = options.cutoff ?? CorridorOptions.defaultCutoffShare * lcds[lcds.count / 2]
        guard cutoff >= 0 else { throw GeoKitError(.input, "the corridor cut-off must be ≥ 0") }
        if let reach, !reach.covers(network.links, active: active, cutoff: cutoff) {
            throw GeoKitError(.input, "internal error: a cost-distance run stopped before a corridor's reach (cut-off \(cutoff)); please report it", file: frame.path)
        }

        progress("normalised least-cost corridors (cut-off \(cutoff) cost units)")
        // Each link on its window, from the surfaces on disk (CorridorWindows): the same numbers as
        // the whole grids, in the memory of one window per worker.
        let streamed = try wrap {
            if let sharing {
                return try CorridorWindows.mosaic(active, store: spilled, cutoff: cutoff, sharing: sharing, workers: workers,
                                                  explain: explain, progress: stepProgress.step("corridors"))
            }
            return try CorridorWindows.mosaic(active, store: spilled, cutoff: cutoff, progress: stepProgress.step("corridors"))
        }
        let owner = streamed.owner
        // Folded on rank 0 only, which holds the whole surface and labels.
        let grid = cells.whole?.resistance, labels = cells.whole?.labels
        let mosaic = root ? grid!.withValues(streamed.mosaic) : nil

        var current: CorridorGrid<Double>?
        var pinch: PinchPointMask?
        var resistances: [Double]?
        if options.circuit {
            progress("circuit current in \(active.count) corridor(s)")
            try CorridorMemory.checkWindows(streamed.windows.compactMap { $0 }, bytesPerCell: CorridorMemory.circuitBytesPerWindowCell,
                                            step: "the circuit", frame: frame, workers: workers, limit: limit)
            let cumulative = try wrap {
                if let sharing {
                    return try CorridorWindows.current(
                        active, windows: streamed.windows, store: spilled, cutoff: cutoff, cells: cells,
                        options: options.circuitOptions, workers: workers, sharing: sharing, explain: explain,
                        progress: stepProgress.step("circuit"))
                }
                return try CorridorWindows.current(
                    active, windows: streamed.windows, store: spilled, cutoff: cutoff, cells: cells,
                    options: options.circuitOptions, workers: workers, progress: stepProgress.step("circuit"))
            }
            if let grid, let labels, root {
                var c = grid.withValues(cumulative.current)
                for i in 0..<c.count where labels.values[i] != 0 { c.values[i] = .nan }
                current = c
                resistances = cumulative.resistances
                pinch = try wrap { try PinchPoints.mask(current: c, corridor: mosaic!, cutoff: cutoff,
                                                        topFraction: options.pinchFraction, excluding: labels) }
            }
        }

        var scores: CorridorGrid<Double>?
        var barrierThreshold: Double?
        var barrierMask: CorridorGrid<Bool>?
        if options.barriers {
            try BarrierWork.checkWork(visits: CorridorWindows.barrierVisits(active, radii: radii, store: spilled),
                                      radii: radii, links: active.count, frame: frame)
            try CorridorMemory.checkWindows(CorridorWindows.barrierReadWindows(active, radii: radii, store: spilled),
                                            bytesPerCell: CorridorMemory.barrierBytesPerWindowCell, step: "Barrier Mapper",
                                            frame: frame, workers: workers, limit: limit)
            progress("barrier improvement scores at radii \(radii.map { NumberText.significant($0) }.joined(separator: ", ")) m")
            let combined = try wrap {
                if let sharing {
                    return try CorridorWindows.barrierScores(active, radii: radii, store: spilled, workers: workers, sharing: sharing,
                                                             explain: explain, progress: stepProgress.step("barriers"))
                }
                return try CorridorWindows.barrierScores(active, radii: radii, store: spilled, workers: workers,
                                                         progress: stepProgress.step("barriers"))
            }
            if let grid, root {
                let s = grid.withValues(combined)
                var positive = s.values.filter { $0.isFinite && $0 > 0 }
                var mask = [Bool](repeating: false, count: s.count)
                var threshold = Double.nan
                if !positive.isEmpty {
                    positive.sort(by: >)
                    let k = min(positive.count, max(1, Int((options.barrierFraction * Double(positive.count)).rounded(.up))))
                    threshold = positive[k - 1]
                    for i in 0..<mask.count where s.values[i].isFinite && s.values[i] > 0 && s.values[i] >= threshold { mask[i] = true }
                }
                scores = s
                barrierThreshold = threshold
                barrierMask = s.withValues(mask)
            }
        }

        // Shared: the rest (thresholds, vectors) is rank 0's, on the folded grids.
        guard root, let corridors = mosaic, let grid, let labels, case .whole(let surface) = resistance else { return (nil, spilled) }

        progress("vectorising corridors, pinch points and barriers")
        let measurer = try AreaMeasurer(layerCRS: surface.crs, zone: nil)
        var pairs: [CorridorPair] = []
        var pathFeatures: [(wkb: [UInt8]?, values: [FieldValue])] = []
        for (k, link) in active.enumerated() {
            let lcl = link.leastCost!
            let eR = resistances.map { $0[k] * grid.cellSize }
            let p = CorridorPair(from: link.pair.a, to: link.pair.b, fromName: names[link.pair.a] ?? "", toName: names[link.pair.b] ?? "",
                                 euclidean: edge[link.pair] ?? .nan, costDistance: lcl.distance, pathLength: lcl.pathLength,
                                 costToLength: lcl.costToPathLengthRatio, effectiveResistance: eR)
            pairs.append(p)
            // The path runs from core b back to core a: reverse it to read a → b.
            var xs: [Double] = [], ys: [Double] = []
            for cell in lcl.path.reversed() {
                let c = surface.geoTransform.cellCenter(col: Int(cell) % grid.width, row: Int(cell) / grid.width)
                xs.append(c.x); ys.append(c.y)
            }
            let wkb = xs.count >= 2 ? try measurer.context.lineString(xs: xs, ys: ys).wkb : nil
            pathFeatures.append((wkb, [.integer(Int64(p.from)), .integer(Int64(p.to)), .string(p.fromName), .string(p.toName),
                                       .real(p.costDistance), .real(p.euclidean), .real(p.pathLength), .real(p.costToLength),
                                       eR.map { .real($0) } ?? .null]))
        }
        let pairFields = [FieldDefinition(name: "from_id", type: .integer), FieldDefinition(name: "to_id", type: .integer),
                          FieldDefinition(name: "from_name", type: .string), FieldDefinition(name: "to_name", type: .string),
                          FieldDefinition(name: "cost_dist", type: .real)]
        let paths = CorridorVectorLayer(
            name: "corridor_paths", kind: .lineString,
            fields: pairFields + [FieldDefinition(name: "euclid_m", type: .real), FieldDefinition(name: "length_m", type: .real),
                                  FieldDefinition(name: "cost_len", type: .real), FieldDefinition(name: "eff_resist", type: .real)],
            features: pathFeatures)

        // Corridor polygons: each cell goes to the link with the least NLCC; one multipolygon per link.
        let traced = try RasterVectorize.polygonize(values: owner, width: grid.width, height: grid.height,
                                                    geoTransform: surface.geoTransform)
        var corridorFeatures: [(wkb: [UInt8]?, values: [FieldValue])] = []
        for (k, p) in pairs.enumerated() {
            let parts = try traced.filter { $0.value == Int32(k + 1) }.map { try Geometry(wkb: $0.wkb, context: measurer.context) }
            guard !parts.isEmpty else { continue }
            let g = try measurer.context.collection(parts, kind: .multiPolygon)
            let area = Area(squareMetres: try measurer.ellipsoidalArea(g)).squareKilometres
            corridorFeatures.append((g.wkb, [.integer(Int64(p.from)), .integer(Int64(p.to)), .string(p.fromName), .string(p.toName),
                                             .real(p.costDistance), .real(cutoff), .real(area)]))
        }
        let corridorPolygons = CorridorVectorLayer(
            name: "corridors", kind: .multiPolygon,
            fields: pairFields + [FieldDefinition(name: "cutoff", type: .real), FieldDefinition(name: "area_km2", type: .real)],
            features: corridorFeatures)

        var pinchPolygons: CorridorVectorLayer?
        var pinchArea = Area(squareKilometres: 0)
        if let pinch, let current {
            let (layer, area) = try patches(of: pinch.mask, values: current, valueField: "max_current", name: "pinch_points",
                                            surface: surface, measurer: measurer)
            pinchPolygons = layer; pinchArea = area
        }
        var barrierPolygons: CorridorVectorLayer?
        var barrierArea = Area(squareKilometres: 0)
        if let barrierMask, let scores {
            let (layer, area) = try patches(of: barrierMask, values: scores, valueField: "max_score", name: "barriers",
                                            surface: surface, measurer: measurer)
            barrierPolygons = layer; barrierArea = area
        }
        return (CorridorAnalysis(surface: surface, cores: cores, labels: labels, network: network, costDistances: spilled, reach: reach,
                                pairs: pairs, dropped: dropped,
                                edgeDistances: edge, cutoff: cutoff, corridors: corridors, current: current, pinchPoints: pinch,
                                barrierScores: scores, barrierRadii: radii, barrierThreshold: barrierThreshold,
                                barrierMask: barrierMask, paths: paths, corridorPolygons: corridorPolygons,
                                pinchPolygons: pinchPolygons, barrierPolygons: barrierPolygons,
                                pinchArea: pinchArea, barrierArea: barrierArea), spilled)
    }

    /// The 4-connected patches of `mask` as polygons (one feature each, largest value of `values`
    /// inside, ellipsoidal area), and their total area (summed in km², as the features' `area_km2`).
    static func patches(of mask: CorridorGrid<Bool>, values: CorridorGrid<Double>, valueField: String, name: String,
                        surface: ResistanceSurface, measurer: AreaMeasurer) throws -> (CorridorVectorLayer, Area) {
        let (component, maxima) = components(of: mask, values: values)
        let traced = try RasterVectorize.polygonize(values: component, width: mask.width, height: mask.height,
                                                    geoTransform: surface.geoTransform)
        var features: [(wkb: [UInt8]?, values: [FieldValue])] = []
        var total = Area(squareKilometres: 0)
        for t in traced.sorted(by: { $0.value < $1.value }) {
            let g = try Geometry(wkb: t.wkb, context: measurer.context)
            let area = Area(squareMetres: try measurer.ellipsoidalArea(g)).converted(to: .squareKilometres)
            total += area
            features.append((t.wkb, [.integer(Int64(features.count + 1)), .real(area.squareKilometres), .real(maxima[Int(t.value) - 1])]))
        }
        let layer = CorridorVectorLayer(name: name, kind: .polygon,
                                        fields: [FieldDefinition(name: "id", type: .integer), FieldDefinition(name: "area_km2", type: .real),
                                                 FieldDefinition(name: valueField, type: .real)],
                                        features: features)
        return (layer, total)
    }

    /// 4-connected components of `mask`, labelled 1, 2, … in row-major order of their first cell,
    /// with the largest finite value of `values` in each.
    static func components(of mask: CorridorGrid<Bool>, values: CorridorGrid<Double>) -> ([Int32], [Double]) {
        let w = mask.width, h = mask.height
        var label = [Int32](repeating: 0, count: w * h)
        var maxima: [Double] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where mask.values[start] && label[start] == 0 {
            let id = Int32(maxima.count + 1)
            var best = -Double.infinity
            label[start] = id
            stack.append(start)
            while let i = stack.popLast() {
                let v = values.values[i]
                if v.isFinite && v > best { best = v }
                let r = i / w, c = i % w
                for (rr, cc) in [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)] where rr >= 0 && rr < h && cc >= 0 && cc < w {
                    let j = rr * w + cc
                    if mask.values[j] && label[j] == 0 { label[j] = id; stack.append(j) }
                }
            }
            maxima.append(best)
        }
        return (label, maxima)
    }

    /// Corridor numerics throw ``CorridorError``; the pipeline reports ``GeoKitError``s naming the
    /// resistance raster (and the cell, by row, column and map coordinates) or the cores' source.
    static func wrap<T>(frame: ResistanceFrame, cores: CorePolygons, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as CorridorError {
            switch e {
            case .zeroResistance(let cell):
                throw GeoKitError(.input, "\(frame.location(of: cell)) has resistance 0, which a circuit cannot represent (current would be infinite); give it a positive resistance, or skip the circuit", file: frame.path)
            case .emptyCore(let id):
                let name = cores.cores.first { $0.id == id }?.name ?? String(id)
                throw GeoKitError(.input, "core \(name) (id \(id)) has no passable cell of the resistance raster \(frame.path): every cell it covers is NoData", file: cores.source)
            default:
                throw GeoKitError(.input, e.description, file: frame.path)
            }
        }
    }
}
