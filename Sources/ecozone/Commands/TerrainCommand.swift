import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct TerrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terrain",
        abstract: "Slope, aspect and elevation of a DEM per zone: elevation mean/min/max and the ellipsoidal area of each slope class and elevation band.",
        discussion: """
        Slope by Horn's method in degrees with true metric cell sizes: for a lon/lat DEM each row's Δx = N·cosφ·Δλ and \
        Δy = M·Δφ on CGCS2000 (gdaldem needs -s and gets it wrong away from the equator); aspect from the metric gradient. \
        At the DEM's edge and beside NoData the missing differences are taken one-sided. Areas: each cell's true \
        ellipsoidal area times its coverage by the zone (--rule exact, the exactextract rule; or centre, GDAL's). \
        Without --zones the whole DEM is one zone, 'all'. --out DIR writes slope.tif, aspect.tif, slope_classes.tif/.gpkg \
        and elevation_bands.tif/.gpkg (polygons usable as project layers) and summary.json, atomically.
        """
    )

    @Argument(help: "The DEM (GeoTIFF or any GDAL raster; elevations in metres; lon/lat or projected).") var dem: String
    @Option(help: "Zones: a polygon source.") var zones: String?
    @Option(help: "Layer of --zones.") var layer: String?
    @Option(name: .customLong("where"), help: "OGR SQL attribute filter on the zones.") var whereClause: String?
    @Option(help: "Group zones by this field (one zone per value).") var by: String?
    @Option(help: "Raster band (1 = first).") var band: Int = 1
    @Option(name: .customLong("slope-classes"), help: "Slope class breaks in degrees, comma-separated.") var slopeClasses: String = "15,25"
    @Option(name: .customLong("elevation-bands"), help: "Elevation band breaks in metres, comma-separated, e.g. 175,1000.") var elevationBands: String?
    @Option(help: "km2 (default), ha, m2 or mu (亩).") var unit: AreaUnit = .squareKilometres
    @Option(help: "exact (default) or centre.") var rule: CoverageRule = .exact
    @Option(help: "Output folder for slope/aspect GeoTIFFs and class polygons (written atomically; replaced only when EcoZone wrote it).") var out: String?
    @Option(name: .customLong("assume-crs"), help: "CRS for a zone source that declares none.") var assumeCRS: String?
    @Option(help: "Text encoding of the zone source's attributes, e.g. CP936.") var encoding: String?
    @Flag(help: "Print JSON instead of tables.") var json = false

    static func breaks(_ text: String, _ flag: String) throws -> [Double] {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return [] }
        return try text.split(separator: ",").map {
            guard let v = Double($0.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw ValidationError("\(flag) takes numbers separated by commas; '\($0)' is not one")
            }
            return v
        }
    }

    func options() throws -> TerrainOptions {
        let o = TerrainOptions(band: band, slopeBreaks: try Self.breaks(slopeClasses, "--slope-classes"),
                               elevationBreaks: try Self.breaks(elevationBands ?? "", "--elevation-bands"), unit: unit, rule: rule)
        do { try o.check() } catch let e as GeoKitError { throw ValidationError(e.message) }
        return o
    }

    func validate() throws {
        guard band >= 1 else { throw ValidationError("--band must be 1 or more") }
        if by != nil && zones == nil { throw ValidationError("--by needs --zones") }
        _ = try options()
    }

    func run() throws {
        let o = try options()
        var rules = OutputGuard()
        rules.read(dem)
        if let zones { rules.read(zones) }
        if let out { _ = try rules.checkFolder(out) }
        let request = zones.map { LayerRequest(source: $0, layer: layer, whereClause: whereClause, assumedCRS: assumeCRS, encoding: encoding) }
        let report = try TerrainAnalysis.run(dem: dem, zones: request, by: by, options: o)
        if let out { try TerrainOutput.write(dem: dem, report: report, options: o, to: out, guard: rules) }
        if json { return try Console.printJSON(report) }
        print(render(report, out: out))
    }

    func render(_ r: TerrainReport, out: String?) -> String {
        let u = r.unit.symbol
        let d = unit == .squareKilometres ? 4 : (unit == .squareMetres ? 0 : 2)
        var lines = ["DEM \(r.dem), \(r.crs)"]
        if let z = r.zonesSource { lines.append("zones \(z)\(r.groupedBy.map { ", by \($0)" } ?? ""); transformation: \(r.transformation ?? "")") }
        lines += ["slope: \(r.slopeMethod)", "areas ellipsoidal: \(r.cellArea); rule \(r.rule.rawValue)", ""]
        func range(_ x: TerrainReport.Range_, _ unit: String) -> String {
            switch (x.from, x.to) {
            case let (f?, t?): return "\(NumberText.plain(f))–\(NumberText.plain(t))\(unit)"
            case let (nil, t?): return "<\(NumberText.plain(t))\(unit)"
            case let (f?, nil): return "≥\(NumberText.plain(f))\(unit)"
            default: return "all"
            }
        }
        guard let first = r.zones.first else { return lines.joined(separator: "\n") }
        var headers = [r.groupedBy ?? "zone", "area (\(u))", "mean (m)", "min (m)", "max (m)", "mean slope (°)"]
        headers += first.slopeClasses.map { "slope \(range($0, "°")) (\(u))" }
        headers += first.elevationBands.count > 1 ? first.elevationBands.map { "\(range($0, " m")) (\(u))" } : []
        var table = Table(headers, alignments: [.left] + Array(repeating: .right, count: headers.count - 1))
        for z in r.zones {
            var row = [z.key, NumberText.grouped(z.total, decimals: d)]
            if let e = z.elevation {
                row += [NumberText.grouped(e.mean, decimals: 1), NumberText.grouped(e.min, decimals: 1), NumberText.grouped(e.max, decimals: 1)]
            } else { row += ["—", "—", "—"] }
            row.append(z.slope.map { NumberText.grouped($0.mean, decimals: 2) } ?? "—")
            row += z.slopeClasses.map { NumberText.grouped($0.area, decimals: d) }
            if z.elevationBands.count > 1 { row += z.elevationBands.map { NumberText.grouped($0.area, decimals: d) } }
            table.add(row)
        }
        lines.append(table.text)
        let nodata = r.zones.reduce(0) { $0 + $1.nodata }, outside = r.zones.reduce(0) { $0 + $1.outside }
        if nodata > 0 { lines.append("NoData: \(NumberText.grouped(nodata, decimals: d)) \(u) of the zones lie on DEM cells without a value") }
        if outside > 0 { lines.append("outside: \(NumberText.grouped(outside, decimals: d)) \(u) of the zones lie beyond the DEM") }
        if let out { lines.append("written to \(out)") }
        return lines.joined(separator: "\n")
    }
}
