import Foundation
import GeoKit

/// The one JSON encoder set-up of every document EcoZone writes or prints (`--json`, tables/*.json,
/// run.json, summary.json, the folder manifest): pretty-printed, keys sorted, slashes unescaped.
///
/// JSON has no NaN or infinity, and a figure that is not a number is a wrong figure: a non-finite
/// number is never written (as "nan", null or anything else). Encoding one throws, naming where it is
/// in the document, so the bug that produced it shows instead of a file that looks right.
public enum JSONOutput {
    /// The document's bytes.
    ///
    /// - Throws: `GeoKitError` (`.output`) naming the key path of a NaN or infinite number; whatever
    ///   else the value's `encode(to:)` throws.
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .throw
        do {
            let data = try encoder.encode(value)
            // A PostGIS source is named by its connection string: never write its password.
            guard data.range(of: Data("password".utf8)) != nil || data.range(of: Data("PASSWORD".utf8)) != nil else { return data }
            return Data(PostGISConnection.masked(String(decoding: data, as: UTF8.self)).utf8)
        } catch EncodingError.invalidValue(let bad, let context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            throw GeoKitError(.output, "the figure at \(path.isEmpty ? "the top" : String(path.drop { $0 == "." })) is not a finite number (\(bad)); "
                              + "JSON has no NaN or infinity, and EcoZone writes no figure it could not compute")
        }
    }

    /// The document as text.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }
}
