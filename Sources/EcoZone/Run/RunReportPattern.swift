import Foundation
import GeoKit

/// The report's security-pattern section: the inventory, the map (each group with the footprint its
/// lines and points are weighed by, and the graph's links drawn between the elements' nearest points
/// or along the corridor path), the graph in words and the ranking.
extension RunReport {
    /// The map style of a group of elements by its kind.
    static func style(for role: PatternRole, index: Int) -> MapStyle {
        switch role.kind {
        case .barrier: return .barriers
        case .belt: return .belts
        case .corridor: return .corridors
        case .node: return .nodes
        default: return .generic(["#f08c00", "#ae3ec9", "#e64980", "#74b816"][index % 4])
        }
    }

    /// The footprint of a group's line and point elements, drawn under them: a translucent fill of
    /// the group's colour (the width each side is in the element table).
    static func footprintStyle(_ style: MapStyle) -> MapStyle {
        MapStyle(fill: style.stroke ?? style.fill ?? "#868e96", stroke: nil, strokeWidth: 0, fillOpacity: 0.18)
    }

    /// Per group: its elements and, for line and point elements, their footprints (lon/lat), in group order.
    static func patternGroups(_ p: PatternReport) throws -> [(role: PatternRole, elements: [MapFeature], footprints: [MapFeature])] {
        let toLonLat = try Transformer(from: try p.geometry.zone.crs(), to: try CRS.cgcs2000())
        let context = GeometryContext()
        var groups: [(role: PatternRole, elements: [MapFeature], footprints: [MapFeature])] = []
        for role in Set(p.geometry.elements.map(\.role)).sorted() {
            let members = p.geometry.elements.filter { $0.role == role }
            let elements = members.map { MapFeature(wkb: $0.geographic, label: $0.name, category: nil) }
            let footprints = try members.filter { $0.bufferWidth > 0 && !$0.footprint.isEmpty }.map {
                MapFeature(wkb: try toLonLat.transform(try Geometry(wkb: $0.footprint, context: context)).wkb, label: nil, category: nil)
            }
            groups.append((role, elements, footprints))
        }
        return groups
    }

    static func pattern(_ v: RunReportView, _ p: PatternReport, corridorPaths: [CorridorPathLine]) throws -> ReportSection {
        let t = v.text
        var blocks: [ReportBlock] = []
        let roles = p.roles.map { [t.patternRole($0.role), t.kindName($0.kind), $0.labelText ?? "", $0.declared.map(String.init) ?? "",
                                   $0.named == 0 ? "" : String($0.named), String($0.found), t.inventoryStatus($0.status.rawValue)] }
        blocks.append(.table(ReportTable(caption: t(.patternInventoryCaption, p.label ?? t[.sectionPattern]),
                                         headers: [t[.colGroup], t[.colKind], t[.colLabel], t[.colDeclared], t[.colNamed], t[.colFound], t[.colStatus]],
                                         rows: roles, numericColumns: [3, 4, 5])))
        var mapLayers: [MapLayer?] = [v.layer(Role.boundary)]
        let groups = try patternGroups(p)
        for (i, g) in groups.enumerated() {
            let style = Self.style(for: g.role, index: i)
            if !g.footprints.isEmpty {
                mapLayers.append(MapLayer(title: t(.footprintOf, t.patternRole(g.role)), style: footprintStyle(style), features: g.footprints))
            }
        }
        for (i, g) in groups.enumerated() where !g.elements.isEmpty {
            mapLayers.append(MapLayer(title: t.patternRole(g.role), style: Self.style(for: g.role, index: i), features: g.elements))
        }
        let links = try PatternLinkDrawing.lines(p, corridorPaths: corridorPaths)
        let context = GeometryContext()
        if !links.isEmpty {
            mapLayers.append(MapLayer(title: t[.layerPatternLinks], style: .patternLinks,
                                      features: try links.map { MapFeature(wkb: try $0.drawn(in: context), label: nil, category: $0.edge.nature.rawValue) }))
        }
        if let m = map(v, title: t(.mapPatternTitle, p.label ?? ""), caption: t[.mapPatternCaption], mapLayers) { blocks.append(m) }
        let g = p.graph
        // Elements by their group's symbol and name ("屏:圣灯山"), groups by their symbol.
        let byID = Dictionary(p.elements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let symbols = Dictionary(p.roles.map { ($0.role.rawValue, String($0.role.symbol)) }, uniquingKeysWith: { a, _ in a })
        func element(_ id: String) -> String { byID[id].map { "\($0.role.symbol):\($0.name)" } ?? id }
        func elements(_ ids: [String]) -> String { ids.map(element).joined(separator: t.listSeparator) }
        func group(_ key: String) -> String { symbols[key] ?? key }
        var words = t(.patternGraphSummary, p.elements.count, g.edges.count, g.components.count) + " "
        words += g.isolated.isEmpty ? t[.patternNoIsolated] : t(.patternIsolated, elements(g.isolated))
        for rule in g.linkRules {
            let text = rule.from.map(group).joined(separator: "/") + " → " + rule.to.map(group).joined(separator: "/")
            let what = rule.origin == .default ? t(.patternRuleDefault, text) : t(.patternRule, text)
            words += " " + (rule.met ? t(.patternRuleMet, what) : t(.patternRuleNotMet, what, elements(rule.notLinked)))
            if !rule.cutOff.isEmpty {
                words += " " + t(.patternCutOff, rule.to.map(group).joined(separator: "/"), elements(rule.cutOff))
            }
        }
        if g.linkRules.isEmpty { words += " " + t[.patternNoRule] }
        blocks.append(.paragraph(words))
        let elements = Dictionary(p.elements.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ranked = p.ranking.elements.sorted { a, b in a.role != b.role ? a.role < b.role : a.rankInRole < b.rankInRole }
        blocks.append(.table(ReportTable(
            caption: t[.patternRankingCaption],
            headers: [t[.colElement], t[.colGroup], t[.colFootprintHa], "dPC (%)", "dIIC (%)", t[.colRank], t[.colInRedLine], t[.colInProtected]],
            rows: ranked.map { e in
                let s = elements[e.id]
                return [s?.name ?? e.id, t.patternRole(e.role), t.number(e.attributeHectares, 1), t.number(e.dPC, 2), t.number(e.dIIC, 2),
                        String(e.rankInRole), s?.shareInRedLine.map { t.percent($0, 1) } ?? "", s?.shareInProtectedAreas.map { t.percent($0, 1) } ?? ""]
            }, numericColumns: [2, 3, 4, 5, 6, 7],
            note: t(.patternRankingNote, p.settings.widths.map { "\(t.patternRole($0.role)) \(t.number($0.width, 0))" }.joined(separator: t.listSeparator)))))
        return ReportSection(title: t[.sectionPattern], blocks: blocks)
    }
}
