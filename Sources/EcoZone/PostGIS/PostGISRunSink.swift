import Foundation
import GeoKit

/// `run … --to PG:… [--schema S]`: a run's result layers (`geojson/*.geojson`, in lon/lat, SRID 4326 as
/// RFC 7946 writes them) and tables (`tables/*.csv`) loaded into one schema in one transaction, after the
/// run folder is complete: all of them or none. The schema is replaced only when EcoZone wrote it
/// (``PostGISWriter/replaceSchema(_:comment:)``), never when it holds a user's table or one of the run's
/// inputs. Table names are the files' names with `-` as `_`.
public enum PostGISRunSink {
    public struct Report: Sendable, Encodable {
        public var connection: String
        public var schema: String
        public var layers: [String]
        public var tables: [String]
    }

    /// The refusals of ``write(runFolder:to:schema:project:replace:)`` that need no output, checked
    /// before the run starts so that a refused schema costs no run: a schema holding an input of the
    /// project or a table EcoZone did not write; a database that cannot be reached.
    public static func preflight(_ connection: PostGISConnection, schema: String, project: Project) throws {
        try checkInputs(connection, schema: schema, project: project)
        let db = try PostGISDatabase(connection)
        typealias C = PostGISConnection
        let foreign = try db.rows("""
            SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(C.literal(schema)) AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE \(C.literal(PostGISWriter.marker + "%"))
            LIMIT 1
            """)
        if let name = foreign.first?[0] {
            throw GeoKitError(.output, "the schema holds \(name), which EcoZone did not write: the schema is left as it is; choose another schema",
                              file: connection.string, layer: schema)
        }
    }

    static func checkInputs(_ connection: PostGISConnection, schema: String, project: Project) throws {
        for layer in project.layers {
            for source in layer.sources {
                guard let c = PostGISConnection(source.path), c.database == connection.database, let table = source.layer else { continue }
                if PostGISConnection.schemaAndTable(table).schema == schema {
                    throw GeoKitError(.output, "the schema holds \(table), an input of the project (layer '\(layer.name)'), and inputs are never replaced",
                                      file: connection.string, layer: schema, hint: .chooseOutput())
                }
            }
        }
    }

    public static func write(runFolder: URL, to connection: PostGISConnection, schema: String, project: Project,
                             replace: Bool) throws -> Report {
        try checkInputs(connection, schema: schema, project: project)
        let fm = FileManager.default
        let geojson = ((try? fm.contentsOfDirectory(atPath: runFolder.appendingPathComponent("geojson").path)) ?? []).filter { $0.hasSuffix(".geojson") }.sorted()
        let csvs = ((try? fm.contentsOfDirectory(atPath: runFolder.appendingPathComponent("tables").path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
        let created = ISO8601DateFormatter().string(from: Date())
        let run = "run of \(project.path) (\(project.name ?? "")) at \(created), EcoZone \(EcoZoneVersion.current)"
        let writer = try PostGISWriter(connection, replace: replace)
        var report = Report(connection: connection.masked, schema: schema, layers: [], tables: [])
        do {
            try writer.replaceSchema(schema, comment: run)
            for file in geojson {
                let path = runFolder.appendingPathComponent("geojson/\(file)").path
                let name = "\(schema).\(tableName(file))"
                let layer = try LayerStore().layer(LayerRequest(source: path)).valid
                try writer.write(layer: name, crs: layer.crs, fields: layer.fields, features: layer.features,
                                 comment: "geojson/\(file): result layer (ellipsoidal areas on CGCS2000, coordinates in lon/lat as the run's RFC 7946 GeoJSON); \(run)")
                report.layers.append(name)
            }
            for file in csvs {
                let text = try String(contentsOf: runFolder.appendingPathComponent("tables/\(file)"), encoding: .utf8)
                var rows = csvRows(text)
                guard !rows.isEmpty else { continue }
                let header = rows.removeFirst()
                let name = "\(schema).\(tableName(file))"
                try writer.writeTable(name, columns: header, rows: rows, comment: "tables/\(file): result table (areas in km², ellipsoidal on CGCS2000); \(run)")
                report.tables.append(name)
            }
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }
        return report
    }

    static func tableName(_ file: String) -> String {
        let stem = (file as NSString).deletingPathExtension
        return String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// RFC 4180 rows: a UTF-8 BOM dropped, quoted fields with doubled quotes, CRLF or LF.
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, atFieldStart = true
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"", atFieldStart {
                quoted = true
            } else if c == "," {
                row.append(field); field = ""; atFieldStart = true; i += 1; continue
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(field); rows.append(row); row = []; field = ""; atFieldStart = true; i += 1; continue
            } else {
                field.append(c)
            }
            atFieldStart = false
            i += 1
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
