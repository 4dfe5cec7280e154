import Foundation

/// A table written as CSV for spreadsheets: UTF-8 with a byte-order mark (so the spreadsheet
/// programs used in China open Chinese text correctly instead of guessing GBK), RFC 4180 quoting,
/// CRLF line ends.
public struct CSVTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// A field quoted when it holds a comma, quote, CR or LF; quotes doubled.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The bytes of the file: BOM, header line, rows.
    public var data: Data {
        var text = ([headers] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        text = "\u{FEFF}" + text
        return Data(text.utf8)
    }
}
