import ArgumentParser
import EcoZone
import GeoKit

extension AxisOrder: ExpressibleByArgument {}

/// Options every command that reads one layer shares.
struct SourceOptions: ParsableArguments {
    @Argument(help: "A vector data source: shapefile, GeoPackage, GeoJSON, FlatGeobuf or any OGR source string.")
    var source: String

    @Option(help: "Layer name, for sources with several layers.")
    var layer: String?

    @Option(name: .customLong("assume-crs"), help: "CRS for a source that declares none, e.g. EPSG:4490; overrides a declared CRS only when the values cannot be in it: metres under a geographic CRS, degrees under a projected one (a wrong .prj).")
    var assumeCRS: String?

    @Option(help: "Text encoding of attributes, overriding .cpg and language id, e.g. CP936 or UTF-8.")
    var encoding: String?

    @Flag(name: .customLong("gcj02-source"), help: "The source's lon/lat are GCJ-02 (Amap, Tencent, DataV): shift them back to WGS 84 on reading.")
    var gcj02Source = false

    @Option(name: .customLong("assume-axis-order"),
            help: "lat-lon: the source holds (latitude, longitude), swap on reading; lon-lat: take the coordinates as they are, without the swapped-axes check.")
    var assumeAxisOrder: AxisOrder?

    func request(where whereClause: String? = nil) -> LayerRequest {
        LayerRequest(source: source, layer: layer, whereClause: whereClause, assumedCRS: assumeCRS, encoding: encoding, gcj02: gcj02Source,
                     axisOrder: assumeAxisOrder)
    }
}
