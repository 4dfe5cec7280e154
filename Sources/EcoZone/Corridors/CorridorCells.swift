// The cells a corridor run's cost-distance step reads, a window at a time (issue 20).
//
// Design note. Each core's cost-distance run stops at its CostDistanceReach limit, so it needs only
// a window of the resistance and labels: one that holds every path of cost ≤ limit from the core.
// On such a window Dijkstra settles the same cells in the same order with the same distances and
// back-links as on the whole grid: heap ties and back-link ties go to the lowest row-major index, and
// a window keeps the row-major order of its cells.
//
// Which window: a path that left window W would first reach a cell on W's edge (one with a neighbour
// outside W in the grid) by a prefix of cost ≤ limit, which the run on W settles within the limit.
// So a run on W is the whole grid's when it settles no such edge cell within the limit; one that does
// stops there at once and the run is repeated on a window grown from how far it had spread. The first
// margin is guessed from the core's link bounds (or the mean resistance); the last is the sure bound
// limit / (cell size × least resistance) (each step costs at least cell size × least resistance, and
// moves one cell), which needs no check, and a window over half of it is taken as it: on most of a
// grid a run is no cheaper, and a retry would cost a run. Which windows are tried changes only the
// time, never a value.
//
// A rank of a shared run that reads the resistance from a raster reads just those windows (GDAL),
// with the core labels handed over by rank 0 as runs along rows; the single process crops its grids.

import Foundation
import GeoKit

/// The core labels of a grid as runs of one label along each row, sorted by row then column: what
/// rank 0 hands the other ranks of a shared run instead of the label grid (a core costs a run per
/// row it crosses, not a value per cell).
struct CoreLabelRuns: Sendable, Equatable {
    let width: Int
    let height: Int
    /// Per run: row, first column, end column (exclusive), label.
    let runs: [Int32]
    /// The bounding window of each core's cells.
    let bounds: [Int32: CellWindow]

    init(_ grid: CoreLabelGrid) {
        var runs: [Int32] = []
        grid.values.withUnsafeBufferPointer { v in
            for row in 0..<grid.height {
                var c = 0
                while c < grid.width {
                    let label = v[row * grid.width + c]
                    var end = c + 1
                    while end < grid.width && v[row * grid.width + end] == label { end += 1 }
                    if label != 0 { runs += [Int32(row), Int32(c), Int32(end), label] }
                    c = end
                }
            }
        }
        self.init(width: grid.width, height: grid.height, runs: runs)
    }

    init(width: Int, height: Int, runs: [Int32]) {
        self.width = width
        self.height = height
        self.runs = runs
        var box: [Int32: (r0: Int, r1: Int, c0: Int, c1: Int)] = [:]
        for k in stride(from: 0, to: runs.count, by: 4) {
            let row = Int(runs[k]), c0 = Int(runs[k + 1]), c1 = Int(runs[k + 2]), label = runs[k + 3]
            if let b = box[label] {
                box[label] = (min(b.r0, row), max(b.r1, row), min(b.c0, c0), max(b.c1, c1))
            } else {
                box[label] = (row, row, c0, c1)
            }
        }
        bounds = box.mapValues { CellWindow(column: $0.c0, row: $0.r0, width: $0.c1 - $0.c0, height: $0.r1 - $0.r0 + 1) }
    }

    /// The core ids present, ascending.
    var coreIDs: [Int32] { bounds.keys.filter { $0 > 0 }.sorted() }

    /// The labels over `window`, row-major (0 off every core).
    func labels(in window: CellWindow) -> [Int32] {
        var out = [Int32](repeating: 0, count: window.count)
        let count = runs.count / 4
        // The first run on the window's first row (runs are sorted by row).
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(runs[mid * 4]) < window.row { lo = mid + 1 } else { hi = mid }
        }
        var k = lo
        while k < count {
            let row = Int(runs[k * 4])
            if row >= window.row + window.height { break }
            let c0 = max(Int(runs[k * 4 + 1]), window.column), c1 = min(Int(runs[k * 4 + 2]), window.column + window.width)
            if c0 < c1 {
                let base = (row - window.row) * window.width - window.column
                for c in c0..<c1 { out[base + c] = runs[k * 4 + 3] }
            }
            k += 1
        }
        return out
    }
}

/// The resistance and core labels a corridor run's cost-distance step reads, a window at a time:
/// cropped from the whole grids in memory (the single process, rank 0), or read from the resistance
/// raster through a ``ResistanceFrame`` with the labels from rank 0's ``CoreLabelRuns`` (the other
/// ranks of a shared run). Either way a window holds the values the whole grids hold there.
struct CorridorCells: Sendable {
    let width: Int
    let height: Int
    let cellSize: Double
    /// The whole grids, where this process holds them.
    let whole: (resistance: ResistanceGrid, labels: CoreLabelGrid)?
    private let frame: ResistanceFrame?
    let runs: CoreLabelRuns
    /// The least resistance of a passable cell (`+infinity` when none is).
    let leastResistance: Double
    /// The mean resistance of the passable cells (`+infinity` when none is): the first guess at reach.
    let meanResistance: Double

