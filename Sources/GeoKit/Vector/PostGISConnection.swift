import Foundation

/// A PostgreSQL / PostGIS connection as GDAL's PostgreSQL driver takes it: `PG:host=… dbname=… user=…
/// password=… port=…` (libpq's `keyword=value` list, values optionally in single quotes) or
/// `PG:postgresql://user:password@host:port/dbname`.
///
/// EcoZone keeps the string as the user wrote it (GDAL parses it, `PQconnectdb`); this type only reads
/// what messages, `run.json` and the output guard need: the keywords, the database's identity, and the
/// string with its password masked. It never connects.
public struct PostGISConnection: Sendable, Hashable, CustomStringConvertible {
    /// The string as given, password included: what GDAL opens.
    public let string: String
    /// libpq keywords (`host`, `port`, `dbname`, `user`, …) → values, quotes removed.
    public let parameters: [String: String]

    /// Nil unless `string` starts with `PG:` (any case).
    public init?(_ string: String) {
        guard Self.isConnection(string) else { return nil }
        self.string = string
        parameters = Self.parse(String(string.dropFirst(3)))
    }

    /// True for a string GDAL's PostgreSQL driver opens (`PG:` prefix, any case).
    public static func isConnection(_ string: String) -> Bool {
        string.count >= 3 && string.prefix(3).uppercased() == "PG:"
    }

    /// The database's identity, for telling whether two connections reach the same tables:
    /// host (socket folder or name), port (default 5432) and database name (default: the user's name).
    public var database: String {
        let host = parameters["host"] ?? "localhost"
        let port = parameters["port"] ?? "5432"
        return "\(host):\(port)/\(parameters["dbname"] ?? parameters["user"] ?? "")"
    }

    /// The string with every password replaced by `***`: `password=…` keywords and the password of a URI.
    public var masked: String { Self.masked(string) }

    public var description: String { masked }

    /// `text` with the password of every PostgreSQL connection in it masked (`password=secret` →
    /// `password=***`, `postgresql://u:secret@h` → `postgresql://u:***@h`). Used on every message that
    /// may quote a connection string.
    public static func masked(_ text: String) -> String {
        guard text.range(of: "password", options: .caseInsensitive) != nil || text.contains("://") else { return text }
        var out = text
        // keyword=value, value quoted ('…' with \' escapes) or up to the next blank.
        // (A bare value also stops at `"`, `\`, `,` and `}`: the string may be quoted inside JSON.)
        if let re = try? NSRegularExpression(pattern: #"(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"\\,}]*)"#) {
            out = re.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: "$1***")
        }
        if let re = try? NSRegularExpression(pattern: #"(?i)(postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@"#) {
            out = re.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: "$1***@")
        }
        return out
    }

    /// The schema and table of a layer name as GDAL's PostgreSQL driver names layers: `schema.table`,
    /// or `table` for the `public` schema.
    public static func schemaAndTable(_ layer: String) -> (schema: String, table: String) {
        if let dot = layer.firstIndex(of: ".") {
            return (String(layer[..<dot]), String(layer[layer.index(after: dot)...]))
        }
        return ("public", layer)
    }

    /// A SQL identifier, double-quoted with quotes doubled (`ecozone."banan result"`).
    public static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A SQL string literal, single-quoted with quotes doubled.
    public static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `schema.table` quoted for SQL.
    public static func qualified(_ layer: String) -> String {
        let (s, t) = schemaAndTable(layer)
        return quoted(s) + "." + quoted(t)
    }

    private static func parse(_ body: String) -> [String: String] {
        let trimmed = body.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("postgresql://") || trimmed.hasPrefix("postgres://"), let url = URLComponents(string: trimmed) {
            var p: [String: String] = [:]
            p["host"] = url.host
            p["port"] = url.port.map(String.init)
            p["user"] = url.user
            p["password"] = url.password
            let db = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
            if !db.isEmpty { p["dbname"] = db }
            for item in url.queryItems ?? [] { p[item.name] = item.value ?? "" }
            return p
        }
        var result: [String: String] = [:]
        let chars = Array(trimmed)
        var i = 0
        func skipBlanks() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        while i < chars.count {
            skipBlanks()
            var key = ""
            while i < chars.count, chars[i] != "=", chars[i] != " " { key.append(chars[i]); i += 1 }
            skipBlanks()
            guard i < chars.count, chars[i] == "=" else { if !key.isEmpty { result[key] = "" }; continue }
            i += 1
            skipBlanks()
            var value = ""
            if i < chars.count, chars[i] == "'" {
                i += 1
                while i < chars.count, chars[i] != "'" {
                    if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                    value.append(chars[i]); i += 1
                }
                i += 1
            } else {
                while i < chars.count, chars[i] != " ", chars[i] != "\t" { value.append(chars[i]); i += 1 }
            }
            if !key.isEmpty { result[key.lowercased()] = value }
        }
        return result
    }
}
