/// The one error type GeoKit throws.
///
/// Every error carries the library's own message (GEOS, PROJ or GDAL) and, where known, the file,
/// layer and feature it concerns, so that a caller can print one sentence that names all three.
/// Where the user can do something about it, `hint` says what, as a remedy the caller renders in
/// its own terms (a command-line flag, a key of a project file); neither the message nor the
/// description names a flag.
public struct GeoKitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, broadly; callers map kinds to exit codes or HTTP statuses.
    public enum Kind: String, Sendable, Codable {
        /// A file, layer or value that is missing, malformed or unreadable.
        case input
        /// A geometry operation failed (GEOS reported an exception or returned nothing).
        case geometry
        /// A coordinate reference system could not be created, or a transformation failed.
        case projection
        /// Writing an output failed.
        case output
    }

    public var kind: Kind
    /// The underlying message, without a trailing full stop.
    public var message: String
    public var file: String?
    public var layer: String?
    public var feature: Int64?
    /// What the user can do about it, when there is something to do.
    public var hint: Hint?

    public init(_ kind: Kind, _ message: String, file: String? = nil, layer: String? = nil, feature: Int64? = nil, hint: Hint? = nil) {
        self.kind = kind
        self.message = Self.trimmed(message)
        self.file = file
        self.layer = layer
        self.feature = feature
        self.hint = hint
    }

    /// The same error with a location filled in where it was not yet known.
    public func located(file: String? = nil, layer: String? = nil, feature: Int64? = nil) -> GeoKitError {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.layer == nil { copy.layer = layer }
        if copy.feature == nil { copy.feature = feature }
        return copy
    }

    /// One sentence: "FILE, layer L, feature F: message; remedy." with the hint's own wording of the
    /// remedy (`Hint.description`, which names no flag).
    public var description: String { sentence(remedy: hint?.description) }

    /// One sentence: "FILE, layer L, feature F: message; remedy.", the remedy as the caller words
    /// it (nil: none).
    public func sentence(remedy: String?) -> String {
        var place: [String] = []
        // A PostgreSQL connection string names the "file": never print its password.
        if let file { place.append(PostGISConnection.masked(file)) }
        if let layer { place.append("layer \(layer)") }
        if let feature { place.append("feature \(feature)") }
        let head = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        let tail = remedy.map { "; " + Self.trimmed($0) } ?? ""
        return head + PostGISConnection.masked(message) + tail + "."
    }

    static func trimmed(_ text: String) -> String {
        var t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while t.hasSuffix(".") { t.removeLast() }
        return t.replacingOccurrences(of: "\n", with: " ")
    }
}

import Foundation
