extension Table {
    /// The table for a terminal: columns padded to line up (East Asian wide characters count two
    /// columns), numbers right-aligned, a rule under the header and above the footer, no trailing blanks.
    public var text: String {
        let all = [headers] + rows + footer
        var widths = [Int](repeating: 0, count: columns.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], Self.displayWidth(cell)) } }
        func line(_ row: [String]) -> String {
            var text = row.enumerated().filter { $0.offset < columns.count }.map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - Self.displayWidth(cell)))
                return columns[i].alignment == .right ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        var out = [line(headers), rule] + rows.map(line)
        if !footer.isEmpty { out.append(rule); out += footer.map(line) }
        return out.joined(separator: "\n")
    }

    /// Terminal columns a text takes: East Asian wide and full-width characters count two, combining
    /// marks none.
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { w, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return w + (wide ? 2 : (u.properties.generalCategory == .nonspacingMark ? 0 : 1))
        }
    }
}
