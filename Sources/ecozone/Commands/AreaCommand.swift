import ArgumentParser
import EcoZone
import GeoKit

extension AreaUnit: ExpressibleByArgument {}
extension AreaMethod: ExpressibleByArgument {}

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Areas of a polygon layer: total and by group, ellipsoidal on CGCS2000 (the national rule) or projected.",
        discussion: "Invalid polygons are repaired before they are measured, and each repair is reported."
    )

    @OptionGroup var input: SourceOptions

    @Option(name: .customLong("where"), help: "OGR SQL attribute filter, e.g. \"GRADE IN ('强烈','极强烈')\".")
    var whereClause: String?

    @Option(help: "Group by this field.")
    var by: String?

    @Option(help: "ellipsoidal (default), projected (CGCS2000 3° Gauss–Krüger zone of the layer's centre) or both.")
    var method: AreaMethod = .ellipsoidal

    @Option(help: "km2 (default), ha, m2 or mu (亩).")
    var unit: AreaUnit = .squareKilometres

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let layer = try LayerStore().layer(input.request(where: whereClause))
        let report = try AreaReport.measure(layer, method: method, unit: unit, groupField: by)
        if json { return try Console.printJSON(report) }
        print(render(report))
        for r in report.repairs {
            Console.note("repaired feature \(r.fid): \(r.reason); \(NumberText.grouped(report.unit.fromSquareMetres(r.areaBefore), decimals: decimals)) → \(NumberText.grouped(report.unit.fromSquareMetres(r.areaAfter), decimals: decimals)) \(report.unit.symbol), \(r.partsBefore) → \(r.partsAfter) part(s)")
        }
    }

    var decimals: Int {
        switch unit {
        case .squareKilometres: return 4
        case .hectares, .mu: return 2
        case .squareMetres: return 0
        }
    }

    func render(_ r: AreaReport) -> String {
        var lines: [String] = []
        lines.append("\(r.source), layer \(r.layer)")
        let assumption = r.declaredCRSSetAside.map { " (assumed: the source declares \($0), which its values cannot be in)" } ?? " (assumed: the source declares none)"
        lines.append("CRS \(r.crs)\(r.crsAssumed ? assumption : ""); text \(r.encoding)")
        if let w = r.whereClause { lines.append("where \(w)") }
        switch r.method {
        case .ellipsoidal: lines.append("method: ellipsoidal (geodesic on the \(r.ellipsoid) ellipsoid)")
        case .projected, .both:
            // No projection without features (a --where that selects none): no zone to name.
            let zone = r.projection.map { p in "CGCS2000 3° Gauss–Krüger zone \(p.zone), CM \(Int(p.centralMeridian))°E, \(p.crs)" }
                ?? "CGCS2000 3° Gauss–Krüger zone of the layer's centre; no feature, so no zone"
            lines.append(r.method == .projected ? "method: projected (\(zone))" : "methods: ellipsoidal (geodesic on \(r.ellipsoid)) and projected (\(zone))")
        }
        lines.append("")
        let unit = r.unit.symbol
        var headers = [r.groupedBy ?? "", "features"]
        if r.method == .both {
            headers += ["ellipsoidal (\(unit))", "projected (\(unit))", "difference"]
        } else {
            headers += ["area (\(unit))"]
        }
        var table = Table(headers, alignments: [.left] + Array(repeating: .right, count: headers.count - 1))
        for g in r.groups {
            var row = [g.key, String(g.features), NumberText.grouped(g.area, decimals: decimals)]
            if r.method == .both, let p = g.projectedArea {
                row += [NumberText.grouped(p, decimals: decimals), g.area > 0 ? NumberText.signedPercent((p - g.area) / g.area) : ""]
            }
            table.add(row)
        }
        var total = ["total", String(r.features), NumberText.grouped(r.total, decimals: decimals)]
        if r.method == .both, let p = r.projection {
            total += [NumberText.grouped(p.total, decimals: decimals), NumberText.signedPercent(p.relativeDifference)]
        }
        if r.groups.isEmpty { table.add(total) } else { table.footer.append(total) }
        lines.append(table.text)
        if r.featuresWithoutGeometry > 0 { lines.append("\(r.featuresWithoutGeometry) feature(s) without geometry counted with area 0") }
        if !r.repairs.isEmpty { lines.append("\(r.repairs.count) invalid polygon(s) repaired before measuring (details on stderr)") }
        return lines.joined(separator: "\n")
    }
}
