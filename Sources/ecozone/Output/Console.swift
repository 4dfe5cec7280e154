import EcoZone
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

    /// The JSON document on stdout, as every JSON EcoZone writes (`JSONOutput`).
    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try JSONOutput.string(value))
    }
}
