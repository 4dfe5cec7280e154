import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct MSPACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mspa",
        abstract: "Morphological Spatial Pattern Analysis of a land cover: core, islet, perforation, edge, loop, bridge and branch, with ellipsoidal areas.",
        discussion: """
        Soille & Vogt (2009) as GuidosToolbox's mspa v2.3 computes it, with its parameters (foreground connectivity, \
        EdgeWidth, Transition, IntExt; defaults 8/1/1/1) and byte codes: core 17, islet 9, perforation 5 (105 with \
        IntExt), edge 3, loop 65, bridge 33, branch 1, +100 inside a core's hole, 35/37/67/69 where a bridge or loop \
        crosses an edge or perforation, background 0, 100 in a core's hole, 220 in other holes, missing 129. \
        The foreground is the given land-cover classes; NoData is missing (missing cells near the foreground count as \
        foreground, as in GTB). Each class's area is the sum of its cells' true ellipsoidal areas. --out DIR writes \
        mspa.tif (the codes) and summary.json, atomically.
        """
    )

    @Argument(help: "The land-cover raster (GeoTIFF or any GDAL raster, classes as integers; lon/lat or projected).") var landcover: String
    @Option(help: "Foreground classes, comma-separated, e.g. 1 or 1,2.") var foreground: String
    @Option(help: "Foreground connectivity: 8 (default) or 4.") var connectivity: Int = 8
    @Option(name: .customLong("edge-width"), help: "Edge width in cells, 1 (default) to 100.") var edgeWidth: Int = 1
    @Flag(inversion: .prefixedNo, help: "Count cells where a bridge or loop crosses an edge or perforation as bridge or loop (default), or as edge or perforation.") var transition = true
    @Flag(inversion: .prefixedNo, help: "Distinguish internal features (+100 inside a core's hole; 220 for other holes; default) or not.") var intext = true
    @Option(help: "Raster band (1 = first).") var band: Int = 1
    @Option(help: "km2 (default), ha, m2 or mu (亩).") var unit: AreaUnit = .squareKilometres
    @Option(help: "Output folder for mspa.tif and summary.json (written atomically; replaced only when EcoZone wrote it).") var out: String?
    @Flag(help: "Print JSON instead of tables.") var json = false

    static func classes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty else { throw ValidationError("--foreground takes class values separated by commas, e.g. 1,2") }
        return try parts.map {
            guard let v = Int($0) else { throw ValidationError("--foreground takes integer class values separated by commas; '\($0)' is not one") }
            return v
        }
    }

    func options() throws -> MSPAOptions {
        let o = MSPAOptions(parameters: MSPAParameters(connectivity: connectivity, edgeWidth: edgeWidth, transition: transition, intext: intext),
                            foreground: try Self.classes(foreground), band: band, unit: unit)
        do { try o.check() } catch let e as GeoKitError { throw ValidationError(e.message) }
        return o
    }

    func validate() throws { _ = try options() }

    func run() throws {
        let o = try options()
        var rules = OutputGuard()
        rules.read(landcover)
        if let out { _ = try rules.checkFolder(out) }
        let (report, segmentation) = try MSPAAnalysis.run(landcover: landcover, options: o)
        if let out {
            try MSPAOutput.write(segmentation, report: report, landcover: try RasterIO.info(landcover, band: band), to: out, guard: rules)
        }
        if json { return try Console.printJSON(report) }
        print(render(report, out: out))
    }

    func render(_ r: MSPAReport, out: String?) -> String {
        let u = r.unit.symbol
        let d = unit == .squareKilometres ? 4 : (unit == .squareMetres ? 0 : 2)
        let p = r.parameters
        var lines = [
            "land cover \(r.landcover), \(r.crs), \(r.width) × \(r.height) cells",
            "foreground: class\(r.foregroundClasses.count == 1 ? "" : "es") \(r.foregroundClasses.map(String.init).joined(separator: ", ")); "
                + "\(NumberText.grouped(Double(r.foregroundCells), decimals: 0)) cells, \(NumberText.grouped(r.foregroundArea, decimals: d)) \(u)"
                + (r.missingCells > 0 ? "; \(NumberText.grouped(Double(r.missingCells), decimals: 0)) missing (NoData) cells" : ""),
            "MSPA (Soille & Vogt 2009; GuidosToolbox v2.3 codes): foreground connectivity \(p.connectivity), edge width \(p.edgeWidth) cell\(p.edgeWidth == 1 ? "" : "s") "
                + "(\(NumberText.grouped(p.edgeWidthMetres, decimals: 1)) m; distance threshold \(NumberText.plain(p.threshold)) cells), "
                + "transition \(p.transition ? "on" : "off"), intext \(p.intext ? "on" : "off")",
            "areas ellipsoidal: \(r.cellArea)",
            "",
        ]
        var table = Table(["class", "类别", "codes", "cells", "area (\(u))", "share %"], alignments: [.left, .left, .right, .right, .right, .right])
        for c in r.classes {
            table.add([c.name, c.nameZh, (c.codes.isEmpty ? [c.code] : c.codes).map(String.init).joined(separator: ","),
                       NumberText.grouped(Double(c.cells), decimals: 0), NumberText.grouped(c.area, decimals: d),
                       NumberText.grouped(c.share * 100, decimals: 2)])
        }
        table.add(["foreground", "前景", "", NumberText.grouped(Double(r.foregroundCells), decimals: 0),
                   NumberText.grouped(r.foregroundArea, decimals: d), "100.00"])
        lines.append(table.text)
        if let out { lines.append("written to \(out)") }
        return lines.joined(separator: "\n")
    }
}
