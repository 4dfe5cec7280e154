import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct PatternCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "pattern",
        abstract: "Security pattern (生态安全格局): elements by role, declared vs found, the pattern graph, gaps and ranking.",
        discussion: """
        Reads the project's 'pattern:' section: Banan's short form (barriers 屏, belts 带, corridors 廊, nodes 点) or \
        'elements:' keyed by the label's symbols, each with a kind, sources, name field, declared count, expected names \
        and width, and 'links:' rules such as [[屏, 带], [廊, 屏]]. Features with the same name are one element. Two \
        elements are linked when their footprints touch or come within the link distance (setting link-distance, default \
        0 m); line and point elements are buffered by their width (belts: belt-width, default 1000 m each side; corridors: \
        corridor-width, other kinds: line-width, default 30 m each side). Buffers and distances are in the CGCS2000 \
        Gauss–Krüger zone of the data; areas are ellipsoidal on CGCS2000 and lengths geodesic. Declared counts come from \
        'declared', else from the label (两带四屏二十二廊多块; 多 = no count); 'names: [...]' lists the names the plan \
        gives. 'breaks: {source: FILE, name: FIELD}' cuts belts, corridors and axes. Elements are ranked by dPC and dIIC \
        on the pattern graph. --out DIR writes elements.geojson, edges.geojson and gaps.geojson. With --check, exits 1 \
        when a count or a listed name is missing or an element of a link rule is cut off from what it must link to.
        """
    )

    @Argument(help: "Project file (YAML).") var project: String
    @Option(name: .customLong("link-distance"), help: "Override the project's link distance, metres.") var linkDistance: Double?
    @Option(name: .customLong("belt-width"), help: "Override the project's belt width (each side), metres.") var beltWidth: Double?
    @Option(help: "Write elements.geojson, edges.geojson and gaps.geojson as this folder, replacing it only when it is empty or EcoZone wrote it.") var out: String?
    @Flag(help: "Exit 1 when declared and found differ, a listed name is absent, or a link rule's element is cut off.") var check = false
    @Flag(help: "Print JSON instead of tables.") var json = false
    @OptionGroup var projectOptions: ProjectOptions

    /// Layers come from the project file: their remedies are keys of their entries.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? { Remedies.projectFile(hint) }

    func run() throws {
        let loaded = try projectOptions.load(project)
        var rules = OutputGuard()
        rules.read(loaded)
        if let out { _ = try rules.checkFolder(out) }
        let report = try PatternAnalysis.run(loaded, linkDistance: linkDistance, beltWidth: beltWidth)
        if let out { try PatternExport.write(report, to: out, guard: rules) }
        if json { try Console.printJSON(report) } else { print(render(report)) }
        if check, let failure = PatternChecks(report).failureMessage { throw CheckFailed(message: failure) }
    }

    func name(_ id: String) -> String { PatternReport.elementName(id) }

    func render(_ r: PatternReport) -> String {
        var lines: [String] = []
        let s = r.settings
        lines.append("security pattern \(r.label ?? "(no label)") — \(r.project)")
        let widths = s.widths.map { "\($0.role.rawValue) \(NumberText.grouped($0.width, decimals: 0)) m (\($0.from))" }.joined(separator: ", ")
        lines.append("link distance \(NumberText.grouped(s.linkDistance, decimals: 0)) m; lines and points buffered each side: \(widths)"
                     + "; metres in CGCS2000 Gauss–Krüger zone \(s.zone) (\(s.zoneCRS)); areas ellipsoidal (CGCS2000), lengths geodesic")
        lines.append("")

        var roles = Table(["role", "kind", "label", "declared", "named", "found", "status", "absent from the data", "not in the list"],
                              alignments: [.left, .left, .left, .right, .right, .right, .left, .left, .left])
        for x in r.roles {
            let named = x.named == 0 ? "" : String(x.named) + (x.unnamed.map { " (\($0) unnamed)" } ?? "")
            roles.add([x.symbol == x.role.rawValue ? x.symbol : "\(x.symbol) \(x.role.rawValue)", x.kind.rawValue, x.labelText ?? "",
                       x.declared.map(String.init) ?? "多", named, x.hasLayer ? String(x.found) : "no layer", x.status.rawValue,
                       x.missingNames.joined(separator: "、"), x.unlistedNames.joined(separator: "、")])
        }
        lines.append(roles.text)
        lines.append("")

        var elements = Table(["role", "name", "shape", "area (km²)", "length (km)", "footprint (km²)", "links", "comp.", "in red line", "in protected"],
                                 alignments: [.left, .left, .left, .right, .right, .right, .right, .right, .right, .right])
        func share(_ x: Double?) -> String { x.map { NumberText.grouped(100 * $0, decimals: 1) + " %" } ?? "" }
        for e in r.elements {
            elements.add([String(e.role.symbol), e.name, e.shape.rawValue, e.area.map { NumberText.grouped($0 / 1e6, decimals: 3) } ?? "",
                          e.length.map { NumberText.grouped($0 / 1e3, decimals: 2) } ?? "", NumberText.grouped(e.footprintArea / 1e6, decimals: 3),
                          String(e.degree), String(e.component + 1), share(e.shareInRedLine), share(e.shareInProtectedAreas)])
        }
        lines.append(elements.text)
        lines.append("")

        let g = r.graph
        lines.append("pattern graph: \(r.elements.count) elements, \(g.edges.count) links, \(g.components.count) component(s)")
        var edges = Table(["from", "to", "nature", "distance (m)", "footprints (m)"], alignments: [.left, .left, .left, .right, .right])
        for e in g.edges {
            edges.add([e.from, e.to, e.nature.rawValue, NumberText.grouped(e.distance, decimals: 0), NumberText.grouped(e.footprintDistance, decimals: 0)])
        }
        lines.append(edges.text)
        for (i, c) in g.components.enumerated() where c.count > 1 {
            lines.append("component \(i + 1) (\(c.count)): \(c.map(name).joined(separator: "、"))")
        }
        lines.append("isolated: " + (g.isolated.isEmpty ? "none" : g.isolated.joined(separator: ", ")))
        if let without = g.barriersWithoutBelt, let cutOff = g.barriersCutOff {
            // The short form's default rule, barriers → belts.
            lines.append("barriers not linked to any belt: " + (without.isEmpty ? "none" : without.map(name).joined(separator: "、")))
            lines.append("barriers cut off from the belts (no belt in their component): " + (cutOff.isEmpty ? "none" : cutOff.map(name).joined(separator: "、")))
        }
        for rule in g.linkRules where !(r.form == .short && rule.origin == .default) {
            lines.append("link rule \(rule.rule): " + (rule.met ? "met" : "not met by " + rule.notLinked.map(name).joined(separator: "、"))
                         + (rule.cutOff.isEmpty ? "" : "; cut off (none in their component): " + rule.cutOff.map(name).joined(separator: "、")))
        }
        if g.linkRules.isEmpty { lines.append("link rules: none declared") }
        lines.append("")

        if let gaps = r.gaps {
            lines.append("gaps (belts and corridors cut by \(s.breaks ?? "the break layer")): \(gaps.count)")
            if !gaps.isEmpty {
                var t = Table(["element", "break", "width (m)", "area (m²)", "lon", "lat"], alignments: [.left, .left, .right, .right, .right, .right])
                for x in gaps {
                    t.add([x.element, x.breaks.joined(separator: "、"), x.width.map { NumberText.grouped($0, decimals: 0) } ?? "",
                           x.area.map { NumberText.grouped($0, decimals: 0) } ?? "", NumberText.fixed(x.location.lon, 5, minus: "-"), NumberText.fixed(x.location.lat, 5, minus: "-")])
                }
                lines.append(t.text)
            }
        } else {
            lines.append("gaps: no break layer in the project (pattern 'breaks: {source: …}')")
        }
        lines.append("")

        lines.append("ranking on the pattern graph (attribute = footprint area, ha; D = \(NumberText.grouped(s.rankingDistance, decimals: 0)) m, P = \(s.rankingProbability))")
        var rank = Table(["role", "rank", "name", "area (ha)", "dPC (%)", "dIIC (%)"], alignments: [.left, .right, .left, .right, .right, .right])
        for x in r.ranking.elements {
            rank.add([String(x.role.symbol), String(x.rankInRole), name(x.id), NumberText.grouped(x.attributeHectares, decimals: 1),
                      NumberText.grouped(x.dPC, decimals: 3), NumberText.grouped(x.dIIC, decimals: 3)])
        }
        lines.append(rank.text)
        return lines.joined(separator: "\n")
    }
}
