import Foundation
import GeoKit

/// The report's section on the project's raster layers: a land-use (categorical) raster's class
/// areas over the district, a DEM's slope classes, elevation bands and elevation statistics per zone,
/// and a terrain map of its steepest slopes and highest ground. Every word from ``ReportText``.
extension RunReport {
    static func rasters(_ v: RunReportView) -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        for s in v.results.rasters {
            let name = t.layerName(s.name)
            let over = s.over.map { t.layerName($0) } ?? t[.rasterWhole]
            let note = s.geographic ? t[.rasterNoteGeographic] : t[.rasterNoteProjected]
            if let r = s.classes, let zone = r.zones.first {
                let data = zone.total - zone.nodata
                let rows = (zone.classes ?? []).map { c -> [String] in
                    [NumberText.plain(c.value), c.name ?? "", t.number(c.area, 2), data > 0 ? t.percent(c.area / data) : ""]
                }
                var extra: [[String]] = []
                if zone.nodata > 0.5e-2 { extra.append(["", t[.keyNoData], t.number(zone.nodata, 2), ""]) }
                if zone.outside > 0.5e-2 { extra.append(["", t[.outsideRaster], t.number(zone.outside, 2), ""]) }
                blocks.append(.table(ReportTable(
                    caption: t(.rasterClassesCaption, name, over), headers: [t[.colClassValue], t[.colClassName], t[.colAreaKm2], t[.colShare]],
                    rows: rows + extra, numericColumns: [2, 3], footer: [[t[.total], "", t.number(data, 2), t.percent(1)]], note: note)))
            }
            if let r = s.terrain {
                let by = s.overField.map { _ in over } ?? over
                if let m = map(v, title: t(.mapTerrainTitle, name), caption: terrainCaption(s, r, t),
                               [v.layer(Role.restorationZones), terrainLayer(v, "\(s.name):elevation", t[.mapHighGround]),
                                terrainLayer(v, "\(s.name):slope", t[.mapSteepSlopes]), v.layer("rivers"), v.layer(Role.boundary)]) {
                    blocks.append(m)
                }
                let zones = r.zones
                func rangeLabel(_ x: TerrainReport.Range_, _ unit: String) -> String {
                    switch (x.from, x.to) {
                    case let (a?, b?): return "\(NumberText.plain(a))–\(NumberText.plain(b))\(unit)"
                    case let (a?, nil): return "≥\(NumberText.plain(a))\(unit)"
                    case let (nil, b?): return "<\(NumberText.plain(b))\(unit)"
                    default: return ""
                    }
                }
                func areaTable(_ caption: String, _ ranges: (TerrainReport.Zone) -> [TerrainReport.Range_], _ unit: String) -> ReportTable? {
                    guard let first = zones.first, !ranges(first).isEmpty else { return nil }
                    let headers = [over] + ranges(first).map { rangeLabel($0, unit) } + [t[.colNoData], t[.total]]
                    let rows = zones.map { z in [z.key] + ranges(z).map { t.number($0.area, 2) } + [t.number(z.nodata, 2), t.number(z.total, 2)] }
                    let footer = [t[.total]] + ranges(first).indices.map { i in t.number(zones.reduce(0) { $0 + ranges($1)[i].area }, 2) }
                        + [t.number(zones.reduce(0) { $0 + $1.nodata }, 2), t.number(zones.reduce(0) { $0 + $1.total }, 2)]
                    return ReportTable(caption: caption, headers: headers, rows: rows, numericColumns: Set(1..<headers.count), footer: [footer],
                                       note: t(.terrainNote, note))
                }
                if let a = areaTable(t(.terrainSlopeCaption, name, by), \.slopeClasses, "°") { blocks.append(.table(a)) }
                if let a = areaTable(t(.terrainElevationCaption, name, by), \.elevationBands, " m") { blocks.append(.table(a)) }
                blocks.append(.table(ReportTable(
                    caption: t(.terrainStatsCaption, name, by),
                    headers: [over, t[.colElevationMean], t[.colElevationMin], t[.colElevationMax], t[.colSlopeMean]],
                    rows: zones.map { z in
                        [z.key, z.elevation.map { t.number($0.mean, 1) } ?? "", z.elevation.map { t.number($0.min, 1) } ?? "",
                         z.elevation.map { t.number($0.max, 1) } ?? "", z.slope.map { t.number($0.mean, 2) } ?? ""]
                    }, numericColumns: [1, 2, 3, 4], note: t(.terrainNote, note))))
            }
        }
        return ReportSection(title: t[.sectionRasters], blocks: blocks)
    }

    static func terrainCaption(_ s: RasterLayerSummary, _ r: TerrainReport, _ t: ReportText) -> String {
        let steep = r.zones.first?.slopeClasses.last.map { "\(NumberText.plain($0.from ?? 0))°" } ?? ""
        let high = r.zones.first?.elevationBands.last.flatMap { $0.from }.map { "\(NumberText.plain($0)) m" } ?? "—"
        return t(.mapTerrainCaption, steep, high)
    }

    /// A terrain map layer (slope classes or elevation bands), coloured along its classes.
    static func terrainLayer(_ v: RunReportView, _ key: String, _ title: String) -> MapLayer? {
        guard let features = v.results.map[key], !features.isEmpty else { return nil }
        var seen = Set<String>()
        let classes = features.compactMap(\.category).filter { seen.insert($0).inserted }
        let ramp = key.hasSuffix(":slope") ? ["#fcbba1", "#fb6a4a", "#a50f15"] : ["#d9d9d9", "#8c6d31", "#543005"]
        let order = ClassOrder(classes: classes)
        return MapLayer(title: title, style: order.style(.generic(ramp[0]), ramp: ramp, values: classes), features: features)
    }
}
