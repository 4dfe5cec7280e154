import Foundation
import GeoKit

extension LayerStore {
    /// The cross-tabulation of `dimensions` ("ROLE" or "ROLE:FIELD", as ``crossTabulation(_:gridSize:batchSize:)``)
    /// computed in the database that holds every one of its layers (``PostGISCrossTabSQL``): the same
    /// table as the local engine, areas geodesic on the analysis CRS's ellipsoid (CGCS2000 for EPSG:4490).
    ///
    /// - Parameter tileColumn: the column the tables are distributed by (Citus), joined on.
    /// - Throws: `GeoKitError` when a layer is not a PostGIS table, the layers are in different databases,
    ///   a layer is not polygons, or the database refuses the statement (its message, the connection masked).
    public func pushedDownCrossTabulation(_ dimensions: [String], tileColumn: String? = nil) throws -> CrossTabulation {
        guard !dimensions.isEmpty else { throw GeoKitError(.input, "a cross-tabulation needs at least one ROLE[:FIELD]", file: project.path) }
        let dims: [Project.Tabulation.Dimension] = try dimensions.map { text in
            guard let d = Project.Tabulation.Dimension(parsing: text) else {
                throw GeoKitError(.input, "'\(text)' is not ROLE or ROLE:FIELD", file: project.path)
            }
            return d
        }
        let (db, connection, tables, srid) = try pushDownTables(dims.map { ($0.layer, $0.field, $0.text) })
        var sql = PostGISCrossTabSQL(tables: tables, srid: srid, tileColumn: tileColumn)
        if !analysisCRS.isGeographic { sql.densifyMetres = nil }
        let rows = try db.rows(sql.statement)
        return try PostGISCrossTabulation.table(rows, dimensions: dims.map(\.text), source: connection.string)
    }

    /// The tables of `layers` (role, key field or nil, label), each a PostGIS table of one database,
    /// polygons: its geometry column, primary key (`ctid` without one) and key column, with the
    /// database and the analysis CRS's EPSG code.
    func pushDownTables(_ layers: [(role: String, field: String?, label: String)]) throws
        -> (PostGISDatabase, PostGISConnection, [PostGISCrossTabSQL.Table], Int) {
        var connection: PostGISConnection?
        var requests: [LayerRequest] = []
        for (role, _, _) in layers {
            let request = try spec(role).request
            guard request.parts.isEmpty, let c = PostGISConnection(request.source), let table = request.layer else {
                throw GeoKitError(.input, "layer '\(role)' is not one PostGIS table (source: PG:…, layer: schema.table): the postgis engine works only on tables of one database",
                                  file: project.path)
            }
            if let first = connection, first.database != c.database {
                throw GeoKitError(.input, "layer '\(role)' is in \(c.database), not in \(first.database): the postgis engine needs every layer in one database",
                                  file: project.path, layer: table)
            }
            connection = connection ?? c
            requests.append(request)
        }
        guard let connection else { throw GeoKitError(.input, "the postgis engine needs at least one layer", file: project.path) }
        let db = try PostGISDatabase(connection)
        let tables: [PostGISCrossTabSQL.Table] = try zip(layers, requests).map { l, r in
            let layer = r.layer!
            let (schema, table) = PostGISConnection.schemaAndTable(layer)
            guard let column = try db.rows("""
                SELECT f_geometry_column, type FROM geometry_columns
                WHERE f_table_schema = \(PostGISConnection.literal(schema)) AND f_table_name = \(PostGISConnection.literal(table))
                """).first, let geometry = column[0] else {
                throw GeoKitError(.input, "the table has no geometry column registered in geometry_columns", file: r.source, layer: layer)
            }
            if let type = column[1]?.uppercased(), !type.contains("POLYGON"), type != "GEOMETRY" {
                throw GeoKitError(.input, "the table holds \(type.lowercased()), and the postgis engine works on polygons only", file: r.source, layer: layer)
            }
            let id = try db.value("""
                SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                WHERE i.indrelid = \(PostGISConnection.literal(PostGISConnection.qualified(layer)))::regclass AND i.indisprimary LIMIT 1
                """) ?? "ctid"
            return PostGISCrossTabSQL.Table(layer: layer, geometryColumn: geometry, idColumn: id,
                                            keyColumn: try l.field.map { try field(l.role, $0) }, label: l.label, whereClause: r.whereClause)
        }
        guard let code = analysisCRS.authorityCode, code.hasPrefix("EPSG:"), let srid = Int(code.dropFirst(5)) else {
            throw GeoKitError(.input, "the analysis CRS \(analysisCRS) has no EPSG code the database knows", file: project.path)
        }
        return (db, connection, tables, srid)
    }
}

/// Reads the rows of ``PostGISCrossTabSQL/statement`` into a ``CrossTabulation``.
enum PostGISCrossTabulation {
    static func table(_ rows: [[String?]], dimensions: [String], source: String) throws -> CrossTabulation {
        func km2(_ m2: Double) -> Area { Area(squareMetres: m2).converted(to: .squareKilometres) }
        var out: [CrossTabulation.Row] = []
        var total = 0.0
        var outside = Dictionary(uniqueKeysWithValues: dimensions.dropFirst().map { ($0, 0.0) })
        for r in rows {
            guard r.count == 3, let keyText = r[0], let pieces = r[1].flatMap({ Int($0) }), let m2 = r[2].flatMap({ Double($0) }) else {
                throw GeoKitError(.input, "the database returned a row that is not (keys, pieces, area)", file: source)
            }
            let keys = try arrayElements(keyText, source: source)
            guard keys.count == dimensions.count else {
                throw GeoKitError(.input, "the database returned \(keys.count) keys for \(dimensions.count) dimensions", file: source)
            }
            total += m2
            for (d, k) in zip(dimensions.dropFirst(), keys.dropFirst()) where k == CrossTabulation.outsideKey { outside[d]! += m2 }
            out.append(CrossTabulation.Row(keys: keys, area: km2(m2), pieces: pieces))
        }
        out.sort { $0.keys.lexicographicallyPrecedes($1.keys) }
        return CrossTabulation(dimensions: dimensions, rows: out, total: km2(total), outside: outside.mapValues(km2),
                               overlapBetweenKeys: [:], diagnostics: OverlayDiagnostics())
    }

    /// The keys of a row, sent as a JSON array of strings.
    static func arrayElements(_ text: String, source: String) throws -> [String] {
        guard let keys = try? JSONDecoder().decode([String].self, from: Data(text.utf8)) else {
            throw GeoKitError(.input, "the database returned keys that are not a JSON array of text (\(text.prefix(40)))", file: source)
        }
        return keys
    }
}
