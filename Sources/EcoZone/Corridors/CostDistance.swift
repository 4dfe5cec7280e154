// Cost-weighted distance (methods.md §4.1, the ArcGIS CostDistance convention that
// Linkage Mapper uses and scikit-image's MCP_Geometric reproduces).

/// The result of a cost-weighted distance run.
///
/// - `distance[i]`: accumulated cost from the nearest source to cell `i`, in
///   *cost units* = resistance × map units. Sources are 0. A passable cell that cannot be
///   reached (cut off by barriers, or beyond `maximumDistance`) is `+infinity`; an
///   impassable cell (NaN/negative/infinite resistance) is NaN.
/// - `backlink[i]` (if requested): the row-major index of the predecessor of cell `i` on
///   its least-cost path, or −1 for sources, unreachable and impassable cells. Ties between
///   equal-cost predecessors go to the lowest row-major index (methods.md §4.1).
public struct CostDistanceSurface: Sendable {
    public let width: Int
    public let height: Int
    /// Cell size in map units (copied from the resistance grid).
    public let cellSize: Double
    /// Accumulated cost per cell (see the type's documentation for the special values).
    public let distance: [Double]
    /// Predecessor per cell, or `nil` when back-links were not requested.
    public let backlink: [Int32]?

    /// The distances as a grid (same shape as the resistance grid).
    public var grid: CorridorGrid<Double> {
        CorridorGrid(width: width, height: height, cellSize: cellSize, values: distance)
    }

    /// Follows back-links from `cell` to a source. Returns the cells from `cell` to the
    /// source, both included; empty when `cell` is unreachable or back-links are absent.
    public func tracePath(from cell: Int) -> [Int32] {
        guard let backlink, distance[cell].isFinite else { return [] }
        var path: [Int32] = [Int32(cell)]
        var current = cell
        while backlink[current] >= 0 {
            current = Int(backlink[current])
            path.append(Int32(current))
        }
        return path
    }
}

/// Cost-weighted distance over an 8-connected raster (methods.md §4.1).
///
/// Each cell centre is a node linked to its 8 neighbours. A move between cells `a` and `b`
/// costs `(r(a) + r(b)) / 2 × step`, where `step` is `cellSize` for an orthogonal move and
/// `√2 · cellSize` (exact √2) for a diagonal one. Sources are at 0, so a path pays half the
/// source cell's resistance and half the end cell's. Diagonal moves between two passable
/// cells are allowed even when both shared orthogonal neighbours are barriers (no
/// corner-cutting rule, as in skimage `MCP_Geometric` and Circuitscape).
///
/// The algorithm is Dijkstra's on flat arrays: Float64 costs, Int32 cell indices and an
/// indexed 4-ary min-heap with decrease-key (one slot per cell at most, no per-cell
/// allocation). Memory ≈ 8 B (distance) + 4 B (heap position) + 12 B (heap slot) per cell,
/// plus 4 B with back-links. Time O(N log N).
public enum CostDistance {
    /// Computes the cost-weighted distance from `sources` (row-major cell indices).
    ///
    /// - Parameters:
    ///   - resistance: cost per map unit per cell; see ``ResistanceGrid`` for passability.
    ///   - sources: source cells. Impassable source cells are ignored; duplicates are fine.
    ///   - maximumDistance: cells whose distance would exceed this stay `+infinity`, and the
    ///     search stops there (ArcGIS "maximum distance").
    ///   - backlinks: also return the predecessor grid for path tracing.
    public static func compute(
        resistance: ResistanceGrid,
        sources: [Int32],
        maximumDistance: Double = .infinity,
        backlinks: Bool = false
    ) -> CostDistanceSurface {
        guard case .settled(let surface) = run(resistance: resistance, sources: sources, maximumDistance: maximumDistance,
                                               backlinks: backlinks, stoppingAt: nil) else { preconditionFailure("a run without edges to stop at") }
        return surface
    }

    /// The sides of a window of a larger grid beyond which the grid goes on: a run on the window stops
    /// as soon as it settles a cell on one of them (top, bottom, left, right).
    struct WindowEdges: Equatable {
        var top: Bool, bottom: Bool, left: Bool, right: Bool
    }

    /// A run on a window: settled everywhere within its maximum distance, or stopped on reaching one of
    /// the window's `edges` at `distance`, when the cells settled so far spanned `extent` (window cells).
    enum WindowedRun {
        case settled(CostDistanceSurface)
        case reachedEdge(distance: Double, extent: CellWindow)
    }

