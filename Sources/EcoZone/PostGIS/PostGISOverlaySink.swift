import Foundation
import GeoKit

/// `overlay A B --out PG:… --table schema.table`: the pieces written into a PostGIS table, and the
/// summary (area in both, in A only, in B only, km²) into `schema.table_summary`, in one transaction
/// (``PostGISWriter``): both tables or neither. The pieces keep their geometry in the analysis CRS
/// (its EPSG code as SRID), both sides' attributes, the parents' ids and the piece's ellipsoidal area
/// (`area_km2`, CGCS2000), as the file output does. Neither table may be an input of the command, and
/// an existing one is replaced only with `overwrite` when EcoZone wrote it.
public enum PostGISOverlaySink {
    public struct Report: Sendable, Encodable {
        public var connection: String
        public var table: String
        public var summaryTable: String
        public var pieces: Int
        public var srid: String
        public var comment: String

        enum CodingKeys: String, CodingKey {
            case connection, table, pieces, srid, comment
            case summaryTable = "summary_table"
        }
    }

    /// The summary table's name: `schema.table_summary`.
    public static func summaryTable(_ table: String) -> String { table + "_summary" }

    /// Refuses a pieces or summary table that is one of `inputs`, before any overlay is computed.
    public static func checkNotInput(connection: PostGISConnection, table: String, inputs: [LayerRequest]) throws {
        try PostGISExport.checkNotInput(connection: connection, table: table, inputs: inputs)
        try PostGISExport.checkNotInput(connection: connection, table: summaryTable(table), inputs: inputs)
    }

    public static func write(_ result: PairwiseOverlayResult, to connection: PostGISConnection, table: String, overwrite: Bool,
                             inputs: [LayerRequest]) throws -> Report {
        try checkNotInput(connection: connection, table: table, inputs: inputs)
        let s = result.summary()
        let method = "overlay \(result.how.rawValue) of \(PostGISConnection.masked(result.a.source)) (\(result.a.name)) and "
            + "\(PostGISConnection.masked(result.b.source)) (\(result.b.name)) in \(s.analysisCRS), areas ellipsoidal on CGCS2000 (km²)"
        let comment = "\(method); EcoZone \(EcoZoneVersion.current), \(ISO8601DateFormatter().string(from: Date()))"
        let nullA = [FieldValue](repeating: .null, count: result.a.fields.count)
        let nullB = [FieldValue](repeating: .null, count: result.b.fields.count)
        let features = result.pieces.enumerated().map { i, p in
            let fa = p.a.map { result.a.features[$0] }, fb = p.b.map { result.b.features[$0] }
            let values = (fa?.values ?? nullA) + (fb?.values ?? nullB)
                + [fa.map { .integer($0.fid) } ?? .null, fb.map { .integer($0.fid) } ?? .null, .real(Area(squareMetres: p.area).squareKilometres)]
            return Feature(fid: Int64(i + 1), values: values, wkb: p.wkb)
        }
        // Figures for machines, in full (as CSV cells and JSON are written).
        let rows: [[String]] = [("in both", s.inBoth), ("only in \(result.a.name)", s.onlyA), ("only in \(result.b.name)", s.onlyB), ("total", s.total)]
            .map { [$0.0, String($0.1.squareKilometres)] }
        let writer = try PostGISWriter(connection, replace: overwrite)
        do {
            try writer.write(layer: table, crs: result.a.analysisCRS, fields: result.outputFields, features: features, comment: "pieces of the " + comment)
            try writer.writeTable(summaryTable(table), columns: ["part", "area_km2"], rows: rows, comment: "summary of the " + comment)
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }
        return Report(connection: connection.masked, table: table, summaryTable: summaryTable(table), pieces: features.count,
                      srid: result.a.analysisCRS.authorityCode ?? "?", comment: PostGISWriter.marker + ": pieces of the " + comment)
    }
}
