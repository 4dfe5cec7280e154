// Least-cost distance and path between two cores (methods.md §4.2 step 3, §7.3).

import Foundation

/// The least-cost connection from core `coreA` to core `coreB`.
///
/// - `distance` (LCD): min over the cells of B of `CWD_A`, in cost units (resistance × map
///   units). It equals min over all cells of `CWD_A + CWD_B`, and LCD_AB = LCD_BA for the
///   symmetric step cost of §4.1 (up to floating-point rounding).
/// - `path`: row-major cell indices from the B cell with the least `CWD_A` (ties: lowest
///   index) back along the back-links to a cell of A, both ends included. This is Linkage
///   Mapper's CostPath BEST_SINGLE rule.
/// - `pathLength`: the exact length of that 8-connected path in map units, Σ(c or c√2).
///   (LM truncates the length of a traced polyline to an integer; methods.md §4.2.)
public struct LeastCostLink: Sendable, Equatable {
    public let coreA: Int32
    public let coreB: Int32
    /// Least-cost distance, cost units.
    public let distance: Double
    /// Cells of the least-cost path, from core B back to core A.
    public let path: [Int32]
    /// Length of the path in map units.
    public let pathLength: Double

    /// `LCD / pathLength` ("cwd2Path_R"): the mean resistance met along the path; −1 when the
    /// length is 0 (adjacent or overlapping cores), as LM writes for a zero denominator.
    public var costToPathLengthRatio: Double { pathLength > 0 ? distance / pathLength : -1 }
}

public enum LeastCostPath {
    /// Length in map units of an 8-connected cell path (`c` per orthogonal step, `c√2` per
    /// diagonal step). Consecutive cells must be 8-neighbours.
    public static func length(of path: [Int32], width: Int, cellSize: Double) -> Double {
        guard path.count > 1 else { return 0 }
        let diagonal = cellSize * 2.0.squareRoot()
        var total = 0.0
        for k in 1..<path.count {
            let a = Int(path[k - 1]), b = Int(path[k])
            let sameRow = a / width == b / width
            let sameColumn = a % width == b % width
            total += (sameRow || sameColumn) ? cellSize : diagonal
        }
        return total
    }

    /// The least-cost link from the core whose surface is `cwdA` to core `coreB`.
    ///
    /// `cwdA` must have been computed from every cell of `coreA` with back-links. Returns
    /// `nil` when no cell of B is reachable.
    public static func link(
        from cwdA: CostDistanceSurface, coreA: Int32, to coreB: Int32, cores: CoreLabelGrid
    ) -> LeastCostLink? {
        precondition(cwdA.width == cores.width && cwdA.height == cores.height, "grid shapes differ")
        precondition(cwdA.backlink != nil, "the cost-distance surface needs back-links")
        var best = -1
        var bestValue = Double.infinity
        cores.values.withUnsafeBufferPointer { labels in
            cwdA.distance.withUnsafeBufferPointer { d in
                for i in 0..<labels.count where labels[i] == coreB {
                    let v = d[i]
                    if v.isFinite && v < bestValue { bestValue = v; best = i }
                }
            }
        }
        guard best >= 0 else { return nil }
        let path = cwdA.tracePath(from: best)
        return LeastCostLink(coreA: coreA, coreB: coreB, distance: bestValue, path: path,
                             pathLength: length(of: path, width: cwdA.width, cellSize: cwdA.cellSize))
    }

    /// The least-cost distance only: min over cells of B of `CWD_A` (`+infinity` if none
    /// is reachable).
    public static func distance(from cwdA: CostDistanceSurface, to coreB: Int32, cores: CoreLabelGrid) -> Double {
        var best = Double.infinity
        cores.values.withUnsafeBufferPointer { labels in
            cwdA.distance.withUnsafeBufferPointer { d in
                for i in 0..<labels.count where labels[i] == coreB {
                    let v = d[i]
                    if v.isFinite && v < best { best = v }
                }
            }
        }
        return best
    }
}
