// Normalised least-cost corridors and their mosaic (methods.md §4.2 step 5).

/// Normalised least-cost corridors (Linkage Mapper step 5).
public enum LeastCostCorridor {
    /// `NLCC_AB(x) = CWD_A(x) + CWD_B(x) − LCD_AB`, in cost units.
    ///
    /// NLCC is 0 on the least-cost path(s) and ≥ 0 elsewhere: the extra cost of routing
    /// through `x`. Cells where either surface is not finite are NaN. With a `cutoff` (LM's
    /// CWDTHRESH, a corridor "width" in cost units), cells with NLCC > cutoff are NaN; the
    /// test is inclusive (`≤ cutoff` kept). Values are not rounded (LM's mosaic rounds to an
    /// integer at the very end; do that on output if parity is wanted).
    public static func normalized(
        _ cwdA: CostDistanceSurface, _ cwdB: CostDistanceSurface,
        leastCostDistance lcd: Double, cutoff: Double? = nil
    ) -> CorridorGrid<Double> {
        precondition(cwdA.width == cwdB.width && cwdA.height == cwdB.height, "grid shapes differ")
        let limit = cutoff ?? .infinity
        var out = [Double](repeating: .nan, count: cwdA.distance.count)
        cwdA.distance.withUnsafeBufferPointer { a in
            cwdB.distance.withUnsafeBufferPointer { b in
                for i in 0..<a.count {
                    let s = a[i] + b[i]
                    guard s.isFinite else { continue }
                    let v = s - lcd
                    if v <= limit { out[i] = v }
                }
            }
        }
        return CorridorGrid(width: cwdA.width, height: cwdA.height, cellSize: cwdA.cellSize, values: out)
    }

    /// The corridor of a link from a ``LinkageNetwork``: both surfaces and the LCD.
    public static func normalized(link: CorridorLink, in network: LinkageNetwork, cutoff: Double? = nil)
        -> CorridorGrid<Double>?
    {
        guard let lcl = link.leastCost, let a = network.surfaces[link.pair.a],
              let b = network.surfaces[link.pair.b] else { return nil }
        return normalized(a, b, leastCostDistance: lcl.distance, cutoff: cutoff)
    }

    /// Cell-wise minimum over corridors, ignoring NaN (LM's corridor mosaic before its
    /// integer rounding). A cell NaN in every input stays NaN.
    public static func mosaic(_ corridors: [CorridorGrid<Double>]) -> CorridorGrid<Double>? {
        guard let first = corridors.first else { return nil }
        var values = first.values
        values.withUnsafeMutableBufferPointer { out in
            for grid in corridors.dropFirst() {
                precondition(grid.hasSameShape(as: first), "grid shapes differ")
                grid.values.withUnsafeBufferPointer { g in
                    for i in 0..<out.count {
                        let v = g[i]
                        if !v.isNaN && (out[i].isNaN || v < out[i]) { out[i] = v }
                    }
                }
            }
        }
        return first.withValues(values)
    }

    /// The corridor mosaic of every active link of `network`, truncated at `cutoff`.
    public static func mosaic(of network: LinkageNetwork, cutoff: Double? = nil) -> CorridorGrid<Double>? {
        mosaic(network.activeLinks.compactMap { normalized(link: $0, in: network, cutoff: cutoff) })
    }
}
