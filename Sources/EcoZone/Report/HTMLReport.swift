/// A self-contained HTML page: inline CSS, inline SVG maps, system fonts only, no script and no
/// network access, so that report.html opens anywhere, offline, and prints on A4.
public enum HTMLReport {
    public static func render(_ document: ReportDocument) -> String {
        var figureNumber = 0, tableNumber = 0
        var h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"EcoZone\">\n"
        h += "<title>\(Markup.escape(document.title))</title>\n<style>\n\(ReportStyleSheet.css)\n</style>\n</head>\n<body>\n"
        h += "<header class=\"cover\"><div class=\"wrap\">"
        h += "<p class=\"kicker\">EcoZone · 国土空间生态保护修复分析报告</p>"
        h += "<h1>\(Markup.escape(document.title))</h1>"
        if !document.subtitle.isEmpty { h += "<p class=\"subtitle\">\(Markup.escape(document.subtitle))</p>" }
        if !document.generated.isEmpty { h += "<p class=\"generated\">\(Markup.escape(document.generated))</p>" }
        h += "</div></header>\n<div class=\"layout wrap\">\n"
        h += "<nav class=\"toc\" aria-label=\"目录\"><h2>目录</h2><ol>"
        for (i, section) in document.sections.enumerated() {
            h += "<li><a href=\"#section-\(i + 1)\"><span class=\"toc-num\">\(i + 1)</span><span>\(Markup.escape(section.title))</span></a></li>"
        }
        h += "</ol></nav>\n<main>\n"
        for (i, section) in document.sections.enumerated() {
            h += "<section class=\"section\" id=\"section-\(i + 1)\">\n"
            h += "<h2><span class=\"sec-num\">\(i + 1)</span><span>\(Markup.escape(section.title))</span></h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text):
                    h += "<p>\(paragraph(text))</p>\n"
                case .map(let svg, let caption):
                    figureNumber += 1
                    h += "<figure class=\"map\">\n\(svg)\n<figcaption><span class=\"fig-num\">图 \(figureNumber)</span>\(Markup.escape(caption))</figcaption>\n</figure>\n"
                case .table(let table):
                    tableNumber += 1
                    h += Self.table(table, number: tableNumber)
                case .keyFigures(let figures):
                    h += "<div class=\"figures\">"
                    for f in figures {
                        h += "<div class=\"figure-card\"><div class=\"label\">\(Markup.escape(f.label))</div>"
                        let long = TextMetrics.width(f.value, fontSize: 1) > 8.5
                        h += "<div class=\"value\(long ? " long" : "")\">\(Markup.escape(f.value))</div>"
                        if !f.note.isEmpty { h += "<div class=\"note\">\(Markup.escape(f.note))</div>" }
                        h += "</div>"
                    }
                    h += "</div>\n"
                case .code(let text):
                    h += "<pre><code>\(Markup.escape(text))</code></pre>\n"
                }
            }
            h += "</section>\n"
        }
        h += "</main>\n</div>\n"
        h += "<footer class=\"page-footer\">由 EcoZone 生成\(document.generated.isEmpty ? "" : " · " + Markup.escape(document.generated))</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    private static func paragraph(_ text: String) -> String {
        Markup.escape(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    /// A captioned table: numbers right-aligned in tabular numerals, heat-shaded when asked, status
    /// rows coloured, pass/fail/error cells as badges, footer rows as totals.
    static func table(_ t: ReportTable, number: Int) -> String {
        let columns = max(t.headers.count, (t.rows + t.footer).map(\.count).max() ?? 0)
        let heat = t.heat ? HeatScale(cells: t.rows.flatMap { row in row.enumerated().filter { t.numericColumns.contains($0.offset) }.map(\.element) }) : nil
        var h = "<figure class=\"table\">\n<figcaption class=\"caption\"><span class=\"fig-num\">表 \(number)</span>\(Markup.escape(t.caption))</figcaption>\n"
        h += "<div class=\"scroll\"><table>\n"
        if !t.headers.isEmpty {
            h += "<thead><tr>"
            for (c, header) in t.headers.enumerated() {
                h += "<th\(t.numericColumns.contains(c) ? " class=\"num\"" : "") scope=\"col\">\(Markup.escape(header))</th>"
            }
            h += "</tr></thead>\n"
        }
        h += "<tbody>\n"
        if t.rows.isEmpty {
            h += "<tr><td class=\"empty\" colspan=\"\(max(columns, 1))\">（无）</td></tr>\n"
        }
        for (r, row) in t.rows.enumerated() {
            let status = r < t.rowStatus.count ? t.rowStatus[r].map(statusClass) ?? nil : nil
            h += status.map { "<tr class=\"status-\($0)\">" } ?? "<tr>"
            for c in 0..<columns {
                let cell = c < row.count ? row[c] : ""
                h += Self.cell(cell, numeric: t.numericColumns.contains(c), heat: heat)
            }
            h += "</tr>\n"
        }
        h += "</tbody>\n"
        if !t.footer.isEmpty {
            h += "<tfoot>\n"
            for row in t.footer {
                h += "<tr>"
                for c in 0..<columns {
                    h += Self.cell(c < row.count ? row[c] : "", numeric: t.numericColumns.contains(c), heat: nil)
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
