import ArgumentParser
import EcoZone
import Foundation
import GeoKit

struct BufferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buffer",
        abstract: "Buffer a layer by a distance on the ground: set-back ranges (河道管理范围, 岸线保护范围) and riverside belts.",
        discussion: """
        Each feature is densified to 100 m, transformed into the CGCS2000 3° Gauss–Krüger zone of the layer's centre, buffered \
        there by the distance times the zone's scale factor at the feature's centre (so that it is metres on the ground, not \
        Gauss–Krüger metres), and written back in CGCS2000 lon/lat (EPSG:4490), each feature with its attributes and buffer_m, \
        or with --dissolve as one feature. Circles are drawn with 4 × 32 chords (a point's buffer is 0.9996 πr²). The output \
        format follows the extension (.geojson, .gpkg, .shp, .fgb); it is written atomically, replaces an existing file only \
        with --overwrite, and is never an input.
        """
    )

    @OptionGroup var input: SourceOptions
    @Option(name: .customLong("where"), help: "OGR SQL attribute filter.") var whereClause: String?
    @Option(help: "Metres on the ground each side (more than 0, at most 1,000,000).") var distance: Double
    @Flag(help: "Write one feature: the union of every buffer.") var dissolve = false
    @Option(help: "Output file.") var out: String
    @Flag(help: "Replace an existing output file (never an input).") var overwrite = false
    @Flag(help: "Print JSON instead of a summary.") var json = false

    func validate() throws {
        guard distance.isFinite, distance > 0, distance <= 1_000_000 else {
            throw ValidationError("--distance must be more than 0 and at most 1,000,000 metres")
        }
    }

    func run() throws {
        let request = input.request(where: whereClause)
        let rules = OutputGuard(overwrite: overwrite, reading: [request.source])
        try rules.checkFile(out, format: VectorFormat(path: out) ?? .geoJSON)
        let layer = try LayerStore().layer(request)
        var (buffered, report) = try LayerBuffer.run(layer.valid, distance: distance, dissolve: dissolve)
        _ = try ExportReport.export(buffered, to: out, precision: 7, guard: rules)
        report.outputPath = out
        buffered.features = []
        if json { return try Console.printJSON(report) }
        print("buffered \(report.features) feature(s) of \(report.source) by \(NumberText.grouped(report.distance, decimals: 1)) m on the ground"
              + (report.dissolved ? ", dissolved" : ""))
        print("  drawn in CGCS2000 3° Gauss–Krüger zone \(report.zone) (\(report.zoneCRS), CM \(NumberText.plain(report.centralMeridian))°E); "
              + "scale factor k \(NumberText.fixed(report.scaleMin, 6))–\(NumberText.fixed(report.scaleMax, 6)) corrected per feature")
        print("  \(report.output) feature(s), \(NumberText.grouped(report.area.squareKilometres, decimals: 4)) km² (ellipsoidal, CGCS2000)")
        print("wrote \(out)")
    }
}
