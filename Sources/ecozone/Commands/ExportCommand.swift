import ArgumentParser
import EcoZone
import GeoKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layer as RFC 7946 GeoJSON (lon/lat, counter-clockwise shells) for web maps.",
        discussion: "The output format follows the extension: .geojson (default), .gpkg, .shp (UTF-8 with .cpg), .fgb. The file is written under a temporary name and renamed, so a failed run leaves nothing behind. An existing file is replaced only with --overwrite; the input, or any part of it (a shapefile's .shx, .dbf …), never."
    )

    @OptionGroup var input: SourceOptions

    @Option(name: .customLong("where"), help: "OGR SQL attribute filter.")
    var whereClause: String?

    @Option(help: "Output file, or a PostGIS database (PG:dbname=… host=…) with --table.")
    var out: String

    @Option(help: "With --out PG:…: the table to write, schema.table (created; replaced with --overwrite only when EcoZone wrote it).")
    var table: String?

    @Flag(help: "Replace an existing output file (never an input).")
    var overwrite = false

    @Option(help: "Decimal places of GeoJSON coordinates (6 ≈ 0.1 m).")
    var precision: Int = 6

    @Option(help: "Simplify with this tolerance in metres, keeping edges shared by neighbouring polygons shared.")
    var simplify: Double?

    @Flag(help: "Write GCJ-02 coordinates for Chinese web map services (Amap, Tencent) instead of WGS 84.")
    var gcj02 = false

    @Flag(help: "Print JSON instead of a summary.")
    var json = false

    func validate() throws {
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15") }
        if let s = simplify, !(s.isFinite && s >= 0) { throw ValidationError("--simplify must be a finite distance in metres, 0 or more") }
    }

    func run() throws {
        let request = input.request(where: whereClause)
        if let connection = PostGISConnection(out) {
            guard let table, !table.isEmpty else { throw ValidationError("--out PG:… needs --table schema.table") }
            let layer = try LayerStore().layer(request)
            let report = try PostGISExport.write(layer.valid, to: connection, table: table, overwrite: overwrite,
                                                 method: "export", inputs: [request])
            if json { return try Console.printJSON(report) }
            print("wrote \(report.features) feature(s) to table \(report.table) of \(report.connection) (SRID \(report.srid), GiST index, one transaction)")
            print("  comment: \(report.comment)")
            for r in layer.repairs { print("  repaired feature \(r.fid): \(r.reason)") }
            return
        }
        if table != nil { throw ValidationError("--table applies to --out PG:… only") }
        let rules = OutputGuard(overwrite: overwrite, reading: [request.source])
        try rules.checkFile(out, format: VectorFormat(path: out) ?? .geoJSON)
        let layer = try LayerStore().layer(request)   // repaired once; the export finds nothing left to repair
        var report = try ExportReport.export(layer.valid, to: out, precision: precision, simplifyMetres: simplify, gcj02: gcj02, guard: rules)
        report.repairs = layer.repairs
        if json { return try Console.printJSON(report) }
        print("wrote \(report.features) feature(s) to \(report.output) (\(report.format))")
        print("  from \(report.sourceCRS) to \(report.outputCRS)")
        print("  transformation: \(report.transformation)")
        if let p = report.precision { print("  coordinates: \(p) decimal places") }
        if let s = report.simplifyMetres {
            print("  simplified at \(NumberText.grouped(s, decimals: 1)) m in \(report.simplifyCRS ?? "?"), shared edges kept: \(report.verticesBefore) → \(report.verticesAfter) vertices")
        }
        if !report.vanished.isEmpty { print("  \(report.vanished.count) feature(s) left without area (covered by earlier features, simplified away, or collapsed on the --precision grid) written without geometry: \(report.vanished.map(String.init).joined(separator: ", "))") }
        if !report.simplifyRepairs.isEmpty {
            print("  \(report.simplifyRepairs.count) feature(s) turned invalid once projected for simplifying and were repaired first (reasons in --json): \(report.simplifyRepairs.map { String($0.fid) }.joined(separator: ", "))")
        }
        for n in report.simplifyFallbacks { print("  feature \(n.fid) simplified on its own (its shared edges may not match its neighbours'): \(n.reason)") }
        if let g = report.simplifySnapGrid { print("  edges noded with snap-rounding on a \(g) m grid") }
        if !report.unsnapped.isEmpty { print("  \(report.unsnapped.count) feature(s) could not be snapped to the --precision grid and were written as they are (GDAL rounds them): \(report.unsnapped.map(String.init).joined(separator: ", "))") }
        for r in report.repairs {
            print("  repaired feature \(r.fid): \(r.reason)")
        }
    }
}
