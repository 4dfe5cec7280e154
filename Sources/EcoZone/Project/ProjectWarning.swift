/// Something in a project file EcoZone reads past: a key it does not know (a typo such as `zone:`
/// for `zones:`, or a setting of a later version) is ignored, with a warning naming the key and its
/// line. `--strict`, or `strict: true` in the file, makes every warning an error.
public struct ProjectWarning: Sendable, Equatable, CustomStringConvertible {
    /// The project file.
    public var file: String
    /// 1-based line of the key.
    public var line: Int
    /// The key as written.
    public var key: String
    /// One sentence without the file and line: "unknown key 'zones' in 'pattern' is ignored (…)".
    public var message: String

    public init(file: String, line: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// "FILE: line N: message".
    public var description: String { "\(file): line \(line): \(message)" }
}
