// In-memory raster grids for the corridor analyses (issue 7).
//
// Every corridor algorithm works on a north-up raster of square cells stored row-major
// (row 0 is the top row, index = row * width + column). The georeferencing (origin, CRS)
// is the caller's business: these types carry only what the numerics need, the shape and
// the cell size in map units.

/// A row-major raster of square cells holding one value per cell.
///
/// - `width`: number of columns; `height`: number of rows.
/// - `cellSize`: the side of one cell in map units (metres for a projected CRS).
/// - `values[row * width + column]`: the cell values, row 0 at the top.
public struct CorridorGrid<Value: Sendable>: Sendable {
    public let width: Int
    public let height: Int
    /// Side of one square cell in map units.
    public let cellSize: Double
    /// Cell values in row-major order, `width * height` of them.
    public var values: [Value]

    /// Creates a grid; `values.count` must equal `width * height`.
    public init(width: Int, height: Int, cellSize: Double, values: [Value]) {
        precondition(width > 0 && height > 0, "grid must have at least one cell")
        precondition(values.count == width * height, "values.count must equal width * height")
        precondition(cellSize > 0 && cellSize.isFinite, "cell size must be positive")
        self.width = width
        self.height = height
        self.cellSize = cellSize
        self.values = values
    }

    /// Creates a grid with every cell set to `value`.
    public init(width: Int, height: Int, cellSize: Double, repeating value: Value) {
        self.init(width: width, height: height, cellSize: cellSize,
                  values: Array(repeating: value, count: width * height))
    }

    /// Number of cells, `width * height`.
    public var count: Int { width * height }

    /// Row-major index of the cell at (`row`, `column`).
    @inline(__always)
    public func index(row: Int, column: Int) -> Int { row * width + column }

    /// The cell value at (`row`, `column`).
    public subscript(row: Int, column: Int) -> Value {
        get { values[row * width + column] }
        set { values[row * width + column] = newValue }
    }

    /// A grid of the same shape and cell size holding `values`.
    public func withValues<Other: Sendable>(_ values: [Other]) -> CorridorGrid<Other> {
        CorridorGrid<Other>(width: width, height: height, cellSize: cellSize, values: values)
    }

    /// True when `other` has the same width, height and cell size.
    public func hasSameShape<Other>(as other: CorridorGrid<Other>) -> Bool {
        width == other.width && height == other.height && cellSize == other.cellSize
    }
}

/// Resistance (cost per map unit of travel) per cell.
///
/// A cell is *passable* when its value is finite and ≥ 0. NaN (the caller's NoData),
/// ±infinity and negative values are impassable barriers: no path enters them and they
/// are not nodes of the circuit. Zero is allowed by cost distance (free travel) but
/// rejected by the circuit solver (Circuitscape treats a zero resistance as an error).
/// Grids read from a raster (``ResistanceSurface/read(_:)``) never hold negative values: a
/// negative cell there is an error naming the file and the cell.
public typealias ResistanceGrid = CorridorGrid<Double>

/// Core (habitat patch) labels per cell: 0 = no core, otherwise the core's id (> 0).
///
/// The caller rasterises the core polygons with the rule "a cell belongs to a core when
/// its centre lies inside the polygon" (GDAL's default, stated in methods.md §4.1).
public typealias CoreLabelGrid = CorridorGrid<Int32>

extension CorridorGrid where Value == Double {
    /// Creates a resistance grid from single-precision values, mapping `noData` (if given)
    /// and NaN to NaN. Conversion Float → Double is exact.
    public init(width: Int, height: Int, cellSize: Double, float32 values: [Float], noData: Float? = nil) {
        var converted = [Double](repeating: .nan, count: values.count)
        for i in values.indices {
            let v = values[i]
            if let noData, v == noData { continue }
            converted[i] = Double(v)
        }
        self.init(width: width, height: height, cellSize: cellSize, values: converted)
    }

    /// True when the cell at `index` can be travelled through (finite and ≥ 0).
    @inline(__always)
    public func isPassable(_ index: Int) -> Bool {
        let v = values[index]
        return v.isFinite && v >= 0
    }
}

extension CorridorGrid where Value == Int32 {
    /// The distinct core ids present (> 0), ascending.
    public var coreIDs: [Int32] {
        var ids = Set<Int32>()
        var last: Int32 = 0
        values.withUnsafeBufferPointer { v in
            for label in v where label > 0 && label != last { ids.insert(label); last = label }
        }
        return ids.sorted()
    }

    /// Row-major indices of the cells labelled `id`, ascending.
    public func cells(ofCore id: Int32) -> [Int32] {
        var out: [Int32] = []
        values.withUnsafeBufferPointer { v in
            for i in 0..<v.count where v[i] == id { out.append(Int32(i)) }
        }
        return out
    }

    /// Cell indices of every core, keyed by id.
    public func cellsByCore() -> [Int32: [Int32]] {
        var out: [Int32: [Int32]] = [:]
        for i in values.indices where values[i] > 0 { out[values[i], default: []].append(Int32(i)) }
        return out
    }
}

/// Errors raised by the corridor analyses.
public enum CorridorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two grids that must align do not have the same width, height and cell size.
    case shapeMismatch
    /// The named core has no (passable) cell.
    case emptyCore(Int32)
    /// A passable cell has resistance 0, which a circuit cannot represent.
    case zeroResistance(cell: Int)
    /// The conjugate-gradient solve did not reach the requested tolerance.
    case solverDidNotConverge(iterations: Int, relativeResidual: Double)
    /// An argument is out of range; the string says which.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .shapeMismatch: return "grids differ in width, height or cell size"
        case .emptyCore(let id): return "core \(id) has no passable cell"
        case .zeroResistance(let cell): return "cell \(cell) has resistance 0, which a circuit cannot represent"
        case .solverDidNotConverge(let it, let res) where !res.isFinite || res > 1:
            return "the circuit solve broke down after \(it) iteration(s) (\(res.isFinite ? "it diverged" : "its numbers overflowed")), which resistances very close to 0 or very large (many orders of magnitude apart) cause"
        case .solverDidNotConverge(let it, let res):
            return "conjugate gradients stopped after \(it) iterations at relative residual \(res)"
        case .invalidArgument(let s): return s
        }
    }
}
