internal import CGDAL
import Foundation

/// A PostgreSQL database opened through GDAL's PostgreSQL driver (`GDALOpenEx` with `PG:…`) to run SQL
/// in it (`GDALDatasetExecuteSQL`, which the driver passes to the server as it is) and to write layers
/// in one transaction (`GDALDatasetStartTransaction` … `CommitTransaction`).
///
/// Not `Sendable`: one connection, used by one thread.
public final class PostGISDatabase {
    public let connection: PostGISConnection
    let handle: UnsafeMutableRawPointer
    private var inTransaction = false

    /// Opens `connection` (read-only unless `update`).
    public init(_ connection: PostGISConnection, update: Bool = false) throws {
        self.connection = connection
        handle = try withGDALMessages { messages in
            var flags = UInt32(GDAL_OF_VECTOR) | UInt32(GDAL_OF_VERBOSE_ERROR)
            flags |= update ? UInt32(GDAL_OF_UPDATE) : UInt32(GDAL_OF_READONLY)
            let drivers = StringList(values: ["PostgreSQL"])
            guard let h = GDALOpenEx(connection.string, flags, drivers.constPointer, nil, nil) else {
                throw GeoKitError(.input, messages.lastFailure ?? "cannot connect to the database", file: connection.string)
            }
            return h
        }
    }

    deinit {
        if inTransaction { _ = GDALDatasetRollbackTransaction(handle) }
        GDALClose(handle)
    }

    /// Runs one SQL statement that returns rows and gives every row as text (NULL as nil), columns in
    /// the statement's order (give every column its own name: GDAL reads two columns of one name as one).
    /// Numbers come back as PostgreSQL prints them (`float8` with 17 significant
    /// digits since PostgreSQL 12: exact round trips).
    public func rows(_ sql: String) throws -> [[String?]] {
        try withGDALMessages { messages in
            guard let layer = GDALDatasetExecuteSQL(handle, sql, nil, nil) else {
                if let failure = messages.lastFailure { throw failed(failure, sql: sql) }
                return []
            }
            defer { GDALDatasetReleaseResultSet(handle, layer) }
            let n = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(layer))
            var out: [[String?]] = []
            OGR_L_ResetReading(layer)
            while let f = OGR_L_GetNextFeature(layer) {
                defer { OGR_F_Destroy(f) }
                out.append((0..<n).map { i in
                    OGR_F_IsFieldSetAndNotNull(f, i) != 0 ? gdalString(OGR_F_GetFieldAsString(f, i)) : nil
                })
            }
            if let failure = messages.lastFailure { throw failed(failure, sql: sql) }
            return out
        }
    }

    /// Runs statements that return no rows (DDL, COMMENT, INSERT …).
    public func execute(_ sql: String) throws {
        try withGDALMessages { messages in
            if let layer = GDALDatasetExecuteSQL(handle, sql, nil, nil) { GDALDatasetReleaseResultSet(handle, layer) }
            if let failure = messages.lastFailure { throw failed(failure, sql: sql) }
        }
    }

    /// One value of a one-row, one-column query.
    public func value(_ sql: String) throws -> String? { try rows(sql).first?.first ?? nil }

    /// `BEGIN` (`GDALDatasetStartTransaction`): everything up to ``commit()`` is one transaction.
    public func begin() throws {
        try withGDALMessages { messages in
            guard GDALDatasetStartTransaction(handle, 0) == OGRERR_NONE else {
                throw GeoKitError(.output, messages.lastFailure ?? "cannot start a transaction", file: connection.string)
            }
        }
        inTransaction = true
    }

    /// `COMMIT`: all of it or, on failure, nothing.
    public func commit() throws {
        try withGDALMessages { messages in
            inTransaction = false
            guard GDALDatasetCommitTransaction(handle) == OGRERR_NONE else {
                throw GeoKitError(.output, messages.lastFailure ?? "the transaction did not commit; nothing was written", file: connection.string)
            }
        }
    }

    /// `ROLLBACK`: nothing of the transaction stays.
    public func rollback() {
        guard inTransaction else { return }
        inTransaction = false
        _ = GDALDatasetRollbackTransaction(handle)
    }

    private func failed(_ message: String, sql: String) -> GeoKitError {
        let head = sql.split(separator: "\n").first.map(String.init) ?? sql
        return GeoKitError(.input, "the database refused the query (\(message)): \(head.prefix(120))", file: connection.string)
    }
}
