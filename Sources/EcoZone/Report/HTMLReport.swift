/// A self-contained HTML page: inline CSS, inline SVG maps, system fonts only, and no network access,
/// so that report.html opens anywhere, offline, and prints on A4. The only script is the interactive
/// map's (Leaflet and its data, inlined), where the document has one. Its own words (contents,
/// figure and table labels, footer) are in the document's language (``ReportText``).
public enum HTMLReport {
    public static func render(_ document: ReportDocument) -> String {
        let t = ReportText(document.language)
        var figureNumber = 0, tableNumber = 0
        var h = "<!DOCTYPE html>\n<html lang=\"\(document.language.htmlLang)\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"EcoZone\">\n"
        h += "<title>\(Markup.escape(document.title))</title>\n<style>\n\(ReportStyleSheet.css)\n\(IndicatorTableHTML.css)\n</style>\n</head>\n<body>\n"
        h += "<header class=\"cover\"><div class=\"wrap\">"
        h += "<p class=\"kicker\">\(Markup.escape(t[.kicker]))</p>"
        h += "<h1>\(Markup.escape(document.title))</h1>"
        if !document.subtitle.isEmpty { h += "<p class=\"subtitle\">\(Markup.escape(document.subtitle))</p>" }
        if !document.generated.isEmpty { h += "<p class=\"generated\">\(Markup.escape(document.generated))</p>" }
        h += "</div></header>\n<div class=\"layout wrap\">\n"
        h += "<nav class=\"toc\" aria-label=\"\(Markup.escape(t[.toc]))\"><h2>\(Markup.escape(t[.toc]))</h2><ol>"
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
                    h += "<figure class=\"map\">\n\(svg)\n<figcaption><span class=\"fig-num\">\(t(.figureLabel, figureNumber))</span>\(Markup.escape(caption))</figcaption>\n</figure>\n"
                case .table(let table):
                    tableNumber += 1
                    h += Self.table(table, number: tableNumber, text: t)
                case .keyFigures(let figures):
                    h += "<div class=\"figures\">"
                    for f in figures {
                        h += "<div class=\"figure-card\"><div class=\"label\">\(Markup.escape(f.label))</div>"
                        let long = TextMetrics.width(f.value, fontSize: 1) > 6.5
                        h += "<div class=\"value\(long ? " long" : "")\">\(Markup.escape(f.value))</div>"
                        if !f.note.isEmpty { h += "<div class=\"note\">\(Markup.escape(f.note))</div>" }
                        h += "</div>"
                    }
                    h += "</div>\n"
                case .code(let text):
                    h += "<pre><code>\(Markup.escape(text))</code></pre>\n"
                case .indicators(let caption, let rows):
                    tableNumber += 1
                    h += IndicatorTableHTML.render(rows, caption: caption, number: tableNumber, text: t)
                case .interactiveMap(let html, let caption):
                    h += "<figure class=\"interactive-map\">\n\(html)<figcaption>\(Markup.escape(caption))</figcaption>\n</figure>\n"
                }
            }
            h += "</section>\n"
        }
        h += "</main>\n</div>\n"
        h += "<footer class=\"page-footer\">\(Markup.escape(t[.footer]))\(document.generated.isEmpty ? "" : " · " + Markup.escape(document.generated))</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    static func paragraph(_ text: String) -> String {
        Markup.escape(text).replacingOccurrences(of: "\n", with: "<br>")
    }
}
