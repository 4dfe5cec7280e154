// The exact sums behind a cross-tabulation's figures (issue 20): every row's area, the total, the part
// outside each grouping layer and the sliver area are ExactSums of the pieces' areas in m², rounded once
// when the table is made. Batches, and the shards of a cluster run, merge these sums exactly, so the
// printed table does not depend on how the features were split or in which order the parts were added.

import GeoKit

/// Exact m² sums of a ``CrossTabulation`` (areas of polygons; not kept for lengths and counts).
struct CrossTabulationSums: Sendable, Codable {
    var rows: [[String]: ExactSum] = [:]
    var total = ExactSum()
    var outside: [String: ExactSum] = [:]
    var sliverArea = ExactSum()

    mutating func merge(_ other: CrossTabulationSums) {
        for (k, s) in other.rows { rows[k, default: ExactSum()].add(s) }
        total.add(other.total)
        for (k, s) in other.outside { outside[k, default: ExactSum()].add(s) }
        sliverArea.add(other.sliverArea)
    }
}

extension CrossTabulation {
    /// Sets the rows' areas, the total, the outside areas and the sliver area from `exact`, each rounded
    /// once (m² → km² as ``Area/converted(to:)`` does), and keeps `exact` for later merges.
    mutating func round(_ exact: CrossTabulationSums) {
        func km2(_ s: ExactSum) -> Area { Area(squareMetres: s.value).converted(to: .squareKilometres) }
        for i in rows.indices { if let s = exact.rows[rows[i].keys] { rows[i].area = km2(s) } }
        total = km2(exact.total)
        for (k, s) in exact.outside { outside[k] = km2(s) }
        diagnostics.sliverArea = exact.sliverArea.value
        sums = exact
    }
}
