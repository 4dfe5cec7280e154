/// Which text encoding a layer's attributes were decoded with, and why — reported to the user,
/// because a wrong guess turns Chinese names into mojibake.
///
/// Policy (DESIGN.md): trust a shapefile's .cpg, then the DBF language id (LDID); where there is no
/// declaration, or the bytes are not valid UTF-8 whatever was declared, decode as GB18030 (a superset
/// of GBK/CP936 and GB2312) and say so. A user-given encoding overrides everything.
public struct TextEncoding: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Basis: String, Sendable, Codable {
        /// Declared by the shapefile's .cpg.
        case cpg
        /// Declared by the DBF header's language id byte.
        case languageID = "ldid"
        /// The format is UTF-8 by specification (GeoJSON, GeoPackage, FlatGeobuf …).
        case format
        /// Nothing declared; every string checked and found valid UTF-8.
        case validated
        /// The bytes are not valid UTF-8; decoded as GB18030 instead.
        case inferred
        /// Given by the user.
        case user
        /// Read from a database that converts its text to the client's UTF-8 (PostgreSQL's
        /// `client_encoding`, which GDAL's PostgreSQL driver sets to UTF8).
        case database
    }

    /// The encoding the text was decoded from, e.g. "UTF-8", "CP936", "GB18030".
    public var name: String
    public var basis: Basis
    /// What was declared, if anything, when it was overridden ("the .cpg says UTF-8").
    public var declared: String?

    public init(name: String, basis: Basis, declared: String? = nil) {
        self.name = name; self.basis = basis; self.declared = declared
    }

    public var description: String {
        switch basis {
        case .cpg: return "\(name) (from .cpg)"
        case .languageID: return "\(name) (from the DBF language id)"
        case .format: return "\(name) (by format)"
        case .validated: return "\(name) (no declaration; all text is valid UTF-8)"
        case .user: return "\(name) (as given)"
        case .database: return "\(name) (the database converts its text to UTF-8)"
        case .inferred:
            if let declared { return "\(name) (inferred: \(declared), but the bytes are not valid UTF-8)" }
            return "\(name) (inferred: no .cpg or language id, and the bytes are not valid UTF-8)"
        }
    }
}

/// Decodes NUL-terminated bytes as UTF-8, or nil when they are not valid UTF-8 (never substitutes U+FFFD).
func decodeUTF8(_ p: UnsafePointer<CChar>) -> String? {
    let n = strlen(p)
    return p.withMemoryRebound(to: UInt8.self, capacity: n) { bytes in
        String(validating: UnsafeBufferPointer(start: bytes, count: n), as: UTF8.self)
    }
}

import Foundation
