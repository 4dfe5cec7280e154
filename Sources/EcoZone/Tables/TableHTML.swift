// The HTML rendering of a `Table` (as a report's captioned `ReportTable`).

extension HTMLReport {
    /// A captioned table: numbers right-aligned in tabular numerals, heat-shaded when asked, status
    /// rows coloured, pass/fail/error cells as badges, footer rows as totals.
    static func table(_ t: ReportTable, number: Int) -> String {
        let table = t.table
        let numeric = table.numericColumns
        let columns = max(table.columns.count, (table.rows + table.footer).map(\.count).max() ?? 0)
        let heat = t.heat ? HeatScale(cells: table.rows.flatMap { row in row.enumerated().filter { numeric.contains($0.offset) }.map(\.element) }) : nil
        var h = "<figure class=\"table\">\n<figcaption class=\"caption\"><span class=\"fig-num\">表 \(number)</span>\(Markup.escape(t.caption))</figcaption>\n"
        h += "<div class=\"scroll\"><table>\n"
        if !table.headers.isEmpty {
            h += "<thead><tr>"
            for (c, header) in table.headers.enumerated() {
                h += "<th\(numeric.contains(c) ? " class=\"num\"" : "") scope=\"col\">\(Markup.escape(header))</th>"
            }
            h += "</tr></thead>\n"
        }
        h += "<tbody>\n"
        if table.rows.isEmpty {
            h += "<tr><td class=\"empty\" colspan=\"\(max(columns, 1))\">（无）</td></tr>\n"
        }
        for (r, row) in table.rows.enumerated() {
            let status = r < t.rowStatus.count ? t.rowStatus[r].map(statusClass) ?? nil : nil
            h += status.map { "<tr class=\"status-\($0)\">" } ?? "<tr>"
            for c in 0..<columns {
                let cell = c < row.count ? row[c] : ""
                h += Self.cell(cell, numeric: numeric.contains(c), heat: heat)
            }
            h += "</tr>\n"
        }
        h += "</tbody>\n"
        if !table.footer.isEmpty {
            h += "<tfoot>\n"
            for row in table.footer {
                h += "<tr>"
                for c in 0..<columns {
                    h += Self.cell(c < row.count ? row[c] : "", numeric: numeric.contains(c), heat: nil)
                }
                h += "</tr>\n"
            }
            h += "</tfoot>\n"
        }
        h += "</table></div>\n"
        if let note = t.note, !note.isEmpty { h += "<p class=\"note\">\(paragraph(note))</p>\n" }
        h += "</figure>\n"
        return h
    }

    private static func cell(_ text: String, numeric: Bool, heat: HeatScale?) -> String {
        var classes: [String] = []
        if numeric { classes.append("num") }
        var style = ""
        if numeric, let heat, let s = heat.style(for: text) { classes.append("heat"); style = " style=\"\(s)\"" }
        let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
        let content: String
        if let badge = statusClass(text) {
            content = "<span class=\"badge badge-\(badge)\">\(Markup.escape(text.trimmingWhitespace()))</span>"
        } else {
            content = Markup.escape(text)
        }
        return "<td\(cls)\(style)>\(content)</td>"
    }

    /// "pass", "fail" or "error" for a status word in any case (PASS, Fail …), else nil.
    static func statusClass(_ text: String) -> String? {
        switch text.trimmingWhitespace().lowercased() {
        case "pass", "passed", "通过": return "pass"
        case "fail", "failed", "未通过": return "fail"
        case "error", "错误": return "error"
        default: return nil
        }
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
