// Pinch points (Pinchpoint Mapper, methods.md §5.4).

import Foundation

/// A pinch-point mask and the current threshold that produced it.
public struct PinchPointMask: Sendable {
    /// True for pinch-point cells.
    public let mask: CorridorGrid<Bool>
    /// The smallest current that counts as a pinch point (A); NaN when there is no candidate.
    public let threshold: Double
    /// Number of candidate cells the quantile was taken over.
    public let candidateCount: Int
}

/// The per-link results of ``PinchPoints/adjacentPairCurrent(network:resistance:cores:cutoff:squareResistances:options:maxConcurrency:)``.
public struct PinchPointLink: Sendable {
    public let pair: CorePair
    /// Least-cost distance, cost units.
    public let leastCostDistance: Double
    /// Circuitscape `R_AB` within the corridor, per-cell ohms.
    public let effectiveResistance: Double
    /// LM's `Eff_Resist = c · R_AB` (cost units when resistances are not squared).
    public let costWeightedResistance: Double
    /// LM's `cwd2EffR_r = LCD / Eff_Resist`; nil when resistances were squared (LM omits it).
    public let costToResistanceRatio: Double?
}

/// Pinch points: cells where current concentrates inside least-cost corridors.
///
/// There is no numeric definition in Linkage Mapper (the guide symbolises current by
/// quantiles). **Our rule** (methods.md §5.4 suggestion): a cell is a pinch point when it is
/// inside the corridor (`NLCC ≤ cutoff`), is not a core cell, and its current is among the
/// top `fraction` of the candidate cells' currents: with `k = ⌈fraction · count⌉`, the
/// threshold is the k-th largest current, and every candidate with current ≥ threshold is
/// kept (ties at the threshold included).
public enum PinchPoints {
    /// Pinch points from a current map and a corridor map.
    ///
    /// - Parameters:
    ///   - current: node currents (A); NaN cells are not candidates.
    ///   - corridor: an NLCC (or NLCC mosaic) in cost units; NaN cells are outside.
    ///   - cutoff: corridor width in cost units (inclusive).
    ///   - fraction: share of the candidate cells to flag, in (0, 1].
    ///   - cores: if given, core cells are excluded (LM sets them to NoData).
    public static func mask(
        current: CorridorGrid<Double>, corridor: CorridorGrid<Double>, cutoff: Double,
        topFraction fraction: Double, excluding cores: CoreLabelGrid? = nil
    ) throws -> PinchPointMask {
        guard current.hasSameShape(as: corridor) else { throw CorridorError.shapeMismatch }
        if let cores, !cores.hasSameShape(as: current) { throw CorridorError.shapeMismatch }
        guard fraction > 0 && fraction <= 1 else {
            throw CorridorError.invalidArgument("top fraction must be in (0, 1], got \(fraction)")
        }
        var candidate = [Bool](repeating: false, count: current.count)
        var values: [Double] = []
        for i in 0..<current.count {
            let c = current.values[i], v = corridor.values[i]
            guard !c.isNaN, !v.isNaN, v <= cutoff else { continue }
            if let cores, cores.values[i] != 0 { continue }
            candidate[i] = true
            values.append(c)
        }
        guard !values.isEmpty else {
            return PinchPointMask(mask: current.withValues(candidate), threshold: .nan, candidateCount: 0)
        }
        values.sort(by: >)
        let k = min(values.count, max(1, Int((fraction * Double(values.count)).rounded(.up))))
        let threshold = values[k - 1]
        var out = candidate
        for i in 0..<out.count where out[i] { out[i] = current.values[i] >= threshold }
        return PinchPointMask(mask: current.withValues(out), threshold: threshold, candidateCount: values.count)
    }

    /// Pinchpoint Mapper's "adjacent pair" mode over the active links of `network`: for each
    /// link, the corridor `NLCC ≤ cutoff` (floating point, not the rounded mosaic) clips the
    /// resistance (squared first if asked), the two cores' cells inside the corridor are the
    /// focal regions, and 1 A flows between them. Per-link current maps, with core cells set
    /// to NaN, are combined cell-wise by maximum. Solves run one per worker; the reduction is
    /// in link order.
    public static func adjacentPairCurrent(
        network: LinkageNetwork, resistance: ResistanceGrid, cores: CoreLabelGrid, cutoff: Double,
        squareResistances: Bool = false, options: CircuitOptions = CircuitOptions(), maxConcurrency: Int? = nil
    ) throws -> (links: [PinchPointLink], current: CorridorGrid<Double>) {
        let links = network.activeLinks
        var masks: [CorridorGrid<Bool>] = []
        for link in links {
            guard let nlcc = LeastCostCorridor.normalized(link: link, in: network, cutoff: cutoff) else {
                throw CorridorError.invalidArgument("link \(link.pair) has no surfaces")
            }
            masks.append(nlcc.withValues(nlcc.values.map { !$0.isNaN }))
        }
        var circuitResistance = resistance
        if squareResistances { circuitResistance.values = resistance.values.map { $0 * $0 } }
        let cumulative = try CircuitFlow.cumulativeCurrent(
            resistance: circuitResistance, cores: cores, pairs: links.map(\.pair), masks: masks,
            combination: .maximum, options: options, maxConcurrency: maxConcurrency)
        var current = cumulative.current
        for i in 0..<current.count where cores.values[i] != 0 { current.values[i] = .nan }
        let c = resistance.cellSize
        let results = zip(links, cumulative.resistances).map { link, rEff in
            let lcd = link.leastCost!.distance
            return PinchPointLink(pair: link.pair, leastCostDistance: lcd, effectiveResistance: rEff,
                                  costWeightedResistance: c * rEff,
                                  costToResistanceRatio: squareResistances ? nil : lcd / (c * rEff))
        }
        return (results, current)
    }
}
