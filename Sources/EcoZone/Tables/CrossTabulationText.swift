// The text `ecozone tabulate --by` prints for a cross-tabulation, its inputs and the overlay diagnostics:
// in the library so that `ecozone merge` and `ecozone-mpi tabulate` print the same bytes (issue 20).

import GeoKit

/// Text renderings of a cross-tabulation (terminal tables).
public enum CrossTabulationText {
    /// The table, its outside areas, overlaps between keys and diagnostics, as `tabulate --by` prints it.
    public static func table(_ t: CrossTabulation) -> String {
        let (header, unit, decimals) = t.measure == .area ? ("area (km²)", "km²", 6) : t.measure == .length ? ("length (km)", "km", 6) : ("count", "", 0)
        var table = Table(t.dimensions + ["pieces", header, "share"],
                              alignments: t.dimensions.map { _ in .left } + [.right, .right, .right])
        // Rows that print as 0.000000 km² (or km) are slivers along shared boundaries: counted in the
        // total and in --json, summarised below rather than listed.
        let shown = t.rows.filter { t.measure == .area ? $0.area.squareMetres >= 0.5 : t.value($0) >= 0.5e-6 }
        for r in shown {
            table.add(r.keys + [String(r.pieces), NumberText.grouped(t.value(r), decimals: decimals), NumberText.grouped(100 * t.share(r), decimals: 3) + " %"])
        }
        table.footer.append(["total"] + Array(repeating: "", count: t.dimensions.count - 1) + ["", NumberText.grouped(t.totalValue, decimals: decimals), "100.000 %"])
        let method = t.measure == .area ? "ellipsoidal, CGCS2000, km²" : t.measure == .length ? "geodesic lengths on CGCS2000, km" : "points counted"
        var lines = ["cross-tabulation \(t.dimensions.joined(separator: " × ")) (\(method))"]
        if let r = t.raster {
            lines.append("raster \(r.layer): each cell counted with its exact coverage fraction by each zone (exactextract's rule) and its ellipsoidal area: \(r.cellArea)")
        }
        lines.append(table.text)
        let hidden = t.rows.count - shown.count
        if hidden > 0, t.measure == .area {
            let area = t.rows.filter { $0.area.squareMetres < 0.5 }.map(\.area).sum().squareMetres
            lines.append("\(hidden) row(s) under 0.5 m² not listed (\(NumberText.grouped(area, decimals: 2)) m² in all; --json has them)")
        } else if hidden > 0 {
            lines.append("\(hidden) row(s) under 0.5 mm not listed (--json has them)")
        }
        for d in t.dimensions.dropFirst() {
            lines.append("outside \(d): \(NumberText.grouped(t.outsideValue(d), decimals: decimals))\(unit.isEmpty ? "" : " " + unit)")
            if let o = t.overlapBetweenKeys[d], o.squareMetres > 1 { lines.append("warning: \(d) has \(NumberText.grouped(o.squareKilometres, decimals: 6)) km² under two keys, counted in both rows") }
        }
        if t.measure == .area { lines.append(diagnostics(t.diagnostics)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where each layer came from: its CRS, how it reached the analysis CRS, what was repaired.
    /// Where each layer came from: its CRS, how it reached the analysis CRS, what was repaired.
    public static func inputs(_ inputs: [LayerProvenance]) -> String {
        var t = Table(["layer", "features", "CRS", "to the analysis CRS", "repaired"], alignments: [.left, .right, .left, .left, .right])
        for p in inputs {
            t.add([p.name, String(p.features), p.crs, p.transformation, p.repairs.isEmpty ? "" : "\(p.repairs.count)"])
        }
        return t.text + "\n"
    }

    /// The lines every overlay-based command prints about robustness.
    public static func diagnostics(_ d: OverlayDiagnostics) -> String {
        var lines: [String] = []
        lines.append("slivers (under \(NumberText.grouped(d.sliverAreaThreshold, decimals: 0)) m² or under \(d.sliverWidthThreshold) m wide): \(d.slivers), \(NumberText.grouped(d.sliverArea, decimals: 2)) m², kept")
        if d.fallbacks.isEmpty {
            lines.append("precision fallbacks: none")
        } else {
            let grids = Set(d.fallbacks.map(\.gridSize)).sorted().map { "\($0)" }.joined(separator: ", ")
            lines.append("precision fallbacks: \(d.fallbacks.count) overlay(s) needed a snapping grid (\(grids))")
        }
        if !d.conservationBreaches.isEmpty {
            lines.append("area conservation: \(d.conservationBreaches.count) feature(s) whose pieces do not add up to them (B overlaps itself?): "
                + d.conservationBreaches.prefix(5).map { "\($0.fid) (\(NumberText.scientific($0.relative, digits: 1)) relative)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