    /// ``compute(resistance:sources:maximumDistance:backlinks:)``, stopping early (nothing returned but
    /// where) when it settles, within `maximumDistance`, a cell on one of `edges`.
    static func run(resistance: ResistanceGrid, sources: [Int32], maximumDistance: Double, backlinks: Bool,
                    stoppingAt edges: WindowEdges?) -> WindowedRun {
        let width = resistance.width, height = resistance.height
        let n = width * height
        precondition(n < Int(Int32.max), "grid too large for Int32 cell indices")
        let orthogonal = resistance.cellSize
        let diagonal = resistance.cellSize * 2.0.squareRoot()

        var dist = [Double](repeating: .nan, count: n)
        var pred = [Int32](repeating: -1, count: backlinks ? n : 0)
        // heapPos: −1 = never queued, −2 = settled, ≥ 0 = slot in the heap.
        var heapPos = [Int32](repeating: -1, count: n)
        // Stopped at an edge: the distance there and the rows and columns settled so far.
        var stopped: (distance: Double, r0: Int, r1: Int, c0: Int, c1: Int)?

        resistance.values.withUnsafeBufferPointer { r in
            dist.withUnsafeMutableBufferPointer { d in
                pred.withUnsafeMutableBufferPointer { p in
                    heapPos.withUnsafeMutableBufferPointer { pos in
                        for i in 0..<n where r[i].isFinite && r[i] >= 0 { d[i] = .infinity }
                        var heap = IndexedQuaternaryHeap(capacity: min(n, 1 << 16))
                        defer { heap.deallocate() }
                        for s in sources {
                            let i = Int(s)
                            precondition(i >= 0 && i < n, "source index out of range")
                            guard d[i] == .infinity else { continue }   // impassable or duplicate
                            d[i] = 0
                            heap.push(node: s, key: 0, positions: pos)
                        }
                        let backlinks = backlinks
                        let stopTop = edges?.top ?? false, stopBottom = edges?.bottom ?? false
                        let stopLeft = edges?.left ?? false, stopRight = edges?.right ?? false
                        let watch = edges != nil
                        var r0 = height, r1 = -1, c0 = width, c1 = -1
                        while let (node, key) = heap.popMin(positions: pos) {
                            if key > maximumDistance { break }
                            let u = Int(node)
                            pos[u] = -2
                            let row = u / width, col = u - row * width
                            if watch {
                                r0 = min(r0, row); r1 = max(r1, row); c0 = min(c0, col); c1 = max(c1, col)
                                if (stopTop && row == 0) || (stopBottom && row == height - 1) || (stopLeft && col == 0) || (stopRight && col == width - 1) {
                                    stopped = (key, r0, r1, c0, c1)
                                    break
                                }
                            }
                            let ru = r[u]
                            let hasUp = row > 0, hasDown = row + 1 < height
                            let hasLeft = col > 0, hasRight = col + 1 < width
                            // Neighbours in ascending row-major order (the order does not
                            // affect distances; ties in back-links are resolved explicitly).
                            @inline(__always)
                            func relax(_ v: Int, _ step: Double) {
                                let pv = pos[v]
                                if pv == -2 { return }
                                let rv = r[v]
                                guard rv.isFinite && rv >= 0 else { return }
                                let nd = key + (ru + rv) * 0.5 * step
                                let old = d[v]
                                if nd < old {
                                    d[v] = nd
                                    if backlinks { p[v] = Int32(u) }
                                    if pv >= 0 {
                                        heap.decreaseKey(slot: Int(pv), key: nd, positions: pos)
                                    } else {
                                        heap.push(node: Int32(v), key: nd, positions: pos)
                                    }
                                } else if backlinks && nd == old && Int32(u) < p[v] {
                                    p[v] = Int32(u)
                                }
                            }
                            if hasUp {
                                if hasLeft { relax(u - width - 1, diagonal) }
                                relax(u - width, orthogonal)
                                if hasRight { relax(u - width + 1, diagonal) }
                            }
                            if hasLeft { relax(u - 1, orthogonal) }
                            if hasRight { relax(u + 1, orthogonal) }
                            if hasDown {
                                if hasLeft { relax(u + width - 1, diagonal) }
                                relax(u + width, orthogonal)
                                if hasRight { relax(u + width + 1, diagonal) }
                            }
                        }
                        // Cells left in the heap beyond the maximum distance are unreachable.
                        if stopped == nil && maximumDistance.isFinite {
                            for i in 0..<n where d[i].isFinite && d[i] > maximumDistance {
                                d[i] = .infinity
                                if backlinks { p[i] = -1 }
                            }
                        }
                    }
                }
            }
        }
        if let stopped {
            return .reachedEdge(distance: stopped.distance, extent: CellWindow(column: stopped.c0, row: stopped.r0, width: stopped.c1 - stopped.c0 + 1,
                                                                             height: stopped.r1 - stopped.r0 + 1))
        }
        return .settled(CostDistanceSurface(width: width, height: height, cellSize: resistance.cellSize,
                                            distance: dist, backlink: backlinks ? pred : nil))
    }

