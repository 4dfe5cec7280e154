import Foundation

extension Table {
    /// The table as a CSV file for spreadsheets — the one CSV writer: UTF-8 with a byte-order mark (so
    /// the spreadsheet programs used in China open Chinese text correctly instead of guessing GBK),
    /// RFC 4180 quoting, CRLF line ends; the header line, the rows, then the footer rows.
    public var csvData: Data {
        let lines = ([headers] + rows + footer).map { $0.map(Self.csvField).joined(separator: ",") }
        return Data(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A field quoted when it holds a comma, quote, CR or LF (a CRLF pair too); quotes doubled.
    static func csvField(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
