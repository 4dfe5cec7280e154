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

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let result = try SourceInspection.inspect(source, layer: layer, encoding: encoding)
        if json { return try Console.printJSON(result) }
        print("\(result.source)  (\(result.driver))")
        for l in result.layers {
            print("")
            print("layer \(l.name): \(l.features) feature(s), \(l.geometryType)")
            print("  CRS:      \(l.crs ?? "none declared — give --assume-crs to use this layer")")
            print("  encoding: \(l.encoding)")
            if let e = l.extent {
                let d = l.crsIsGeographic == true || (l.crsIsGeographic == nil && max(abs(e.minX), abs(e.maxX)) <= 360) ? 6 : 1
                print("  extent:   \(Number.format(e.minX, decimals: d)), \(Number.format(e.minY, decimals: d)) — \(Number.format(e.maxX, decimals: d)), \(Number.format(e.maxY, decimals: d))")
            }
            print("  fields:   " + (l.fields.isEmpty ? "none" : l.fields.map { "\($0.name) (\($0.type.rawValue))" }.joined(separator: ", ")))
            if l.withoutGeometry > 0 { print("  without geometry: \(l.withoutGeometry)") }
            if l.emptyGeometries > 0 { print("  empty geometries: \(l.emptyGeometries)") }
            if l.invalid.isEmpty {
                print("  validity: all geometries valid")
            } else {
                print("  validity: \(l.invalid.count) invalid (repaired automatically by area, overlay and export):")
                for i in l.invalid { print("    feature \(i.fid): \(i.reason)") }
            }
        }
    }
}
