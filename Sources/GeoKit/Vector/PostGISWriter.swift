import Foundation

/// Writes layers into PostGIS tables in one transaction: all of them or, on any failure, none
/// (`BEGIN` … `COMMIT` through ``PostGISDatabase``, whose statements GDAL's PostgreSQL driver runs on its
/// one connection).
///
/// Each table gets a `fid bigint` primary key (the feature id), the attributes as typed columns, a
/// `geom geometry(Geometry, SRID)` column in the layer's CRS (its EPSG code as SRID), a GiST index on it,
/// and `COMMENT ON TABLE` starting with ``marker`` — how EcoZone recognises its own tables. An existing
/// table is replaced only with `replace` and only when its comment carries the marker: a user's table
/// is never dropped. A missing schema is created.
public final class PostGISWriter {
    /// The first word of the comment of every table EcoZone writes.
    public static let marker = "EcoZone output"
    public let database: PostGISDatabase
    public var replace: Bool
    private var finished = false
    /// The tables written so far (schema.table).
    public private(set) var tables: [String] = []

    /// Connects (update mode) and starts the transaction.
    public init(_ connection: PostGISConnection, replace: Bool) throws {
        database = try PostGISDatabase(connection, update: true)
        self.replace = replace
        try database.begin()
    }

    deinit { if !finished { database.rollback() } }

