// Barrier Mapper improvement scores (methods.md §6, McRae et al. 2012).

import Foundation
import GeoKit

/// Which cells form the ring (annulus) around a candidate centre.
public enum BarrierRing: Sendable, Equatable {
    /// Cells whose centre distance `d` satisfies `R − 1 < d ≤ R` in **map units**: LM's
    /// `ANNULUS (R−1) R MAP`, for parity with Linkage Mapper. With metre rasters it is thin.
    case oneMapUnit
    /// `R − c < d ≤ R` (one cell wide): the documented, more robust alternative.
    case oneCell
}

/// Options of the Barrier Mapper scores.
public struct BarrierOptions: Sendable {
    /// Ring rule; default LM parity.
    public var ring: BarrierRing
    /// Resistance of the restored window (LM Barrier Mapper: 1; `iterate_barriers.py`
    /// generalises it). The score per map unit is `(LCD − mA − mB − 2R · rest) / (2R)`.
    public var restoredResistance: Double
    /// LM's BARRIER_CWD_THRESH: CWD values ≥ this are ignored before the ring minimum.
    public var cwdThreshold: Double?
    /// Write the percent score `100 · IS / LCD` (LM's WRITE_PCT_RASTERS) instead of IS.
    public var percent: Bool

    public init(ring: BarrierRing = .oneMapUnit, restoredResistance: Double = 1,
                cwdThreshold: Double? = nil, percent: Bool = false) {
        self.ring = ring
        self.restoredResistance = restoredResistance
        self.cwdThreshold = cwdThreshold
        self.percent = percent
    }
}

/// Barrier Mapper (Linkage Mapper `s6_barriers.py`).
///
/// For a link A–B with least-cost distance LCD (cost units) and a restoration disc of radius
/// `R` (map units) centred on cell `x`:
///
///     mA(x) = min over ring(x, R) of CWD_A,   mB(x) likewise with CWD_B
///     IS(x) = (LCD − mA − mB − 2R · rest) / (2R)        (rest = 1 in Barrier Mapper)
///
/// IS is the estimated LCD reduction **per map unit restored** (cost units per map unit):
/// the best route after restoring the disc to resistance `rest` would cost `mA + 2R·rest + mB`.
/// The scores use the unrestored CWD surfaces, so they are estimates (methods.md §6.1).
/// Ring minima ignore NaN/infinite cells (ArcGIS FocalStatistics "DATA"); a centre whose
/// ring holds no finite value for either surface is NaN. Every cell, barrier cells
/// included, is a candidate centre.
public enum BarrierMapper {
    /// Offsets (row, column) of the ring cells for radius `radius` (map units).
    /// Row by row, only the columns near the ring are tested (a band one cell wider than the ring
    /// on each side), so a large radius costs its ring, not its square; ascending row, then column.
    public static func ringOffsets(radius: Double, cellSize: Double, ring: BarrierRing) -> [(row: Int, column: Int)] {
        let inner = radius - (ring == .oneMapUnit ? 1.0 : cellSize)
        let reach = Int((radius / cellSize).rounded(.down))
        let outerCells = radius / cellSize, innerCells = max(0, inner) / cellSize
        var out: [(row: Int, column: Int)] = []
        for dr in -reach...reach {
            let r2 = Double(dr * dr)
            let hi = min(reach, Int(max(0, outerCells * outerCells - r2).squareRoot()) + 1)
            let lo = max(0, Int(max(0, innerCells * innerCells - r2).squareRoot()) - 1)
            guard lo <= hi else { continue }
            let start = max(lo, 1)
            var columns: [Int] = start <= hi ? Array((-hi)...(-start)) : []
            if lo == 0 { columns.append(0) }
            if start <= hi { columns += Array(start...hi) }
            for dc in columns {
                let d = (Double(dr * dr + dc * dc)).squareRoot() * cellSize
                if d > inner && d <= radius { out.append((dr, dc)) }
            }
        }
        return out
    }

