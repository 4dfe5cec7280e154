import EcoZone
/// A plain-text table whose columns line up in a terminal, Chinese included (CJK characters take
/// two columns).
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []
    /// Rows printed after a rule (totals).
    var footer: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? headers.map { _ in .left }
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [headers] + rows + footer
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.displayWidth(cell)) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - Self.displayWidth(cell)))
                return alignments[i] == .right ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        var out = [line(headers), rule] + rows.map(line)
        if !footer.isEmpty { out.append(rule); out += footer.map(line) }
        return out.joined(separator: "\n")
    }

    /// Terminal columns: East Asian wide and full-width characters count two.
    static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : (u.properties.generalCategory == .nonspacingMark ? 0 : 1))
        }
    }
}

import Foundation

/// Number formatting for tables: fixed decimals with thousands separators.
enum Number {
    static func format(_ x: Double, decimals: Int) -> String {
        NumberText.grouped(x, decimals: decimals)
    }

    static func percent(_ x: Double, decimals: Int = 3) -> String {
        (x >= 0 ? "+" : "") + format(x * 100, decimals: decimals) + " %"
    }
}
