import Foundation

/// Printing to the terminal.
enum Console {
    /// One line on stderr, prefixed "ecozone: ".
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("ecozone: " + message + "\n").utf8))
    }

    /// A note on stderr (repairs, assumptions) that must not pollute --json on stdout.
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Pretty, key-sorted JSON with unescaped slashes on stdout.
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try jsonString(value))
    }

    static func jsonString<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