    /// The whole grids in memory.
    init(resistance: ResistanceGrid, labels: CoreLabelGrid) {
        width = resistance.width; height = resistance.height; cellSize = resistance.cellSize
        whole = (resistance, labels)
        frame = nil
        runs = CoreLabelRuns(labels)
        (leastResistance, meanResistance) = Self.leastAndMean(resistance.values)
    }

    /// Windows read from `frame`'s raster, labels from `runs`, and the grid's least and mean resistance (rank 0's).
    init(frame: ResistanceFrame, runs: CoreLabelRuns, leastResistance: Double, meanResistance: Double) {
        width = frame.width; height = frame.height; cellSize = frame.cellSize
        whole = nil
        self.frame = frame
        self.runs = runs
        self.leastResistance = leastResistance
        self.meanResistance = meanResistance
    }

    /// The least and the mean of the values ≥ 0 that are finite (`+infinity` for both when there is none).
    static func leastAndMean(_ values: [Double]) -> (least: Double, mean: Double) {
        var m = Double.infinity, sum = 0.0, n = 0
        for v in values where v >= 0 && v.isFinite {   // NaN compares false
            if v < m { m = v }
            sum += v; n += 1
        }
        return (m, n > 0 ? sum / Double(n) : .infinity)
    }

    /// The whole grid.
    var wholeWindow: CellWindow { CellWindow(wholeGridOf: width, height) }

    /// The window that surely holds every path of cost ≤ `limit` from `core`: its cells grown by
    /// ⌈limit / (cell size × least resistance)⌉ + 1 cells (one more for rounding), clipped to the grid;
    /// the whole grid when `limit` is infinite, a passable cell has resistance 0, or the core has no cell.
    func reachBound(core: Int32, limit: Double) -> CellWindow {
        guard let box = runs.bounds[core], limit.isFinite, leastResistance > 0, leastResistance.isFinite else { return wholeWindow }
        let steps = (limit / (cellSize * leastResistance)).rounded(.up) + 1
        guard steps < Double(max(width, height)) else { return wholeWindow }
        return box.expanded(by: Int(steps), gridWidth: width, gridHeight: height)
    }

    /// A first guess at how far (cells) `core`'s run reaches at `limit`, from its links' cost bounds:
    /// a link to a core `gap` cells away (Chebyshev, between their cells) that costs at most `U` crosses
    /// at least `gap` cells for it, so cells cost about `U / gap` each along such paths, and `limit`
    /// reaches about `gap × limit / U` cells; 1.5 times that, the largest over its links, is the guess
    /// (a run on too small a window is a run lost); nil without a bounded link.
    func reachGuess(core: Int32, limit: Double, linkBounds: [CorePair: Double]) -> Double? {
        guard limit.isFinite, let box = runs.bounds[core] else { return nil }
        var guess: Double?
        for (pair, u) in linkBounds where (pair.a == core || pair.b == core) && u > 0 && u.isFinite {
            guard let other = runs.bounds[pair.a == core ? pair.b : pair.a] else { continue }
            let rows = max(0, other.row - (box.row + box.height - 1), box.row - (other.row + other.height - 1))
            let columns = max(0, other.column - (box.column + box.width - 1), box.column - (other.column + other.width - 1))
            let reach = 1.5 * Double(max(1, rows, columns)) * limit / u   // half as far again: a window too small costs a run
            guess = max(guess ?? 0, reach)
        }
        return guess
    }

    /// The cost-distance run from `core` to `limit`, with back-links, on a window it settles in (see
    /// the design note): the surface, the window it covers and the labels there. Each cell's distance
    /// and back-link are the whole grid's run's (back-links index the window). The first window grows
    /// the core's cells by `guess` (``reachGuess(core:limit:linkBounds:)``), or without one by
    /// limit / (cell size × mean resistance); a run that settles a cell on its
    /// window's inner edge (at distance `e` ≤ limit) stops there, and the next window grows each side
    /// by what the cells settled so far spread on it times 1.25 × limit / e (reach grows about in
    /// proportion to cost; at least twice the side that was met, at most 64-fold). A window that would
    /// cover more than half of ``reachBound(core:limit:)`` is that bound: a run on most of it is no
    /// cheaper. `tries` hears how many windows were run.
    func costDistance(core: Int32, limit: Double, guess: Double? = nil,
                      tries: ((Int) -> Void)? = nil) throws -> (surface: CostDistanceSurface, window: CellWindow, labels: CoreLabelGrid) {
        let bound = reachBound(core: core, limit: limit)
        var window = bound
        var margins = [Double](repeating: 0, count: 4)   // top, bottom, left, right
        let box = runs.bounds[core]
        func grow() {
            let tried = Self.grown(box!, by: margins, within: bound)
            window = 2 * tried.count > bound.count ? bound : tried
        }
        if limit.isFinite, meanResistance > 0, box != nil {
            margins = [Double](repeating: max(1, (guess ?? limit / (cellSize * meanResistance)).rounded(.up)), count: 4)
            grow()
        }
        var count = 0
        while true {
            count += 1
            let labels = self.labels(in: window)
            let edges = window == bound ? nil : CostDistance.WindowEdges(
                top: window.row > 0, bottom: window.row + window.height < height,
                left: window.column > 0, right: window.column + window.width < width)
            switch try CostDistance.run(resistance: try resistance(in: window), cores: labels, core: core, maximumDistance: limit,
                                        backlinks: true, stoppingAt: edges) {
            case .settled(let surface):
                tries?(count)
                return (surface, window, labels)
            case .reachedEdge(let e, let extent):
                let f = e > 0 ? min(64, max(2, 1.25 * limit / e)) : 64
                let b = box!
                let top = b.row - (window.row + extent.row), left = b.column - (window.column + extent.column)
                let bottom = window.row + extent.row + extent.height - (b.row + b.height)
                let right = window.column + extent.column + extent.width - (b.column + b.width)
                for (side, spread) in [top, bottom, left, right].enumerated() {
                    margins[side] = max(margins[side], Double(max(0, spread)) * f + 1)
                }
                grow()
            }
        }
    }

