import Foundation
import GeoKit

/// What `run.json` records of a PostGIS table a project reads, in place of a file's size and SHA-256:
/// the connection with its password masked, the table and filter, the number of rows the filter
/// selects, and a checksum of their content — MD5 over every selected row's text form (geometry as
/// hex EWKB included), in primary-key order, computed by the server. Two runs that record the same
/// checksum read the same rows (the checksum reads every row once: on a very large table it costs a scan).
public struct PostGISInputRecord: Sendable, Codable, Equatable {
    public var connection: String
    public var table: String
    public var whereClause: String?
    public var rows: Int
    public var md5: String

    enum CodingKeys: String, CodingKey {
        case connection, table, rows, md5
        case whereClause = "where"
    }

    /// One record per distinct (connection, table, filter) of the project's layers.
    static func records(for project: Project) throws -> [PostGISInputRecord] {
        var seen = Set<String>()
        var out: [PostGISInputRecord] = []
        var databases: [String: PostGISDatabase] = [:]
        for layer in project.layers {
            for source in layer.sources {
                guard let c = PostGISConnection(source.path), let table = source.layer else { continue }
                let id = "\(c.string)\u{0}\(table)\u{0}\(source.whereClause ?? "")"
                guard seen.insert(id).inserted else { continue }
                let db = try databases[c.string] ?? PostGISDatabase(c)
                databases[c.string] = db
                out.append(try record(db, table: table, whereClause: source.whereClause))
            }
        }
        return out
    }

    /// Counts and checksums `table` (filtered by `whereClause`) in `db`.
    public static func record(_ db: PostGISDatabase, table: String, whereClause: String?) throws -> PostGISInputRecord {
        typealias C = PostGISConnection
        let key = try db.value("""
            SELECT a.attname AS pk FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = \(C.literal(C.qualified(table)))::regclass AND i.indisprimary LIMIT 1
            """)
        let order = key.map { "t.\(C.quoted($0))" } ?? "t::text"
        let filter = whereClause.map { " WHERE \($0)" } ?? ""
        let row = try db.rows("""
            SELECT count(*) AS n, coalesce(md5(string_agg(md5(t::text), '' ORDER BY \(order))), md5('')) AS checksum
            FROM \(C.qualified(table)) t\(filter)
            """).first
        guard let row, let n = row[0].flatMap({ Int($0) }), let md5 = row[1] else {
            throw GeoKitError(.input, "cannot count and checksum the table", file: db.connection.string, layer: table)
        }
        return PostGISInputRecord(connection: db.connection.masked, table: table, whereClause: whereClause, rows: n, md5: md5)
    }
}
