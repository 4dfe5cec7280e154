import ArgumentParser
import EcoZone
import GeoKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List layers with CRS, text encoding, fields, feature counts and every invalid geometry."
    )

    @Argument(help: "A vector data source.")
    var source: String

    @Option(help: "Inspect only this layer.")
    var layer: String?

    @Option(help: "Text encoding of attributes, overriding .cpg and language id.")
    var encoding: String?

    @Option(name: .customLong("assume-axis-order"),
            help: "lat-lon: the source holds (latitude, longitude); lon-lat: take the coordinates as they are, without the swapped-axes check.")
    var assumeAxisOrder: AxisOrder?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let result = try SourceInspection.inspect(source, layer: layer, encoding: encoding, axisOrder: assumeAxisOrder)
        if json { return try Console.printJSON(result) }
        print("\(result.source)  (\(result.driver))")
        for l in result.layers {
            print("")
            print("layer \(l.name): \(l.features) feature(s), \(l.geometryType)")
            print("  CRS:      \(l.crs ?? "none declared — give --assume-crs to use this layer")")
            print("  encoding: \(l.encoding)")
            if let e = l.extent {
                let d = l.crsIsGeographic != false && max(abs(e.minX), abs(e.maxX), abs(e.minY), abs(e.maxY)) <= 360 ? 6 : 1
                print("  extent:   \(NumberText.grouped(e.minX, decimals: d)), \(NumberText.grouped(e.minY, decimals: d)) — \(NumberText.grouped(e.maxX, decimals: d)), \(NumberText.grouped(e.maxY, decimals: d))")
            }
            print("  fields:   " + (l.fields.isEmpty ? "none" : l.fields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")))
            if l.withoutGeometry > 0 { print("  without geometry: \(l.withoutGeometry)") }
            if l.emptyGeometries > 0 { print("  empty geometries: \(l.emptyGeometries)") }
            if let problem = l.coordinateProblem {
                print("  validity: not valid: \(problem)")
            } else if l.invalid.isEmpty {
                print("  validity: all geometries valid")
            }
            if !l.invalid.isEmpty {
                let head = l.coordinateProblem == nil ? "  validity:" : "  and"
                print("\(head) \(l.invalid.count) invalid (repaired automatically by area, overlay and export):")
                for i in l.invalid { print("    feature \(i.fid): \(i.reason)") }
            }
        }
    }
}
