import Foundation
import Testing
@testable import EcoZone

@Suite struct HTMLReportTests {
    static func document(map: String = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>") -> ReportDocument {
        let matrix = ReportTable(caption: "图层叠加矩阵（km²）", headers: ["", "红线", "保护地"],
                                 rows: [["红线", "142.40", "12.50"], ["保护地", "12.50", "50.00"], ["分区", "0", "—"]],
                                 numericColumns: [1, 2], footer: [["合计", "154.90", "62.50"]],
                                 note: "椭球面积，CGCS2000", heat: true)
        let claims = ReportTable(caption: "规划数据核验", headers: ["编号", "状态", "声明", "计算"],
                                 rows: [["total", "pass", "1823", "1820.29"], ["strong-share", "FAIL", "13.04 %", "12.94 %"],
                                        ["bad", "error", "—", "—"]],
                                 numericColumns: [2, 3], rowStatus: ["pass", "fail", "error"])
        return ReportDocument(
            title: "巴南区 <规划> & \"报告\"", subtitle: "生态安全格局 '八屏八带'", generated: "2025-01-01 · ecozone",
            sections: [
                ReportSection(title: "概况", blocks: [
                    .keyFigures([(label: "幅员面积", value: "1820.29 km²", note: "椭球面积 CGCS2000"),
                                 (label: "生态保护红线", value: "142.40 km²", note: "")]),
                    .paragraph("第一行 a<b\n第二行"),
                    .map(svg: map, caption: "区位图：CGCS2000 高斯-克吕格 36 带"),
                ]),
                ReportSection(title: "叠加分析", blocks: [.table(matrix)]),
                ReportSection(title: "核验", blocks: [.table(claims), .code("ecozone validate <project.yaml> && echo ok")]),
            ])
    }

    @Test func sectionsTableOfContentsAndEscapedText() {
        let html = HTMLReport.render(Self.document())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<title>巴南区 &lt;规划&gt; &amp; &quot;报告&quot;</title>"))
        #expect(html.contains("<h1>巴南区 &lt;规划&gt; &amp; &quot;报告&quot;</h1>"))
        #expect(html.contains("生态安全格局 &#39;八屏八带&#39;"))
        for (i, title) in ["概况", "叠加分析", "核验"].enumerated() {
            #expect(html.contains("<a href=\"#section-\(i + 1)\"><span class=\"toc-num\">\(i + 1)</span><span>\(title)</span></a>"))
            #expect(html.contains("<section class=\"section\" id=\"section-\(i + 1)\">"))
        }
        #expect(html.contains("<p>第一行 a&lt;b<br>第二行</p>"))
        #expect(html.contains("<pre><code>ecozone validate &lt;project.yaml&gt; &amp;&amp; echo ok</code></pre>"))
        #expect(html.contains("<div class=\"value\">1820.29 km²</div>"))
        #expect(html.contains("<div class=\"note\">椭球面积 CGCS2000</div>"))
        // The map is inlined as given, numbered and captioned.
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>"))
        #expect(html.contains("<span class=\"fig-num\">图 1</span>区位图：CGCS2000 高斯-克吕格 36 带"))
    }

    @Test func selfContained() {
        let html = HTMLReport.render(Self.document())
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(!html.contains("src="))
        // The only address is the SVG namespace, which is a name, not a fetch.
        #expect(html.components(separatedBy: "http").count - 1 == 1)
        #expect(html.contains("\"Noto Sans CJK SC\""))
        #expect(html.contains("@media print"))
        #expect(html.contains("tabular-nums"))
    }

    @Test func tablesNumbersHeatAndBadges() {
        let html = HTMLReport.render(Self.document())
        #expect(html.contains("<span class=\"fig-num\">表 1</span>图层叠加矩阵（km²）"))
        #expect(html.contains("<span class=\"fig-num\">表 2</span>规划数据核验"))
        #expect(html.contains("<th class=\"num\" scope=\"col\">红线</th>"))
        #expect(html.contains("<th scope=\"col\">编号</th>"))
        // Heat runs from 0 (no shade) to the largest value 142.40 (alpha 0.06 + 0.84 = 0.9, white text)
        // on a square-root scale: 50.00 is t = √(50 / 142.4) = √0.35112 = 0.59256, alpha
        // 0.06 + 0.84 × 0.59256 = 0.558, dark text (t ≤ 0.6).
        #expect(html.contains("<td class=\"num heat\" style=\"background:rgba(43,138,62,0.9);color:#ffffff\">142.40</td>"))
        #expect(html.contains("<td class=\"num heat\" style=\"background:rgba(43,138,62,0.558)\">50.00</td>"))
        #expect(html.contains("<td class=\"num\">0</td>"))
        #expect(html.contains("<td class=\"num\">—</td>"))
        // Footer rows are totals, never shaded.
        #expect(html.contains("<tfoot>\n<tr><td>合计</td><td class=\"num\">154.90</td><td class=\"num\">62.50</td></tr>"))
        #expect(html.contains("<p class=\"note\">椭球面积，CGCS2000</p>"))
        // Status rows and badges.
        #expect(html.contains("<tr class=\"status-pass\"><td>total</td><td><span class=\"badge badge-pass\">pass</span></td>"))
        #expect(html.contains("<tr class=\"status-fail\"><td>strong-share</td><td><span class=\"badge badge-fail\">FAIL</span></td>"))
        #expect(html.contains("<tr class=\"status-error\"><td>bad</td><td><span class=\"badge badge-error\">error</span></td>"))
        #expect(html.contains("<td class=\"num\">13.04 %</td>"))
    }

    @Test func emptyTableSaysSo() {
        let t = ReportTable(caption: "冲突", headers: ["项目", "面积"], rows: [], numericColumns: [1])
        #expect(HTMLReport.table(t, number: 3).contains("<tr><td class=\"empty\" colspan=\"2\">（无）</td></tr>"))
    }
}
