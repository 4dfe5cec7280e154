import ArgumentParser
import EcoZone
import Foundation
import GeoKit

extension CoverageRule: ExpressibleByArgument {}

struct ZonalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zonal",
        abstract: "Zonal statistics of a raster: per zone, the ellipsoidal area of each class and of NoData, and area-weighted value statistics.",
        discussion: """
        Each cell counts with its coverage fraction by the zone and its true ellipsoidal area on CGCS2000. \
        --rule exact (default): the exact fraction of the cell's area inside the polygon, the exactextract rule (planar \
        in the raster's CRS, degrees for a lon/lat raster). --rule centre: GDAL's cell-centre rule (gdal_rasterize). \
        Cell areas: lon/lat cells exact between their parallels and meridians; projected cells Δx·Δy divided by the \
        CRS's areal scale factor (PROJ). Zones in another CRS are transformed into the raster's, vertex by vertex. \
        Without --by all features form one zone, 'all'. NoData cells count as 'nodata'; a zone's part beyond the \
        raster as 'outside'. mean = Σ c·A·x / Σ c·A; sum = Σ c·x; min and max over the cells a zone touches.
        """
    )

    @Argument(help: "The raster (GeoTIFF or any GDAL raster, any CRS).") var raster: String
    @Option(help: "The zones: a polygon source (shapefile, GeoPackage, GeoJSON, …).") var zones: String
    @Option(help: "Layer of --zones.") var layer: String?
    @Option(name: .customLong("where"), help: "OGR SQL attribute filter on the zones.") var whereClause: String?
    @Option(help: "Group zones by this field (one zone per value).") var by: String?
    @Option(help: "Raster band (1 = first).") var band: Int = 1
    @Flag(help: "Area per class (distinct cell value).") var classes = false
    @Option(name: .customLong("class-table"), help: "CSV of value,name naming the classes (default: the raster's own category names or CLASS_n metadata).")
    var classTable: String?
    @Option(help: "Value statistics, comma-separated: mean, min, max, sum (default: mean,min,max without --classes).") var stats: String?
    @Option(help: "km2 (default), ha, m2 or mu (亩).") var unit: AreaUnit = .squareKilometres
    @Option(help: "exact (default; exact coverage fractions) or centre (GDAL's cell-centre rule).") var rule: CoverageRule = .exact
    @Option(name: .customLong("assume-crs"), help: "CRS for a zone source that declares none.") var assumeCRS: String?
    @Option(help: "Text encoding of the zone source's attributes, e.g. CP936.") var encoding: String?
    @Flag(name: .customLong("gcj02-source"), help: "The zones' lon/lat are GCJ-02: shift them back to WGS 84 on reading.") var gcj02Source = false
    @Option(name: .customLong("assume-axis-order"), help: "lat-lon or lon-lat for the zone source.") var assumeAxisOrder: AxisOrder?
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard band >= 1 else { throw ValidationError("--band must be 1 or more") }
        _ = try parsedStats()
    }

    func parsedStats() throws -> [ZonalStatistic] {
        guard let stats else { return classes ? [] : [.mean, .min, .max] }
        return try stats.split(separator: ",").map {
            let name = $0.trimmingCharacters(in: .whitespaces)
            guard let s = ZonalStatistic(rawValue: name) else {
                throw ValidationError("--stats takes mean, min, max and sum, separated by commas; '\(name)' is none of them")
            }
            return s
        }
    }

    func run() throws {
        var options = ZonalOptions(band: band, classes: classes || classTable != nil, statistics: try parsedStats(), unit: unit, rule: rule)
        if let classTable { options.classNames = try RasterClassNames.read(csv: classTable) }
        let request = LayerRequest(source: zones, layer: layer, whereClause: whereClause, assumedCRS: assumeCRS, encoding: encoding,
                                   gcj02: gcj02Source, axisOrder: assumeAxisOrder)
        let report = try ZonalAnalysis.run(raster: raster, zones: request, by: by, options: options)
        if json { return try Console.printJSON(report) }
        print(render(report))
    }

    var decimals: Int {
        switch unit {
        case .squareKilometres: return 4
        case .hectares, .mu: return 2
        case .squareMetres: return 0
        }
    }

    func render(_ r: ZonalReport) -> String {
        let u = r.unit.symbol
        var lines = ["raster \(r.raster), band \(r.band), \(r.crs)",
                     "zones \(r.zonesSource)\(r.zonesLayer.isEmpty ? "" : ", layer \(r.zonesLayer)"), \(r.zonesCRS)\(r.groupedBy.map { ", by \($0)" } ?? "")",
                     "transformation: \(r.transformation)",
                     "areas ellipsoidal: \(r.cellArea)",
                     "rule \(r.rule.rawValue): " + (r.rule == .exact ? "exact coverage fractions (exactextract)" : "cell centres inside the zone (GDAL)"),
                     ""]
        let classValues = Array(Set(r.zones.flatMap { $0.classes ?? [] }.map(\.value))).sorted()
        var names: [Double: String] = [:]
        for z in r.zones { for c in z.classes ?? [] where c.name != nil { names[c.value] = c.name } }
        let statNames = ZonalStatistic.allCases.map(\.rawValue).filter { s in r.zones.contains { $0.stats?[s] != nil } }
        var headers = [r.groupedBy ?? "zone", "total (\(u))", "nodata (\(u))"]
        let anyOutside = r.zones.contains { $0.outside > 0 }
        if anyOutside { headers.append("outside (\(u))") }
        for v in classValues {
            let label = v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : NumberText.significant(v)
            headers.append(names[v].map { "\(label) \($0)" } ?? label)
        }
        headers += statNames
        var table = Table(headers, alignments: [.left] + Array(repeating: .right, count: headers.count - 1))
        for z in r.zones {
            var row = [z.key, NumberText.grouped(z.total, decimals: decimals), NumberText.grouped(z.nodata, decimals: decimals)]
            if anyOutside { row.append(NumberText.grouped(z.outside, decimals: decimals)) }
            for v in classValues {
                row.append(NumberText.grouped(z.classes?.first { $0.value == v }?.area ?? 0, decimals: decimals))
            }
            for s in statNames { row.append(z.stats?[s].map { NumberText.significant($0) } ?? "—") }
            table.add(row)
        }
        lines.append(table.text)
        if r.repairs > 0 { lines.append("\(r.repairs) invalid zone polygon(s) repaired before use") }
        return lines.joined(separator: "\n")
    }
}