    /// `box` grown by `margins` (top, bottom, left, right) cells, clipped to `bound` (which holds `box`).
    private static func grown(_ box: CellWindow, by margins: [Double], within bound: CellWindow) -> CellWindow {
        func clip(_ v: Double, _ lo: Int, _ hi: Int) -> Int { v <= Double(lo) ? lo : v >= Double(hi) ? hi : Int(v) }
        let r0 = clip(Double(box.row) - margins[0], bound.row, box.row)
        let r1 = clip(Double(box.row + box.height) + margins[1], box.row + box.height, bound.row + bound.height)
        let c0 = clip(Double(box.column) - margins[2], bound.column, box.column)
        let c1 = clip(Double(box.column + box.width) + margins[3], box.column + box.width, bound.column + bound.width)
        return CellWindow(column: c0, row: r0, width: c1 - c0, height: r1 - r0)
    }

    /// The resistance over `window` (no copy for the whole grid in memory).
    func resistance(in window: CellWindow) throws -> ResistanceGrid {
        if let whole { return window == wholeWindow ? whole.resistance : whole.resistance.cropped(to: window) }
        return try frame!.read(window)
    }

    /// The core labels over `window` (no copy for the whole grid in memory).
    func labels(in window: CellWindow) -> CoreLabelGrid {
        if let whole { return window == wholeWindow ? whole.labels : whole.labels.cropped(to: window) }
        return CoreLabelGrid(width: window.width, height: window.height, cellSize: cellSize, values: runs.labels(in: window))
    }
}

extension CorridorCells {
    /// The cells of a run (collective with `sharing`): where the surface is whole, its grid and the
    /// cores rasterised on it (a cell is a core's when its centre lies inside); a rank holding only the
    /// frame gets rank 0's labels as runs and its least and mean resistance. A core without a cell centre is
    /// refused, on every rank in rank 0's words.
    static func prepare(_ resistance: SharedResistance, cores: CorePolygons, sharing: WorkSharing?) throws -> CorridorCells {
        func rasterised(_ surface: ResistanceSurface) throws -> CorridorCells {
            let labels = try cores.labels(on: surface)
            let present = Set(labels.coreIDs)
            if let empty = cores.cores.first(where: { !present.contains($0.id) }) {
                throw GeoKitError(.input, "core \(empty.name) (id \(empty.id)) contains no cell centre of the resistance raster", file: cores.source)
            }
            return CorridorCells(resistance: surface.grid, labels: labels)
        }
        let frame = resistance.frame
        guard let sharing else {
            guard case .whole(let surface) = resistance else {
                throw GeoKitError(.input, "internal error: a corridor run of one process must hold the whole resistance", file: frame.path)
            }
            return try rasterised(surface)
        }
        var own: CorridorCells?
        let worked = Result { () throws -> [UInt8] in
            guard case .whole(let surface) = resistance else {
                if sharing.rank == 0 { throw GeoKitError(.input, "internal error: rank 0 of a corridor run must hold the whole resistance", file: frame.path) }
                return []
            }
            let cells = try rasterised(surface)
            own = cells
            guard sharing.rank == 0 else { return [] }
            var w = ByteWriter()
            w.put(cells.width); w.put(cells.height); w.put(cells.cellSize)
            w.put(cells.runs.runs)
            w.put(cells.leastResistance); w.put(cells.meanResistance)
            return w.bytes
        }
        let parts = try sharing.allGatherAgreed(worked)
        let cells = Result { () throws -> CorridorCells in
            if let own { return own }
            var r = ByteReader(parts[0])
            guard try r.int() == frame.width, try r.int() == frame.height, try r.double() == frame.cellSize else {
                throw GeoKitError(.input, "internal error: rank \(sharing.rank) reads the resistance on another grid than rank 0", file: frame.path)
            }
            let runs = CoreLabelRuns(width: frame.width, height: frame.height, runs: try r.int32s())
            return CorridorCells(frame: frame, runs: runs, leastResistance: try r.double(), meanResistance: try r.double())
        }
        try sharing.agree(cells.error)
        return try cells.get()
    }
}
