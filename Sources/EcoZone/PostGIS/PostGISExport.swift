import Foundation
import GeoKit

/// `export … --out PG:… --table schema.table`: a layer written into a PostGIS table in one transaction
/// (``PostGISWriter``), never over one of the command's inputs nor over a table EcoZone did not write.
public enum PostGISExport {
    public struct Report: Sendable, Encodable {
        public var connection: String
        public var table: String
        public var features: Int
        public var srid: String
        public var comment: String
    }

    /// Refuses a table that is one of `inputs` (the same database, the same `schema.table`).
    public static func checkNotInput(connection: PostGISConnection, table: String, inputs: [LayerRequest]) throws {
        let target = PostGISConnection.schemaAndTable(table)
        for r in inputs + inputs.flatMap(\.parts) {
            guard let c = PostGISConnection(r.source), c.database == connection.database, let layer = r.layer else { continue }
            if PostGISConnection.schemaAndTable(layer) == target {
                throw GeoKitError(.output, "this table is an input of the command, and inputs are never replaced", file: connection.string, layer: table,
                                  hint: .chooseOutput())
            }
        }
    }

    /// Writes `layer` (its features in its CRS) as `table`; `method` says what made it, for the table's comment.
    public static func write(_ layer: LoadedLayer, to connection: PostGISConnection, table: String, overwrite: Bool,
                             method: String, inputs: [LayerRequest]) throws -> Report {
        try checkNotInput(connection: connection, table: table, inputs: inputs)
        let comment = "\(method); EcoZone \(EcoZoneVersion.current), \(ISO8601DateFormatter().string(from: Date())); from \(PostGISConnection.masked(layer.request.source))\(layer.request.layer.map { " layer \($0)" } ?? "")"
        let writer = try PostGISWriter(connection, replace: overwrite)
        do {
            try writer.write(layer: table, crs: layer.crs, fields: layer.fields, features: layer.features, comment: comment)
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }
        return Report(connection: connection.masked, table: table, features: layer.features.count, srid: layer.crs.authorityCode ?? "?",
                      comment: PostGISWriter.marker + ": " + comment)
    }
}