    /// Writes one table. `comment` (after the marker) should name the method and the run.
    ///
    /// - Parameters:
    ///   - layer: `schema.table` (`table` alone: `public`).
    ///   - crs: the features' CRS; its EPSG code is the column's SRID.
    /// - Throws: `GeoKitError(.output)` naming the connection (masked) and table: a table that exists
    ///   without `replace`, or that EcoZone did not write; a CRS without an EPSG code; what the server refuses.
    public func write(layer: String, crs: CRS, fields: [FieldDefinition], features: [Feature], comment: String) throws {
        let file = database.connection.string
        func refuse(_ message: String) -> GeoKitError { GeoKitError(.output, message, file: file, layer: layer) }
        guard let code = crs.authorityCode, code.hasPrefix("EPSG:"), let srid = Int(code.dropFirst(5)) else {
            throw refuse("the layer's CRS (\(crs)) has no EPSG code to use as SRID")
        }
        typealias C = PostGISConnection
        let (schema, _) = C.schemaAndTable(layer)
        let qualified = C.qualified(layer)
        try makeRoom(for: layer)
        try database.execute("CREATE SCHEMA IF NOT EXISTS \(C.quoted(schema))")
        var seen: Set<String> = ["fid", "geom"]
        let columns: [(name: String, type: String)] = fields.map { f in
            var name = f.name, n = 2
            while !seen.insert(name.lowercased()).inserted { name = "\(f.name)_\(n)"; n += 1 }
            let type: String
            switch f.type {
            case .integer: type = "integer"
            case .integer64: type = "bigint"
            case .real: type = "double precision"
            default: type = "text"
            }
            return (name, type)
        }
        let definition = (["fid bigint PRIMARY KEY"] + columns.map { "\(C.quoted($0.name)) \($0.type)" } + ["geom geometry(Geometry, \(srid))"])
        try database.execute("CREATE TABLE \(qualified) (\(definition.joined(separator: ", ")))")
        let names = (["fid"] + columns.map { C.quoted($0.name) } + ["geom"]).joined(separator: ", ")
        var batch: [String] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            try database.execute("INSERT INTO \(qualified) (\(names)) VALUES \(batch.joined(separator: ", "))")
            batch.removeAll(keepingCapacity: true)
        }
        for f in features {
            let values = zip(columns, f.values).map { c, v -> String in
                switch v {
                case .null: return "NULL"
                case .integer(let i): return c.type == "text" ? C.literal(String(i)) : String(i)
                case .real(let d): return d.isFinite ? (c.type == "text" ? C.literal(String(d)) : String(d)) : "NULL"
                case .string(let s): return c.type == "text" ? C.literal(s) : (Double(s) != nil ? s : "NULL")
                }
            }
            let geom = f.wkb.map { "ST_GeomFromWKB('\\x\(Self.hex($0))'::bytea, \(srid))" } ?? "NULL"
            batch.append("(\(f.fid), \((values + Array(repeating: "NULL", count: max(0, columns.count - values.count)) + [geom]).joined(separator: ", ")))")
            if batch.count == 500 { try flush() }
        }
        try flush()
        try database.execute("CREATE INDEX ON \(qualified) USING GIST (geom)")
        try database.execute("COMMENT ON TABLE \(qualified) IS \(C.literal(Self.marker + ": " + comment))")
        tables.append(layer)
    }

    /// Drops `layer` when it exists, EcoZone wrote it and `replace` is set; refuses it otherwise.
    private func makeRoom(for layer: String) throws {
        typealias C = PostGISConnection
        let (schema, table) = C.schemaAndTable(layer)
        func refuse(_ message: String) -> GeoKitError { GeoKitError(.output, message, file: database.connection.string, layer: layer) }
        let existing = try database.rows("""
            SELECT c.relkind::text, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(C.literal(schema)) AND c.relname = \(C.literal(table))
            """).first
        guard let existing else { return }
        guard existing[1]?.hasPrefix(Self.marker) == true else {
            throw refuse("the table exists and EcoZone did not write it (its comment does not start with '\(Self.marker)'): it is left as it is; choose another table")
        }
        guard replace else { throw refuse("the table exists (an earlier EcoZone output): replace it with --overwrite, or choose another table") }
        try database.execute("DROP TABLE \(C.qualified(layer))")
    }

    /// Writes a table without geometry: `columns` with every value as text, a column whose values all
    /// read as numbers (or are empty) typed `double precision`, empty values NULL. An existing table is
    /// treated as by ``write(layer:crs:fields:features:comment:)``; a missing schema is created.
    public func writeTable(_ layer: String, columns: [String], rows: [[String]], comment: String) throws {
        typealias C = PostGISConnection
        let qualified = C.qualified(layer)
        try makeRoom(for: layer)
        try database.execute("CREATE SCHEMA IF NOT EXISTS \(C.quoted(C.schemaAndTable(layer).schema))")
        let numeric = columns.indices.map { i in rows.allSatisfy { i >= $0.count || $0[i].isEmpty || Double($0[i])?.isFinite == true } && !rows.isEmpty }
        var seen = Set<String>()
        let names: [String] = columns.map { c in
            var name = c.isEmpty ? "column" : c, n = 2
            while !seen.insert(name.lowercased()).inserted { name = "\(c)_\(n)"; n += 1 }
            return name
        }
        let definition = zip(names, numeric).map { "\(C.quoted($0)) \($1 ? "double precision" : "text")" }
        try database.execute("CREATE TABLE \(qualified) (\(definition.joined(separator: ", ")))")
        for start in stride(from: 0, to: rows.count, by: 500) {
            let values = rows[start..<min(start + 500, rows.count)].map { row in
                "(" + columns.indices.map { i in
                    let v = i < row.count ? row[i] : ""
                    return v.isEmpty ? "NULL" : numeric[i] ? v : C.literal(v)
                }.joined(separator: ", ") + ")"
            }
            try database.execute("INSERT INTO \(qualified) VALUES \(values.joined(separator: ", "))")
        }
        try database.execute("COMMENT ON TABLE \(qualified) IS \(C.literal(Self.marker + ": " + comment))")
        tables.append(layer)
    }

    /// Makes `schema` EcoZone's for this transaction: an existing schema EcoZone wrote (its comment starts
    /// with ``marker``) is dropped with everything in it, a missing one created; an existing schema
    /// that holds any table EcoZone did not write is refused. The schema is then commented with the marker.
    public func replaceSchema(_ schema: String, comment: String) throws {
        typealias C = PostGISConnection
        let file = database.connection.string
        let existing = try database.rows("SELECT obj_description(oid, 'pg_namespace') AS comment FROM pg_namespace WHERE nspname = \(C.literal(schema))")
        if let row = existing.first {
            if row[0]?.hasPrefix(Self.marker) == true {
                guard replace else {
                    throw GeoKitError(.output, "the schema exists (an earlier EcoZone output): replace it with --overwrite, or choose another schema", file: file, layer: schema)
                }
                try database.execute("DROP SCHEMA \(C.quoted(schema)) CASCADE")
            } else {
                let foreign = try database.rows("""
                    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = \(C.literal(schema)) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
                      AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE \(C.literal(Self.marker + "%"))
                    LIMIT 1
                    """)
                if let name = foreign.first?[0] {
                    throw GeoKitError(.output, "the schema holds \(name), which EcoZone did not write: the schema is left as it is; choose another schema", file: file, layer: schema)
                }
                try database.execute("DROP SCHEMA \(C.quoted(schema)) CASCADE")
            }
        }
        try database.execute("CREATE SCHEMA \(C.quoted(schema))")
        try database.execute("COMMENT ON SCHEMA \(C.quoted(schema)) IS \(C.literal(Self.marker + ": " + comment))")
    }

    /// Commits every table written: until then nobody else sees any of them.
    public func commit() throws {
        finished = true
        try database.commit()
    }

    /// Drops everything written (also what happens when the writer is released without ``commit()``).
    public func rollback() {
        finished = true
        database.rollback()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
