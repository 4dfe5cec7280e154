import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct PatternCommand: ParsableCommand, RemedyWording {
    static let configuration = CommandConfiguration(
        commandName: "pattern",
        abstract: "Security pattern (生态安全格局): elements by role, declared vs found, the pattern graph, gaps and ranking.",
        discussion: """
        Reads the project's 'pattern:' section: barriers (屏), belts (带), corridors (廊), nodes (点); features with the same \
        name are one element. Two elements are linked when they touch or come within the link distance (setting \
        link-distance, default 0 m); belts given as river lines are buffered by the belt width (belt-width, default 1000 m \
        each side). Buffers and distances are in the CGCS2000 Gauss–Krüger zone of the data; areas are ellipsoidal on \
        CGCS2000 and lengths geodesic. Declared counts come from 'declared', else from the label (八屏八带多廊多点; 多 = no \
        count); 'names: [...]' under a role lists the names the plan expects. 'breaks: {source: FILE, name: FIELD}' cuts \
        belts and corridors. Elements are ranked by dPC and dIIC on the pattern graph. --out DIR writes elements.geojson, \
        edges.geojson and gaps.geojson. With --check, exits 1 when a count or a listed name is missing or a barrier is cut \
        off from the belts.
        """
    )

    @Argument(help: "Project file (YAML).") var project: String
    @Option(name: .customLong("link-distance"), help: "Override the project's link distance, metres.") var linkDistance: Double?
    @Option(name: .customLong("belt-width"), help: "Override the project's belt width (each side), metres.") var beltWidth: Double?
    @Option(help: "Write elements.geojson, edges.geojson and gaps.geojson as this folder, replacing it only when it is empty or EcoZone wrote it.") var out: String?
    @Flag(help: "Exit 1 when declared and found differ, a listed name is absent, or a barrier is cut off from the belts.") var check = false
    @Flag(help: "Print JSON instead of tables.") var json = false

    /// Layers come from the project file: their remedies are keys of their entries.
    func remedy(for hint: GeoKitError.Hint, in error: GeoKitError) -> String? { Remedies.projectFile(hint) }

    func run() throws {
        let loaded = try Project.load(project)
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
        lines.append("link distance \(NumberText.grouped(s.linkDistance, decimals: 0)) m; line belts buffered \(NumberText.grouped(s.beltWidth, decimals: 0)) m each side"
                     + (s.corridorWidth > 0 ? ", line corridors \(NumberText.grouped(s.corridorWidth, decimals: 0)) m" : "")
                     + "; metres in CGCS2000 Gauss–Krüger zone \(s.zone) (\(s.zoneCRS)); areas ellipsoidal (CGCS2000), lengths geodesic")
        lines.append("")

        var roles = Table(["role", "label", "declared", "found", "status", "absent from the data", "not in the list"],
                              alignments: [.left, .left, .right, .right, .left, .left, .left])
        for x in r.roles {
            roles.add(["\(x.symbol) \(x.role.rawValue)", x.labelText ?? "", x.declared.map(String.init) ?? "多",
                       x.hasLayer ? String(x.found) : "no layer", x.status.rawValue,
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
        lines.append("barriers not linked to any belt: " + (g.barriersWithoutBelt.isEmpty ? "none" : g.barriersWithoutBelt.map(name).joined(separator: "、")))
        lines.append("barriers cut off from the belts (no belt in their component): " + (g.barriersCutOff.isEmpty ? "none" : g.barriersCutOff.map(name).joined(separator: "、")))
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
        for x in r.ranking.elements where x.role == .barriers || x.role == .belts {
            rank.add([String(x.role.symbol), String(x.rankInRole), name(x.id), NumberText.grouped(x.attributeHectares, decimals: 1),
                      NumberText.grouped(x.dPC, decimals: 3), NumberText.grouped(x.dIIC, decimals: 3)])
        }
        lines.append(rank.text)
        return lines.joined(separator: "\n")
    }
}
