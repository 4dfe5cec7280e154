import Foundation

/// `index.html` of a batch (`ecozone run A.yaml B.yaml … --out DIR`): the same cover, cards and tables
/// as `report.html` (``ReportStyleSheet``), offline (no script, no network), with one card per project
/// linking its `NAME/report.html` (or giving the sentence it failed with) and the summary table.
enum BatchIndexPage {
    static func render(_ rows: [BatchSummaryRow], table: Table, language: ReportLanguage) -> String {
        let zh = language == .zh
        let t = ReportText(language)
        let title = zh ? "批量运行：\(rows.count) 个项目" : "Batch run: \(rows.count) projects"
        let failed = rows.filter { $0.status != "ok" }.count
        let subtitle = zh ? "成功 \(rows.count - failed) 个，失败 \(failed) 个" : "\(rows.count - failed) ran, \(failed) failed"
        var h = "<!DOCTYPE html>\n<html lang=\"\(language.htmlLang)\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"EcoZone\">\n"
        h += "<title>\(Markup.escape(title))</title>\n<style>\n\(ReportStyleSheet.css)\n"
        h += "a.report-link{color:var(--accent-dark);font-weight:600}\n.failure{color:var(--fail)}\n</style>\n</head>\n<body>\n"
        h += "<header class=\"cover\"><div class=\"wrap\"><p class=\"kicker\">\(Markup.escape(t[.kicker]))</p>"
        h += "<h1>\(Markup.escape(title))</h1><p class=\"subtitle\">\(Markup.escape(subtitle))</p></div></header>\n"
        h += "<div class=\"layout wrap\">\n<nav class=\"toc\" aria-label=\"\(Markup.escape(t[.toc]))\"><h2>\(Markup.escape(t[.toc]))</h2><ol>"
        let sections = zh ? ["项目", "对比表"] : ["Projects", "Comparison"]
        for (i, s) in sections.enumerated() {
            h += "<li><a href=\"#section-\(i + 1)\"><span class=\"toc-num\">\(i + 1)</span><span>\(Markup.escape(s))</span></a></li>"
        }
        h += "</ol></nav>\n<main>\n"
        h += "<section class=\"section\" id=\"section-1\">\n<h2><span class=\"sec-num\">1</span><span>\(Markup.escape(sections[0]))</span></h2>\n"
        h += "<div class=\"figures\">"
        for r in rows {
            h += "<div class=\"figure-card\"><div class=\"label\">\(Markup.escape(r.folder))</div>"
            h += "<div class=\"value long\">\(Markup.escape(r.name ?? r.project))</div><div class=\"note\">"
            if r.status == "ok" {
                let href = r.folder.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? r.folder
                h += "<a class=\"report-link\" href=\"\(Markup.escape(href))/report.html\">\(zh ? "打开报告" : "open the report")</a>"
                if let p = r.claimsPassed, let f = r.claimsFailed {
                    h += " · " + Markup.escape(zh ? "声明 通过 \(p)，未通过 \(f)" : "claims \(p) pass, \(f) fail")
                }
            } else {
                h += "<span class=\"failure\">\(Markup.escape((zh ? "运行失败：" : "failed: ") + (r.error ?? "")))</span>"
            }
            h += "</div></div>"
        }
        h += "</div>\n</section>\n"
        h += "<section class=\"section\" id=\"section-2\">\n<h2><span class=\"sec-num\">2</span><span>\(Markup.escape(sections[1]))</span></h2>\n"
        let note = zh
            ? "面积为 CGCS2000 椭球面积（平方千米），图层面积为各要素之和（与各报告的面积表相同，重叠的自然保护地重复计入）；占比为占行政区界面积的百分比。格局计数为声明数/识别数，“多”为未声明数量的要素组。同一表格另存为 summary.csv 与 summary.json。"
            : "Areas are ellipsoidal on CGCS2000 in km², a layer's area the sum of its features (as each report's area table; overlapping protected areas count twice); shares are percent of the boundary's area. Pattern counts are declared/found, 多 for a group without a count. The same table is in summary.csv and summary.json."
        h += HTMLReport.table(ReportTable(caption: zh ? "各项目对比" : "Projects side by side", table: table, note: note), number: 1, text: t)
        h += "</section>\n</main>\n</div>\n<footer class=\"page-footer\">\(Markup.escape(t[.footer]))</footer>\n</body>\n</html>\n"
        return h
    }
}
