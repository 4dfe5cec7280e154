import Foundation
import GeoKit

/// The tables a run writes as CSV (for spreadsheets, through `Table.csvData`) beside the JSON of
/// each result. Figures are written in full (`String(x)`: the shortest text that reads back as the
/// same number), for computing on, not rounded for reading.
enum RunTables {
    /// A file-name-safe form of a role or a list of dimensions.
    static func slug(_ s: String) -> String {
        String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    static func number(_ x: Double?) -> String { x.map { String($0) } ?? "" }

    /// An area as a number of km² (the unit of every `_km2` column).
    static func number(_ a: Area?) -> String { number(a?.squareKilometres) }

    static func areas(_ r: AreaReport, role: String) -> Table {
        var rows = r.groups.map { [$0.key, String($0.features), number($0.area)] }
        rows.append(["total", String(r.features), number(r.total)])
        return Table([.text(r.groupedBy ?? role), .number("features"), .number("area_km2")], rows: rows)
    }

    /// One row per layer: its area, how much it overlaps itself, then its overlap with every layer.
    static func matrix(_ m: OverlapMatrix) -> Table {
        let own = Dictionary(m.selfOverlap.map { ($0.layer, $0) }, uniquingKeysWith: { a, _ in a })
        return Table([.text("layer"), .number("area_km2"), .number("self_overlapping_pairs"), .number("self_sliver_pairs"),
                      .number("self_overlap_counted_twice_km2")] + m.layers.map { .number("∩ \($0) (km2)") },
                     rows: m.layers.indices.map { i in
                         let s = own[m.layers[i]]
                         return [m.layers[i], number(m.areas[i]), s.map { String($0.overlappingPairs) } ?? "",
                                 s.map { String($0.sliverPairs) } ?? "", number(s?.area)] + m.matrix[i].map(number)
                     })
    }

    static func crossTab(_ t: CrossTabulation) -> Table {
        let column = t.measure == .area ? "area_km2" : t.measure == .length ? "length_km" : "count"
        return Table(t.dimensions.map { .text($0) } + [.number("pieces"), .number(column), .number("share_percent")],
                     rows: t.rows.map { r in
                         r.keys + [String(r.pieces), t.measure == .count ? String(Int(t.value(r).rounded())) : number(t.value(r)), number(100 * t.share(r))]
                     })
    }

    static func conflicts(_ c: ConflictList) -> Table {
        Table([.text(c.of), .number("fid"), .text("against"), .number("against_fid"), .text("name"), .text("class"),
               .number(c.shape == .line ? "length_km" : "area_km2"), .number("share_of_feature_percent")],
              rows: c.conflicts.map { x in
                  [x.feature, String(x.fid), x.against, String(x.againstFid), x.name ?? "", x.class ?? "",
                   c.shape == .line ? number(x.length) : c.shape == .point ? "" : number(x.area), number(100 * x.shareOfFeature)]
              })
    }

    static func claims(_ v: ValidationReport) -> Table {
        Table([.text("id"), .text("status"), .number("stated"), .number("computed"), .text("unit"), .number("difference"),
               .number("relative_percent"), .number("allowed"), .text("arithmetic"), .text("layer"), .text("where"), .text("text"), .text("selection")],
              rows: v.claims.map { c in
                  [c.id, c.status.rawValue, c.statedText ?? number(c.stated), number(c.computed), c.unit ?? "", number(c.difference),
                   number(c.relative.map { $0 * 100 }), number(c.allowed), c.arithmetic ?? "", c.layer ?? "", c.whereClause ?? "", c.text ?? "", c.selection ?? ""]
              })
    }

    static func patternElements(_ p: PatternReport) -> Table {
        let rank = Dictionary(uniqueKeysWithValues: p.ranking.elements.map { ($0.id, $0) })
        return Table([.text("id"), .text("role"), .text("name"), .text("shape"), .number("area_km2"), .number("length_km"), .number("links"),
                      .number("component"), .number("share_in_red_line_percent"), .number("share_in_protected_areas_percent"),
                      .number("dPC"), .number("dIIC"), .number("rank_in_role")],
                     rows: p.elements.map { e in
                         let r = rank[e.id]
                         return [e.id, "\(e.role)", e.name, "\(e.shape)", number(e.area), number(e.length.map { $0 / 1e3 }),
                                 String(e.degree), String(e.component), number(e.shareInRedLine.map { $0 * 100 }),
                                 number(e.shareInProtectedAreas.map { $0 * 100 }), number(r?.dPC), number(r?.dIIC), r.map { String($0.rankInRole) } ?? ""]
                     })
    }

    /// A raster's class (or band) areas over one zone, with their share of its data cells.
    static func rasterClasses(_ r: ZonalReport, raster: Project.RasterLayer) -> Table {
        let zone = r.zones.first
        let data = (zone?.total ?? 0) - (zone?.nodata ?? 0)
        let bands = raster.kind == .continuous ? RasterKeying.bandLabels(raster.breaks, unit: "") : []
        var rows = (zone?.classes ?? []).map { c -> [String] in
            let name = bands.isEmpty ? (c.name ?? "") : bands[Int(c.value)]
            return [NumberText.plain(c.value), name, number(c.area), number(data > 0 ? 100 * c.area / data : nil)]
        }
        rows.append(["", "nodata", number(zone?.nodata), ""])
        rows.append(["", "outside", number(zone?.outside), ""])
        return Table([.number(bands.isEmpty ? "value" : "band"), .text("name"), .number("area_km2"), .number("share_of_data_percent")], rows: rows)
    }

    /// A DEM's terrain per zone: elevation statistics, mean slope, and the area of every slope class and elevation band.
    static func terrain(_ r: TerrainReport) -> Table {
        guard let first = r.zones.first else { return Table([.text("zone")], rows: []) }
        func range(_ x: TerrainReport.Range_, _ unit: String) -> String {
            "\(x.from.map(NumberText.plain) ?? "")_\(x.to.map(NumberText.plain) ?? "")_\(unit)"
        }
        let columns: [Table.Column] = [.text(r.groupedBy ?? "zone"), .number("total_km2"), .number("nodata_km2"), .number("elevation_mean_m"),
                                       .number("elevation_min_m"), .number("elevation_max_m"), .number("slope_mean_deg")]
            + first.slopeClasses.map { .number("slope_\(range($0, "deg"))_km2") } + first.elevationBands.map { .number("elevation_\(range($0, "m"))_km2") }
        return Table(columns, rows: r.zones.map { z in
            [z.key, number(z.total), number(z.nodata), number(z.elevation?.mean), number(z.elevation?.min), number(z.elevation?.max), number(z.slope?.mean)]
                + z.slopeClasses.map { number($0.area) } + z.elevationBands.map { number($0.area) }
        })
    }

    static func corridorPairs(_ s: CorridorSummary) -> Table {
        CorridorOutput.pairsTable(s.pairs)
    }
}
