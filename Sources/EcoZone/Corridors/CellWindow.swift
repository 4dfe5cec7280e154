// Rectangles of cells, so that a link's corridor, circuit and barrier work runs on the part of
// the grid that can hold it (Linkage Mapper's bounding windows, issue 16) instead of every cell.

/// A rectangle of cells of a row-major grid: columns `column ..< column + width`, rows
/// `row ..< row + height` (row 0 at the top, as ``CorridorGrid``).
public struct CellWindow: Sendable, Equatable, CustomStringConvertible {
    public let column: Int
    public let row: Int
    public let width: Int
    public let height: Int

    public init(column: Int, row: Int, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a window holds at least one cell")
        self.column = column
        self.row = row
        self.width = width
        self.height = height
    }

    /// The whole of a `width × height` grid.
    public init(wholeGridOf width: Int, _ height: Int) {
        self.init(column: 0, row: 0, width: width, height: height)
    }

    /// Number of cells.
    public var count: Int { width * height }

    /// The cells both windows hold, or nil when they do not overlap.
    public func intersection(_ other: CellWindow) -> CellWindow? {
        let c0 = max(column, other.column), r0 = max(row, other.row)
        let c1 = min(column + width, other.column + other.width), r1 = min(row + height, other.row + other.height)
        guard c1 > c0 && r1 > r0 else { return nil }
        return CellWindow(column: c0, row: r0, width: c1 - c0, height: r1 - r0)
    }

    /// The window grown by `cells` on every side, clipped to a `gridWidth × gridHeight` grid.
    public func expanded(by cells: Int, gridWidth: Int, gridHeight: Int) -> CellWindow {
        let c0 = max(0, column - cells), r0 = max(0, row - cells)
        let c1 = min(gridWidth, column + width + cells), r1 = min(gridHeight, row + height + cells)
        return CellWindow(column: c0, row: r0, width: c1 - c0, height: r1 - r0)
    }

    /// Row-major index in the full grid (of width `gridWidth`) of the window's cell `k`.
    @inline(__always)
    public func gridIndex(_ k: Int, gridWidth: Int) -> Int {
        let r = k / width
        return (row + r) * gridWidth + column + (k - r * width)
    }

    /// The smallest window holding every cell `k` (row-major in `self`) for which `isIn(k)`,
    /// in full-grid coordinates; nil when there is none.
    public func boundingWindow(where isIn: (Int) -> Bool) -> CellWindow? {
        var r0 = Int.max, r1 = -1, c0 = Int.max, c1 = -1
        for r in 0..<height {
            for c in 0..<width where isIn(r * width + c) {
                r0 = min(r0, r); r1 = max(r1, r); c0 = min(c0, c); c1 = max(c1, c)
            }
        }
        guard r1 >= 0 else { return nil }
        return CellWindow(column: column + c0, row: row + r0, width: c1 - c0 + 1, height: r1 - r0 + 1)
    }

    public var description: String { "\(width) × \(height) cells at column \(column), row \(row)" }
}

extension CorridorGrid {
    /// The cells of `window` as a grid of their own (same cell size, row-major order kept).
    public func cropped(to window: CellWindow) -> CorridorGrid {
        precondition(window.column >= 0 && window.row >= 0 && window.column + window.width <= width
                     && window.row + window.height <= height, "the window must lie inside the grid")
        var out: [Value] = []
        out.reserveCapacity(window.count)
        for r in window.row..<(window.row + window.height) {
            let start = r * width + window.column
            out.append(contentsOf: values[start..<(start + window.width)])
        }
        return CorridorGrid(width: window.width, height: window.height, cellSize: cellSize, values: out)
    }
}

/// Where a cost-distance surface is at most a given distance: the smallest finite distance of
/// every row and of every column, so that the bounding window of `{x : CWD(x) ≤ t}` is known for
/// any `t` without reading the surface again.
public struct DistanceProfile: Sendable {
    /// Smallest finite distance per row (`+infinity` for a row with none).
    public let rowMinimum: [Double]
    /// Smallest finite distance per column.
    public let columnMinimum: [Double]

    /// Minima computed elsewhere (another rank's surface).
    init(rowMinimum: [Double], columnMinimum: [Double]) {
        self.rowMinimum = rowMinimum
        self.columnMinimum = columnMinimum
    }

    public init(distance: [Double], width: Int, height: Int) {
        var rows = [Double](repeating: .infinity, count: height)
        var columns = [Double](repeating: .infinity, count: width)
        distance.withUnsafeBufferPointer { d in
            for r in 0..<height {
                var m = Double.infinity
                for c in 0..<width {
                    let v = d[r * width + c]
                    if v < m { m = v }              // NaN compares false: skipped
                    if v < columns[c] { columns[c] = v }
                }
                rows[r] = m
            }
        }
        rowMinimum = rows
        columnMinimum = columns
    }

    /// The profile of a surface that covers `window` of a `gridWidth × gridHeight` grid, over the whole
    /// grid: rows and columns outside the window have no finite distance.
    func placed(at window: CellWindow, gridWidth: Int, gridHeight: Int) -> DistanceProfile {
        precondition(rowMinimum.count == window.height && columnMinimum.count == window.width, "the profile must cover its window")
        if window == CellWindow(wholeGridOf: gridWidth, gridHeight) { return self }
        var rows = [Double](repeating: .infinity, count: gridHeight), columns = [Double](repeating: .infinity, count: gridWidth)
        rows.replaceSubrange(window.row..<(window.row + window.height), with: rowMinimum)
        columns.replaceSubrange(window.column..<(window.column + window.width), with: columnMinimum)
        return DistanceProfile(rowMinimum: rows, columnMinimum: columns)
    }

    /// The bounding window of the cells whose distance is ≤ `limit`; nil when there is none.
    /// (A cell at ≤ `limit` makes its row's and its column's minimum ≤ `limit`; the rows and
    /// columns so found bound the set exactly, since each holds such a cell.)
    public func window(atMost limit: Double) -> CellWindow? {
        guard let r0 = rowMinimum.firstIndex(where: { $0 <= limit }), let r1 = rowMinimum.lastIndex(where: { $0 <= limit }),
              let c0 = columnMinimum.firstIndex(where: { $0 <= limit }), let c1 = columnMinimum.lastIndex(where: { $0 <= limit })
        else { return nil }
        return CellWindow(column: c0, row: r0, width: c1 - c0 + 1, height: r1 - r0 + 1)
    }
}