    /// Cost-weighted distance from every cell of core `id` (LM runs CostDistance from all of
    /// a core's cells at once). Throws ``CorridorError/emptyCore(_:)`` if the core has no
    /// passable cell.
    public static func compute(
        resistance: ResistanceGrid,
        cores: CoreLabelGrid,
        core id: Int32,
        maximumDistance: Double = .infinity,
        backlinks: Bool = false
    ) throws -> CostDistanceSurface {
        guard case .settled(let surface) = try run(resistance: resistance, cores: cores, core: id, maximumDistance: maximumDistance,
                                                   backlinks: backlinks, stoppingAt: nil) else { preconditionFailure("a run without edges to stop at") }
        return surface
    }

    /// ``run(resistance:sources:maximumDistance:backlinks:stoppingAt:)`` from every passable cell of
    /// core `id`; throws ``CorridorError/emptyCore(_:)`` if it has none.
    static func run(resistance: ResistanceGrid, cores: CoreLabelGrid, core id: Int32, maximumDistance: Double, backlinks: Bool,
                    stoppingAt edges: WindowEdges?) throws -> WindowedRun {
        guard resistance.hasSameShape(as: cores) else { throw CorridorError.shapeMismatch }
        let cells = cores.cells(ofCore: id).filter { resistance.isPassable(Int($0)) }
        guard !cells.isEmpty else { throw CorridorError.emptyCore(id) }
        return run(resistance: resistance, sources: cells, maximumDistance: maximumDistance, backlinks: backlinks, stoppingAt: edges)
    }
}

/// An indexed 4-ary min-heap of (cell, key) with decrease-key, stored in flat manually
/// managed buffers (grown by doubling; call `deallocate()` when done). `positions[cell]`
/// holds the cell's slot while it is in the heap; the caller owns that array so no per-cell
/// state is allocated here. Ties between equal keys pop the smaller cell index first.
struct IndexedQuaternaryHeap {
    private var keys: UnsafeMutablePointer<Double>
    private var nodes: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        keys = .allocate(capacity: self.capacity)
        nodes = .allocate(capacity: self.capacity)
    }

    func deallocate() {
        keys.deallocate()
        nodes.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    private mutating func grow() {
        let newCapacity = capacity * 2
        let newKeys = UnsafeMutablePointer<Double>.allocate(capacity: newCapacity)
        let newNodes = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
        newKeys.moveInitialize(from: keys, count: count)
        newNodes.moveInitialize(from: nodes, count: count)
        keys.deallocate()
        nodes.deallocate()
        keys = newKeys
        nodes = newNodes
        capacity = newCapacity
    }

    mutating func push(node: Int32, key: Double, positions: UnsafeMutableBufferPointer<Int32>) {
        if count == capacity { grow() }
        keys[count] = key
        nodes[count] = node
        count += 1
        siftUp(from: count - 1, positions: positions)
    }

    mutating func decreaseKey(slot: Int, key: Double, positions: UnsafeMutableBufferPointer<Int32>) {
        keys[slot] = key
        siftUp(from: slot, positions: positions)
    }

    /// Removes and returns the entry with the smallest key (ties: smallest cell index).
    mutating func popMin(positions: UnsafeMutableBufferPointer<Int32>) -> (Int32, Double)? {
        guard count > 0 else { return nil }
        count -= 1
        let lastKey = keys[count], lastNode = nodes[count]
        if count == 0 { return (lastNode, lastKey) }
        let top = (nodes[0], keys[0])
        keys[0] = lastKey
        nodes[0] = lastNode
        siftDown(from: 0, positions: positions)
        return top
    }

    @inline(__always)
    private static func less(_ k1: Double, _ n1: Int32, _ k2: Double, _ n2: Int32) -> Bool {
        k1 < k2 || (k1 == k2 && n1 < n2)
    }

    private func siftUp(from start: Int, positions: UnsafeMutableBufferPointer<Int32>) {
        var i = start
        let key = keys[i], node = nodes[i]
        while i > 0 {
            let parent = (i - 1) >> 2
            guard Self.less(key, node, keys[parent], nodes[parent]) else { break }
            keys[i] = keys[parent]; nodes[i] = nodes[parent]
            positions[Int(nodes[i])] = Int32(i)
            i = parent
        }
        keys[i] = key; nodes[i] = node
        positions[Int(node)] = Int32(i)
    }

    private func siftDown(from start: Int, positions: UnsafeMutableBufferPointer<Int32>) {
        var i = start
        let key = keys[i], node = nodes[i]
        while true {
            let first = (i << 2) + 1
            if first >= count { break }
            var best = first
            var bestKey = keys[first], bestNode = nodes[first]
            let last = min(first + 4, count)
            var c = first + 1
            while c < last {
                if Self.less(keys[c], nodes[c], bestKey, bestNode) { best = c; bestKey = keys[c]; bestNode = nodes[c] }
                c += 1
            }
            guard Self.less(bestKey, bestNode, key, node) else { break }
            keys[i] = bestKey; nodes[i] = bestNode
            positions[Int(bestNode)] = Int32(i)
            i = best
        }
        keys[i] = key; nodes[i] = node
        positions[Int(node)] = Int32(i)
    }
}
