// Per-core cost cut-offs for the corridor pipeline (issue 16, Linkage Mapper's idea): each core's
// cost-distance run stops at the largest cost any later step can read from it, instead of
// covering the whole grid. The limit is exact: corridors, least-cost paths, currents and barrier
// scores are those of the whole-grid surfaces (the reasoning is on ``CostDistanceReach``).

import Foundation

/// How far each core's cost-distance run (Dijkstra) must reach, in cost units (resistance × metres).
///
/// **What the later steps read of core `i`'s surface `CWD_i`** (for its candidate links `i`–`j`
/// with least-cost distance `L` and the corridor cut-off `k`):
/// - the least-cost path when `i` is the link's first core: `L = min` of `CWD_i` over the cells of
///   `j`, and the back-links of the path's cells, all at cost ≤ `L`;
/// - the corridor (``CorridorWindows``): `NLCC = CWD_i + CWD_j − L ≤ k` needs `CWD_i ≤ L + k`, and
///   the windows are those of `{CWD ≤ L + k}`; a cell beyond gives NaN either way;
/// - Barrier Mapper: a kept score (≥ 0) has ring minima ≤ `L`; a ring cell beyond the limit can only
///   turn a negative score into NaN, and both are dropped;
/// - the circuit reads only the corridor's mask and the resistance.
///
/// Dijkstra settles every cell whose distance is ≤ the limit, with its final distance and
/// back-link (a cell's predecessor, tie or not, is popped no later than the cell), so stopping
/// beyond `max over i's links of (L + k)` changes none of those values. Cells beyond stay `+infinity`
/// (NoData in `cost_distance_<id>.tif`).
///
/// **Bounds before the runs**: `L` and the default `k` (a share of the median `L` of the active links)
/// are known only after every run, so each uses an upper bound `U ≥ L` from cost allocation (one
/// Dijkstra from all cores, which choosing the candidate pairs needs anyway): where a cell `x` of
/// zone `A` touches a cell `y` of zone `B`, the path from `A` to `x`, the step to `y` and `y`'s path
/// back to `B` costs `d(x) + step(x, y) + d(y)`; `U_AB` is the least such sum. `k ≤ share × max U`.
/// The limit of core `i` is `(max over its links of U + k bound) × (1 + relativeMargin)`; the margin
/// covers rounding (a path summed in the other direction, `L` from `A`'s surface used with `B`'s).
/// Only pairs chosen by cost-allocation adjacency have bounds: with every pair or a given list of
/// pairs, the runs cover the whole grid (limit `+infinity`).
public struct CostDistanceReach: Sendable {
    /// Relative margin added to every limit (rounding is ~1e-12 relative on paths of 10⁴ steps).
    public static let relativeMargin = 1e-5

    /// The corridor cut-off the caller will use, as ``CorridorOptions/cutoff``.
    public enum Cutoff: Sendable, Equatable {
        /// A fixed cut-off, cost units.
        case fixed(Double)
        /// This share of the median least-cost distance of the active links.
        case shareOfMedian(Double)
    }

    /// Upper bound on the least-cost distance of each candidate pair, cost units.
    public let linkBounds: [CorePair: Double]
    /// Upper bound on the corridor cut-off, cost units.
    public let cutoffBound: Double
    /// Where each core's run stops, cost units (cores not listed: `+infinity`).
    public let limits: [Int32: Double]

    /// The limits for `candidates`, from `linkBounds` (a pair without a bound, or an infinite one, leaves
    /// both its cores uncut) and the cut-off rule.
    public init(candidates: [CorePair], linkBounds: [CorePair: Double], cutoff: Cutoff) {
        self.linkBounds = linkBounds
        let bounds = candidates.map { linkBounds[$0] ?? .infinity }
        switch cutoff {
        case .fixed(let k): cutoffBound = k
        case .shareOfMedian(let share): cutoffBound = share * (bounds.max() ?? .infinity)
        }
        var farthest: [Int32: Double] = [:]
        for (pair, u) in zip(candidates, bounds) {
            for id in [pair.a, pair.b] { farthest[id] = max(farthest[id] ?? -.infinity, u) }
        }
        let k = cutoffBound
        limits = farthest.mapValues { u in
            let t = (u + max(k, 0)) * (1 + Self.relativeMargin)
            return t.isFinite ? t : .infinity
        }
    }

    /// Where core `id`'s run stops, cost units.
    public func limit(core id: Int32) -> Double { limits[id] ?? .infinity }

    /// Whether the runs reached everything the later steps read: every candidate link found (its
    /// first core's run reached its second core), and for every link of `active`, `L + cutoff`
    /// within both cores' limits. Holds by construction; checked so that a flaw would stop the run
    /// instead of changing a corridor.
    public func covers(_ links: [CorridorLink], active: [CorridorLink], cutoff: Double) -> Bool {
        for link in links {
            guard let lcl = link.leastCost else {
                if linkBounds[link.pair]?.isFinite == true { return false }
                continue
            }
            if !(lcl.distance <= limit(core: link.pair.a)) { return false }
        }
        for link in active {
            let t = link.leastCost!.distance + cutoff
            if !(t <= limit(core: link.pair.a) && t <= limit(core: link.pair.b)) { return false }
        }
        return true
    }

    /// Upper bounds on the least-cost distance of every pair of cores whose allocation zones touch
    /// (the pairs of ``CostAllocation/adjacentPairs()``, over the same right, down, down-right and
    /// down-left neighbours): the least `d(x) + step(x, y) + d(y)` over touching cells, with the step
    /// cost of ``CostDistance`` (`(r(x) + r(y)) / 2` × the cell size, × √2 diagonally).
    public static func linkBounds(allocation: CostAllocation, resistance: ResistanceGrid) -> [CorePair: Double] {
        let orthogonal = resistance.cellSize, diagonal = resistance.cellSize * 2.0.squareRoot()
        let z = allocation.zone.values, d = allocation.distance, r = resistance.values
        var best: [CorePair: Double] = [:]
        allocation.forEachZoneContact { x, y, isDiagonal in
            let u = d[x] + (r[x] + r[y]) * 0.5 * (isDiagonal ? diagonal : orthogonal) + d[y]
            let pair = CorePair(z[x], z[y])
            if let old = best[pair], old <= u { return }
            best[pair] = u
        }
        return best
    }
}
