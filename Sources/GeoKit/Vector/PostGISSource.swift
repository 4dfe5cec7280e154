internal import CGDAL
import Foundation

extension VectorSource {
    /// Whether this source is a PostgreSQL database opened through GDAL's PostgreSQL driver.
    public var isDatabase: Bool { driver == "PostgreSQL" }

    /// A table (or view) of a PostgreSQL database by its GDAL layer name, `schema.table` (`table`, or
    /// `public.table`, for the public schema), looked up directly (`GDALDatasetGetLayerByName`, which
    /// the PostgreSQL driver resolves with a catalogue query): listing every table of a large database
    /// first would cost a query per table. With no name, the database must hold exactly one table.
    func table(named name: String?) throws -> VectorLayer {
        guard let name, !name.isEmpty else {
            let names = layerNames
            if names.count == 1, let h = GDALDatasetGetLayerByName(handle, names[0]) {
                return VectorLayer(source: self, handle: h, name: names[0])
            }
            let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", …" : "")
            throw GeoKitError(.input, names.isEmpty ? "the database has no table with a geometry column"
                                                    : "the database has \(names.count) tables with a geometry column, named schema.table (\(shown))",
                              file: path, hint: .nameLayer)
        }
        var candidates = [name]
        if name.hasPrefix("public.") { candidates.append(String(name.dropFirst("public.".count))) }
        for c in candidates {
            if let h = withGDALMessages({ _ in GDALDatasetGetLayerByName(handle, c) }) {
                return VectorLayer(source: self, handle: h, name: c)
            }
        }
        throw GeoKitError(.input, "no table or view named '\(name)' with a geometry column in the database", file: path, layer: name)
    }
}
