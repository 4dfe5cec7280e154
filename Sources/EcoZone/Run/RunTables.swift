import Foundation
import GeoKit

/// The tables a run writes, as CSV (for spreadsheets) beside the JSON of each result.
enum RunTables {
    /// A file-name-safe form of a role or a list of dimensions.
    static func slug(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    static func jsonData<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try e.encode(value)
    }

    static func number(_ x: Double?) -> String { x.map { String($0) } ?? "" }

    static func areas(_ r: AreaReport, role: String) -> CSVTable {
        var rows = r.groups.map { [$0.key, String($0.features), number($0.area)] }
        rows.append(["total", String(r.features), number(r.total)])
        return CSVTable(headers: [r.groupedBy ?? role, "features", "area_km2"], rows: rows)
    }

    /// One row per layer: its area, how much it overlaps itself, then its overlap with every layer.
    static func matrix(_ m: OverlapMatrix) -> CSVTable {
        let own = Dictionary(m.selfOverlap.map { ($0.layer, $0) }, uniquingKeysWith: { a, _ in a })
        return CSVTable(headers: ["layer", "area_km2", "self_overlapping_pairs", "self_sliver_pairs", "self_overlap_counted_twice_km2"]
                            + m.layers.map { "∩ \($0) (km2)" },
                        rows: m.layers.indices.map { i in
                            let s = own[m.layers[i]]
                            return [m.layers[i], number(m.areas[i]), s.map { String($0.overlappingPairs) } ?? "",
                                    s.map { String($0.sliverPairs) } ?? "", number(s?.area)] + m.matrix[i].map(number)
                        })
    }

    static func crossTab(_ t: CrossTabulation) -> CSVTable {
        CSVTable(headers: t.dimensions + ["pieces", "area_km2", "share_percent"],
                 rows: t.rows.map { r in r.keys + [String(r.pieces), number(r.area), number(t.total > 0 ? 100 * r.area / t.total : 0)] })
    }

    static func conflicts(_ c: ConflictList) -> CSVTable {
        CSVTable(headers: [c.of, "fid", "against", "against_fid", "name", "class", "area_km2", "share_of_feature_percent"],
                 rows: c.conflicts.map { x in
                     [x.feature, String(x.fid), x.against, String(x.againstFid), x.name ?? "", x.class ?? "", number(x.area), number(100 * x.shareOfFeature)]
                 })
    }

    static func claims(_ v: ValidationReport) -> CSVTable {
        CSVTable(headers: ["id", "status", "stated", "computed", "unit", "difference", "relative_percent", "allowed", "arithmetic", "layer", "where", "text"],
                 rows: v.claims.map { c in
                     [c.id, c.status.rawValue, c.statedText ?? number(c.stated), number(c.computed), c.unit ?? "", number(c.difference),
                      number(c.relative.map { $0 * 100 }), number(c.allowed), c.arithmetic ?? "", c.layer ?? "", c.whereClause ?? "", c.text ?? ""]
                 })
    }

    static func patternElements(_ p: PatternReport) -> CSVTable {
        let rank = Dictionary(uniqueKeysWithValues: p.ranking.elements.map { ($0.id, $0) })
        return CSVTable(headers: ["id", "role", "name", "shape", "area_km2", "length_km", "links", "component",
                                  "share_in_red_line_percent", "share_in_protected_areas_percent", "dPC", "dIIC", "rank_in_role"],
                        rows: p.elements.map { e in
                            let r = rank[e.id]
                            return [e.id, "\(e.role)", e.name, "\(e.shape)", number(e.area.map { $0 / 1e6 }), number(e.length.map { $0 / 1e3 }),
                                    String(e.degree), String(e.component), number(e.shareInRedLine.map { $0 * 100 }),
                                    number(e.shareInProtectedAreas.map { $0 * 100 }), number(r?.dPC), number(r?.dIIC), r.map { String($0.rankInRole) } ?? ""]
                        })
    }

    static func corridorPairs(_ s: CorridorSummary) -> CSVTable {
        CSVTable(headers: ["from", "from_name", "to", "to_name", "euclidean_m", "cost_distance", "path_length_m", "cost_to_length", "effective_resistance"],
                 rows: s.pairs.map { p in
                     [String(p.from), p.fromName, String(p.to), p.toName, number(p.euclidean), number(p.costDistance),
                      number(p.pathLength), number(p.costToLength), number(p.effectiveResistance)]
                 })
    }
}