    /// The improvement score of one link at one radius (see the type's documentation).
    public static func improvementScore(
        _ cwdA: CostDistanceSurface, _ cwdB: CostDistanceSurface, leastCostDistance lcd: Double,
        radius: Double, options: BarrierOptions = BarrierOptions()
    ) throws -> CorridorGrid<Double> {
        guard cwdA.width == cwdB.width && cwdA.height == cwdB.height else { throw CorridorError.shapeMismatch }
        guard radius >= cwdA.cellSize else {
            throw CorridorError.invalidArgument("radius \(radius) is below the cell size \(cwdA.cellSize) (LM requires c ≤ R)")
        }
        let w = cwdA.width, h = cwdA.height
        let offsets = ringOffsets(radius: radius, cellSize: cwdA.cellSize, ring: options.ring)
        let threshold = options.cwdThreshold ?? .infinity
        let diameter = 2 * radius
        var out = [Double](repeating: .nan, count: w * h)
        cwdA.distance.withUnsafeBufferPointer { a in
            cwdB.distance.withUnsafeBufferPointer { b in
                for row in 0..<h {
                    for col in 0..<w {
                        var mA = Double.infinity, mB = Double.infinity
                        for o in offsets {
                            let rr = row + o.row, cc = col + o.column
                            guard rr >= 0 && rr < h && cc >= 0 && cc < w else { continue }
                            let j = rr * w + cc
                            let va = a[j], vb = b[j]
                            if va.isFinite && va < threshold && va < mA { mA = va }
                            if vb.isFinite && vb < threshold && vb < mB { mB = vb }
                        }
                        guard mA.isFinite && mB.isFinite else { continue }
                        let score = (lcd - mA - mB - diameter * options.restoredResistance) / diameter
                        out[row * w + col] = options.percent ? 100 * score / lcd : score
                    }
                }
            }
        }
        return CorridorGrid(width: w, height: h, cellSize: cwdA.cellSize, values: out)
    }

    /// How scores of several links are combined (methods.md §6.2).
    public enum Combination: Sendable, Equatable {
        /// Cell-wise maximum; negative results become NaN (LM's default).
        case maximum
        /// Per link NaN → 0 and negative → 0, then summed ("barrier centrality").
        case sum
    }

    /// Barrier centres over the active links of `network` for each radius, combined across
    /// links by `combination`, plus their cell-wise maximum across radii (NaN ignored). Per
    /// link scores run one link per worker and are combined in link order.
    public static func barrierCenters(
        network: LinkageNetwork, radii: [Double], combination: Combination = .maximum,
        options: BarrierOptions = BarrierOptions(), maxConcurrency: Int? = nil,
        progress: StepProgress? = nil
    ) throws -> (byRadius: [CorridorGrid<Double>], combined: CorridorGrid<Double>) {
        let links = network.activeLinks
        let counter = StepCounter(total: links.count * radii.count, progress)
        guard let first = links.first, let template = network.surfaces[first.pair.a] else {
            throw CorridorError.invalidArgument("the network has no active link")
        }
        var byRadius: [CorridorGrid<Double>] = []
        for radius in radii {
            let scores = GeoKit.Parallel.map(links.count, workers: maxConcurrency ?? GeoKit.Parallel.workerCount) { k -> CorridorGrid<Double>? in
                let link = links[k]
                defer { counter.advance() }
                return try? improvementScore(network.surfaces[link.pair.a]!, network.surfaces[link.pair.b]!,
                                             leastCostDistance: link.leastCost!.distance, radius: radius,
                                             options: options)
            }
            var acc = [Double](repeating: combination == .sum ? 0 : .nan, count: template.distance.count)
            for score in scores {
                guard let score else {
                    throw CorridorError.invalidArgument("radius \(radius) is below the cell size")
                }
                for i in 0..<acc.count {
                    let v = score.values[i]
                    switch combination {
                    case .maximum:
                        if !v.isNaN && v >= 0 && (acc[i].isNaN || v > acc[i]) { acc[i] = v }
                    case .sum:
                        if !v.isNaN && v > 0 { acc[i] += v }
                    }
                }
            }
            byRadius.append(template.grid.withValues(acc))
        }
        var combined = [Double](repeating: .nan, count: template.distance.count)
        for grid in byRadius {
            for i in 0..<combined.count {
                let v = grid.values[i]
                if !v.isNaN && (combined[i].isNaN || v > combined[i]) { combined[i] = v }
            }
        }
        return (byRadius, template.grid.withValues(combined))
    }
}
