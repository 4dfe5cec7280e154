import Foundation

extension Project {
    /// Where a path written in a project file points: the one rule for layer sources, `claims`,
    /// `resistance`, `landuse` and a pattern's `breaks`.
    ///
    /// - An absolute path (`/data/x.shp`, and GDAL's `/vsizip/…`, `/vsicurl/…`) is kept as written.
    /// - A GDAL connection string or URL — a scheme of two or more letters, digits, `+ . _ -` before the
    ///   first `:` (`PG:dbname=plan`, `https://…`, `WFS:…`) — is kept as written.
    /// - Anything else is relative to the folder of the project file, whether the project was named by
    ///   an absolute or a relative path (made absolute against the current directory first). Symbolic
    ///   links in the project file's path, the file itself included, are followed first: a link to a
    ///   project elsewhere reads that project's layers. `.` and `..` are then removed lexically.
    public static func resolve(_ reference: String, relativeTo projectFile: String) -> String {
        if reference.hasPrefix("/") || isConnectionString(reference) { return reference }
        return normalized(folder(of: projectFile) + "/" + reference)
    }

    /// True when `reference` can name a source at all: not empty or blank, and not starting with `:`
    /// (which names neither a file nor a connection: `source: ":"`).
    public static func namesSource(_ reference: String) -> Bool {
        let t = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        return !t.isEmpty && !t.hasPrefix(":")
    }

    /// `PG:…`, `https://…`: a scheme before the first colon.
    static func isConnectionString(_ reference: String) -> Bool {
        guard let colon = reference.firstIndex(of: ":") else { return false }
        let scheme = reference[..<colon]
        guard scheme.count >= 2, let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return scheme.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+._-".unicodeScalars.contains($0)) }
    }

    /// The absolute folder of the project file, symbolic links followed.
    static func folder(of projectFile: String) -> String {
        let absolute = projectFile.hasPrefix("/") ? projectFile : FileManager.default.currentDirectoryPath + "/" + projectFile
        // realpath(3): links and `..` resolved as the system does; a file that vanished keeps its lexical path.
        guard let resolved = realpath(absolute, nil) else { return normalized(absolute + "/..") }
        defer { free(resolved) }
        return normalized(String(cString: resolved) + "/..")
    }

    /// `path` without empty, `.` and `..` components (`..` at the root stays at the root).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
